// A minimal ctx (as the shell builds it) around the verifier and the Kiểm tra
// page, to try them in a real browser against verify_fake_server.mjs. Writes
// what it saw into document.title when done, for a headless run to read.
import { createVerifier } from '/js/verify/index.js';
import { page } from '/js/pages/check.js';

const lang = new URLSearchParams(location.search).get('lang') || 'vi';
const session = { csrfToken: 'test-csrf' };
const call = async (service, method, request) => {
  const r = await fetch(`/minhbach.v1.${service}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
    body: JSON.stringify(request),
  });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.json();
};
const fetchJson = async (path) => (await fetch(path)).json();
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};
const verify = createVerifier({
  call,
  fetchJson,
  storage: localStorage,
  lang,
  consistencyDelayMs: 0,
});
const ctx = {
  lang,
  t: (w) => w[lang],
  el,
  verify,
  session,
  navigate: (h) => {
    location.hash = h;
  },
};

async function main() {
  const head = await verify.head();
  document.getElementById('head').append(verify.headPanel(head));
  const tl = await call('Timeline', 'GetTimeline', {
    fromPosition: '10',
    limit: 8,
    withProofs: true,
  });
  const marks = await verify.markItems(tl.items, tl.checkpoint);
  const list = el('ul', {});
  for (const [p, m] of marks)
    list.append(el('li', { 'data-position': p }, `${p} `, verify.mark(m)));
  document.getElementById('items').append(list);
  const root = document.getElementById('check');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  root.querySelector('button.check-start').click();
  const status = root.querySelector('.check-status');
  while (!status.getAttribute('data-result')) await new Promise((r) => setTimeout(r, 50));
  const okMarks = [...marks.values()].filter((m) => m.ok).length;
  document.title = `DONE head=${head.ok} marks=${okMarks}/${marks.size} check=${status.getAttribute('data-result')} firstBad=${status.getAttribute('data-first-bad')}`;
}
main().catch((e) => {
  document.title = `ERROR ${e.message}`;
});
