// The whole-log check of the Kiểm tra page (run in a Web Worker): read every
// event, re-hash it into an incremental Merkle root, compare with the signed
// head, and on a mismatch name the first position that does not match.
//
// Finding that position: by binary search over tree sizes, asking the server
// for its signed checkpoint of a past size (Audit/GetCheckpoint tree_size:
// the server signs any past size) and comparing its root with the root
// computed here at that size. The first size k whose roots differ means the
// event at position k-1 is the first one that does not match what the log
// committed to (every smaller size matches, since it holds only earlier
// events). This costs O(log n) signed checkpoints, each checked with the
// pinned key. Inclusion proofs were the alternative, but they can only test
// one position at a time (O(n) requests to find the first bad one), while a
// root at size k covers every event before k at once.
//
// Memory: the compact range (O(log n) hashes) plus one snapshot of it per page
// read, so the search can restart hashing from any page boundary; the events
// themselves are never kept, except the one page re-read at the end.
import { fromBase64 } from './bytes.js';
import { decodeMessage } from './decode.js';
import { openCheckpoint } from './note.js';
import { RootFromLeaves, leafHash } from './rfc6962.js';
import { bytesEqual } from './bytes.js';

const RECORD_POSITION = {
  messages: { R: { fields: [{ no: 1, name: 'position', type: 'uint64', repeated: false }] } },
};

export const rehashWords = {
  ok: (n) => ({
    vi: `Khớp: cả ${n} sự kiện, băm lại trong trình duyệt này, cho đúng gốc Merkle đã ký.`,
    en: `Match: all ${n} events, re-hashed in this browser, give the signed Merkle root.`,
  }),
  firstBad: (p) => ({
    vi:
      `KHÔNG KHỚP: sự kiện ở vị trí ${p} là sự kiện đầu tiên khác với những gì sổ cái đã ký` +
      (p > 0 ? `; mọi sự kiện trước vị trí ${p} đều khớp` : '') +
      '. Nội dung được đưa ra cho vị trí này đã bị sửa.',
    en:
      `NO MATCH: the event at position ${p} is the first that differs from what the log signed` +
      (p > 0 ? `; every event before position ${p} matches` : '') +
      '. What is shown for this position was changed.',
  }),
  missing: (p, n) => ({
    vi: `KHÔNG KHỚP: máy chủ không đưa ra sự kiện ở vị trí ${p}, dù đầu sổ đã ký có ${n} sự kiện.`,
    en: `NO MATCH: the server gives no event at position ${p}, though the signed head has ${n} events.`,
  }),
  wrongPosition: (p, said) => ({
    vi: `KHÔNG KHỚP: ở vị trí ${p} máy chủ đưa ra một sự kiện tự ghi vị trí ${said}.`,
    en: `NO MATCH: at position ${p} the server gives an event that says it is at position ${said}.`,
  }),
  damaged: (p) => ({
    vi: `KHÔNG KHỚP: sự kiện ở vị trí ${p} bị hỏng, không đọc được.`,
    en: `NO MATCH: the event at position ${p} is damaged and cannot be read.`,
  }),
  pastHead: (k, why) => ({
    vi:
      `Gốc Merkle không khớp, nhưng không tìm được vị trí: đầu sổ đã ký cỡ ${k} mà máy chủ gửi ` +
      `không kiểm chứng được (${why}).`,
    en:
      `The Merkle root does not match, but the position cannot be found: the signed head of size ` +
      `${k} the server sent does not verify (${why}).`,
  }),
};

function positionOf(raw) {
  return decodeMessage(raw, 'R', RECORD_POSITION).position;
}

// readPage(from, limit) → Promise of [{rawRecord}]; getCheckpoint(size) →
// Promise of a SignedCheckpoint JSON; logKey: parsed pinned key
// (note.parseVerifierKey); head: {size (decimal string), root (Uint8Array)},
// already verified. onProgress(done, total) after each page.
// Returns {ok, size, firstBad (decimal string or null), reasonWords}.
export async function rehashLog({
  readPage,
  getCheckpoint,
  logKey,
  head,
  pageLimit = 500,
  onProgress = () => {},
}) {
  const total = Number(head.size);
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('bad head size');
  const hasher = new RootFromLeaves();
  const snapshots = []; // snapshots[i]: the hasher at the start of page i
  const bad = (p, w) => ({ ok: false, size: head.size, firstBad: String(p), reasonWords: w });

  while (hasher.size < total) {
    const from = hasher.size;
    snapshots.push(hasher.clone());
    const events = await readPage(from, Math.min(pageLimit, total - from));
    if (!Array.isArray(events) || events.length === 0)
      return bad(from, rehashWords.missing(from, total));
    for (const event of events) {
      if (hasher.size >= total) break; // the log grew since the head: stop at it
      const p = hasher.size;
      let raw;
      let said;
      try {
        raw = fromBase64(event.rawRecord);
        said = positionOf(raw);
      } catch {
        return bad(p, rehashWords.damaged(p));
      }
      if (said !== String(p)) return bad(p, rehashWords.wrongPosition(p, said));
      await hasher.addLeaf(raw);
    }
    onProgress(hasher.size, total);
  }
  if (bytesEqual(await hasher.root(), head.root)) {
    return { ok: true, size: head.size, firstBad: null, reasonWords: rehashWords.ok(total) };
  }
  snapshots.push(hasher.clone());

  // Does the server's signed root of size k equal `local`? Throws a reason
  // when its checkpoint does not verify.
  async function matches(k, local) {
    const signed = await getCheckpoint(k);
    const opened =
      signed && typeof signed.signedNote === 'string'
        ? await openCheckpoint(signed.signedNote, logKey)
        : { ok: false, problem: 'malformed' };
    if (!opened.ok || opened.checkpoint.size !== String(k)) {
      const e = new Error('checkpoint');
      e.reasonWords = rehashWords.pastHead(k, opened.ok ? 'wrong size' : opened.problem);
      throw e;
    }
    return bytesEqual(opened.checkpoint.root, local);
  }

  try {
    // 1. The first page boundary whose root differs (boundary 0, the empty
    // tree, always matches; the last one, the head, does not).
    const sizeAt = (i) => snapshots[i].size;
    let lo = 0;
    let hi = snapshots.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (await matches(sizeAt(mid), await snapshots[mid].root())) lo = mid;
      else hi = mid;
    }
    // 2. Within that page: re-read it and search leaf by leaf.
    const start = sizeAt(lo);
    const end = sizeAt(hi);
    const events = await readPage(start, end - start);
    const hashes = [];
    for (const event of events.slice(0, end - start))
      hashes.push(await leafHash(fromBase64(event.rawRecord)));
    if (hashes.length < end - start)
      return bad(start + hashes.length, rehashWords.missing(start + hashes.length, total));
    const rootAt = async (k) => {
      const h = snapshots[lo].clone();
      for (const leaf of hashes.slice(0, k - start)) await h.addLeafHash(leaf);
      return h.root();
    };
    let a = start; // matches
    let b = end; // does not
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (await matches(mid, await rootAt(mid))) a = mid;
      else b = mid;
    }
    return bad(b - 1, rehashWords.firstBad(b - 1));
  } catch (e) {
    if (e.reasonWords)
      return { ok: false, size: head.size, firstBad: null, reasonWords: e.reasonWords };
    throw e;
  }
}
