// The JavaScript verifier against the RFC 6962 vectors the C++ tree passes too
// (../shared/testdata/rfc6962-vectors.json, from transparency-dev/merkle):
// hashes, roots at every size, inclusion and consistency proofs, and the
// golden probes, including every one that must fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex, toHex } from '../site/js/verify/bytes.js';
import {
  leafHash,
  nodeHash,
  RootFromLeaves,
  verifyConsistency,
  verifyInclusion,
} from '../site/js/verify/rfc6962.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const vectorsPath = resolve(repoRoot, '../shared/testdata/rfc6962-vectors.json');
if (!existsSync(vectorsPath)) {
  throw new Error(
    `RFC 6962 vectors missing: expected ${vectorsPath} ` +
      '(the shared/ folder beside the repository)',
  );
}
const V = JSON.parse(readFileSync(vectorsPath, 'utf8'));
const enc = new TextEncoder();
const leaves = V.leaves_hex.map(fromHex);
const hexes = (list) => list.map(fromHex);

test('the vectors file has every table', () => {
  assert.ok(V.hasher.length >= 4);
  assert.ok(V.inclusion_proofs.length >= 7);
  assert.ok(V.consistency_proofs.length >= 5);
  assert.ok(V.golden_inclusion_probes.length > 50);
  assert.ok(V.golden_consistency_probes.length > 50);
});

test('hasher vectors', async () => {
  for (const h of V.hasher) {
    let got;
    if (h.kind === 'empty') got = await new RootFromLeaves().root();
    else if (h.kind === 'leaf') got = await leafHash(enc.encode(h.data_ascii));
    else if (h.kind === 'node')
      got = await nodeHash(enc.encode(h.left_ascii), enc.encode(h.right_ascii));
    else assert.fail(`unknown hasher vector kind ${h.kind}`);
    assert.equal(toHex(got), h.want, h.desc);
  }
});

test('the leaf hashes are the level-0 node hashes', async () => {
  for (let i = 0; i < leaves.length; i++) {
    assert.equal(toHex(await leafHash(leaves[i])), V.node_hashes_by_level[0][i]);
  }
});

test('the incremental hasher gives the root at every size', async () => {
  const h = new RootFromLeaves();
  assert.equal(toHex(await h.root()), V.empty_root);
  for (let i = 0; i < leaves.length; i++) {
    await h.addLeaf(leaves[i]);
    assert.equal(h.size, i + 1);
    assert.equal(toHex(await h.root()), V.roots_by_size[String(i + 1)], `size ${i + 1}`);
  }
  // The compact range holds one hash per set bit of the size.
  assert.equal(h.stack.length, 1);
  const c = h.clone();
  await c.addLeaf(enc.encode('x'));
  assert.equal(toHex(await h.root()), V.roots_by_size['8'], 'a clone does not touch the original');
  assert.notEqual(toHex(await c.root()), V.roots_by_size['8']);
});

