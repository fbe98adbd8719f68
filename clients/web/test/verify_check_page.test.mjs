// The Kiểm tra page wired to ctx.verify and its worker: the start message the
// worker gets, the progress bar, and the result in green or red. The worker
// is replaced by one running rehash.js in-process over the real log (the
// real worker runs the same function; see testlib/harness for Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, toBase64 } from '../site/js/verify/bytes.js';
import { createVerifier } from '../site/js/verify/index.js';
import { parseVerifierKey } from '../site/js/verify/note.js';
import { rehashLog } from '../site/js/verify/rehash.js';
import { page } from '../site/js/pages/check.js';
import {
  checkpointText,
  fakeDocument,
  memoryStorage,
  parseSignerKey,
  rawLeaves,
  realLog,
  rootOf,
  signNote,
} from '../testlib/verify_helpers.mjs';

const signer = await parseSignerKey(realLog.logSignerKeyForTestsOnly);
const signed = async (leaves) => ({
  signedNote: await signNote(await checkpointText('minhbach.local/log', leaves), signer),
  treeSize: String(leaves.length),
  rootHash: toBase64(await rootOf(leaves)),
});

function makeCtx(served) {
  const call = async (service, method, req) => {
    assert.equal(method, 'GetCheckpoint');
    return signed(rawLeaves.slice(0, Number(req.treeSize || rawLeaves.length)));
  };
  const verify = createVerifier({
    call,
    fetchJson: async () => ({
      logVerifierKey: realLog.logVerifierKey,
      witnessKeys: [],
    }),
    storage: memoryStorage(),
    consistencyDelayMs: null,
    document: fakeDocument,
  });
  const el = (tag, attrs = {}, ...children) => {
    const e = fakeDocument.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    e.append(...children);
    return e;
  };
  const started = [];
  class FakeWorker {
    constructor(url, options) {
      assert.match(String(url), /\/js\/verify\/rehash_worker\.js$/);
      assert.deepEqual(options, { type: 'module' });
      this.terminated = false;
    }

    postMessage(msg) {
      started.push(msg);
      (async () => {
        const result = await rehashLog({
          readPage: async (from, limit) =>
            served.slice(from, from + limit).map((b) => ({ rawRecord: toBase64(b) })),
          getCheckpoint: async (size) => signed(rawLeaves.slice(0, size)),
          logKey: await parseVerifierKey(msg.logKey),
          head: { size: msg.head.size, root: fromBase64(msg.head.root) },
          pageLimit: 16,
          onProgress: (done, total) => this.onmessage({ data: { type: 'progress', done, total } }),
        });
        this.onmessage({ data: { type: 'done', ...result } });
      })();
    }

    terminate() {
      this.terminated = true;
    }
  }
  globalThis.Worker = FakeWorker;
  const ctx = {
    lang: 'vi',
    t: (w) => w.vi,
    el,
    verify,
    session: { csrfToken: 'csrf-1' },
    navigate: () => {},
  };
  return { ctx, started };
}

// ctx.el sets `class` as an attribute; the verifier's own elements use className.
const cls = (e) => e.className || e.getAttribute('class');

async function runCheck(served) {
  const { ctx, started } = makeCtx(served);
  const root = fakeDocument.createElement('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  assert.equal(root.getAttribute('data-page'), 'kiem-tra');
  const button = root.find((e) => e.tagName === 'BUTTON' && cls(e) === 'check-start');
  const bar = root.find((e) => e.tagName === 'PROGRESS');
  const status = root.find((e) => cls(e) === 'check-status');
  assert.equal(bar.getAttribute('max'), '89');
  button.onclick();
  assert.equal(button.disabled, true);
  for (let i = 0; i < 500 && !status.getAttribute('data-result'); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return { root, status, bar, button, started };
}

test('page metadata follows the contract', () => {
  assert.equal(page.route, 'kiem-tra');
  assert.deepEqual(page.title, { vi: 'Kiểm tra', en: 'Check' });
  assert.equal(typeof page.render, 'function');
});

test('a faithful log: the worker gets the verified head and the page says it matches', async () => {
  const { status, bar, button, started } = await runCheck(rawLeaves);
  assert.equal(started.length, 1);
  assert.equal(started[0].type, 'start');
  assert.equal(started[0].csrfToken, 'csrf-1');
  assert.equal(started[0].logKey, realLog.logVerifierKey);
  assert.equal(started[0].head.size, '89');
  assert.equal(started[0].head.root, toBase64(await rootOf(rawLeaves)));
  assert.equal(bar.value, 89);
  assert.equal(status.getAttribute('data-result'), 'ok');
  assert.match(status.textContent, /^✓ Khớp: cả 89 sự kiện/);
  assert.equal(status.style.color, '#1a7f37');
  assert.equal(button.disabled, false);
});

test('an edited event: the page names the first position that does not match, in red', async () => {
  const served = rawLeaves.slice();
  served[61] = served[61].slice();
  served[61][served[61].length - 1] ^= 1;
  const { status } = await runCheck(served);
  assert.equal(status.getAttribute('data-result'), 'bad');
  assert.equal(status.getAttribute('data-first-bad'), '61');
  assert.match(status.textContent, /^✗ KHÔNG KHỚP: sự kiện ở vị trí 61/);
  assert.equal(status.style.color, '#b42318');
  assert.equal(status.getAttribute('role'), 'alert');
  assert.ok(status.find((e) => cls(e) === 'check-first-bad'));
});

test('the page says how an auditor compares the key with data/log.pub', async () => {
  const { ctx } = makeCtx(rawLeaves);
  const root = fakeDocument.createElement('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  const key = root.find((e) => e.getAttribute?.('data-log-key') != null);
  assert.ok(key, 'the key text itself is shown');
  assert.equal(key.allText(), realLog.logVerifierKey);
  const text = root.allText();
  assert.match(text, /data\/log\.pub/);
  assert.match(text, /sha256sum/);
});
