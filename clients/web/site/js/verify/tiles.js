// The whole-log check from a C2SP tlog-tiles mirror (https://c2sp.org/tlog-tiles),
// nothing asked of minhbachd: each entry bundle is re-hashed here, leaf by
// leaf, beside the level-0 hash tile that holds the same leaves, and both
// rows of leaves are folded into a root. The entries' root must be the signed
// one. When it is not and the tiles' root is, the first entry that differs
// from its tile is the first bad position; when neither is, the mirror's
// tiles are damaged too and no position can be named.
//
// Memory: two compact ranges and one bundle at a time.
//
// TileHashes and proveFromTiles: the quick checks (one event's inclusion, the
// mirror extending the head this browser saw) from a few tiles.
import { bytesEqual, concatBytes } from './bytes.js';
import { decodeMessage } from './decode.js';
import { openCheckpoint, parseVerifierKey } from './note.js';
import { RootFromLeaves, leafHash, nodeHash, verifyConsistency, verifyInclusion } from './rfc6962.js';

export const TILE_WIDTH = 256;
const HASH_SIZE = 32;

const RECORD_POSITION = {
  messages: { R: { fields: [{ no: 1, name: 'position', type: 'uint64', repeated: false }] } },
};

export const tilesWords = {
  ok: (n) => ({
    vi: `Khớp: cả ${n} sự kiện của bản sao, băm lại trong trình duyệt này, cho đúng gốc Merkle đã ký.`,
    en: `Match: all ${n} events of the mirror, re-hashed in this browser, give the signed Merkle root.`,
  }),
  firstBad: (p) => ({
    vi: `KHÔNG KHỚP: sự kiện ở vị trí ${p} trong bản sao khác với những gì sổ cái đã ký` +
      (p > 0 ? `; mọi sự kiện trước vị trí ${p} đều khớp` : '') + '.',
    en: `NO MATCH: the event at position ${p} in the mirror differs from what the log signed` +
      (p > 0 ? `; every event before position ${p} matches` : '') + '.',
  }),
  tilesDamaged: {
    vi: 'KHÔNG KHỚP: các tệp băm của bản sao cũng không cho gốc đã ký; bản sao bị hỏng, không xác định được vị trí.',
    en: "NO MATCH: the mirror's hash tiles do not give the signed root either; the mirror is damaged, no position can be named.",
  },
  missing: (path) => ({
    vi: `Bản sao thiếu tệp ${path} mà đầu sổ đã ký cần; hãy chép lại bản sao.`,
    en: `The mirror lacks ${path}, which its signed head needs; sync the mirror again.`,
  }),
  damaged: (path) => ({
    vi: `KHÔNG KHỚP: tệp ${path} của bản sao bị hỏng.`,
    en: `NO MATCH: the mirror's file ${path} is damaged.`,
  }),
  tooLarge: (path, max) => ({
    vi: `Tệp ${path} của bản sao lớn hơn ${max} byte, quá mức một tệp hợp lệ; đã dừng đọc.`,
    en: `The mirror's file ${path} is larger than ${max} bytes, more than a valid one can be; reading stopped.`,
  }),
  unreachable: (path, why) => ({
    vi: `Không kết nối được bản sao để đọc ${path} (${why}); kiểm tra mạng hoặc đường dẫn rồi thử lại.`,
    en: `The mirror could not be reached for ${path} (${why}); check the network or the path, then try again.`,
  }),
  behind: (mirror, shown) => ({
    vi: ` Bản sao có ${mirror} sự kiện, ít hơn ${shown} sự kiện của sổ cái hiện nay: các sự kiện sau chưa được chép sang.`,
    en: ` The mirror holds ${mirror} events, fewer than the log's ${shown} now: the later ones are not in it yet.`,
  }),
  httpError: (path, status) => ({
    vi: `Bản sao trả lỗi HTTP ${status} cho tệp ${path}; hãy thử lại, hoặc báo người quản lý bản sao.`,
    en: `The mirror answered HTTP ${status} for ${path}; try again, or tell the mirror's operator.`,
  }),
  wrongPosition: (p, said) => ({
    vi: `KHÔNG KHỚP: ở vị trí ${p} bản sao có một sự kiện tự ghi vị trí ${said}.`,
    en: `NO MATCH: at position ${p} the mirror holds an event that says it is at position ${said}.`,
  }),
};

// 1234067 → "x001/x234/067".
function indexPath(index) {
  let path = String(index % 1000).padStart(3, '0');
  for (let n = Math.floor(index / 1000); n > 0; n = Math.floor(n / 1000)) {
    path = `x${String(n % 1000).padStart(3, '0')}/${path}`;
  }
  return path;
}
const suffix = (width) => (width === TILE_WIDTH ? '' : `.p/${width}`);
export const tilePath = (level, index, width) => `tile/${level}/${indexPath(index)}${suffix(width)}`;
export const entriesPath = (index, width) => `tile/entries/${indexPath(index)}${suffix(width)}`;

