// C2SP signed notes (c2sp.org/signed-note), tlog-checkpoint bodies
// (c2sp.org/tlog-checkpoint) and witness cosignatures
// (c2sp.org/tlog-cosignature), checked with WebCrypto Ed25519, exactly as the
// server writes them (storage/signed_note.*, storage/checkpoint.*,
// services/log_api/witnessing.*):
//   note:      text ending in "\n", a blank line, lines "— <name> <base64(id || sig)>"
//   key:       "<name>+<8 hex key id>+<base64(type || 32-byte Ed25519 key)>"
//   key id:    SHA-256(name || "\n" || type || key)[:4], big-endian
//   type 0x01: the log's signature over the text bytes
//   type 0x04: a witness cosignature/v1: 8-byte big-endian time, then the
//              signature of "cosignature/v1\ntime <time>\n" || text
import { concatBytes, fromBase64, sha256 } from './bytes.js';

export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_V1 = 0x04;
const SIG_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;
const enc = new TextEncoder();

// Go's isValidName: non-empty, no '+', no Unicode white space.
export function isValidKeyName(name) {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !/[+\s\u0085]/u.test(name) &&
    !/[\uD800-\uDFFF]/.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  );
}

// The note character rule: no control character other than "\n" (a JS string
// is already Unicode; a lone surrogate cannot be UTF-8 and is refused too).
function isWellFormedText(text) {
  return (
    typeof text === 'string' &&
    !/[\u0000-\u0009\u000B-\u001F]/.test(text) &&
    !/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  );
}

export async function keyId(name, type, publicKey) {
  const digest = await sha256(
    concatBytes(enc.encode(`${name}\n`), new Uint8Array([type]), publicKey),
  );
  return ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
}

function hex8(id) {
  return id.toString(16).padStart(8, '0');
}

// Parses a verifier key text; throws an Error saying what is wrong.
// Returns {name, keyId, type, publicKey, text}.
export async function parseVerifierKey(text) {
  if (typeof text !== 'string') throw new Error('a verifier key is text');
  // As Go's chop: the name up to the first '+', the id up to the next one,
  // then the base64 key (which may itself hold '+').
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text.trim());
  if (!m) throw new Error('a verifier key is <name>+<key id>+<key>');
  const [, name, idHex, b64] = m;
  if (!isValidKeyName(name)) throw new Error('invalid key name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw new Error('key id is not 8 hex digits');
  let key;
  try {
    key = fromBase64(b64);
  } catch {
    throw new Error('bad base64 key');
  }
  if (key.length !== 33) throw new Error(`Ed25519 key is ${key.length - 1} bytes, want 32`);
  const type = key[0];
  if (type !== ALG_ED25519 && type !== ALG_COSIGNATURE_V1) {
    throw new Error(`unsupported key algorithm ${type}`);
  }
  const publicKey = key.slice(1);
  const id = await keyId(name, type, publicKey);
  if (id !== parseInt(idHex, 16)) throw new Error('key id does not match the key');
  return { name, keyId: id, type, publicKey, text: `${name}+${hex8(id)}+${b64}` };
}

// Splits a signed note into its text and signature lines (as the server's
// note::Open does: at the last blank line). Throws on a malformed note.
// Returns {text, signatures: [{name, keyId, signature: Uint8Array}]}.
export function parseNote(signedNote) {
  if (!isWellFormedText(signedNote)) throw new Error('invalid characters in the note');
  const split = signedNote.lastIndexOf('\n\n');
  if (split < 0) throw new Error('no blank line before the signatures');
  const sigs = signedNote.slice(split + 2);
  if (sigs.length === 0 || !sigs.endsWith('\n'))
    throw new Error('signatures must end in a newline');
  const lines = sigs.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new Error(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new Error('a signature line starts with "— "');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    if (!isValidKeyName(name)) throw new Error('invalid key name in a signature line');
    let raw;
    try {
      raw = fromBase64(space < 0 ? '' : rest.slice(space + 1));
    } catch {
      throw new Error('bad base64 signature');
    }
    if (raw.length <= 4) throw new Error('bad base64 signature');
    const id = ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0;
    return { name, keyId: id, signature: raw.slice(4) };
  });
  return { text: signedNote.slice(0, split + 1), signatures };
}

