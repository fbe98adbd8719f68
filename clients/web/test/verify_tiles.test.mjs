// The whole-log check from a tlog-tiles mirror (verify/tiles.js): the
// independent 517-entry tree of tests/testdata/tlog-tiles, a real log's
// records as tiles, and mirrors with a changed entry, changed tiles, a
// missing file and entries out of place; inclusion and consistency proofs
// built from the tiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../site/js/verify/bytes.js';
import { openCheckpoint, parseVerifierKey } from '../site/js/verify/note.js';
import { leafHash } from '../site/js/verify/rfc6962.js';
import {
  decodeBundle, entriesPath, mirrorFiles, openMirror, proveFromTiles, rehashTiles, TileHashes,
  tilePath, TILE_WIDTH,
} from '../site/js/verify/tiles.js';
import {
  consistencyProof as referenceConsistency,
  inclusionProof as referenceInclusion,
  rawLeaves,
  rootOf,
} from '../testlib/verify_helpers.mjs';

const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), '../../../tests/testdata/tlog-tiles');
const vectors = JSON.parse(readFileSync(join(TESTDATA, 'vectors.json'), 'utf8'));
const fromDir = (dir) => async (path) => {
  const file = join(dir, path);
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
};
const fromMap = (files) => async (path) => (files.has(path) ? files.get(path) : null);

// The files of a tiled tree over `entries`: level-0 tiles and bundles (what
// the check reads).
async function tiled(entries) {
  const files = new Map();
  for (let index = 0; index * TILE_WIDTH < entries.length; index++) {
    const width = Math.min(TILE_WIDTH, entries.length - index * TILE_WIDTH);
    const part = entries.slice(index * TILE_WIDTH, index * TILE_WIDTH + width);
    const tile = new Uint8Array(32 * width);
    const sizes = part.reduce((n, e) => n + 2 + e.length, 0);
    const bundle = new Uint8Array(sizes);
    let at = 0;
    for (let j = 0; j < width; j++) {
      tile.set(await leafHash(part[j]), 32 * j);
      bundle[at] = part[j].length >> 8;
      bundle[at + 1] = part[j].length & 0xff;
      bundle.set(part[j], at + 2);
      at += 2 + part[j].length;
    }
    files.set(tilePath(0, index, width), tile);
    files.set(entriesPath(index, width), bundle);
  }
  return files;
}

test('paths are the specification\'s', () => {
  assert.equal(tilePath(0, 0, 256), 'tile/0/000');
  assert.equal(tilePath(1, 0, 2), 'tile/1/000.p/2');
  assert.equal(tilePath(0, 1234067, 256), 'tile/0/x001/x234/067');
  assert.equal(entriesPath(2, 5), 'tile/entries/002.p/5');
  assert.deepEqual(decodeBundle(new Uint8Array([0, 2, 97, 98, 0, 0]), 2).map((e) => e.length), [2, 0]);
  assert.equal(decodeBundle(new Uint8Array([0, 2, 97, 98, 0, 0]), 1), null);
  assert.equal(decodeBundle(new Uint8Array([0, 3, 97, 98]), 1), null);
});

test('the independent 517-entry tree: its checkpoint opens, every entry re-hashes to its root', async () => {
  const fetchFile = fromDir(TESTDATA);
  const key = await parseVerifierKey(vectors.verifier_key);
  const opened = await openCheckpoint(new TextDecoder().decode(await fetchFile('checkpoint')), key);
  assert.ok(opened.ok, opened.problem);
  assert.equal(opened.checkpoint.size, '517');
  assert.deepEqual(opened.checkpoint.root, fromHex(vectors.root_hex));
  let progress = 0;
  const r = await rehashTiles({
    fetchFile, head: opened.checkpoint, checkPositions: false, onProgress: (d) => { progress = d; },
  });
  assert.equal(r.ok, true, r.reasonWords && r.reasonWords.en);
  assert.equal(progress, 517);
});

