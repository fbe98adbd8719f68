// Tiểu dự án: one sub-project (ProgramStatus/GetSubProject) with its money,
// assignments, open findings and its timeline, each event marked verified.
import { put, figure, section, table, empty, link, journalLink, basisLine, statusText, statusRequest } from './parts.js';
import { entityTimeline } from './timeline_view.js';

function facts(ctx, s) {
  const row = (label, value) => [ctx.el('dt', {}, ctx.t(label)), ctx.el('dd', {}, value)];
  return ctx.el('dl', { class: 'facts' },
    s.projectName ? row({ vi: 'Thuộc', en: 'Part of' }, s.projectName) : null,
    row({ vi: 'Đơn vị chủ trì', en: 'Lead units' }, (s.leadUnits || []).join(', ') || '—'),
    row({ vi: 'Đơn vị phối hợp', en: 'Coordinating units' }, (s.coordinatingUnits || []).join(', ') || '—'),
    row({ vi: 'Thời hạn', en: 'Deadline' }, s.deadlineDate ? ctx.fmt.date(s.deadlineDate) : ctx.t({ vi: 'kế hoạch không nêu', en: 'none stated' })),
    row({ vi: 'Trạng thái', en: 'State' }, ctx.el('span', {}, figure(ctx, `state:${s.subprojectId}`, s.state, statusText(ctx, s.state)),
      s.overdue ? ctx.el('strong', { class: 'error' }, ctx.t({ vi: ' · quá hạn', en: ' · overdue' })) : '')),
    s.beneficiariesAndSupport ? row({ vi: 'Đối tượng, nội dung hỗ trợ', en: 'Beneficiaries and support' }, s.beneficiariesAndSupport) : null);
}

export function assignmentsTable(ctx, list) {
  if (!list || !list.length) return empty(ctx, { vi: 'Chưa giao việc nào.', en: 'No assignment yet.' });
  return table(ctx, [
    { vi: 'Việc', en: 'Assignment' }, { label: { vi: 'Nội dung', en: 'What' }, text: true }, { vi: 'Chủ trì', en: 'Lead' },
    { vi: 'Hạn', en: 'Due' }, { vi: 'Trạng thái', en: 'Status' },
  ], list.map((a) => [
    link(ctx, 'assignment', a.assignmentId), a.description, (a.leadUnits || []).join(', '), ctx.fmt.date(a.dueDate),
    ctx.el('span', {}, statusText(ctx, a.status), a.overdue
      ? ctx.el('strong', { class: 'error' }, ctx.t({ vi: ` · quá hạn ${a.daysOverdue} ngày`, en: ` · ${a.daysOverdue} days overdue` })) : ''),
  ]));
}

export function findingsTable(ctx, list) {
  if (!list || !list.length) return empty(ctx, { vi: 'Không có phát hiện nào đang mở.', en: 'No open finding.' });
  return table(ctx, [
    { vi: 'Giám sát', en: 'Supervision' }, { vi: 'Phát hiện', en: 'Finding' }, { vi: 'Mức', en: 'Severity' },
    { label: { vi: 'Nội dung', en: 'Description' }, text: true }, { vi: 'Trạng thái', en: 'Status' },
  ], list.map((f) => [
    link(ctx, 'supervision', f.supervisionId), f.findingId, statusText(ctx, f.severity), f.description,
    ctx.el('span', {}, statusText(ctx, f.status), (f.overdueRecommendationIds || []).length
      ? ctx.el('strong', { class: 'error' }, ctx.t({ vi: ` · kiến nghị quá hạn: ${f.overdueRecommendationIds.join(', ')}`, en: ` · overdue: ${f.overdueRecommendationIds.join(', ')}` })) : ''),
  ]));
}

export const page = {
  route: 'tieu-du-an',
  title: { vi: 'Tiểu dự án', en: 'Sub-project' },
  nav: false,
  async render(root, ctx, params) {
    if (!params.id) {
      put(root, ctx.el('h1', {}, ctx.t(this.title)),
        ctx.el('p', {}, ctx.t({ vi: 'Chọn một tiểu dự án ở trang ', en: 'Pick a sub-project on the ' }),
          ctx.el('a', { href: '#/tong-quan' }, ctx.t({ vi: 'Tổng quan', en: 'Overview' })), '.'));
      return;
    }
    const s = await ctx.call('ProgramStatus', 'GetSubProject', statusRequest(params, { id: params.id }));
    const m = s.money || {};
    const id = s.subprojectId;
    const timeline = ctx.el('div', { 'data-timeline': id }, ctx.el('p', { class: 'muted' }, ctx.t({ vi: 'Đang tải…', en: 'Loading…' })));
    put(root, 
      ctx.el('h1', {}, `${id} — ${s.name}`),
      basisLine(ctx, s.basis),
      facts(ctx, s),
      section(ctx, { vi: 'Kinh phí', en: 'Money' }, ctx.el('div', { class: 'cards' },
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: 'Phân bổ', en: 'Allocated' })),
          ctx.el('span', { class: 'value' }, figure(ctx, `allocated:${id}`, m.allocatedDong, ctx.fmt.money(m.allocatedDong)))),
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: 'Đã giải ngân', en: 'Disbursed' })),
          ctx.el('span', { class: 'value' }, figure(ctx, `disbursed:${id}`, m.disbursedDong, ctx.fmt.money(m.disbursedDong)))),
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: 'Tỷ lệ', en: 'Rate' })),
          ctx.el('span', { class: 'value' }, figure(ctx, `rate:${id}`, m.rateText, ctx.fmt.rateText(m.rateText))))),
      journalLink(ctx, { entity: id, kind: 'budget,disbursement' }, { vi: 'Các khoản phân bổ và chi trong nhật ký', en: 'Allocations and payments in the journal' })),
      section(ctx, { vi: 'Giao việc', en: 'Assignments' }, assignmentsTable(ctx, s.assignments)),
      section(ctx, { vi: 'Phát hiện giám sát đang mở', en: 'Open supervision findings' }, findingsTable(ctx, s.openFindings)),
      section(ctx, { vi: 'Diễn biến', en: 'Timeline' }, timeline, journalLink(ctx, { entity: id })));
    await entityTimeline(ctx, timeline, { entity: id });
  },
};
