// Shared helpers of the verifier tests (kept outside test/, which node --test
// runs whole): the fixtures, and a signer for the
// fixture's throwaway log key, so tests can make checkpoints of any size.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatBytes, fromBase64, toBase64 } from '../site/js/verify/bytes.js';
import { keyId } from '../site/js/verify/note.js';
import { leafHash, nodeHash, RootFromLeaves } from '../site/js/verify/rfc6962.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/verify');
export const realLog = JSON.parse(readFileSync(join(dir, 'real_log.json'), 'utf8'));
export const schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'));
export const rawLeaves = realLog.rawRecords.map(fromBase64);

const b64url = (bytes) =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

// A signer for a "PRIVATE+KEY+<name>+<id>+<base64(type || seed)>" text.
export async function parseSignerKey(text) {
  const [, name, b64] = /^PRIVATE\+KEY\+([^+]*)\+[^+]*\+(.*)$/.exec(text);
  const raw = fromBase64(b64);
  const seed = raw.slice(1);
  const { subtle } = globalThis.crypto;
  // Derive the public key: import the seed as a JWK needs x, so sign once
  // through a pkcs8 import (RFC 8410 prefix) and export the public half.
  const pkcs8 = concatBytes(
    new Uint8Array([
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
      0x20,
    ]),
    seed,
  );
  const priv = await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  const jwk = await subtle.exportKey('jwk', priv);
  const publicKey = fromBase64(
    jwk.x.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (jwk.x.length % 4)) % 4),
  );
  const type = raw[0];
  const id = await keyId(name, type, publicKey);
  const sign = async (bytes) => new Uint8Array(await subtle.sign({ name: 'Ed25519' }, priv, bytes));
  return {
    name,
    type,
    keyId: id,
    publicKey,
    sign,
    verifierText: `${name}+${id.toString(16).padStart(8, '0')}+${toBase64(concatBytes(new Uint8Array([type]), publicKey))}`,
  };
}

function idBytes(id) {
  return new Uint8Array([id >>> 24, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]);
}

// A signed note of `text` by `signer` (type 0x01 keys).
export async function signNote(text, signer) {
  const sig = await signer.sign(new TextEncoder().encode(text));
  return `${text}\n\u2014 ${signer.name} ${toBase64(concatBytes(idBytes(signer.keyId), sig))}\n`;
}

export async function rootOf(leaves) {
  const h = new RootFromLeaves();
  for (const l of leaves) await h.addLeaf(l);
  return h.root();
}

export async function checkpointText(origin, leaves) {
  return `${origin}\n${leaves.length}\n${toBase64(await rootOf(leaves))}\n`;
}

// Reference RFC 9162 proofs over leaf hashes (a test oracle; the server makes
// the real ones).
async function mth(hashes) {
  if (hashes.length === 1) return hashes[0];
  const k = 2 ** Math.floor(Math.log2(hashes.length - 1));
  return nodeHash(await mth(hashes.slice(0, k)), await mth(hashes.slice(k)));
}

export async function inclusionProof(index, hashes) {
  if (hashes.length <= 1) return [];
  const k = 2 ** Math.floor(Math.log2(hashes.length - 1));
  if (index < k)
    return [...(await inclusionProof(index, hashes.slice(0, k))), await mth(hashes.slice(k))];
  return [...(await inclusionProof(index - k, hashes.slice(k))), await mth(hashes.slice(0, k))];
}

async function subproof(m, hashes, complete) {
  const n = hashes.length;
  if (m === n) return complete ? [] : [await mth(hashes)];
  const k = 2 ** Math.floor(Math.log2(n - 1));
  if (m <= k)
    return [...(await subproof(m, hashes.slice(0, k), complete)), await mth(hashes.slice(k))];
  return [...(await subproof(m - k, hashes.slice(k), false)), await mth(hashes.slice(0, k))];
}

export async function consistencyProof(m, hashes) {
  return subproof(m, hashes, true);
}

export async function leafHashes(leaves) {
  return Promise.all(leaves.map((l) => leafHash(l)));
}

// Just enough DOM for the verifier's elements (createElement + textContent).
class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = new Map();
    this.style = {};
    this.textContent = '';
    this.className = '';
    this.parent = null;
  }

  setAttribute(k, v) {
    this.attributes.set(k, String(v));
  }

  getAttribute(k) {
    return this.attributes.has(k) ? this.attributes.get(k) : null;
  }

  removeAttribute(k) {
    this.attributes.delete(k);
  }

  append(...nodes) {
    for (const n of nodes) {
      if (typeof n === 'object') n.parent = this;
      this.children.push(n);
    }
  }

  replaceWith(node) {
    const i = this.parent.children.indexOf(this);
    node.parent = this.parent;
    this.parent.children[i] = node;
  }

  // All text below this element, like textContent of a real tree.
  allText() {
    return [
      this.textContent,
      ...this.children.map((c) => (typeof c === 'object' ? c.allText() : c)),
    ]
      .filter(Boolean)
      .join(' ');
  }

  find(pred) {
    if (pred(this)) return this;
    for (const c of this.children) {
      const f = typeof c === 'object' && c.find(pred);
      if (f) return f;
    }
    return null;
  }
}

export const fakeDocument = { createElement: (tag) => new FakeElement(tag) };

export function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    map: m,
  };
}
