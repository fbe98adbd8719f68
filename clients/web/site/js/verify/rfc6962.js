// RFC 6962 / RFC 9162 Merkle tree hashing and proof checks, the same tree the
// server builds (storage/merkle.h): SHA-256, leaves prefixed with 0x00,
// interior nodes with 0x01. Sizes and indexes may be numbers, decimal strings
// (proto JSON int64) or BigInt; they are handled as BigInt so that 64-bit
// values are exact. Every check returns false on a bad proof instead of
// throwing; only malformed arguments (not a size at all) throw.
import { bytesEqual, concatBytes, sha256 } from './bytes.js';

export const HASH_SIZE = 32;
const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);
const MAX_UINT64 = (1n << 64n) - 1n;

export function leafHash(data) {
  return sha256(concatBytes(LEAF_PREFIX, data));
}

export function nodeHash(left, right) {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

// A tree size or leaf index as BigInt; throws on anything that is not a
// non-negative integer below 2^64.
export function toUint64(value) {
  let v;
  if (typeof value === 'bigint') {
    v = value;
  } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
    v = BigInt(value);
  } else if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)) {
    v = BigInt(value);
  } else {
    throw new Error(`not a tree size or index: ${String(value)}`);
  }
  if (v < 0n || v > MAX_UINT64) throw new Error(`out of range: ${String(value)}`);
  return v;
}

function isHash(h) {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function allHashes(proof) {
  return Array.isArray(proof) && proof.every(isHash);
}

// RFC 9162 §2.1.3.2: does `proof` show the leaf with hash `leaf` at `index`
// in the tree of `size` leaves whose root is `root`?
export async function verifyInclusion(index, size, leaf, proof, root) {
  let fn;
  let sn;
  try {
    fn = toUint64(index);
    sn = toUint64(size);
  } catch {
    return false;
  }
  if (fn >= sn || !isHash(leaf) || !isHash(root) || !allHashes(proof)) return false;
  sn -= 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesEqual(r, root);
}

// RFC 9162 §2.1.4.2: is the tree of `size2` leaves (root2) an extension of
// the tree of `size1` leaves (root1), as `proof` shows?
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  let first;
  let second;
  try {
    first = toUint64(size1);
    second = toUint64(size2);
  } catch {
    return false;
  }
  if (!Array.isArray(proof) || first > second) return false;
  if (first === second) {
    // Nothing to prove: the same tree has the same root (and the empty tree
    // only the hash of nothing).
    return (
      proof.length === 0 &&
      root1 instanceof Uint8Array &&
      bytesEqual(root1, root2) &&
      (first > 0n || bytesEqual(root1, await sha256(new Uint8Array(0))))
    );
  }
  // A proof from the empty tree proves nothing; callers skip that check.
  if (first === 0n) return false;
  if (!isHash(root1) || !isHash(root2) || !allHashes(proof) || proof.length === 0) return false;
  const path = (first & (first - 1n)) === 0n ? [root1, ...proof] : [...proof];
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

// The root of a tree grown one leaf at a time, kept as a compact range: the
// roots of the perfect subtrees that make up the leaves so far, largest
// first (at most log2(size)+1 hashes), so the whole log never sits in memory.
export class RootFromLeaves {
  constructor() {
    this.size = 0;
    this.stack = []; // [{height, hash}], heights strictly decreasing
  }

  // Adds a leaf by its input bytes (for this log: an event's rawRecord).
  async addLeaf(data) {
    await this.addLeafHash(await leafHash(data));
  }

  async addLeafHash(hash) {
    if (!isHash(hash)) throw new Error('a leaf hash is 32 bytes');
    let node = { height: 0, hash };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].height === node.height) {
      const left = this.stack.pop();
      node = { height: node.height + 1, hash: await nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size += 1;
  }

  // The RFC 6962 root of the leaves added so far (SHA-256 of nothing when empty).
  async root() {
    if (this.stack.length === 0) return sha256(new Uint8Array(0));
    let r = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = await nodeHash(this.stack[i].hash, r);
    return r;
  }

  // An independent copy (to go on hashing from here more than once).
  clone() {
    const c = new RootFromLeaves();
    c.size = this.size;
    c.stack = this.stack.map((n) => ({ height: n.height, hash: n.hash }));
    return c;
  }
}
