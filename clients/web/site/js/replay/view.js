// How the replay page draws one answer (its basis and a summary) and the
// changes between two answers. DOM through ctx.el only.

import { severityWord } from '../words.js';

const L = (vi, en) => ({ vi, en });

const STATE_WORDS = {
  'no assignment': L('chưa phân công', 'no assignment'),
  assigned: L('đã phân công', 'assigned'),
  'in progress': L('đang thực hiện', 'in progress'),
  completed: L('hoàn thành', 'completed'),
  made: L('đã giao', 'made'),
  accepted: L('đã nhận', 'accepted'),
  cancelled: L('đã hủy', 'cancelled'),
  open: L('đang mở', 'open'),
  resolved: L('đã khắc phục', 'resolved'),
  closed: L('đã đóng', 'closed'),
  met: L('đạt', 'met'),
  'not met': L('chưa đạt', 'not met'),
  'no data': L('chưa có số liệu', 'no data'),
};

// The server's rate text ("51.7 %") with the reader's decimal mark (the
// shell's ctx.fmt.rateText; as given where a ctx has none).
export function rate(ctx, text) {
  return typeof ctx.fmt.rateText === 'function' ? ctx.fmt.rateText(text ?? '-') : (text ?? '-');
}

// A status word of the server in the reader's language (unknown: as given).
export function stateWord(ctx, word) {
  if (word === null || word === undefined || word === '') return ctx.t(L('(chưa có)', '(none)'));
  return STATE_WORDS[word] ? ctx.t(STATE_WORDS[word]) : word;
}

// "Vị trí 89 / 89 sự kiện · ngày tham chiếu 30/11/2024": where an answer comes from.
export function basisText(ctx, basis = {}) {
  const position = String(basis.position ?? '0');
  const size = String(basis.logSize ?? '0');
  const date = basis.referenceDate ? ctx.fmt.date(basis.referenceDate) : '—';
  let text = ctx.t({
    vi: `Tính từ ${position} sự kiện đầu của nhật ký (nhật ký có ${size}) · ngày tham chiếu ${date}`,
    en: `From the log's first ${position} events (the log holds ${size}) · reference date ${date}`,
  });
  const skipped = basis.skippedPositions ?? [];
  if (skipped.length > 0) {
    text += ctx.t({
      vi: ` · ${skipped.length} sự kiện chưa xảy ra vào lúc đó (bỏ qua)`,
      en: ` · ${skipped.length} events had not happened by then (skipped)`,
    });
  }
  if (basis.illustrativeData) text += ctx.t(L(' · có dữ liệu minh họa', ' · holds illustrative data'));
  return text;
}

function signed(ctx, delta) {
  const d = BigInt(delta);
  if (d === 0n) return ctx.t(L('không đổi', 'unchanged'));
  return `${d > 0n ? '+' : '−'}${ctx.fmt.money((d < 0n ? -d : d).toString())}`;
}

// "212/220", or for the disbursement target (money) "263.500.000 đ / 510.000.000 đ".
function ratio(ctx, targetId, numerator, denominator) {
  if (targetId !== 'disbursement') return `${numerator ?? 0}/${denominator ?? 0}`;
  return `${ctx.fmt.money(numerator ?? '0')} / ${ctx.fmt.money(denominator ?? '0')}`;
}

// "phân bổ 60.000.000 đ → 130.000.000 đ (+70.000.000 đ)", or nothing when unchanged.
function amountWords(ctx, label, change) {
  if (change.delta === '0') return '';
  return `${ctx.t(label)} ${ctx.fmt.money(change.from)} → ${ctx.fmt.money(change.to)} (${signed(ctx, change.delta)})`;
}

function table(ctx, head, rows, attrs = {}) {
  return ctx.el('div', { class: 'table-wrap' }, ctx.el('table', attrs,
    ctx.el('thead', {}, ctx.el('tr', {}, ...head.map((h) => ctx.el('th', { scope: 'col' }, ctx.t(h))))),
    ctx.el('tbody', {}, ...rows.map((cells) => ctx.el('tr', {}, ...cells.map((c) => ctx.el('td', {}, c)))))));
}

