// ctx.verify end to end against a fake server holding the real log of
// fixtures/verify/real_log.json: the head, witnesses, the pinned key, the
// consistency check and the inclusion marks, including every way they fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, toBase64 } from '../site/js/verify/bytes.js';
import { createVerifier } from '../site/js/verify/index.js';
import { fingerprint } from '../site/js/verify/pin.js';
import {
  checkpointText,
  consistencyProof,
  fakeDocument,
  inclusionProof,
  leafHashes,
  memoryStorage,
  parseSignerKey,
  rawLeaves,
  realLog,
  rootOf,
  signNote,
} from '../testlib/verify_helpers.mjs';

const signer = await parseSignerKey(realLog.logSignerKeyForTestsOnly);
const ORIGIN = 'minhbach.local/log';

// A fake minhbachd over `leaves`; calls are recorded.
function fakeServer(leaves, { key = realLog.logVerifierKey, sign = signer, tamperNote } = {}) {
  const calls = [];
  const hashesP = leafHashes(leaves);
  async function checkpoint(size) {
    const part = leaves.slice(0, size);
    let note =
      size === 22 && leaves === rawLeaves
        ? realLog.head22Cosigned
        : await signNote(await checkpointText(ORIGIN, part), sign);
    if (tamperNote) note = tamperNote(note);
    return { signedNote: note, treeSize: String(size), rootHash: toBase64(await rootOf(part)) };
  }
  return {
    calls,
    session: { logVerifierKey: key, witnessKeys: realLog.witnessKeys },
    fetchJson: async (path) => {
      calls.push(path);
      assert.equal(path, '/api/log-key');
      return { logVerifierKey: key, witnessKeys: realLog.witnessKeys };
    },
    call: async (service, method, req) => {
      calls.push(`${service}/${method}`);
      if (method === 'GetCheckpoint') return checkpoint(Number(req.treeSize || leaves.length));
      if (method === 'GetConsistencyProof') {
        const proof = await consistencyProof(
          Number(req.oldSize),
          (await hashesP).slice(0, Number(req.newSize)),
        );
        return { oldSize: req.oldSize, newSize: req.newSize, hashes: proof.map(toBase64) };
      }
      throw new Error(`unexpected call ${method}`);
    },
    // A TimelinePage's items (with proofs) and checkpoint for positions.
    async page(positions) {
      const hashes = await hashesP;
      const items = [];
      for (const p of positions) {
        const proof = await inclusionProof(p, hashes);
        items.push({
          event: { rawRecord: toBase64(leaves[p]) },
          proof: {
            position: String(p),
            treeSize: String(leaves.length),
            hashes: proof.map(toBase64),
          },
        });
      }
      return { items, checkpoint: await checkpoint(leaves.length) };
    },
  };
}

function verifierFor(server, storage, extra = {}) {
  return createVerifier({
    call: server.call,
    fetchJson: server.fetchJson,
    storage,
    consistencyDelayMs: null,
    document: fakeDocument,
    ...extra,
  });
}

