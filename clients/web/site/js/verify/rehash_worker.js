// Module Web Worker of the Kiểm tra page: pages through EventLog/ReadAll with
// the page's session cookie and CSRF token, re-hashes the whole log
// (rehash.js) and posts progress and the result; or, given a tlog-tiles
// mirror on this site, opens its checkpoint with the pinned key and re-hashes
// the mirror (tiles.js), nothing asked of the API.
//   → {type: 'start', csrfToken, logKey (verifier key text), head: {size, root (base64)}, pageLimit}
//   → {type: 'start', logKey, mirror: '/tiles', shownSize (the head the page shows)}
//   ← {type: 'progress', done, total} … then {type: 'done', ok, size, firstBad, reasonWords}
//     or {type: 'error', message}
import { fromBase64 } from './bytes.js';
import { parseVerifierKey } from './note.js';
import { rehashLog } from './rehash.js';
import { mirrorFiles, openMirror, rehashTiles, tilesWords } from './tiles.js';

function poster(csrfToken) {
  return async (method, body) => {
    const res = await fetch(`/minhbach.v1.${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken || '' },
      body: JSON.stringify(body),
    });
    let json = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    if (!res.ok) {
      throw new Error(
        json && json.message ? `${json.code}: ${json.message}` : `HTTP ${res.status}`,
      );
    }
    return json;
  };
}

async function checkMirror(msg) {
  const fetchFile = mirrorFiles(msg.mirror);
  const opened = await openMirror(fetchFile, msg.mirror, msg.logKey);
  if (!opened.ok) return { ok: false, size: '0', firstBad: null, reasonWords: opened.reasonWords };
  self.postMessage({ type: 'progress', done: 0, total: Number(opened.head.size) });
  const result = await rehashTiles({
    fetchFile,
    head: opened.head,
    onProgress: (done, total) => self.postMessage({ type: 'progress', done, total }),
  });
  // A mirror may be an older copy: what it holds matches, but say it lags.
  const shown = Number(msg.shownSize);
  if (result.ok && Number.isSafeInteger(shown) && Number(opened.head.size) < shown) {
    const behind = tilesWords.behind(opened.head.size, shown);
    result.reasonWords = { vi: result.reasonWords.vi + behind.vi, en: result.reasonWords.en + behind.en };
  }
  return result;
}

self.onmessage = async (ev) => {
  const msg = ev.data || {};
  if (msg.type !== 'start') return;
  try {
    if (msg.mirror) {
      self.postMessage({ type: 'done', ...(await checkMirror(msg)) });
      return;
    }
    const post = poster(msg.csrfToken);
    const result = await rehashLog({
      readPage: async (from, limit) =>
        (await post('EventLog/ReadAll', { fromPosition: String(from), limit })).events || [],
      getCheckpoint: (size) => post('Audit/GetCheckpoint', { treeSize: String(size) }),
      logKey: await parseVerifierKey(msg.logKey),
      head: { size: String(msg.head.size), root: fromBase64(msg.head.root) },
      pageLimit: msg.pageLimit || 500,
      onProgress: (done, total) => self.postMessage({ type: 'progress', done, total }),
    });
    self.postMessage({ type: 'done', ...result });
  } catch (e) {
    self.postMessage({ type: 'error', message: (e && e.message) || String(e) });
  }
};
