// Building blocks the entity pages share: sections, tables, figures carrying
// the API's raw number for the browser tests, links between entities.
import { hashFor, withQuery } from '../router.js';
import { append } from '../dom.js';

// Appends to a page root as ctx.el does: null/false skipped, arrays
// flattened (the DOM's own append would write "null").
export function put(root, ...children) {
  return append(root, children);
}

// A figure: its text for people, its raw number in data-value, its name in
// data-figure (e.g. "disbursed:DA3-TDA3").
export function figure(ctx, name, value, text, tag = 'span') {
  return ctx.el(tag, { 'data-figure': name, 'data-value': String(value ?? '') }, text);
}

export function section(ctx, title, ...children) {
  return ctx.el('section', {}, ctx.el('h2', {}, ctx.t(title)), ...children);
}

// table(ctx, [{vi,en}|{label, num:true}], rows of cells) inside a sideways
// scrolling wrapper. A cell is a string/node, or {cell, num:true}.
export function table(ctx, headers, rows, caption = null) {
  const head = ctx.el('tr', {}, headers.map((h) => {
    const label = h.label || h;
    return ctx.el('th', { scope: 'col', class: h.num ? 'num' : null }, ctx.t(label));
  }));
  const body = rows.map((cells) => ctx.el('tr', {}, cells.map((c, i) => {
    const cls = headers[i] && headers[i].num ? 'num' : (headers[i] && headers[i].text ? 'text' : null);
    return ctx.el('td', { class: cls }, c);
  })));
  return ctx.el('div', { class: 'table-wrap' }, ctx.el('table', {},
    caption ? ctx.el('caption', { class: 'muted' }, ctx.t(caption)) : null,
    ctx.el('thead', {}, head), ctx.el('tbody', {}, body)));
}

export function empty(ctx, words) {
  return ctx.el('p', { class: 'muted' }, ctx.t(words));
}

export const ROUTES = {
  subproject: 'tieu-du-an',
  target: 'chi-tieu',
  assignment: 'giao-viec',
  supervision: 'giam-sat',
  journal: 'nhat-ky',
};

export function link(ctx, kind, id, text = id) {
  return ctx.el('a', { href: hashFor(ROUTES[kind], id) }, text);
}

// A link to the journal filtered on `query` ({entity, kind, actor, from, to}).
export function journalLink(ctx, query, words = { vi: 'Xem nhật ký', en: 'See the journal' }) {
  return ctx.el('a', { href: hashFor(ROUTES.journal, null, query), class: 'journal-link' }, ctx.t(words));
}

// "Ngày xét hạn": the date this page judges deadlines on (the server's today
// unless chosen), kept in the URL as ?ref=YYYY-MM-DD so that a link or a
// reload shows the same judgement.
export function refDateForm(ctx, referenceDate) {
  const id = 'ref-date';
  const input = ctx.el('input', { id, name: 'ref', type: 'date', 'data-field': 'ref', value: referenceDate || '' });
  const go = (value) => ctx.navigate(withQuery(globalThis.location?.hash ?? '', 'ref', value));
  const today = ctx.el('button', { type: 'button', class: 'link-button', 'data-action': 'ref-today' },
    ctx.t({ vi: 'Xét theo hôm nay', en: 'Judge on today' }));
  today.addEventListener('click', () => go(''));
  const form = ctx.el('form', { class: 'ref-date', 'data-form': 'ref-date' },
    ctx.el('label', { for: id }, ctx.t({ vi: 'Ngày xét hạn', en: 'Judge deadlines on' })), input,
    ctx.el('button', { type: 'submit', class: 'secondary' }, ctx.t({ vi: 'Xét lại', en: 'Judge again' })), today);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) go(input.value);
  });
  return form;
}

// What an answer was computed from: "Tính từ 89/89 sự kiện, xét hạn ngày
// 30/11/2024", and the form to judge on another date.
export function basisLine(ctx, basis) {
  if (!basis) return null;
  return [basisWords(ctx, basis), refDateForm(ctx, basis.referenceDate)];
}

function basisWords(ctx, b) {
  const lagging = b.position !== b.logSize;
  return ctx.el('p', { class: 'muted basis', 'data-basis-position': String(b.position ?? '') },
    ctx.t({
      vi: `Tính từ ${b.position} trong ${b.logSize} sự kiện của sổ cái; xét hạn ngày ${ctx.fmt.date(b.referenceDate)}.`,
      en: `Computed from ${b.position} of the log's ${b.logSize} events; deadlines judged on ${ctx.fmt.date(b.referenceDate)}.`,
    }),
    lagging ? ctx.t({ vi: ' Số liệu đang được cập nhật.', en: ' The figures are catching up.' }) : '',
    b.illustrativeData ? ctx.el('strong', {}, ctx.t({
      vi: ' Có dữ liệu minh họa (không phải số liệu thật).',
      en: ' Includes illustrative data (not real figures).',
    })) : '');
}

// Words for the server's status texts (machine-neutral English in the JSON).
const STATUS_WORDS = {
  'no assignment': 'chưa giao việc', assigned: 'đã giao', made: 'đã giao', accepted: 'đã nhận',
  'in progress': 'đang thực hiện', completed: 'hoàn thành', cancelled: 'đã hủy',
  open: 'đang mở', resolved: 'đã khắc phục', closed: 'đã đóng',
  submitted: 'đã nộp', approved: 'đã duyệt', returned: 'bị trả lại',
  met: 'đạt', 'not met': 'chưa đạt', 'no data': 'chưa có số liệu', missed: 'không đạt', none: 'không có',
  low: 'thấp', medium: 'trung bình', high: 'cao',
  'not consolidated': 'chưa tổng hợp', consolidated: 'đã tổng hợp',
  'sent to the district': 'đã gửi huyện', 'accepted by the district': 'huyện đã tiếp nhận',
  'returned by the district': 'huyện trả lại',
};

export function statusText(ctx, status) {
  if (!status) return '—';
  return ctx.lang === 'en' ? status : (STATUS_WORDS[status] || status);
}

// The request every status call shares: the reference date from the URL
// (?ref=YYYY-MM-DD), or the server's today.
export function statusRequest(params, extra = {}) {
  const ref = params.query.get('ref') || '';
  return /^\d{4}-\d{2}-\d{2}$/.test(ref) ? { referenceDate: ref, ...extra } : { ...extra };
}

// The timeline (GetTimeline) is for the coordinator, the Front, the district:
// other roles are told so where it would be, in words, not with a refusal.
export function mayReadTimeline(ctx) {
  return ctx.may('Timeline', 'GetTimeline');
}

export function timelineNotAllowed(ctx) {
  return ctx.el('p', { class: 'muted', 'data-not-allowed': 'timeline' }, ctx.t({
    vi: 'Vai trò của bạn không được xem nhật ký sự kiện; cán bộ điều phối, Mặt trận Tổ quốc và huyện xem được. '
      + 'Các số liệu trên trang này vẫn là số của máy chủ.',
    en: 'Your role may not read the event journal; the coordinator, the Fatherland Front and the district can. '
      + 'The figures on this page are still the server\'s.',
  }));
}