// Exactly `width` entries, each after its big-endian 16-bit length; null when
// the bytes are anything else.
export function decodeBundle(bytes, width) {
  const entries = [];
  let at = 0;
  while (at < bytes.length) {
    if (entries.length === width || at + 2 > bytes.length) return null;
    const length = (bytes[at] << 8) | bytes[at + 1];
    at += 2;
    if (at + length > bytes.length) return null;
    entries.push(bytes.subarray(at, at + length));
    at += length;
  }
  return entries.length === width ? entries : null;
}

// fetchFile(path) → Promise of a Uint8Array, or null when the mirror has no
// such file; head: {size (decimal string), root (Uint8Array)}, already
// verified against the pinned key. checkPositions: entries are minhbach
// event records, each naming its position. onProgress(done, total).
// Returns {ok, size, firstBad (decimal string or null), reasonWords}.
export async function rehashTiles({ fetchFile, head, checkPositions = true, onProgress = () => {} }) {
  try {
    return await rehashEveryTile({ fetchFile, head, checkPositions, onProgress });
  } catch (e) {
    if (e instanceof MirrorFileError) return { ok: false, size: head.size, firstBad: null, reasonWords: e.reasonWords };
    throw e;
  }
}

async function rehashEveryTile({ fetchFile, head, checkPositions, onProgress }) {
  const total = Number(head.size);
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('bad head size');
  const result = (ok, firstBad, reasonWords) =>
    ({ ok, size: head.size, firstBad: firstBad === null ? null : String(firstBad), reasonWords });
  const fromEntries = new RootFromLeaves();
  const fromTiles = new RootFromLeaves();
  let firstDiffering = null;
  for (let index = 0; index * TILE_WIDTH < total; index++) {
    const width = Math.min(TILE_WIDTH, total - index * TILE_WIDTH);
    const tile = await fetchFile(tilePath(0, index, width));
    if (tile === null) return result(false, null, tilesWords.missing(tilePath(0, index, width)));
    if (tile.length !== width * HASH_SIZE) return result(false, null, tilesWords.damaged(tilePath(0, index, width)));
    const bundle = await fetchFile(entriesPath(index, width));
    if (bundle === null) return result(false, null, tilesWords.missing(entriesPath(index, width)));
    const entries = decodeBundle(bundle, width);
    // Nothing is checked against the signed root yet: a damaged bundle is
    // named, no first bad position.
    if (entries === null) return result(false, null, tilesWords.damaged(entriesPath(index, width)));
    for (let j = 0; j < width; j++) {
      const position = index * TILE_WIDTH + j;
      if (checkPositions) {
        let said = null;
        try {
          said = decodeMessage(entries[j], 'R', RECORD_POSITION).position;
        } catch {
          said = '?';
        }
        if (said !== String(position)) return result(false, null, tilesWords.wrongPosition(position, said));
      }
      const leaf = await leafHash(entries[j]);
      const tileLeaf = tile.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE);
      if (firstDiffering === null && !bytesEqual(leaf, tileLeaf)) firstDiffering = position;
      await fromEntries.addLeafHash(leaf);
      await fromTiles.addLeafHash(tileLeaf.slice());
    }
    onProgress(index * TILE_WIDTH + width, total);
  }
  if (bytesEqual(await fromEntries.root(), head.root)) return result(true, null, tilesWords.ok(total));
  if (firstDiffering !== null && bytesEqual(await fromTiles.root(), head.root)) {
    return result(false, firstDiffering, tilesWords.firstBad(firstDiffering));
  }
  return result(false, null, tilesWords.tilesDamaged);
}

// A file the mirror must have, or a failure saying which and what to do.
class MirrorFileError extends Error {
  constructor(reasonWords) {
    super(reasonWords.en);
    this.reasonWords = reasonWords;
  }
}

// The hashes of the tree of `size` leaves read from the mirror's hash tiles:
// enough for inclusion and consistency proofs (RFC 9162 §2.1.3.1, §2.1.4.1)
// from a handful of tiles, never the whole log. Every hash comes from the
// mirror, so a proof built here holds only if the mirror's tiles are those of
// the signed tree.
export class TileHashes {
  constructor(fetchFile, size) {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error('bad tree size');
    this.fetchFile = fetchFile;
    this.size = size;
    this.tiles = new Map(); // path → bytes (the few tiles one proof reads)
  }

