// Nhật ký: the log's timeline (Timeline/GetTimeline with proofs), filtered
// by entity, kind, actor and business dates, paged by position. The filters
// live in the URL (#/nhat-ky?entity=..&kind=..&actor=..&from=..&to=..&pos=..)
// so a filtered journal can be linked to and bookmarked.
import { put, mayReadTimeline, timelineNotAllowed } from './parts.js';
import { checkedRows, timelineTable } from './timeline_view.js';

export const FILTERS = [
  { name: 'entity', label: { vi: 'Đối tượng (tiểu dự án, việc, khoản chi, thôn, kỳ…)', en: 'Entity (sub-project, assignment, payment, village, period…)' }, type: 'text' },
  { name: 'kind', label: { vi: 'Loại sự kiện (vd. disbursement)', en: 'Kind of event (e.g. disbursement)' }, type: 'text' },
  { name: 'actor', label: { vi: 'Người ghi', en: 'Recorded by' }, type: 'text' },
  { name: 'from', label: { vi: 'Từ ngày', en: 'From' }, type: 'date' },
  { name: 'to', label: { vi: 'Đến ngày', en: 'To' }, type: 'date' },
];

const PAGE_SIZE = 50;

// The URL's query → the TimelineRequest (dates only when well formed).
export function timelineRequest(query) {
  const date = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : '');
  const pos = query.get('pos') || '';
  return {
    entity: (query.get('entity') || '').trim(),
    kind: (query.get('kind') || '').trim(),
    actor: (query.get('actor') || '').trim(),
    businessFrom: date(query.get('from')),
    businessTo: date(query.get('to')),
    fromPosition: /^\d+$/.test(pos) ? pos : '0',
    limit: PAGE_SIZE,
    withProofs: true,
  };
}

function filterForm(ctx, query) {
  const inputs = FILTERS.map((f) => ctx.el('input', {
    id: `filter-${f.name}`, name: f.name, type: f.type, value: query.get(f.name) || '', 'data-field': f.name,
  }));
  return ctx.el('form', {
    class: 'filters', role: 'search', 'data-form': 'journal-filters',
    onsubmit: (e) => {
      e.preventDefault();
      const q = {};
      inputs.forEach((input) => { q[input.name] = input.value.trim(); });
      ctx.navigate(ctx.hashFor('nhat-ky', null, q));
    },
  },
  FILTERS.map((f, i) => ctx.el('div', {}, ctx.el('label', { for: inputs[i].id }, ctx.t(f.label)), inputs[i])),
  ctx.el('div', { class: 'actions' },
    ctx.el('button', { type: 'submit' }, ctx.t({ vi: 'Lọc', en: 'Filter' })),
    ctx.el('a', { class: 'button secondary', href: '#/nhat-ky' }, ctx.t({ vi: 'Bỏ lọc', en: 'Clear' }))));
}

function pager(ctx, query, page) {
  const base = Object.fromEntries([...query.entries()].filter(([k]) => k !== 'pos'));
  const links = [];
  if (query.get('pos') && query.get('pos') !== '0') {
    links.push(ctx.el('a', { href: ctx.hashFor('nhat-ky', null, base), 'data-page-link': 'first' }, ctx.t({ vi: '« Trang đầu', en: '« First page' })));
  }
  if (page.nextPosition !== undefined && page.nextPosition !== null) {
    links.push(ctx.el('a', { href: ctx.hashFor('nhat-ky', null, { ...base, pos: page.nextPosition }), 'data-page-link': 'next' },
      ctx.t({ vi: `Trang sau (từ vị trí ${page.nextPosition}) »`, en: `Next page (from position ${page.nextPosition}) »` })));
  }
  return links.length ? ctx.el('nav', { class: 'pager', 'aria-label': ctx.t({ vi: 'Trang', en: 'Pages' }) }, links) : null;
}

export const page = {
  route: 'nhat-ky',
  title: { vi: 'Nhật ký', en: 'Journal' },
  nav: true,
  needs: ['Timeline', 'GetTimeline'],  // the shell leaves it out of the navigation otherwise
  async render(root, ctx, params) {
    const query = params.query;
    if (!mayReadTimeline(ctx)) {
      put(root, ctx.el('h1', {}, ctx.t(this.title)), timelineNotAllowed(ctx));
      return;
    }
    put(root, ctx.el('h1', {}, ctx.t(this.title)), filterForm(ctx, query));
    const page = await ctx.call('Timeline', 'GetTimeline', timelineRequest(query));
    const rows = await checkedRows(ctx, page);
    const size = page.checkpoint && page.checkpoint.treeSize;
    put(root, 
      ctx.el('p', { class: 'muted' }, ctx.t({
        vi: `${rows.length} sự kiện${size ? `, kiểm chứng với đầu sổ đã ký có ${size} sự kiện` : ''}.`,
        en: `${rows.length} events${size ? `, checked against the signed tree head of ${size} events` : ''}.` })),
      timelineTable(ctx, rows),
      pager(ctx, query, page));
  },
};
