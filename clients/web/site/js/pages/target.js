// Chỉ tiêu: one target for one period (ProgramStatus/GetTarget): the
// commune's consolidated value against the goal, and each village's report.
import { put, figure, section, table, empty, journalLink, basisLine, statusText, statusRequest } from './parts.js';
import { entityTimeline } from './timeline_view.js';
import { householdChecksTable } from './household_checks_view.js';

function periodForm(ctx, id, period) {
  const input = ctx.el('input', { id: 'period', name: 'period', value: period || '', placeholder: '2024-H1', pattern: '\\d{4}(-H[12])?' });
  return ctx.el('form', {
    class: 'filters', 'data-form': 'target-period',
    onsubmit: (e) => {
      e.preventDefault();
      ctx.navigate(ctx.hashFor('chi-tieu', id, { period: input.value.trim() }));
    },
  },
  ctx.el('div', {}, ctx.el('label', { for: 'period' }, ctx.t({ vi: 'Kỳ báo cáo (trống: kỳ mới nhất)', en: 'Period (empty: the latest)' })), input),
  ctx.el('div', { class: 'actions' }, ctx.el('button', { type: 'submit' }, ctx.t({ vi: 'Xem', en: 'Show' }))));
}

function villagesTable(ctx, t) {
  const rows = (t.villages || []).map((v) => [
    v.villageId, statusText(ctx, v.status),
    figure(ctx, `village-numerator:${v.villageId}`, v.numerator, ctx.fmt.integer(v.numerator)),
    t.kind === 'share' ? figure(ctx, `village-denominator:${v.villageId}`, v.denominator, ctx.fmt.integer(v.denominator)) : '—',
  ]);
  for (const v of t.notReported || []) {
    rows.push([v, ctx.el('strong', { class: 'error', 'data-not-reported': v }, ctx.t({ vi: 'chưa báo cáo', en: 'not reported' })), '—', '—']);
  }
  if (!rows.length) return empty(ctx, { vi: 'Chưa có thôn nào.', en: 'No village yet.' });
  return table(ctx, [
    { vi: 'Thôn', en: 'Village' }, { vi: 'Báo cáo', en: 'Report' },
    { label: { vi: 'Tử số', en: 'Numerator' }, num: true }, { label: { vi: 'Mẫu số', en: 'Denominator' }, num: true },
  ], rows);
}

export const page = {
  route: 'chi-tieu',
  title: { vi: 'Chỉ tiêu', en: 'Target' },
  nav: false,
  async render(root, ctx, params) {
    if (!params.id) {
      put(root, ctx.el('h1', {}, ctx.t(this.title)), empty(ctx, { vi: 'Chọn một chỉ tiêu ở trang Tổng quan.', en: 'Pick a target on the Overview.' }));
      return;
    }
    const period = params.query.get('period') || '';
    const t = await ctx.call('ProgramStatus', 'GetTarget', statusRequest(params, { id: params.id, period }));
    const id = t.targetId;
    const timeline = ctx.el('div', { 'data-timeline': id });
    put(root, 
      ctx.el('h1', {}, `${ctx.t({ vi: 'Chỉ tiêu', en: 'Target' })} ${id}`),
      ctx.el('p', {}, t.description),
      basisLine(ctx, t.basis),
      periodForm(ctx, id, period),
      ctx.el('div', { class: 'cards' },
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: 'Mục tiêu', en: 'Goal' })),
          ctx.el('span', { class: 'value' }, figure(ctx, `target-goal:${id}`, t.valueText, t.valueText || '—')),
          t.horizonDate ? ctx.el('span', { class: 'label' }, ctx.t({ vi: `đến ${ctx.fmt.date(t.horizonDate)}`, en: `by ${ctx.fmt.date(t.horizonDate)}` })) : null),
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: `Kết quả kỳ ${t.period || '—'}`, en: `Result for ${t.period || '—'}` })),
          ctx.el('span', { class: 'value' }, t.hasActual
            ? figure(ctx, `target-actual:${id}`, t.actualNumerator, ctx.fmt.rateText(t.actualText))
            : figure(ctx, `target-actual:${id}`, '', ctx.t({ vi: 'chưa có số liệu', en: 'no data' }))),
          t.hasActual ? ctx.el('span', { class: 'label' }, `${ctx.fmt.integer(t.actualNumerator)}${t.kind === 'share' ? ` / ${ctx.fmt.integer(t.actualDenominator)}` : ''} ${t.unit || ''}`) : null),
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: 'Đánh giá', en: 'Assessment' })),
          ctx.el('span', { class: 'value' }, figure(ctx, `target-assessment:${id}`, t.assessment, statusText(ctx, t.assessment)))),
        ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t({ vi: 'Báo cáo của xã', en: 'Commune report' })),
          ctx.el('span', { class: 'value' }, statusText(ctx, t.communeStatus)))),
      t.partialReason ? ctx.el('p', { class: 'note' }, ctx.t({
        vi: `Tổng hợp chưa đủ thôn (thiếu ${(t.villagesMissing || []).join(', ')}): ${t.partialReason}`,
        en: `Consolidated without ${(t.villagesMissing || []).join(', ')}: ${t.partialReason}` })) : null,
      t.registerCheck ? section(ctx, { vi: 'Đối chiếu với danh sách hộ', en: 'Against the household register' },
        householdChecksTable(ctx, [t.registerCheck])) : null,
      section(ctx, { vi: 'Báo cáo theo thôn', en: 'Reports by village' }, villagesTable(ctx, t),
        t.period ? journalLink(ctx, { entity: t.period, kind: 'VillageReport,CommuneReport' }, { vi: `Báo cáo kỳ ${t.period} trong nhật ký`, en: `The ${t.period} reports in the journal` }) : null),
      section(ctx, { vi: 'Diễn biến của chỉ tiêu', en: "The target's timeline" }, timeline, journalLink(ctx, { entity: id })));
    await entityTimeline(ctx, timeline, { entity: id });
  },
};