  async tile(level, index) {
    const nodes = Math.floor(this.size / 2 ** (8 * level));
    const width = Math.min(TILE_WIDTH, nodes - index * TILE_WIDTH);
    const path = tilePath(level, index, width);
    if (!this.tiles.has(path)) {
      const bytes = await this.fetchFile(path);
      if (bytes === null) throw new MirrorFileError(tilesWords.missing(path));
      if (bytes.length !== width * HASH_SIZE) throw new MirrorFileError(tilesWords.damaged(path));
      this.tiles.set(path, bytes);
    }
    return this.tiles.get(path);
  }

  // The root of the perfect subtree of 2^height leaves from index·2^height.
  async node(height, index) {
    if (height % 8 !== 0) {
      return nodeHash(await this.node(height - 1, 2 * index), await this.node(height - 1, 2 * index + 1));
    }
    const tile = await this.tile(height / 8, Math.floor(index / TILE_WIDTH));
    const at = (index % TILE_WIDTH) * HASH_SIZE;
    return tile.slice(at, at + HASH_SIZE);
  }

  // MTH(D[start:end]).
  async range(start, end) {
    const n = end - start;
    // Math.log2, not bit tricks: sizes may pass 2^32.
    if (n > 0 && Number.isInteger(Math.log2(n)) && start % n === 0) return this.node(Math.log2(n), start / n);
    const k = largestPowerOfTwoBelow(n);
    return nodeHash(await this.range(start, start + k), await this.range(start + k, end));
  }

  // PATH(m, D[start:end]).
  async inclusionProof(m, start = 0, end = this.size) {
    const n = end - start;
    if (n <= 1) return [];
    const k = largestPowerOfTwoBelow(n);
    if (m < k) return [...(await this.inclusionProof(m, start, start + k)), await this.range(start + k, end)];
    return [...(await this.inclusionProof(m - k, start + k, end)), await this.range(start, start + k)];
  }

  // SUBPROOF(m, D[start:end], whole).
  async consistencyProof(m, start = 0, end = this.size, whole = true) {
    const n = end - start;
    if (m === n) return whole ? [] : [await this.range(start, end)];
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      return [...(await this.consistencyProof(m, start, start + k, whole)), await this.range(start + k, end)];
    }
    return [...(await this.consistencyProof(m - k, start + k, end, false)), await this.range(start, start + k)];
  }
}