test('first visit: the head verifies, the key is pinned, the witness cosigned', async () => {
  const storage = memoryStorage();
  const server = fakeServer(rawLeaves.slice(0, 22));
  // The fake serves the real cosigned note only for the real list; give it.
  const real = fakeServer(rawLeaves);
  const v = verifierFor(
    {
      ...server,
      call: async (s, m, r) =>
        m === 'GetCheckpoint' ? real.call(s, m, { treeSize: '22' }) : server.call(s, m, r),
    },
    storage,
  );
  const head = await v.head();
  assert.equal(head.ok, true, head.reason);
  assert.equal(head.treeSize, '22');
  assert.equal(head.rootHash.length, 32);
  assert.equal(head.keyStatus, 'first');
  assert.match(head.keyFingerprint, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  assert.equal(head.keyFingerprint, await fingerprint(realLog.logVerifierKey));
  assert.deepEqual(
    head.witnesses.map((w) => [w.name, w.ok, w.present]),
    [['mttq.lienchung/w1', true, true]],
  );
  assert.match(head.reason, /22 sự kiện/);
  const c = await head.consistency;
  assert.equal(c.ok, true);
  assert.equal(c.status, 'first');
  assert.ok(storage.map.get('minhbach.verify.logKey').startsWith('minhbach.local/log+'));
  assert.match(storage.map.get('minhbach.verify.lastHead'), /"size":"22"/);
  // Only /api/log-key and GetCheckpoint: the consistency check needed no request.
  assert.deepEqual(server.calls, ['/api/log-key']);
});

test("the session's keys save the /api/log-key request", async () => {
  const server = fakeServer(rawLeaves);
  const v = verifierFor(server, memoryStorage(), { session: () => server.session });
  const head = await v.head();
  assert.equal(head.ok, true);
  assert.deepEqual(server.calls, ['Audit/GetCheckpoint']);
  // Not cosigned at 89: the witness is listed as absent, not as valid.
  assert.deepEqual(
    head.witnesses.map((w) => [w.ok, w.present]),
    [[false, false]],
  );
});

test('the log grows: consistency is proven and the new head saved', async () => {
  const storage = memoryStorage();
  await (
    await verifierFor(fakeServer(rawLeaves.slice(0, 22)), storage).head()
  ).consistency;
  const server = fakeServer(rawLeaves);
  const head = await verifierFor(server, storage).head();
  assert.deepEqual(server.calls, ['/api/log-key', 'Audit/GetCheckpoint']);
  const c = await head.consistency;
  assert.equal(c.ok, true, c.reason);
  assert.equal(c.status, 'extended');
  assert.match(c.reason, /22 → 89/);
  assert.ok(server.calls.includes('Audit/GetConsistencyProof'));
  assert.match(storage.map.get('minhbach.verify.lastHead'), /"size":"89"/);
  // The same head again: nothing to prove, still consistent.
  const again = await (await verifierFor(fakeServer(rawLeaves), storage).head()).consistency;
  assert.equal(again.ok, true);
});

test('a rewritten history fails consistency and keeps the old head', async () => {
  const storage = memoryStorage();
  await (
    await verifierFor(fakeServer(rawLeaves.slice(0, 22)), storage).head()
  ).consistency;
  const forked = rawLeaves.slice();
  forked[5] = new TextEncoder().encode('an edited event');
  const head = await verifierFor(fakeServer(forked), storage).head();
  assert.equal(head.ok, true, 'the new head itself is well signed');
  const c = await head.consistency;
  assert.equal(c.ok, false);
  assert.equal(c.status, 'bad');
  assert.match(c.reason, /KHÔNG còn nối tiếp/);
  assert.match(storage.map.get('minhbach.verify.lastHead'), /"size":"22"/);
});

test('a log that shrank is a failure', async () => {
  const storage = memoryStorage();
  await (
    await verifierFor(fakeServer(rawLeaves.slice(0, 22)), storage).head()
  ).consistency;
  const c = await (
    await verifierFor(fakeServer(rawLeaves.slice(0, 10)), storage).head()
  ).consistency;
  assert.equal(c.ok, false);
  assert.equal(c.status, 'shrunk');
  assert.match(c.reason, /10 sự kiện, ít hơn 22/);
});

test('a changed log key is a red failure until the person re-pins it', async () => {
  const storage = memoryStorage();
  await verifierFor(fakeServer(rawLeaves), storage).head();
  const other = await parseSignerKey(`PRIVATE+KEY+${ORIGIN}+00000000+AQ${'B'.repeat(42)}`);
  const server = fakeServer(rawLeaves, { key: other.verifierText, sign: other });
  const v = verifierFor(server, storage);
  const head = await v.head();
  assert.equal(head.ok, false);
  assert.equal(head.keyStatus, 'changed');
  assert.match(head.reason, /KHÓA KÝ CỦA SỔ CÁI ĐÃ THAY ĐỔI/);
  assert.equal(head.pinnedFingerprint, await fingerprint(realLog.logVerifierKey));
  assert.ok(!server.calls.includes('Audit/GetCheckpoint'), 'nothing is trusted from that server');
  const page = await server.page([1, 2]);
  const marks = await v.markItems(page.items, page.checkpoint);
  assert.deepEqual(
    [...marks.values()].map((m) => m.ok),
    [false, false],
  );
  // Still changed on the next visit: never re-pinned silently.
  assert.equal((await verifierFor(server, storage).head()).keyStatus, 'changed');
  // The panel offers the re-pin button; pressing it trusts the new key.
  const panel = v.headPanel(head);
  const button = panel.find((e) => e.tagName === 'BUTTON');
  assert.ok(button);
  button.onclick();
  const after = await v.head();
  assert.equal(after.ok, true, after.reason);
  assert.equal(after.keyStatus, 'same');
  assert.equal(storage.map.get('minhbach.verify.logKey'), other.verifierText);
});

test('a bad signature or a forged size from the server fails the head', async () => {
  const flip = (note) => {
    const i = note.lastIndexOf(' ') + 30; // inside the signature, past the key id
    return note.slice(0, i) + (note[i] === 'A' ? 'B' : 'A') + note.slice(i + 1);
  };
  const head = await verifierFor(
    fakeServer(rawLeaves, { tamperNote: flip }),
    memoryStorage(),
  ).head();
  assert.equal(head.ok, false);
  assert.match(head.reason, /Chữ ký trên đầu sổ không hợp lệ/);
  const c = await head.consistency;
  assert.equal(c.ok, false);
  const server = fakeServer(rawLeaves);
  const lying = {
    ...server,
    call: async (s, m, r) => ({ ...(await server.call(s, m, r)), treeSize: '90' }),
  };
  const h2 = await verifierFor(lying, memoryStorage()).head();
  assert.equal(h2.ok, false);
  assert.match(h2.reason, /khác với bản đã ký/);
});

test('markItems checks each proof; a changed record, proof or position turns red', async () => {
  const server = fakeServer(rawLeaves);
  const v = verifierFor(server, memoryStorage(), { lang: 'vi' });
  const page = await server.page([0, 30, 31, 32, 33, 88]);
  let marks = await v.markItems(page.items, page.checkpoint);
  assert.deepEqual([...marks.keys()], ['0', '30', '31', '32', '33', '88']);
  for (const [p, m] of marks) assert.equal(m.ok, true, `${p}: ${m.reason}`);

  const raw = fromBase64(page.items[1].event.rawRecord);
  raw[raw.length - 1] ^= 1; // a changed payload byte
  page.items[1].event.rawRecord = toBase64(raw);
  const h = fromBase64(page.items[2].proof.hashes[0]);
  h[0] ^= 1;
  page.items[2].proof.hashes[0] = toBase64(h);
  page.items[3].event.rawRecord = page.items[4].event.rawRecord; // 33's record shown as 32
  delete page.items[4].proof;
  page.items[5].proof.treeSize = '88';
  marks = await v.markItems(page.items, page.checkpoint);
  assert.equal(marks.get('0').ok, true);
  assert.match(marks.get('30').reason, /không khớp với cây Merkle đã ký/);
  assert.match(marks.get('31').reason, /không khớp với cây Merkle đã ký/);
  assert.match(marks.get('32').reason, /tự ghi vị trí 33 nhưng bằng chứng là cho vị trí 32/);
  assert.match(marks.get('#4').reason, /Không có bằng chứng/);
  assert.match(marks.get('88').reason, /không dành cho đầu sổ/);
});

test('a page checkpoint that does not verify fails every mark', async () => {
  const server = fakeServer(rawLeaves);
  const v = verifierFor(server, memoryStorage());
  const page = await server.page([3, 4]);
  page.checkpoint.signedNote = page.checkpoint.signedNote.replace('\n89\n', '\n90\n');
  page.checkpoint.treeSize = '90';
  const marks = await v.markItems(page.items, page.checkpoint);
  for (const m of marks.values()) {
    assert.equal(m.ok, false);
    assert.match(m.reason, /đầu sổ của trang không hợp lệ/);
  }
});

test('mark() is a green ✓ with the head size, or a red ✗ with the reason in words', async () => {
  const server = fakeServer(rawLeaves);
  let lang = 'vi';
  const v = verifierFor(server, memoryStorage(), { lang: () => lang });
  const page = await server.page([7]);
  const ok = (await v.markItems(page.items, page.checkpoint)).get('7');
  let e = v.mark(ok);
  assert.equal(e.textContent, '✓ đã kiểm chứng');
  assert.match(e.title, /đầu sổ đã ký gồm 89 sự kiện/);
  assert.equal(e.getAttribute('data-verified'), 'yes');
  assert.equal(e.style.color, '#1a7f37');
  page.items[0].proof.hashes.pop();
  const bad = (await v.markItems(page.items, page.checkpoint)).get('7');
  e = v.mark(bad);
  assert.match(
    e.textContent,
    /^✗ không kiểm chứng được: Bản ghi này không khớp với cây Merkle đã ký/,
  );
  assert.equal(e.style.color, '#b42318');
  assert.equal(e.getAttribute('role'), 'alert');
  lang = 'en';
  assert.equal(v.mark(ok).textContent, '✓ verified');
  assert.match(v.mark(bad).textContent, /does not match the signed Merkle tree/);
});

test('the head panel shows the fingerprint, the witness and the consistency', async () => {
  const storage = memoryStorage();
  const real = fakeServer(rawLeaves);
  const v = verifierFor({ ...real, call: (s, m) => real.call(s, m, { treeSize: '22' }) }, storage);
  const head = await v.head();
  const panel = v.headPanel(head);
  await head.consistency;
  await new Promise((r) => setTimeout(r, 0));
  const text = panel.allText();
  assert.match(text, /Đầu sổ đã ký gồm 22 sự kiện/);
  assert.ok(text.includes(head.keyFingerprint));
  assert.match(text, /mttq\.lienchung\/w1: đã đồng ký/);
  assert.match(text, /Lần đầu trình duyệt này thấy sổ cái/);
});

test('without a secure context every answer says so, in red', async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'isSecureContext');
  Object.defineProperty(globalThis, 'isSecureContext', { value: false, configurable: true });
  try {
    const server = fakeServer(rawLeaves);
    const v = verifierFor(server, memoryStorage());
    assert.equal(v.secureContext, false);
    const head = await v.head();
    assert.equal(head.ok, false);
    assert.match(head.reason, /kết nối an toàn.*https:\/\//);
    const page = await server.page([1]);
    const m = (await v.markItems(page.items, page.checkpoint)).get('1');
    assert.equal(m.ok, false);
    assert.match(v.mark(m).textContent, /✗ .*https:\/\//);
    assert.deepEqual(server.calls, [], 'nothing is fetched that could not be checked');
  } finally {
    if (saved) Object.defineProperty(globalThis, 'isSecureContext', saved);
    else delete globalThis.isSecureContext;
  }
});
