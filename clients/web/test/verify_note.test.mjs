// Signed notes, checkpoints and cosignatures from a real minhbachd, checked
// with WebCrypto Ed25519 as the browser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, toBase64, toHex } from '../site/js/verify/bytes.js';
import {
  checkSignature,
  openCheckpoint,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
} from '../site/js/verify/note.js';
import { parseSignerKey, realLog, signNote } from '../testlib/verify_helpers.mjs';

const head22 = realLog.head22Cosigned;

// Flips one bit of the signature bytes on line `line` (0: the log's).
function flipSignatureByte(note, line) {
  const parts = note.split('\n\n');
  const sigLines = parts[1].split('\n');
  const [dash, name, b64] = sigLines[line].split(' ');
  const raw = fromBase64(b64);
  raw[raw.length - 1] ^= 1;
  sigLines[line] = [dash, name, toBase64(raw)].join(' ');
  return `${parts[0]}\n\n${sigLines.join('\n')}`;
}

test('the real log key parses and its key id matches', async () => {
  const key = await parseVerifierKey(realLog.logVerifierKey);
  assert.equal(key.name, 'minhbach.local/log');
  assert.equal(key.type, 0x01);
  assert.equal(key.publicKey.length, 32);
  assert.equal(key.keyId.toString(16).padStart(8, '0'), realLog.logVerifierKey.split('+')[1]);
  const w = await parseVerifierKey(realLog.witnessKeys[0]);
  assert.equal(w.type, 0x04);
});

test('malformed keys are refused with a reason', async () => {
  const good = realLog.logVerifierKey;
  const [, name, id, b64] = /^([^+]*)\+([^+]*)\+(.*)$/.exec(good);
  const wrongId = `${name}+${id === '00000000' ? '00000001' : '00000000'}+${b64}`;
  await assert.rejects(parseVerifierKey(wrongId), /key id does not match/);
  await assert.rejects(parseVerifierKey(`other/log+${id}+${b64}`), /key id does not match/);
  await assert.rejects(parseVerifierKey(`${name}+${id}`), /<name>/);
  await assert.rejects(parseVerifierKey(`${name}+${id}+${b64.slice(0, -4)}`), /32/);
  await assert.rejects(parseVerifierKey(`${name}+${id}+!!!!`), /base64/);
  await assert.rejects(parseVerifierKey(`bad name+${id}+${b64}`), /name/);
  const ecdsa = toBase64(new Uint8Array([0x02, ...fromBase64(b64).slice(1)]));
  await assert.rejects(parseVerifierKey(`${name}+${id}+${ecdsa}`), /algorithm/);
});

test('a real checkpoint verifies with the log key', async () => {
  const key = await parseVerifierKey(realLog.logVerifierKey);
  for (const [note, size] of [
    [head22, '22'],
    [realLog.head89, '89'],
  ]) {
    const opened = await openCheckpoint(note, key);
    assert.equal(opened.ok, true, opened.problem);
    assert.equal(opened.checkpoint.origin, 'minhbach.local/log');
    assert.equal(opened.checkpoint.size, size);
    assert.equal(opened.checkpoint.root.length, 32);
  }
});

test('a flipped signature byte does not verify', async () => {
  const key = await parseVerifierKey(realLog.logVerifierKey);
  const opened = await openCheckpoint(flipSignatureByte(head22, 0), key);
  assert.equal(opened.ok, false);
  assert.equal(opened.problem, 'bad-signature');
});

test('a changed text does not verify', async () => {
  const key = await parseVerifierKey(realLog.logVerifierKey);
  const forged = head22.replace('\n22\n', '\n23\n');
  assert.notEqual(forged, head22);
  const opened = await openCheckpoint(forged, key);
  assert.equal(opened.problem, 'bad-signature');
});

