// Trust on first use: the log's verifier key pinned in this browser at the
// first visit, its fingerprint (to compare with the one posted at the commune
// office), and the last signed head this browser saw (for the consistency
// check). A changed key is never re-pinned silently: only repin(), after the
// person confirms, replaces it (and forgets the old head, which the new key
// cannot prove anything about).
import { toBase64, fromBase64, sha256, toHex } from './bytes.js';

const KEY_ITEM = 'minhbach.verify.logKey';
const HEAD_ITEM = 'minhbach.verify.lastHead';

// localStorage may be missing or throw (private mode, disabled storage):
// then this page remembers only until it is closed.
function safeStorage(storage) {
  const memory = new Map();
  const fallback = {
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => memory.set(k, String(v)),
    removeItem: (k) => memory.delete(k),
  };
  if (!storage) return { store: fallback, persistent: false };
  try {
    storage.getItem(KEY_ITEM);
    return { store: storage, persistent: true };
  } catch {
    return { store: fallback, persistent: false };
  }
}

// SHA-256 of the verifier key text, upper-case hex in groups of 4:
// "1A2B 3C4D ...". The whole key text is hashed (name, id and key), so a
// fingerprint names exactly one key.
export async function fingerprint(keyText) {
  const hex = toHex(await sha256(new TextEncoder().encode(keyText))).toUpperCase();
  return hex.match(/.{4}/g).join(' ');
}

export class KeyPin {
  constructor(storage) {
    const { store, persistent } = safeStorage(storage);
    this.store = store;
    this.persistent = persistent;
  }

  pinnedKey() {
    try {
      return this.store.getItem(KEY_ITEM);
    } catch {
      return null;
    }
  }

  // Compares the key the server gives with the pinned one; pins it at the
  // first visit. Returns {status: 'first'|'same'|'changed', pinned}.
  check(keyText) {
    const pinned = this.pinnedKey();
    if (pinned === null) {
      this.write(KEY_ITEM, keyText);
      return { status: 'first', pinned: keyText };
    }
    return { status: pinned === keyText ? 'same' : 'changed', pinned };
  }

  // After the person confirmed the new key (e.g. against the office poster).
  repin(keyText) {
    this.write(KEY_ITEM, keyText);
    this.remove(HEAD_ITEM);
  }

  // {size: decimal string, root: Uint8Array} or null.
  lastHead() {
    try {
      const raw = this.store.getItem(HEAD_ITEM);
      if (!raw) return null;
      const h = JSON.parse(raw);
      if (!/^(0|[1-9][0-9]*)$/.test(h.size) || h.key !== this.pinnedKey()) return null;
      const root = fromBase64(h.root);
      return root.length === 32 ? { size: h.size, root } : null;
    } catch {
      return null;
    }
  }

  saveHead(size, root) {
    this.write(
      HEAD_ITEM,
      JSON.stringify({ size: String(size), root: toBase64(root), key: this.pinnedKey() }),
    );
  }

  write(item, value) {
    try {
      this.store.setItem(item, value);
    } catch {
      this.persistent = false;
    }
  }

  remove(item) {
    try {
      this.store.removeItem(item);
    } catch {
      this.persistent = false;
    }
  }
}