test('inclusion proofs verify, and fail when anything is changed', async () => {
  for (const p of V.inclusion_proofs) {
    const root = fromHex(V.roots_by_size[String(p.tree_size)]);
    const leaf = await leafHash(leaves[p.index]);
    const proof = hexes(p.proof);
    const what = `leaf ${p.index} of ${p.tree_size}`;
    assert.equal(await verifyInclusion(p.index, p.tree_size, leaf, proof, root), true, what);
    assert.equal(
      await verifyInclusion(String(p.index), BigInt(p.tree_size), leaf, proof, root),
      true,
      `${what}, string/BigInt sizes`,
    );
    const other = await leafHash(enc.encode('not a leaf'));
    assert.equal(await verifyInclusion(p.index, p.tree_size, other, proof, root), false, what);
    assert.equal(await verifyInclusion(p.index + 1, p.tree_size, leaf, proof, root), false, what);
    const nextRoot = V.roots_by_size[String(p.tree_size + 1)];
    if (nextRoot) {
      assert.equal(
        await verifyInclusion(p.index, p.tree_size + 1, leaf, proof, fromHex(nextRoot)),
        false,
        what,
      );
    }
    assert.equal(await verifyInclusion(p.index, p.tree_size, leaf, [...proof, leaf], root), false);
    if (proof.length > 0) {
      const bad = proof.map((h) => h.slice());
      bad[0][0] ^= 1;
      assert.equal(await verifyInclusion(p.index, p.tree_size, leaf, bad, root), false, what);
      assert.equal(await verifyInclusion(p.index, p.tree_size, leaf, proof.slice(1), root), false);
    }
  }
  for (const p of V.inclusion_proofs_invalid_params) {
    const leaf = await leafHash(leaves[0]);
    assert.equal(await verifyInclusion(p.leaf_1based - 1, p.tree_size, leaf, [], leaf), false);
    assert.equal(await verifyInclusion(0, p.tree_size, leaf, [], leaf), false);
  }
});

test('consistency proofs verify, and fail when anything is changed', async () => {
  for (const p of V.consistency_proofs) {
    const r1 = fromHex(V.roots_by_size[String(p.size1)]);
    const r2 = fromHex(V.roots_by_size[String(p.size2)]);
    const proof = hexes(p.proof);
    const what = `${p.size1} -> ${p.size2}`;
    assert.equal(await verifyConsistency(p.size1, p.size2, proof, r1, r2), true, what);
    assert.equal(
      await verifyConsistency(p.size1, p.size2, proof, r2, r1),
      p.size1 === p.size2 && V.roots_by_size[String(p.size1)] === V.roots_by_size[String(p.size2)],
      `${what} swapped`,
    );
    if (p.size1 !== p.size2) {
      const other = fromHex(V.roots_by_size['3']);
      assert.equal(await verifyConsistency(p.size1, p.size2, proof, r1, other), false, what);
      const bad = proof.map((h) => h.slice());
      bad[bad.length - 1][31] ^= 0x80;
      assert.equal(await verifyConsistency(p.size1, p.size2, bad, r1, r2), false, what);
      assert.equal(await verifyConsistency(p.size1, p.size2, proof.slice(0, -1), r1, r2), false);
      assert.equal(await verifyConsistency(p.size2, p.size1, proof, r2, r1), false, what);
    }
  }
});

test('golden inclusion probes (valid and invalid)', async () => {
  let failing = 0;
  for (const p of V.golden_inclusion_probes) {
    const got = await verifyInclusion(
      p.index,
      p.tree_size,
      fromHex(p.leaf_hash),
      hexes(p.proof),
      fromHex(p.root),
    );
    assert.equal(got, p.want_ok, p.file);
    if (!p.want_ok) failing++;
  }
  assert.ok(failing > 10, 'the probes include ones that must fail');
});

test('golden consistency probes (valid and invalid)', async () => {
  let failing = 0;
  for (const p of V.golden_consistency_probes) {
    const got = await verifyConsistency(
      p.size1,
      p.size2,
      hexes(p.proof),
      fromHex(p.root1),
      fromHex(p.root2),
    );
    assert.equal(got, p.want_ok, p.file);
    if (!p.want_ok) failing++;
  }
  assert.ok(failing > 10, 'the probes include ones that must fail');
});

test('malformed sizes are refused, never thrown from a check', async () => {
  const leaf = await leafHash(leaves[0]);
  for (const size of [-1, 1.5, '01', 'x', null, undefined, 2 ** 60, '18446744073709551616']) {
    assert.equal(await verifyInclusion(0, size, leaf, [], leaf), false, String(size));
    assert.equal(await verifyConsistency(1, size, [], leaf, leaf), false, String(size));
  }
  assert.equal(await verifyInclusion(0, 1, leaf.slice(1), [], leaf.slice(1)), false);
});
