// The verifier's small pieces of page: a ✓/✗ mark and a head panel. Built
// with createElement and textContent only (a strict CSP, and data is never
// HTML). Colours are set from JS so a failure is red even without app.css.
import { words } from './words.js';

const GREEN = '#1a7f37';
const RED = '#b42318';

function el(doc, tag, cls, text) {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function pick(w, lang) {
  return w ? w[lang] || w.vi : '';
}

// result: a markItems value ({ok, reasonWords, treeSize}) or a head.
export function markElement(doc, result, lang) {
  const ok = Boolean(result && result.ok);
  const reason = result ? pick(result.reasonWords, lang) || result.reason || '' : '';
  const span = el(doc, 'span', `verify-mark ${ok ? 'verify-ok' : 'verify-bad'}`);
  span.setAttribute('data-verified', ok ? 'yes' : 'no');
  span.style.color = ok ? GREEN : RED;
  if (ok) {
    span.textContent = `✓ ${pick(words.markOk(), lang)}`;
    span.title = reason;
  } else {
    // The reason is written out, not hidden in a tooltip.
    span.textContent = `✗ ${pick(words.markBad(), lang)}: ${reason}`;
    span.setAttribute('role', 'alert');
    span.title = reason;
  }
  return span;
}

const LABELS = {
  head: { vi: 'Đầu sổ đã ký', en: 'Signed head' },
  key: {
    vi: 'Dấu vân tay khóa sổ cái (so với bản niêm yết ở UBND xã)',
    en: 'Log key fingerprint (compare with the one posted at the commune office)',
  },
  oldKey: { vi: 'Dấu vân tay khóa đã ghi nhớ', en: 'Fingerprint of the remembered key' },
  witnesses: {
    vi: 'Nhân chứng (Mặt trận Tổ quốc) đồng ký',
    en: 'Witnesses (Fatherland Front) cosigning',
  },
  noWitness: { vi: 'Máy chủ không khai báo nhân chứng nào.', en: 'The server names no witness.' },
  checking: {
    vi: 'Đang kiểm tra tính nối tiếp với lần trước…',
    en: 'Checking consistency with the last visit…',
  },
  repin: {
    vi: 'Tôi đã đối chiếu dấu vân tay mới với bản niêm yết: ghi nhớ khóa mới',
    en: 'I compared the new fingerprint with the posted one: remember the new key',
  },
  firstPin: {
    vi: 'Khóa này vừa được ghi nhớ lần đầu trong trình duyệt này.',
    en: 'This key was just remembered for the first time in this browser.',
  },
};

function line(doc, ok, text) {
  const p = el(doc, 'p', ok ? 'verify-ok' : 'verify-bad', `${ok ? '✓' : '✗'} ${text}`);
  p.style.color = ok ? GREEN : RED;
  if (!ok) p.setAttribute('role', 'alert');
  return p;
}

// A panel for a head() result: what was checked, in words.
export function headPanel(doc, head, lang, { onRepin } = {}) {
  const box = el(doc, 'section', 'verify-head');
  box.setAttribute('aria-live', 'polite');
  box.setAttribute('data-verified', head.ok ? 'yes' : 'no');
  box.append(el(doc, 'h2', null, pick(LABELS.head, lang)));
  box.append(line(doc, head.ok, pick(head.reasonWords, lang) || head.reason));
  if (head.keyFingerprint) {
    box.append(el(doc, 'p', null, `${pick(LABELS.key, lang)}:`));
    const fp = el(doc, 'code', 'verify-fingerprint', head.keyFingerprint);
    fp.setAttribute('data-fingerprint', head.keyFingerprint);
    box.append(fp);
    if (head.keyStatus === 'first') box.append(el(doc, 'p', null, pick(LABELS.firstPin, lang)));
  }
  if (head.keyStatus === 'changed') {
    if (head.pinnedFingerprint) {
      box.append(el(doc, 'p', null, `${pick(LABELS.oldKey, lang)}: ${head.pinnedFingerprint}`));
    }
    const b = el(doc, 'button', 'verify-repin', pick(LABELS.repin, lang));
    b.type = 'button';
    b.onclick = () => {
      if (onRepin) onRepin();
    };
    box.append(b);
  }
  if (head.ok) {
    box.append(el(doc, 'h3', null, pick(LABELS.witnesses, lang)));
    if (head.witnesses.length === 0) box.append(el(doc, 'p', null, pick(LABELS.noWitness, lang)));
    for (const w of head.witnesses) {
      // Not cosigned (yet) is said plainly; a bad cosignature or key is a failure.
      const absent = !w.present && !w.bad;
      box.append(
        absent
          ? el(doc, 'p', 'verify-absent', `– ${pick(w.reasonWords, lang)}`)
          : line(doc, w.ok, pick(w.reasonWords, lang)),
      );
    }
    const c = el(doc, 'p', 'verify-consistency', pick(LABELS.checking, lang));
    box.append(c);
    Promise.resolve(head.consistency).then((res) => {
      if (!res) return;
      c.replaceWith(line(doc, res.ok, pick(res.reasonWords, lang) || res.reason));
    });
  }
  return box;
}