// Parses checkpoint text: origin, decimal size, base64 32-byte root, optional
// extension lines. Returns {origin, size (decimal string), root, extensions}.
export function parseCheckpoint(text) {
  if (typeof text !== 'string' || !text.endsWith('\n'))
    throw new Error('checkpoint must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('a checkpoint has an origin, a size and a root');
  const [origin, size, rootB64, ...extensions] = lines;
  if (origin.length === 0) throw new Error('empty origin');
  if (!/^(0|[1-9][0-9]{0,19})$/.test(size) || BigInt(size) >= 1n << 64n) {
    throw new Error('bad tree size');
  }
  let root;
  try {
    root = fromBase64(rootB64);
  } catch {
    throw new Error('bad root hash');
  }
  if (root.length !== 32) throw new Error('bad root hash');
  if (extensions.some((e) => e.length === 0)) throw new Error('empty extension line');
  return { origin, size, root, rootBase64: rootB64, extensions };
}

async function ed25519Verify(publicKey, message, signature) {
  if (signature.length !== 64) return false;
  try {
    const key = await globalThis.crypto.subtle.importKey(
      'raw',
      publicKey,
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    return await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
  } catch (e) {
    // A browser without Ed25519 in WebCrypto cannot check anything: say so.
    if (e && e.name === 'NotSupportedError') {
      throw new Error('this browser has no Ed25519 in WebCrypto');
    }
    return false;
  }
}

function readTime(bytes) {
  let t = 0n;
  for (let i = 0; i < 8; i++) t = (t << 8n) | BigInt(bytes[i]);
  return t;
}

// Checks `key`'s signature lines on a parsed note. Returns
// {present, ok, time?}: present is false when the key did not sign; ok is
// true only when every line by that key verifies (as note::Open checks
// repeats too). time is a cosignature's time (seconds since 1970, string).
export async function checkSignature(note, key) {
  const lines = note.signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
  if (lines.length === 0) return { present: false, ok: false };
  const text = enc.encode(note.text);
  let time;
  for (const line of lines) {
    let ok;
    if (key.type === ALG_ED25519) {
      ok = await ed25519Verify(key.publicKey, text, line.signature);
    } else {
      const sig = line.signature;
      ok = sig.length === 8 + 64 && readTime(sig) < 1n << 63n;
      if (ok) {
        time = readTime(sig).toString();
        const message = concatBytes(enc.encode(`cosignature/v1\ntime ${time}\n`), text);
        ok = await ed25519Verify(key.publicKey, message, sig.slice(8));
      }
    }
    if (!ok) return { present: true, ok: false };
  }
  return time === undefined ? { present: true, ok: true } : { present: true, ok: true, time };
}

// Opens a signed checkpoint with the log's key (parsed by parseVerifierKey):
// the log's signature must verify and the origin must be the key's name.
// Returns {ok, checkpoint, note, problem}; problem is one of 'malformed',
// 'unsigned' (no line by the key), 'bad-signature', 'wrong-origin'.
export async function openCheckpoint(signedNote, logKey) {
  let note;
  let checkpoint;
  try {
    note = parseNote(signedNote);
    checkpoint = parseCheckpoint(note.text);
  } catch (e) {
    return { ok: false, problem: 'malformed', detail: e.message };
  }
  const sig = await checkSignature(note, logKey);
  if (!sig.present) return { ok: false, problem: 'unsigned', note, checkpoint };
  if (!sig.ok) return { ok: false, problem: 'bad-signature', note, checkpoint };
  if (checkpoint.origin !== logKey.name) {
    return { ok: false, problem: 'wrong-origin', note, checkpoint };
  }
  return { ok: true, note, checkpoint };
}
