// Giao việc: one assignment. The API has no call for one assignment, so its
// summary comes from the dashboard's sub-projects (the server's own
// status, due date and days overdue); its story from its timeline.
import { put, figure, section, empty, link, journalLink, basisLine, statusText, statusRequest } from './parts.js';
import { entityTimeline } from './timeline_view.js';

export function findAssignment(dashboard, id) {
  for (const s of dashboard.subprojects || []) {
    for (const a of s.assignments || []) if (a.assignmentId === id) return a;
  }
  return null;
}

export const page = {
  route: 'giao-viec',
  title: { vi: 'Giao việc', en: 'Assignment' },
  nav: false,
  async render(root, ctx, params) {
    if (!params.id) {
      put(root, ctx.el('h1', {}, ctx.t(this.title)), empty(ctx, { vi: 'Chọn một việc ở trang Tổng quan hoặc Tiểu dự án.', en: 'Pick an assignment on the Overview or a Sub-project.' }));
      return;
    }
    const d = await ctx.call('ProgramStatus', 'GetDashboard', statusRequest(params));
    const a = findAssignment(d, params.id);
    const timeline = ctx.el('div', { 'data-timeline': params.id });
    put(root, ctx.el('h1', {}, `${ctx.t({ vi: 'Giao việc', en: 'Assignment' })} ${params.id}`), basisLine(ctx, d.basis));
    if (!a) {
      put(root, ctx.el('p', { class: 'error', role: 'alert' }, ctx.t({
        vi: `Không có việc nào mã ${params.id} trong kế hoạch.`, en: `The plan has no assignment ${params.id}.` })));
    } else {
      const row = (label, value) => [ctx.el('dt', {}, ctx.t(label)), ctx.el('dd', {}, value)];
      put(root, ctx.el('p', {}, a.description), ctx.el('dl', { class: 'facts' },
        row({ vi: 'Tiểu dự án', en: 'Sub-project' }, link(ctx, 'subproject', a.subprojectId)),
        row({ vi: 'Đơn vị chủ trì', en: 'Lead units' }, (a.leadUnits || []).join(', ') || '—'),
        row({ vi: 'Hạn', en: 'Due' }, ctx.fmt.date(a.dueDate)),
        row({ vi: 'Trạng thái', en: 'Status' }, figure(ctx, `assignment-status:${a.assignmentId}`, a.status, statusText(ctx, a.status))),
        a.overdue ? row({ vi: 'Quá hạn', en: 'Overdue' }, ctx.el('strong', { class: 'error' },
          figure(ctx, `days-overdue:${a.assignmentId}`, a.daysOverdue, ctx.fmt.integer(a.daysOverdue)),
          ctx.t({ vi: ' ngày', en: ' days' }))) : null));
    }
    put(root, section(ctx, { vi: 'Diễn biến', en: 'Timeline' }, timeline, journalLink(ctx, { entity: params.id })));
    await entityTimeline(ctx, timeline, { entity: params.id });
  },
};
