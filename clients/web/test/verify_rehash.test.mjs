// The Kiểm tra page's whole-log check (rehash.js, run by rehash_worker.js):
// re-hashing the real log, and naming the first position that does not match
// when the server shows edited events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toBase64 } from '../site/js/verify/bytes.js';
import { parseVerifierKey } from '../site/js/verify/note.js';
import { rehashLog } from '../site/js/verify/rehash.js';
import {
  checkpointText,
  parseSignerKey,
  rawLeaves,
  realLog,
  rootOf,
  signNote,
} from '../testlib/verify_helpers.mjs';

const signer = await parseSignerKey(realLog.logSignerKeyForTestsOnly);
const logKey = await parseVerifierKey(realLog.logVerifierKey);

// A server whose Merkle tree commits to `committed` but that serves `served`.
function server(committed, served, { forge } = {}) {
  const stats = { pages: 0, checkpoints: 0 };
  return {
    stats,
    readPage: async (from, limit) => {
      stats.pages++;
      assert.ok(limit >= 1);
      return served.slice(from, from + limit).map((b) => ({ rawRecord: toBase64(b) }));
    },
    getCheckpoint: async (size) => {
      stats.checkpoints++;
      let note = await signNote(
        await checkpointText('minhbach.local/log', committed.slice(0, size)),
        signer,
      );
      if (forge) note = forge(note);
      return { signedNote: note, treeSize: String(size) };
    },
  };
}

async function run(s, committed, pageLimit, progress = []) {
  return rehashLog({
    ...s,
    logKey,
    pageLimit,
    head: { size: String(committed.length), root: await rootOf(committed) },
    onProgress: (done, total) => progress.push([done, total]),
  });
}

function editAt(p) {
  const served = rawLeaves.slice();
  const raw = served[p].slice();
  raw[raw.length - 1] ^= 0x20; // a changed byte in the payload, position intact
  served[p] = raw;
  return served;
}

test('the real log re-hashes to its signed head, with progress', async () => {
  const s = server(rawLeaves, rawLeaves);
  const progress = [];
  const res = await run(s, rawLeaves, 20, progress);
  assert.equal(res.ok, true);
  assert.equal(res.firstBad, null);
  assert.match(res.reasonWords.vi, /cả 89 sự kiện/);
  assert.deepEqual(progress, [
    [20, 89],
    [40, 89],
    [60, 89],
    [80, 89],
    [89, 89],
  ]);
  assert.equal(s.stats.checkpoints, 0);
});

test('an edited event is named as the first position that does not match', async () => {
  for (const pageLimit of [7, 500]) {
    for (const p of [0, 1, 21, 22, 50, 87, 88]) {
      const s = server(rawLeaves, editAt(p));
      const res = await run(s, rawLeaves, pageLimit);
      assert.equal(res.ok, false, `position ${p}, pages of ${pageLimit}`);
      assert.equal(res.firstBad, String(p), `position ${p}, pages of ${pageLimit}`);
      assert.match(res.reasonWords.vi, new RegExp(`vị trí ${p} là sự kiện đầu tiên`));
      assert.ok(
        s.stats.checkpoints <= 2 * Math.ceil(Math.log2(89)) + 2,
        `${s.stats.checkpoints} checkpoints`,
      );
    }
  }
});

test('two edits: the earlier one is named', async () => {
  const served = editAt(60);
  served[30] = editAt(30)[30];
  const res = await run(server(rawLeaves, served), rawLeaves, 10);
  assert.equal(res.firstBad, '30');
});

test('a missing event, or one at the wrong position, is named', async () => {
  const short = rawLeaves.slice(0, 40);
  let res = await run(server(rawLeaves, short), rawLeaves, 16);
  assert.equal(res.firstBad, '40');
  assert.match(res.reasonWords.vi, /không đưa ra sự kiện ở vị trí 40/);
  const swapped = rawLeaves.slice();
  [swapped[12], swapped[13]] = [swapped[13], swapped[12]];
  res = await run(server(rawLeaves, swapped), rawLeaves, 16);
  assert.equal(res.firstBad, '12');
  assert.match(
    res.reasonWords.en,
    /at position 12 the server gives an event that says it is at position 13/,
  );
  const damaged = rawLeaves.slice();
  damaged[5] = new Uint8Array([0xff]);
  res = await run(server(rawLeaves, damaged), rawLeaves, 16);
  assert.equal(res.firstBad, '5');
  assert.match(res.reasonWords.vi, /bị hỏng/);
});

test('a forged past checkpoint stops the search with a reason', async () => {
  const forge = (note) => {
    // one changed character inside the log's signature
    const i = note.lastIndexOf(' ') + 30;
    return note.slice(0, i) + (note[i] === 'A' ? 'B' : 'A') + note.slice(i + 1);
  };
  const res = await run(server(rawLeaves, editAt(40), { forge }), rawLeaves, 16);
  assert.equal(res.ok, false);
  assert.equal(res.firstBad, null);
  assert.match(res.reasonWords.vi, /không kiểm chứng được/);
});

test("the log grown past the head: only the head's events are hashed", async () => {
  const committed = rawLeaves.slice(0, 50);
  const s = server(committed, rawLeaves);
  const res = await run(s, committed, 30);
  assert.equal(res.ok, true);
  assert.equal(res.size, '50');
  assert.equal(s.stats.pages, 2);
});
