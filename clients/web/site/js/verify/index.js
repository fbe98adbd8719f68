// ctx.verify (see the contract): the signed head checked in this browser
// against the pinned log key, witness cosignatures, consistency with the last
// head this browser saw, inclusion proofs of the events on a page, and the
// small ✓/✗ marks that show it.
//
//   const verify = createVerifier({call, fetchJson, storage, session, lang});
//     call(service, method, request) → Promise of the response JSON (ctx.call)
//     fetchJson(path)                → Promise of JSON (for /api/log-key)
//     storage                        → localStorage (or anything like it)
//     session  (optional)            → the session JSON, or a function giving
//                                       it: its logVerifierKey/witnessKeys
//                                       save the /api/log-key request
//     lang     (optional)            → 'vi'|'en', or a function giving it
//     consistencyDelayMs (optional)  → when the consistency check starts by
//                                       itself after head() (default 1500;
//                                       null: only when asked)
import { bytesEqual, fromBase64, hasWebCrypto } from './bytes.js';
import { checkSignature, openCheckpoint, parseVerifierKey } from './note.js';
import { fingerprint, KeyPin } from './pin.js';
import { leafHash, toUint64, verifyConsistency, verifyInclusion } from './rfc6962.js';
import { decodeMessage } from './decode.js';
import { words } from './words.js';
import { headPanel, markElement } from './ui.js';

const PROBLEM_WORDS = {
  malformed: words.malformed,
  unsigned: words.unsigned,
  'bad-signature': words.badSignature,
  'wrong-origin': words.wrongOrigin,
};

// Only the position of an EventRecord, to check it against its proof.
const RECORD_POSITION = {
  messages: { R: { fields: [{ no: 1, name: 'position', type: 'uint64', repeated: false }] } },
};

function errorText(e) {
  if (e && typeof e.human === 'function') return e.human('en');
  return (e && e.message) || String(e);
}

function bytesField(b64) {
  try {
    return fromBase64(b64 || '');
  } catch {
    return null;
  }
}