function largestPowerOfTwoBelow(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export const proofWords = {
  included: (p, n) => ({
    vi: `Sự kiện ở vị trí ${p} nằm trong sổ cái đã ký (${n} sự kiện): bằng chứng dựng từ các tệp băm của bản sao.`,
    en: `The event at position ${p} is in the signed log (${n} events): the proof was built from the mirror's hash tiles.`,
  }),
  notIncluded: (p) => ({
    vi: `KHÔNG KHỚP: sự kiện ở vị trí ${p} của bản sao không nằm trong cây đã ký.`,
    en: `NO MATCH: the mirror's event at position ${p} is not in the signed tree.`,
  }),
  outOfRange: (p, n) => ({
    vi: `Bản sao có ${n} sự kiện (vị trí 0 đến ${n - 1}); không có vị trí ${p}.`,
    en: `The mirror holds ${n} events (positions 0 to ${n - 1}); there is no position ${p}.`,
  }),
  extends: (m, n) => ({
    vi: `Bản sao (${n} sự kiện) nối tiếp đầu sổ trình duyệt này đã thấy (${m} sự kiện): không sự kiện cũ nào bị đổi.`,
    en: `The mirror (${n} events) extends the head this browser saw (${m} events): no earlier event was changed.`,
  }),
  forked: (m, n) => ({
    vi: `KHÔNG KHỚP: bản sao (${n} sự kiện) không nối tiếp đầu sổ trình duyệt này đã thấy (${m} sự kiện); lịch sử đã bị viết lại.`,
    en: `NO MATCH: the mirror (${n} events) does not extend the head this browser saw (${m} events); history was rewritten.`,
  }),
  behind: (m, n) => ({
    vi: `Bản sao (${n} sự kiện) cũ hơn đầu sổ trình duyệt này đã thấy (${m} sự kiện); hãy chép lại bản sao rồi kiểm tra lại.`,
    en: `The mirror (${n} events) is older than the head this browser saw (${m} events); sync the mirror, then check again.`,
  }),
  noLastHead: {
    vi: 'Trình duyệt này chưa lưu đầu sổ nào để so.',
    en: 'This browser has saved no head to compare with.',
  },
};

// The quick checks from a mirror whose signed head is `head` ({size, root},
// already opened with the pinned key): that it extends `lastHead` (the head
// this browser saw before, or null) and, when `position` is a number, that the
// mirror's event there is in the signed tree. Returns {consistency, inclusion},
// each {ok, reasonWords} (inclusion null when no position was asked).
export async function proveFromTiles({ fetchFile, head, lastHead = null, position = null }) {
  const size = Number(head.size);
  const hashes = new TileHashes(fetchFile, size);
  const attempt = async (check) => {
    try {
      return await check();
    } catch (e) {
      if (e instanceof MirrorFileError) return { ok: false, reasonWords: e.reasonWords };
      throw e;
    }
  };
  const consistency = await attempt(async () => {
    if (!lastHead || lastHead.size === '0') return { ok: true, reasonWords: proofWords.noLastHead };
    const m = Number(lastHead.size);
    if (m > size) return { ok: false, reasonWords: proofWords.behind(m, size) };
    const proof = m === size ? [] : await hashes.consistencyProof(m);
    const ok = await verifyConsistency(m, size, proof, lastHead.root, head.root);
    return { ok, reasonWords: ok ? proofWords.extends(m, size) : proofWords.forked(m, size) };
  });
  if (position === null) return { consistency, inclusion: null };
  const inclusion = await attempt(async () => {
    if (!Number.isSafeInteger(position) || position < 0 || position >= size) {
      return { ok: false, reasonWords: proofWords.outOfRange(position, size) };
    }
    const index = Math.floor(position / TILE_WIDTH);
    const width = Math.min(TILE_WIDTH, size - index * TILE_WIDTH);
    const path = entriesPath(index, width);
    const bundle = await fetchFile(path);
    if (bundle === null) return { ok: false, reasonWords: tilesWords.missing(path) };
    const entries = decodeBundle(bundle, width);
    if (entries === null) return { ok: false, reasonWords: tilesWords.damaged(path) };
    const leaf = await leafHash(entries[position % TILE_WIDTH]);
    const ok = await verifyInclusion(position, size, leaf, await hashes.inclusionProof(position), head.root);
    return { ok, reasonWords: ok ? proofWords.included(position, size) : proofWords.notIncluded(position) };
  });
  return { consistency, inclusion };
}

// The most a mirror's file can hold: a full bundle of the largest entries,
// a full tile, a checkpoint with many cosignatures. A hostile or broken
// mirror sending more is cut off instead of filling the browser's memory.
function maxBytesFor(path) {
  if (path.startsWith('tile/entries/')) return TILE_WIDTH * (2 + 65535);
  if (path.startsWith('tile/')) return TILE_WIDTH * HASH_SIZE;
  return 1 << 20;
}

async function readCapped(res, path) {
  const max = maxBytesFor(path);
  const tooLarge = () => new MirrorFileError(tilesWords.tooLarge(path, max));
  if (Number(res.headers.get('content-length')) > max) throw tooLarge();
  if (!res.body || !res.body.getReader) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > max) throw tooLarge();
    return bytes;
  }
  const reader = res.body.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  return concatBytes(...parts);
}

// fetchFile for the mirror under `base` on this site ('/tiles'): a file's
// bytes, or null when the mirror has no such file (404). No cookies go with it.
export function mirrorFiles(base) {
  const root = base.replace(/\/+$/, '');
  return async (path) => {
    let res;
    try {
      res = await fetch(`${root}/${path}`, { credentials: 'omit' });
    } catch (e) {
      throw new MirrorFileError(tilesWords.unreachable(path, (e && e.message) || String(e)));
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new MirrorFileError(tilesWords.httpError(path, res.status));
    return readCapped(res, path);
  };
}

// The mirror's checkpoint opened with the pinned key (its verifier key text):
// {ok, head: {size, root}} or {ok: false, reasonWords}.
export async function openMirror(fetchFile, base, keyText) {
  let text;
  try {
    text = await fetchFile('checkpoint');
  } catch (e) {
    if (e instanceof MirrorFileError) return { ok: false, reasonWords: e.reasonWords };
    throw e;
  }
  if (text === null) {
    return { ok: false, reasonWords: {
      vi: `Không có bản sao ở ${base} (máy chủ cần chạy với --serve_tiles, hoặc đường dẫn sai).`,
      en: `No mirror at ${base} (the server needs --serve_tiles, or the path is wrong).` } };
  }
  let opened;
  try {
    opened = await openCheckpoint(new TextDecoder().decode(text), await parseVerifierKey(keyText));
  } catch (e) {
    opened = { ok: false, problem: (e && e.message) || String(e) };
  }
  if (!opened.ok) {
    return { ok: false, reasonWords: {
      vi: `Đầu sổ của bản sao không được ký bằng khóa đã ghim (${opened.problem}).`,
      en: `The mirror's head is not signed with the pinned key (${opened.problem}).` } };
  }
  return { ok: true, head: opened.checkpoint };
}