test('another key does not open the checkpoint', async () => {
  // A different key with the log's name: same name, other key id.
  const other = await parseSignerKey(`PRIVATE+KEY+minhbach.local/log+00000000+AQ${'A'.repeat(42)}`);
  const otherKey = await parseVerifierKey(other.verifierText);
  const opened = await openCheckpoint(head22, otherKey);
  assert.equal(opened.ok, false);
  assert.equal(opened.problem, 'unsigned');
  // Signed by the other key: the real key refuses it, the other accepts it.
  const body = parseNote(head22).text;
  const forged = await signNote(body, other);
  assert.equal((await openCheckpoint(forged, otherKey)).ok, true);
  const realKey = await parseVerifierKey(realLog.logVerifierKey);
  assert.equal((await openCheckpoint(forged, realKey)).problem, 'unsigned');
  // The same key id and name but another public key: the signature fails.
  const impostor = { ...realKey, publicKey: otherKey.publicKey };
  assert.equal((await openCheckpoint(head22, impostor)).problem, 'bad-signature');
});

test('the origin must be the key name', async () => {
  const signer = await parseSignerKey(realLog.logSignerKeyForTestsOnly);
  const key = await parseVerifierKey(realLog.logVerifierKey);
  const note = await signNote(
    'another.origin/log\n1\n' + toBase64(new Uint8Array(32)) + '\n',
    signer,
  );
  assert.equal((await openCheckpoint(note, key)).problem, 'wrong-origin');
});

test('the witness cosignature verifies, and not once a byte is flipped', async () => {
  const witness = await parseVerifierKey(realLog.witnessKeys[0]);
  const note = parseNote(head22);
  assert.equal(note.signatures.length, 2);
  const res = await checkSignature(note, witness);
  assert.equal(res.present, true);
  assert.equal(res.ok, true);
  assert.match(res.time, /^[0-9]+$/);
  const bad = await checkSignature(parseNote(flipSignatureByte(head22, 1)), witness);
  assert.deepEqual(bad, { present: true, ok: false });
  // The log signature still verifies on a note whose cosignature is bad.
  const key = await parseVerifierKey(realLog.logVerifierKey);
  assert.equal((await openCheckpoint(flipSignatureByte(head22, 1), key)).ok, true);
  // A witness that did not cosign is absent, not valid.
  const other = await parseVerifierKey(realLog.otherWitnessKey);
  assert.deepEqual(await checkSignature(note, other), { present: false, ok: false });
  // The head of 89 events was not cosigned.
  assert.equal((await checkSignature(parseNote(realLog.head89), witness)).present, false);
});

test('a cosignature moved onto another checkpoint does not verify', async () => {
  const witness = await parseVerifierKey(realLog.witnessKeys[0]);
  const line = head22.trimEnd().split('\n').pop();
  const moved = `${realLog.head89}${line}\n`;
  assert.deepEqual(await checkSignature(parseNote(moved), witness), { present: true, ok: false });
});

test('malformed notes and checkpoints throw clear errors', () => {
  assert.throws(() => parseNote('no blank line\n'), /blank line/);
  assert.throws(() => parseNote('a\n\nnot a signature\n'), /signature line/);
  assert.throws(() => parseNote('a\n\n\u2014 k AAAA\n'), /base64/);
  assert.throws(() => parseNote('a\u0001\n\n\u2014 k AAAAAAAA\n'), /characters/);
  assert.throws(() => parseNote('a\n\n\u2014 k AAAAAAAA'), /newline/);
  assert.throws(() => parseCheckpoint('o\n01\nAAAA\n'), /size/);
  assert.throws(() => parseCheckpoint('o\n1\nAAAA\n'), /root/);
  assert.throws(() => parseCheckpoint('o\n1\n'), /origin, a size and a root/);
  assert.throws(
    () => parseCheckpoint('o\n18446744073709551616\n' + toBase64(new Uint8Array(32)) + '\n'),
    /size/,
  );
  const cp = parseCheckpoint(
    'o\n18446744073709551615\n' + toBase64(new Uint8Array(32)) + '\next\n',
  );
  assert.equal(cp.size, '18446744073709551615');
  assert.deepEqual(cp.extensions, ['ext']);
  assert.equal(toHex(cp.root), '0'.repeat(64));
});
