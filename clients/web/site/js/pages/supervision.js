// Giám sát: one supervision by the Fatherland Front: its findings, the
// recommendations on each and the responses, from its events (each row of
// its timeline marked verified), and which recommendations the server judges
// overdue (the dashboard's open findings).
import { put, section, table, empty, journalLink, basisLine, statusText, statusRequest } from './parts.js';
import { checkedRows, timelineTable } from './timeline_view.js';
import { supervisionFromEvents } from './supervision_data.js';

const MAX_PAGES = 20;

function overdueIds(dashboard, supervisionId) {
  const ids = new Set();
  const all = [...(dashboard.openFindingsPastDue || []), ...(dashboard.subprojects || []).flatMap((s) => s.openFindings || [])];
  for (const f of all) {
    if (f.supervisionId === supervisionId) for (const r of f.overdueRecommendationIds || []) ids.add(r);
  }
  return ids;
}

function findingsView(ctx, s, overdue) {
  if (!s.findings.length) return empty(ctx, { vi: 'Chưa có phát hiện nào.', en: 'No finding yet.' });
  return s.findings.map((f) => ctx.el('article', { class: 'finding', 'data-finding': f.findingId },
    ctx.el('h3', {}, `${f.findingId} — ${f.subject} (${statusText(ctx, f.severity)})`),
    ctx.el('p', {}, f.description),
    ctx.el('p', {}, ctx.el('strong', { 'data-finding-status': f.status }, statusText(ctx, f.status)),
      f.outcome ? ` — ${f.outcome.note || f.outcome.reason || ''}` : ''),
    f.recommendations.length ? table(ctx, [
      { vi: 'Kiến nghị', en: 'Recommendation' }, { label: { vi: 'Nội dung', en: 'Text' }, text: true },
      { vi: 'Đơn vị', en: 'Unit' }, { vi: 'Hạn', en: 'Due' }, { label: { vi: 'Trả lời', en: 'Responses' }, text: true },
    ], f.recommendations.map((r) => [
      r.recommendationId, r.text, r.responsibleUnit,
      ctx.el('span', {}, ctx.fmt.date(r.dueDate), overdue.has(r.recommendationId)
        ? ctx.el('strong', { class: 'error', 'data-overdue': r.recommendationId }, ctx.t({ vi: ' · quá hạn', en: ' · overdue' })) : ''),
      r.responses.length
        ? ctx.el('ul', { class: 'plain' }, r.responses.map((x) => ctx.el('li', {}, `${x.byUnit}: ${x.text}`)))
        : ctx.t({ vi: 'chưa trả lời', en: 'no response yet' }),
    ])) : empty(ctx, { vi: 'Chưa có kiến nghị.', en: 'No recommendation yet.' })));
}

export const page = {
  route: 'giam-sat',
  title: { vi: 'Giám sát', en: 'Supervision' },
  nav: false,
  async render(root, ctx, params) {
    const id = params.id;
    if (!id) {
      put(root, ctx.el('h1', {}, ctx.t(this.title)), empty(ctx, { vi: 'Chọn một cuộc giám sát ở trang Tổng quan.', en: 'Pick a supervision on the Overview.' }));
      return;
    }
    const dashboard = ctx.call('ProgramStatus', 'GetDashboard', statusRequest(params));
    const rows = [];
    let from = '0';
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await ctx.call('Timeline', 'GetTimeline', { entity: id, withProofs: true, limit: 1000, fromPosition: from });
      rows.push(...await checkedRows(ctx, page));
      if (page.nextPosition === undefined || page.nextPosition === null || page.nextPosition === from) break;
      from = page.nextPosition;
    }
    const d = await dashboard;
    const s = supervisionFromEvents(rows.map((r) => r.decoded));
    const p = s.planned || {};
    put(root, 
      ctx.el('h1', {}, `${ctx.t({ vi: 'Giám sát', en: 'Supervision' })} ${id}`),
      basisLine(ctx, d.basis),
      s.planned ? ctx.el('p', {}, `${p.body || ''} — ${p.scope || ''} (${ctx.fmt.date(p.plannedDate)})`) : null,
      s.inspections.length ? ctx.el('p', {}, ctx.t({ vi: 'Kiểm tra: ', en: 'Inspections: ' }),
        s.inspections.map((x) => `${ctx.fmt.date(x.date)} (${(x.participants || []).join(', ')})`).join('; ')) : null,
      s.closed ? ctx.el('p', { class: 'ok' }, ctx.t({ vi: `Đã kết thúc: ${s.closed.summary || ''}`, en: `Closed: ${s.closed.summary || ''}` })) : null,
      section(ctx, { vi: 'Phát hiện, kiến nghị và trả lời', en: 'Findings, recommendations and responses' }, findingsView(ctx, s, overdueIds(d, id))),
      section(ctx, { vi: 'Diễn biến', en: 'Timeline' }, timelineTable(ctx, rows), journalLink(ctx, { entity: id })));
  },
};
