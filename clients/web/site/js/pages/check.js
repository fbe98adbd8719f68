// Kiểm tra (#/kiem-tra): re-hash the whole log in this browser, in a Web
// Worker (verify/rehash_worker.js), with a progress bar, and compare with the
// signed head checked against the pinned key; on a mismatch, name the first
// position that does not match. Every failure is said in red, in words.
import { toBase64 } from '../verify/bytes.js';

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
let running = null; // the worker of the page shown last

function say(ctx, el, ok, text) {
  el.textContent = `${ok ? '✓' : '✗'} ${text}`;
  el.style.color = ok ? GREEN : RED;
  if (ok) el.removeAttribute('role');
  else el.setAttribute('role', 'alert');
  el.setAttribute('data-result', ok ? 'ok' : 'bad');
}

export const page = {
  route: 'kiem-tra',
  title: { vi: 'Kiểm tra', en: 'Check' },
  nav: true,
  async render(root, ctx) {
    if (running) {
      running.terminate();
      running = null;
    }
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
    const bar = el('progress', {
      class: 'check-progress',
      max: String(Math.max(total, 1)),
      value: '0',
    });
    const count = el('span', { class: 'check-count' }, `0 / ${total} ${t(T.events)}`);
    const button = el('button', { type: 'button', class: 'check-start' }, t(T.start));
    root.append(el('p', {}, button), el('p', {}, bar, ' ', count), status);

    button.onclick = () => {
      if (running) running.terminate();
      button.disabled = true;
      status.textContent = `${t(T.running)}…`;
      status.style.color = '';
      status.removeAttribute('data-result');
      bar.value = 0;
      const worker = new Worker(new URL('../verify/rehash_worker.js', import.meta.url), {
        type: 'module',
      });
      running = worker;
      const finish = () => {
        worker.terminate();
        if (running === worker) running = null;
        button.disabled = false;
        button.textContent = t(T.again);
      };
      worker.onmessage = (ev) => {
        const m = ev.data || {};
        if (m.type === 'progress') {
          bar.value = m.done;
          count.textContent = `${m.done} / ${m.total} ${t(T.events)}`;
        } else if (m.type === 'done') {
          say(ctx, status, m.ok, t(m.reasonWords));
          if (m.firstBad !== null && m.firstBad !== undefined) {
            status.setAttribute('data-first-bad', m.firstBad);
            const where = el(
              'strong',
              { class: 'check-first-bad' },
              `${t(T.firstBad)}: ${m.firstBad}`,
            );
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
      worker.postMessage({
        type: 'start',
        csrfToken: ctx.session && ctx.session.csrfToken,
        logKey: head.keyText,
        head: { size: head.treeSize, root: toBase64(head.rootHash) },
        pageLimit: 500,
      });
    };
  },
};