test('a real log as tiles: verified; a changed entry is named; changed tiles too: no position', async () => {
  const head = { size: String(rawLeaves.length), root: await rootOf(rawLeaves) };
  const files = await tiled(rawLeaves);
  assert.equal((await rehashTiles({ fetchFile: fromMap(files), head })).ok, true);

  const bad = rawLeaves.length - 2;
  const changed = rawLeaves.map((e) => e.slice());
  changed[bad][changed[bad].length - 1] ^= 1;
  const edited = await tiled(changed);
  // The mirror's entries changed, its tiles not: the entry is named.
  const entriesOnly = new Map(files);
  const index = Math.floor(bad / TILE_WIDTH);
  const width = Math.min(TILE_WIDTH, rawLeaves.length - index * TILE_WIDTH);
  entriesOnly.set(entriesPath(index, width), edited.get(entriesPath(index, width)));
  const named = await rehashTiles({ fetchFile: fromMap(entriesOnly), head });
  assert.equal(named.ok, false);
  assert.equal(named.firstBad, String(bad));
  assert.match(named.reasonWords.vi, /KHÔNG KHỚP/);
  // Entries and tiles changed together: they agree, but not with the signed root.
  const both = await rehashTiles({ fetchFile: fromMap(edited), head });
  assert.equal(both.ok, false);
  assert.equal(both.firstBad, null);
  assert.match(both.reasonWords.en, /tiles do not give the signed root/);
});

