// Kiểm tra (#/kiem-tra): re-hash the whole log in this browser, in a Web
// Worker (verify/rehash_worker.js), with a progress bar, and compare with the
// signed head checked against the pinned key; on a mismatch, name the first
// position that does not match. The same from a tlog-tiles mirror on this
// site (minhbachd --serve_tiles, or a copy served under the same address),
// reading nothing from the API. Every failure is said in red, in words.
import { toBase64 } from '../verify/bytes.js';
import { KeyPin } from '../verify/pin.js';
import { mirrorFiles, openMirror, proveFromTiles } from '../verify/tiles.js';

const T = {
  heading: { vi: 'Kiểm tra toàn bộ sổ cái', en: 'Check the whole log' },
  intro: {
    vi:
      'Trình duyệt này tải lần lượt mọi sự kiện của sổ cái, tự băm lại từng sự kiện và so gốc ' +
      'Merkle tính được với đầu sổ đã ký. Không cần tin máy chủ: nếu có sự kiện nào bị sửa, xóa ' +
      'hay chèn, trang sẽ nêu vị trí đầu tiên không khớp.',
    en:
      'This browser downloads every event of the log, re-hashes each one itself and compares the ' +
      'Merkle root with the signed head. No need to trust the server: if any event was changed, ' +
      'removed or inserted, the page names the first position that does not match.',
  },
  start: { vi: 'Bắt đầu kiểm tra', en: 'Start the check' },
  again: { vi: 'Kiểm tra lại', en: 'Check again' },
  running: { vi: 'Đang băm lại', en: 'Re-hashing' },
  events: { vi: 'sự kiện', en: 'events' },
  cannot: {
    vi: 'Không thể kiểm tra toàn bộ sổ cái khi đầu sổ đã ký chưa được kiểm chứng (xem lý do ở trên).',
    en: 'The whole log cannot be checked while the signed head is not verified (see why above).',
  },
  noWorker: {
    vi: 'Trình duyệt này không chạy được Web Worker nên không kiểm tra được.',
    en: 'This browser cannot run a Web Worker, so the check cannot run.',
  },
  failed: { vi: 'Không kiểm tra được', en: 'The check could not run' },
  firstBad: { vi: 'Vị trí đầu tiên không khớp', en: 'First position that does not match' },
  mirrorHeading: { vi: 'Kiểm tra từ bản sao (tlog-tiles)', en: 'Check from a mirror (tlog-tiles)' },
  mirrorIntro: {
    vi: 'Bản sao là các tệp tĩnh của sổ cái mà mọi máy chủ web đều phục vụ được. Trình duyệt đọc ' +
      'đầu sổ của bản sao, kiểm chữ ký bằng khóa đã ghim, rồi băm lại mọi sự kiện trong bản sao: ' +
      'không hỏi gì máy chủ minhbachd.',
    en: "A mirror is the log's static files, which any web server can serve. The browser reads the " +
      "mirror's head, checks its signature with the pinned key, then re-hashes every event of the " +
      'mirror: nothing is asked of minhbachd.',
  },
  mirrorPath: { vi: 'Đường dẫn của bản sao trên trang này', en: 'The mirror\'s path on this site' },
  mirrorStart: { vi: 'Kiểm tra bản sao', en: 'Check the mirror' },
  proveIntro: {
    vi: 'Kiểm tra nhanh, chỉ đọc vài tệp của bản sao: bản sao có nối tiếp đầu sổ trình duyệt này đã thấy ' +
      'không, và một sự kiện (theo vị trí) có nằm trong sổ cái đã ký không.',
    en: 'A quick check reading a few of the mirror\'s files: does the mirror extend the head this browser ' +
      'saw, and is one event (by position) in the signed log.',
  },
  provePosition: { vi: 'Vị trí sự kiện', en: 'Event position' },
  prove: { vi: 'Chứng minh từ bản sao', en: 'Prove from the mirror' },
  compareKey: {
    vi: 'So khóa với bản gốc: trên máy chủ, khóa nằm trong tệp data/log.pub và phải đúng là dòng dưới đây. ' +
      'Dấu vân tay ở trên là SHA-256 của dòng đó (không kể dấu xuống dòng); lệnh ' +
      '“tr -d \'\\n\' < data/log.pub | sha256sum” cho cùng các chữ số, viết thường và liền nhau ' +
      '(deploy/run.sh in sẵn dấu vân tay này khi khởi động, để niêm yết). ' +
      'Nếu khác, đừng tin các số liệu và báo ngay cho Mặt trận Tổ quốc xã.',
    en: 'Compare the key with the original: on the server it is the file data/log.pub, which must be exactly ' +
      'the line below. The fingerprint above is the SHA-256 of that line (without the line break); ' +
      '“tr -d \'\\n\' < data/log.pub | sha256sum” prints the same digits, lower-case and unspaced ' +
      '(deploy/run.sh prints this fingerprint at start, to be posted). ' +
      'If they differ, do not trust the figures and tell the commune Fatherland Front at once.',
  },
};

