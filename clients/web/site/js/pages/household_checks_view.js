// The household targets computed from the register beside what the villages
// reported, as a table: the Overview's Dashboard.householdChecks and a
// target's TargetStatus.registerCheck show the same rows.
import { figure, table, link } from './parts.js';
import { checkRows, differenceWords } from './households_data.js';

export function householdChecksTable(ctx, checks) {
  const rows = checkRows(checks);
  if (!rows.length) return null;
  return table(ctx, [
    { vi: 'Chỉ tiêu', en: 'Target' }, { vi: 'Kỳ', en: 'Period' },
    { label: { vi: 'Theo danh sách hộ', en: 'From the register' }, num: true },
    { label: { vi: 'Thôn báo cáo', en: 'Reported by villages' }, num: true },
    { label: { vi: 'Chênh lệch', en: 'Difference' }, num: true },
  ], rows.map((r) => [
    link(ctx, 'target', r.targetId), r.period || '—',
    ctx.el('span', {}, figure(ctx, `register-numerator:${r.targetId}`, r.register, ctx.fmt.integer(r.register)),
      ' / ', figure(ctx, `register-denominator:${r.targetId}`, r.registerOf, ctx.fmt.integer(r.registerOf))),
    ctx.el('span', {}, figure(ctx, `reported-numerator:${r.targetId}`, r.reported, ctx.fmt.integer(r.reported)),
      ' / ', figure(ctx, `reported-denominator:${r.targetId}`, r.reportedOf, ctx.fmt.integer(r.reportedOf))),
    r.differs
      ? ctx.el('strong', { class: 'error', 'data-differs': r.targetId },
        r.differenceText && ctx.lang === 'vi' ? r.differenceText : ctx.t(differenceWords(r.difference)))
      : ctx.el('span', { class: 'muted', 'data-same': r.targetId }, ctx.t({ vi: 'khớp', en: 'same' })),
  ]));
}