test('a missing file, and entries out of place, are said', async () => {
  const head = { size: String(rawLeaves.length), root: await rootOf(rawLeaves) };
  const files = await tiled(rawLeaves);
  const path = entriesPath(0, Math.min(TILE_WIDTH, rawLeaves.length));
  const missing = new Map(files);
  missing.delete(path);
  const r = await rehashTiles({ fetchFile: fromMap(missing), head });
  assert.equal(r.ok, false);
  assert.ok(r.reasonWords.vi.includes(path));
  const swapped = rawLeaves.slice();
  [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
  const out = await rehashTiles({ fetchFile: fromMap(await tiled(swapped)), head });
  assert.equal(out.ok, false);
  assert.equal(out.firstBad, null); // nothing checked against the root yet: no position named
  assert.match(out.reasonWords.en, /says it is at position 2/);
});

// The entries of the independent tree, as vectors.json says.
const vectorEntries = Array.from({ length: vectors.size }, (_, i) =>
  new TextEncoder().encode(`entry ${i}: sự kiện thứ ${i}`));

test('proofs from the independent tree\'s tiles: events included, older heads extended', async () => {
  const fetchFile = fromDir(TESTDATA);
  const head = { size: String(vectors.size), root: fromHex(vectors.root_hex) };
  assert.deepEqual(await rootOf(vectorEntries), head.root);
  // Both ends of every tile, and a stride through the middles.
  const positions = [...Array(vectors.size).keys()].filter((p) => p % 256 < 3 || p % 256 > 252 || p % 17 === 0);
  for (const p of positions) {
    const { inclusion } = await proveFromTiles({ fetchFile, head, position: p });
    assert.equal(inclusion.ok, true, `position ${p}: ${inclusion.reasonWords.en}`);
  }
  for (const m of [1, 2, 3, 255, 256, 257, 300, 511, 512, 513, 516, 517]) {
    const lastHead = { size: String(m), root: await rootOf(vectorEntries.slice(0, m)) };
    const { consistency } = await proveFromTiles({ fetchFile, head, lastHead });
    assert.equal(consistency.ok, true, `from ${m}: ${consistency.reasonWords.en}`);
  }
  // The proof built from the tiles is the one an independent prover gives.
  const hashes = await Promise.all(vectorEntries.map((e) => leafHash(e)));
  const tiles = new TileHashes(fetchFile, vectors.size);
  assert.deepEqual(await tiles.inclusionProof(300), await referenceInclusion(300, hashes));
  assert.deepEqual(await tiles.consistencyProof(300), await referenceConsistency(300, hashes));
});

test('proofs from a mirror: a rewritten history, a changed upper tile, a lagging mirror, a bad position', async () => {
  const head = { size: String(vectors.size), root: fromHex(vectors.root_hex) };
  const fetchFile = fromDir(TESTDATA);
  const rewritten = vectorEntries.slice(0, 300).map((e) => e.slice());
  rewritten[7][0] ^= 1;
  const forked = await proveFromTiles({
    fetchFile, head, lastHead: { size: '300', root: await rootOf(rewritten) } });
  assert.equal(forked.consistency.ok, false);
  assert.match(forked.consistency.reasonWords.vi, /không nối tiếp/);

  // A level-1 tile changed: the proofs that read it fail, the signed root holds.
  const level1 = new Uint8Array(await fetchFile('tile/1/000.p/2'));
  level1[0] ^= 1;
  const damaged = async (path) => (path === 'tile/1/000.p/2' ? level1 : fetchFile(path));
  const r = await proveFromTiles({ fetchFile: damaged, head, position: 516,
    lastHead: { size: '513', root: await rootOf(vectorEntries.slice(0, 513)) } });
  assert.equal(r.inclusion.ok, false);
  assert.match(r.inclusion.reasonWords.en, /not in the signed tree/);
  assert.equal(r.consistency.ok, false);

  const missing = async (path) => (path.startsWith('tile/1/') ? null : fetchFile(path));
  const gone = await proveFromTiles({ fetchFile: missing, head, position: 516 });
  assert.equal(gone.inclusion.ok, false);
  assert.ok(gone.inclusion.reasonWords.vi.includes('tile/1/000.p/2'));

  const lagging = await proveFromTiles({ fetchFile, head, position: 517,
    lastHead: { size: '600', root: new Uint8Array(32) } });
  assert.equal(lagging.consistency.ok, false);
  assert.match(lagging.consistency.reasonWords.en, /sync the mirror/);
  assert.equal(lagging.inclusion.ok, false);
  assert.match(lagging.inclusion.reasonWords.vi, /không có vị trí 517/);
});

test('a hostile mirror: files larger than any valid one are cut off, HTTP errors said', async () => {
  const realFetch = globalThis.fetch;
  const served = new Map([
    ['/m/checkpoint', () => new Response(new Uint8Array((1 << 20) + 1))],
    // A body that never ends: the read stops at the cap.
    ['/n/checkpoint', () => new Response(new ReadableStream({
      pull(c) { c.enqueue(new Uint8Array(1 << 16)); },
    }))],
    ['/o/checkpoint', () => new Response('busy', { status: 503 })],
  ]);
  globalThis.fetch = async (url) => (served.has(url) ? served.get(url)() : new Response('', { status: 404 }));
  try {
    const key = vectors.verifier_key;
    const big = await openMirror(mirrorFiles('/m/'), '/m', key);
    assert.equal(big.ok, false);
    assert.match(big.reasonWords.vi, /lớn hơn 1048576 byte/);
    const endless = await openMirror(mirrorFiles('/n'), '/n', key);
    assert.equal(endless.ok, false);
    assert.match(endless.reasonWords.en, /reading stopped/);
    const busy = await openMirror(mirrorFiles('/o'), '/o', key);
    assert.equal(busy.ok, false);
    assert.match(busy.reasonWords.vi, /HTTP 503/);
    const badKey = await openMirror(mirrorFiles('/k'), '/k', 'not a key');
    assert.equal(badKey.ok, false);
    served.set('/k/checkpoint', () => new Response('x'));
    const withBadKey = await openMirror(mirrorFiles('/k'), '/k', 'not a key');
    assert.equal(withBadKey.ok, false);
    assert.match(withBadKey.reasonWords.vi, /khóa đã ghim/);
    served.set('/u/checkpoint', () => { throw new TypeError('Failed to fetch'); });
    const unreachable = await openMirror(mirrorFiles('/u'), '/u', key);
    assert.equal(unreachable.ok, false);
    assert.match(unreachable.reasonWords.vi, /Không kết nối được bản sao/);
    const none = await openMirror(mirrorFiles('/p'), '/p', key);
    assert.match(none.reasonWords.vi, /Không có bản sao ở \/p/);
    // A tile larger than a full tile: the whole check says so.
    served.set('/q/tile/0/000', () => new Response(new Uint8Array(256 * 32 + 1)));
    const r = await rehashTiles({ fetchFile: mirrorFiles('/q'), head: { size: '256', root: new Uint8Array(32) } });
    assert.equal(r.ok, false);
    assert.ok(r.reasonWords.vi.includes('tile/0/000'));
  } finally {
    globalThis.fetch = realFetch;
  }
});