const GREEN = '#1a7f37';
const RED = '#b42318';
const running = new Set(); // the workers of the page shown last, one per panel at most

function say(ctx, el, ok, text) {
  el.textContent = `${ok ? '✓' : '✗'} ${text}`;
  el.style.color = ok ? GREEN : RED;
  if (ok) el.removeAttribute('role');
  else el.setAttribute('role', 'alert');
  el.setAttribute('data-result', ok ? 'ok' : 'bad');
}

// A start button, a progress bar with its count, and a status line.
function checkPanel(ctx, total, startWords) {
  const { el, t } = ctx;
  const bar = el('progress', { class: 'check-progress', max: String(Math.max(total, 1)), value: '0' });
  const count = el('span', { class: 'check-count' }, `0 / ${total} ${t(T.events)}`);
  const button = el('button', { type: 'button', class: 'check-start' }, t(startWords));
  const status = el('p', { class: 'check-status', 'aria-live': 'polite' });
  const panel = el('div', { class: 'check-panel' }, el('p', {}, button), el('p', {}, bar, ' ', count), status);
  return { panel, bar, count, button, status };
}

// Runs the worker with `start`, showing its progress and result in `panel`.
function run(ctx, panel, start) {
  const { bar, count, button, status } = panel;
  const { el, t } = ctx;
  if (panel.worker) {
    panel.worker.terminate();
    running.delete(panel.worker);
  }
  button.disabled = true;
  status.textContent = `${t(T.running)}…`;
  status.style.color = '';
  status.removeAttribute('data-result');
  status.removeAttribute('data-first-bad');
  bar.value = 0;
  const worker = new Worker(new URL('../verify/rehash_worker.js', import.meta.url), {
    type: 'module',
  });
  panel.worker = worker;
  running.add(worker);
  const finish = () => {
    worker.terminate();
    running.delete(worker);
    if (panel.worker === worker) panel.worker = null;
    button.disabled = false;
    button.textContent = t(T.again);
  };
  worker.onmessage = (ev) => {
    const m = ev.data || {};
    if (m.type === 'progress') {
      bar.max = Math.max(m.total, 1);
      bar.value = m.done;
      count.textContent = `${m.done} / ${m.total} ${t(T.events)}`;
    } else if (m.type === 'done') {
      say(ctx, status, m.ok, t(m.reasonWords));
      if (m.firstBad !== null && m.firstBad !== undefined) {
        status.setAttribute('data-first-bad', m.firstBad);
        const where = el('strong', { class: 'check-first-bad' }, `${t(T.firstBad)}: ${m.firstBad}`);
        where.style.color = RED;
        status.append(el('br', {}), where);
      }
      finish();
    } else if (m.type === 'error') {
      say(ctx, status, false, `${t(T.failed)}: ${m.message}`);
      finish();
    }
  };
  worker.onerror = (e) => {
    say(ctx, status, false, `${t(T.failed)}: ${(e && e.message) || 'worker error'}`);
    finish();
  };
  worker.postMessage(start);
}