// One dashboard answer, summarised: money and state per sub-project,
// assignments, findings, targets.
export function dashboardSummary(ctx, d) {
  const subprojects = d.subprojects ?? [];
  const box = ctx.el('div', { class: 'replay-summary' },
    ctx.el('p', { 'data-basis': '' }, basisText(ctx, d.basis)),
    ctx.el('p', {},
      ctx.t(L('Đã phân bổ ', 'Allocated ')),
      ctx.el('strong', { 'data-figure': 'money.allocated', 'data-value': String(d.money?.allocatedDong ?? '0') },
        ctx.fmt.money(d.money?.allocatedDong ?? '0')),
      ctx.t(L(' · đã giải ngân ', ' · disbursed ')),
      ctx.el('strong', { 'data-figure': 'money.disbursed', 'data-value': String(d.money?.disbursedDong ?? '0') },
        ctx.fmt.money(d.money?.disbursedDong ?? '0')),
      ` (${rate(ctx, d.money?.rateText)})`),
    ctx.el('p', {}, ctx.t({
      vi: `Nhiệm vụ hoàn thành ${d.assignmentsCompleted ?? 0}/${d.assignmentsTotal ?? 0} · quá hạn ${(d.overdueAssignments ?? []).length} · phát hiện đang mở ${d.openFindings ?? 0}`,
      en: `Assignments completed ${d.assignmentsCompleted ?? 0}/${d.assignmentsTotal ?? 0} · overdue ${(d.overdueAssignments ?? []).length} · open findings ${d.openFindings ?? 0}`,
    })));
  box.append(table(ctx,
    [L('Tiểu dự án', 'Sub-project'), L('Trạng thái', 'State'), L('Phân bổ', 'Allocated'), L('Giải ngân', 'Disbursed')],
    subprojects.map((s) => [s.subprojectId, stateWord(ctx, s.state), ctx.fmt.money(s.money?.allocatedDong ?? '0'),
      ctx.fmt.money(s.money?.disbursedDong ?? '0')]), { 'data-table': 'subprojects' }));
  const withData = (d.targets ?? []).filter((t) => t.hasActual);
  if (withData.length > 0) {
    box.append(table(ctx, [L('Chỉ tiêu', 'Target'), L('Kỳ', 'Period'), L('Thực hiện', 'Actual'), L('Đánh giá', 'Assessment')],
      withData.map((t) => [t.targetId, t.period ?? '', `${ratio(ctx, t.targetId, t.actualNumerator, t.actualDenominator)} (${rate(ctx, t.actualText)})`,
        stateWord(ctx, t.assessment)]), { 'data-table': 'targets' }));
  }
  return box;
}

function section(ctx, title, name, items) {
  if (items.length === 0) return null;
  return ctx.el('section', { 'data-change': name }, ctx.el('h4', {}, ctx.t(title)),
    ctx.el('ul', {}, ...items.map((i) => ctx.el('li', {}, ...i))));
}

// The changes from diffDashboards(a, b), in words.
export function changesView(ctx, diff) {
  const box = ctx.el('div', { class: 'replay-changes' },
    ctx.el('p', { 'data-basis': 'a' }, ctx.t(L('Trước: ', 'Before: ')), basisText(ctx, diff.basis.a)),
    ctx.el('p', { 'data-basis': 'b' }, ctx.t(L('Sau: ', 'After: ')), basisText(ctx, diff.basis.b)));
  if (diff.empty) {
    box.append(ctx.el('p', { 'data-change': 'none' }, ctx.t(L('Không có gì thay đổi giữa hai thời điểm.', 'Nothing changed between the two points.'))));
    return box;
  }
  box.append(ctx.el('p', { 'data-change': 'money' },
    ctx.t(L('Tổng phân bổ: ', 'Total allocated: ')), signed(ctx, diff.money.allocated.delta),
    ctx.t(L(' · tổng giải ngân: ', ' · total disbursed: ')), signed(ctx, diff.money.disbursed.delta)));
  const parts = [
    section(ctx, L('Tiểu dự án', 'Sub-projects'), 'subprojects', diff.subprojects.map((s) => [
      ctx.el('strong', {}, s.id), ' — ', [
        amountWords(ctx, L('phân bổ', 'allocated'), s.allocated),
        amountWords(ctx, L('giải ngân', 'disbursed'), s.disbursed),
        s.state.from !== s.state.to ? `${stateWord(ctx, s.state.from)} → ${stateWord(ctx, s.state.to)}` : '',
      ].filter((x) => x).join('; ')])),
    section(ctx, L('Nhiệm vụ đổi trạng thái', 'Assignments that changed state'), 'assignments', diff.assignments.map((a) => [
      ctx.el('strong', {}, a.id), ` (${a.subprojectId}): ${stateWord(ctx, a.from)} → ${stateWord(ctx, a.to)}`,
      a.overdue.to && !a.overdue.from ? ctx.t(L(' · trở thành quá hạn', ' · became overdue')) : ''])),
    section(ctx, L('Phát hiện mới mở', 'Findings opened'), 'findings-opened', diff.findingsOpened.map((f) => [
      ctx.el('strong', {}, `${f.supervisionId}/${f.findingId}`), ` (${f.subject ?? ''}, ${severityWord(f.severity, ctx.lang)}): ${f.description ?? ''}`])),
    section(ctx, L('Phát hiện đã khắc phục hoặc đóng', 'Findings resolved or closed'), 'findings-closed', diff.findingsClosed.map((f) => [
      ctx.el('strong', {}, `${f.supervisionId}/${f.findingId}`), ` (${f.subject ?? ''}): ${f.description ?? ''}`])),
    section(ctx, L('Chỉ tiêu', 'Targets'), 'targets', diff.targets.map((t) => [
      ctx.el('strong', {}, t.id), ': ',
      t.from?.hasActual ? `${ratio(ctx, t.id, t.from.numerator, t.from.denominator)} (${rate(ctx, t.from.text)}${t.from.period ? `, ${t.from.period}` : ''})` : ctx.t(L('chưa có số liệu', 'no data')),
      ' → ',
      t.to?.hasActual ? `${ratio(ctx, t.id, t.to.numerator, t.to.denominator)} (${rate(ctx, t.to.text)}${t.to.period ? `, ${t.to.period}` : ''})` : ctx.t(L('chưa có số liệu', 'no data')),
      t.to ? ` · ${stateWord(ctx, t.to.assessment)}` : ''])),
  ];
  box.append(...parts.filter((p) => p));
  return box;
}