export function createVerifier({
  call,
  fetchJson,
  storage,
  session,
  lang,
  consistencyDelayMs = 1500,
  document: doc,
} = {}) {
  const currentLang = () => {
    const l = typeof lang === 'function' ? lang() : lang;
    return l === 'en' ? 'en' : 'vi';
  };
  const say = (w) => w[currentLang()];
  const pin = new KeyPin(storage === undefined ? globalThis.localStorage : storage);
  const secureContext = hasWebCrypto();
  let keysPromise = null;

  // The log key (parsed, pin-checked) and the witness keys.
  async function loadKeys() {
    const s = typeof session === 'function' ? session() : session;
    let json = s && s.logVerifierKey ? s : null;
    if (!json) {
      try {
        json = await fetchJson('/api/log-key');
      } catch (e) {
        return { ok: false, words: words.noKey(errorText(e)) };
      }
    }
    let logKey;
    try {
      logKey = await parseVerifierKey(json.logVerifierKey);
    } catch (e) {
      return { ok: false, words: words.badKey(e.message) };
    }
    const witnesses = [];
    for (const text of json.witnessKeys || []) {
      try {
        witnesses.push(await parseVerifierKey(text));
      } catch (e) {
        witnesses.push({
          bad: true,
          name: String(text).split('+')[0],
          words: words.witnessBadKey(e.message),
        });
      }
    }
    const keyFingerprint = await fingerprint(logKey.text);
    const pinned = pin.check(logKey.text);
    const result = {
      ok: pinned.status !== 'changed',
      logKey,
      witnesses,
      keyFingerprint,
      keyStatus: pinned.status,
      keyText: logKey.text,
    };
    if (pinned.status === 'changed') {
      result.words = words.keyChanged();
      result.pinnedFingerprint = await fingerprint(pinned.pinned);
    }
    return result;
  }

  function keys() {
    if (!keysPromise) {
      keysPromise = loadKeys();
      // A failed fetch is tried again at the next call.
      keysPromise.then(
        (k) => {
          if (!k.logKey) keysPromise = null;
        },
        () => {
          keysPromise = null;
        },
      );
    }
    return keysPromise;
  }

  // Opens a SignedCheckpoint JSON ({signedNote, treeSize, rootHash}) with the
  // pinned key: {ok, treeSize, rootHash, note, words}.
  async function openSigned(signed, k) {
    if (!signed || typeof signed.signedNote !== 'string') {
      return { ok: false, words: words.malformed() };
    }
    let opened;
    try {
      opened = await openCheckpoint(signed.signedNote, k.logKey);
    } catch {
      return { ok: false, words: words.noEd25519() };
    }
    if (!opened.ok) return { ok: false, words: PROBLEM_WORDS[opened.problem](), opened };
    const cp = opened.checkpoint;
    // The parsed copies beside the note must say the same as the note.
    const root = bytesField(signed.rootHash);
    if (
      (signed.treeSize !== undefined && String(signed.treeSize) !== cp.size) ||
      (signed.rootHash !== undefined && (!root || !bytesEqual(root, cp.root)))
    ) {
      return { ok: false, words: words.fieldsDiffer(), opened };
    }
    return { ok: true, treeSize: cp.size, rootHash: cp.root, note: signed.signedNote, opened };
  }

  function fail(w, extra = {}) {
    return {
      ok: false,
      secure: secureContext,
      treeSize: null,
      rootHash: null,
      note: null,
      witnesses: [],
      keyFingerprint: null,
      ...extra,
      reasonWords: w,
      reason: say(w),
      consistency: Promise.resolve({ ok: false, reasonWords: w, reason: say(w) }),
    };
  }

  // Consistency from the last head this browser saw to `head`; saves `head`
  // only once it is proven to extend the old one.
  async function checkConsistency(head) {
    const last = pin.lastHead();
    const size = toUint64(head.treeSize);
    const done = (ok, w, status) => ({ ok, status, reasonWords: w, reason: say(w) });
    if (!last || last.size === '0') {
      pin.saveHead(head.treeSize, head.rootHash);
      return done(true, words.consistencyFirst(head.treeSize), 'first');
    }
    const old = toUint64(last.size);
    if (old > size) return done(false, words.shrunk(last.size, head.treeSize), 'shrunk');
    let proof = [];
    if (old < size) {
      let answer;
      try {
        answer = await call('Audit', 'GetConsistencyProof', {
          oldSize: last.size,
          newSize: head.treeSize,
        });
      } catch (e) {
        return done(false, words.consistencyFetch(errorText(e)), 'unavailable');
      }
      proof = (answer.hashes || []).map(bytesField);
      if (proof.some((h) => h === null)) return done(false, words.consistencyBad(last.size), 'bad');
    }
    const ok = await verifyConsistency(old, size, proof, last.root, head.rootHash);
    if (!ok) return done(false, words.consistencyBad(last.size), 'bad');
    pin.saveHead(head.treeSize, head.rootHash);
    return done(true, words.consistencyOk(last.size, head.treeSize), 'extended');
  }

  // The verified head of the log (GetCheckpoint), its witnesses, and a lazy
  // consistency check (result.consistency, a Promise).
  async function head() {
    if (!secureContext) return fail(words.insecure(), { secure: false });
    const k = await keys();
    if (!k.logKey) return fail(k.words);
    const base = {
      keyFingerprint: k.keyFingerprint,
      keyStatus: k.keyStatus,
      keyText: k.keyText,
      pinnedFingerprint: k.pinnedFingerprint,
    };
    if (!k.ok) return fail(k.words, base);
    let signed;
    try {
      signed = await call('Audit', 'GetCheckpoint', {});
    } catch (e) {
      return fail(words.noCheckpoint(errorText(e)), base);
    }
    const opened = await openSigned(signed, k);
    if (!opened.ok) return fail(opened.words, base);
    const witnesses = [];
    for (const w of k.witnesses) {
      if (w.bad) {
        witnesses.push({
          name: w.name,
          ok: false,
          present: false,
          bad: true,
          reasonWords: w.words,
          reason: say(w.words),
        });
        continue;
      }
      let res;
      try {
        res = await checkSignature(opened.opened.note, w);
      } catch {
        res = { present: true, ok: false };
      }
      const ww = !res.present
        ? words.witnessAbsent(w.name)
        : res.ok
          ? words.witnessOk(w.name)
          : words.witnessBad(w.name);
      witnesses.push({
        name: w.name,
        ok: res.ok,
        present: res.present,
        time: res.time,
        reasonWords: ww,
        reason: say(ww),
      });
    }
    const result = {
      ok: true,
      secure: true,
      ...base,
      treeSize: opened.treeSize,
      rootHash: opened.rootHash,
      note: opened.note,
      witnesses,
      reasonWords: words.headOk(opened.treeSize),
      reason: say(words.headOk(opened.treeSize)),
    };
    // Lazily: on first use of result.consistency, or by itself after a delay
    // (so that a page's first render costs no extra request).
    let started = null;
    const start = () => {
      if (!started) {
        started = checkConsistency(result).catch((e) => ({
          ok: false,
          status: 'error',
          reasonWords: words.consistencyFetch(errorText(e)),
          reason: errorText(e),
        }));
      }
      return started;
    };
    Object.defineProperty(result, 'consistency', { get: start, enumerable: false });
    if (consistencyDelayMs !== null) {
      const timer = setTimeout(start, consistencyDelayMs);
      if (timer && typeof timer.unref === 'function') timer.unref();
    }
    return result;
  }

  // Checks each TimelinePage item's inclusion proof against the page's
  // checkpoint (itself checked with the pinned key). Returns a Map from the
  // position (decimal string, as the API writes it) to {ok, reason,
  // reasonWords, treeSize}.
  async function markItems(items, checkpoint) {
    const out = new Map();
    const list = Array.isArray(items) ? items : [];
    const keyOf = (item, i) => String((item && item.proof && item.proof.position) || `#${i}`);
    const failAll = (w) => {
      list.forEach((item, i) =>
        out.set(keyOf(item, i), { ok: false, reasonWords: w, reason: say(w) }),
      );
      return out;
    };
    if (!secureContext) return failAll(words.insecure());
    const k = await keys();
    if (!k.logKey) return failAll(k.words);
    if (!k.ok) return failAll(k.words);
    const opened = await openSigned(checkpoint, k);
    if (!opened.ok) return failAll(words.itemHeadBad(opened.words));
    const n = opened.treeSize;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const key = keyOf(item, i);
      const set = (ok, w) => out.set(key, { ok, reasonWords: w, reason: say(w), treeSize: n });
      const proof = item && item.proof;
      const raw = item && item.event && bytesField(item.event.rawRecord);
      if (!proof || !Array.isArray(proof.hashes)) {
        set(false, words.itemNoProof());
        continue;
      }
      if (String(proof.treeSize) !== n) {
        set(false, words.itemWrongTree());
        continue;
      }
      if (!raw) {
        set(false, words.itemDamaged());
        continue;
      }
      let said;
      try {
        said = decodeMessage(raw, 'R', RECORD_POSITION).position;
      } catch {
        set(false, words.itemDamaged());
        continue;
      }
      if (said !== String(proof.position)) {
        set(false, words.itemWrongPosition(said, proof.position));
        continue;
      }
      const hashes = proof.hashes.map(bytesField);
      const ok =
        !hashes.includes(null) &&
        (await verifyInclusion(proof.position, n, await leafHash(raw), hashes, opened.rootHash));
      set(ok, ok ? words.itemOk(n) : words.itemMismatch(n));
    }
    return out;
  }

  const dom = () => doc || globalThis.document;
  return {
    secureContext,
    head,
    markItems,
    checkConsistency,
    // A small ✓/✗ element for a markItems result (or a head).
    mark: (result) => markElement(dom(), result, currentLang()),
    // A block describing a head: size, key fingerprint, witnesses,
    // consistency (filled in when known), and the re-pin button when the key
    // changed.
    headPanel: (h, { onRepin } = {}) =>
      headPanel(dom(), h, currentLang(), {
        onRepin: () => {
          pin.repin(h.keyText);
          keysPromise = null;
          if (onRepin) onRepin();
        },
      }),
    // The verified log key text (for the Kiểm tra worker), or null.
    async logKeyText() {
      const k = await keys();
      return k.ok ? k.keyText : null;
    },
    repin(keyText) {
      pin.repin(keyText);
      keysPromise = null;
    },
  };
}