// The quick checks from the mirror, in this page (a few small files).
async function proveFromMirror(ctx, { base, keyText, position, button, out }) {
  const { el, t } = ctx;
  const line = (name, ok, text) => {
    const p = el('p', { 'data-proof': name });
    say(ctx, p, ok, text);
    out.append(p);
  };
  button.disabled = true;
  out.textContent = `${t(T.running)}…`;
  try {
    const fetchFile = mirrorFiles(base);
    const opened = await openMirror(fetchFile, base, keyText);
    out.textContent = '';
    if (!opened.ok) {
      line('head', false, t(opened.reasonWords));
      return;
    }
    const r = await proveFromTiles({
      fetchFile,
      head: opened.head,
      lastHead: new KeyPin(globalThis.localStorage).lastHead(),
      position: position === '' ? null : /^[0-9]+$/.test(position) ? Number(position) : position,
    });
    line('consistency', r.consistency.ok, t(r.consistency.reasonWords));
    if (r.inclusion) line('inclusion', r.inclusion.ok, t(r.inclusion.reasonWords));
  } catch (e) {
    out.textContent = '';
    line('error', false, `${t(T.failed)}: ${(e && e.message) || e}`);
  } finally {
    button.disabled = false;
  }
}

export const page = {
  route: 'kiem-tra',
  title: { vi: 'Kiểm tra', en: 'Check' },
  nav: true,
  async render(root, ctx) {
    for (const worker of running) worker.terminate();
    running.clear();
    const { el, t } = ctx;
    root.setAttribute('data-page', 'kiem-tra');
    root.append(el('h1', {}, t(T.heading)), el('p', {}, t(T.intro)));
    const head = await ctx.verify.head();
    root.append(
      ctx.verify.headPanel
        ? ctx.verify.headPanel(head, { onRepin: () => ctx.navigate('#/kiem-tra') })
        : ctx.verify.mark(head),
    );
    if (head.keyText) {
      root.append(el('p', { class: 'check-key-how' }, t(T.compareKey)),
        el('code', { class: 'check-key', 'data-log-key': '' }, head.keyText));
    }
    const status = el('p', { class: 'check-status', 'aria-live': 'polite' });
    if (!head.ok) {
      root.append(status);
      say(ctx, status, false, t(T.cannot));
      return;
    }
    if (typeof Worker === 'undefined') {
      root.append(status);
      say(ctx, status, false, t(T.noWorker));
      return;
    }
    const total = Number(head.treeSize);
    const whole = checkPanel(ctx, total, T.start);
    root.append(whole.panel);
    whole.button.onclick = () =>
      run(ctx, whole, {
        type: 'start',
        csrfToken: ctx.session && ctx.session.csrfToken,
        logKey: head.keyText,
        head: { size: head.treeSize, root: toBase64(head.rootHash) },
        pageLimit: 500,
      });

    const path = el('input', { id: 'mirror-path', name: 'mirror', value: '/tiles', class: 'mirror-path' });
    const mirror = checkPanel(ctx, total, T.mirrorStart);
    root.append(
      el('h2', {}, t(T.mirrorHeading)),
      el('p', {}, t(T.mirrorIntro)),
      el('p', {}, el('label', { for: 'mirror-path' }, t(T.mirrorPath)), ' ', path),
      mirror.panel,
    );
    mirror.panel.setAttribute('data-check', 'mirror');
    mirror.button.onclick = () =>
      run(ctx, mirror, {
        type: 'start', logKey: head.keyText, mirror: path.value.trim() || '/tiles', shownSize: head.treeSize,
      });

    const position = el('input', {
      id: 'mirror-position', name: 'position', inputmode: 'numeric', class: 'mirror-position',
      value: String(Math.max(total - 1, 0)),
    });
    const prove = el('button', { type: 'button', class: 'mirror-prove' }, t(T.prove));
    const proofs = el('div', { 'data-check': 'mirror-proof', 'aria-live': 'polite' });
    root.append(
      el('p', {}, t(T.proveIntro)),
      el('p', {}, el('label', { for: 'mirror-position' }, t(T.provePosition)), ' ', position, ' ', prove),
      proofs,
    );
    prove.onclick = () => proveFromMirror(ctx, { base: path.value.trim() || '/tiles', keyText: head.keyText,
      position: position.value.trim(), button: prove, out: proofs });
  },
};
