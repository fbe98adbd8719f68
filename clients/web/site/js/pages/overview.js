// Tổng quan: the program at a glance, from ProgramStatus/GetDashboard alone
// (its first render: the session, this call and the verifier's checkpoint).
// The line over time needs the disbursement events: fetched after the first
// render.
import {
  put, figure, section, table, empty, link, journalLink, basisLine, statusText, statusRequest, mayReadTimeline, timelineNotAllowed,
} from './parts.js';
import { disbursementBars, cumulativeDisbursed, villagesNotReported, targetProgress } from './overview_data.js';
import { drawDisbursementBars, drawDisbursementLine } from './charts.js';
import { householdChecksTable } from './household_checks_view.js';

const MAX_TIMELINE_PAGES = 50;  // 50 000 disbursement events: far beyond a commune's year

function header(ctx, d) {
  const issued = d.issuedDate ? ctx.fmt.date(d.issuedDate) : (d.issuedMonth ? ctx.fmt.month(d.issuedMonth) : '');
  return [
    ctx.el('h1', {}, ctx.t({ vi: 'Tổng quan', en: 'Overview' })),
    ctx.el('p', { class: 'plan' }, ctx.el('strong', {}, d.title || d.planId),
      d.documentNumber ? ` — ${d.documentNumber}` : '',
      issued ? ` (${issued})` : '', d.issuer ? ` · ${d.issuer}` : ''),
    basisLine(ctx, d.basis),
  ];
}

function card(ctx, label, fig) {
  return ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t(label)), ctx.el('span', { class: 'value' }, fig));
}

function moneyCards(ctx, d) {
  const m = d.money || {};
  const c = d.carryOver || {};
  return ctx.el('div', { class: 'cards' },
    card(ctx, { vi: 'Kinh phí phân bổ', en: 'Allocated' }, figure(ctx, 'allocated', m.allocatedDong, ctx.fmt.money(m.allocatedDong))),
    card(ctx, { vi: 'Đã giải ngân', en: 'Disbursed' }, figure(ctx, 'disbursed', m.disbursedDong, ctx.fmt.money(m.disbursedDong))),
    card(ctx, { vi: `Tỷ lệ giải ngân (mục tiêu ${d.disbursementTargetText || '—'})`, en: `Disbursement rate (target ${d.disbursementTargetText || '—'})` },
      figure(ctx, 'rate', m.rateText, ctx.fmt.rateText(m.rateText))),
    card(ctx, { vi: 'Phát hiện giám sát đang mở', en: 'Open supervision findings' },
      figure(ctx, 'open-findings', d.openFindings, ctx.fmt.integer(d.openFindings))),
    card(ctx, { vi: 'Phân công hoàn thành', en: 'Assignments completed' },
      ctx.el('span', {}, figure(ctx, 'assignments-completed', d.assignmentsCompleted, ctx.fmt.integer(d.assignmentsCompleted)),
        ' / ', figure(ctx, 'assignments-total', d.assignmentsTotal, ctx.fmt.integer(d.assignmentsTotal)))),
    c.fiscalYear ? card(ctx, { vi: `Kinh phí năm ${c.fiscalYear} chuyển sang (hạn ${ctx.fmt.date(c.deadlineDate)})`, en: `${c.fiscalYear} funds carried over (by ${ctx.fmt.date(c.deadlineDate)})` },
      ctx.el('span', {}, figure(ctx, 'carry-over-disbursed-by-deadline', c.disbursedByDeadlineDong, ctx.fmt.money(c.disbursedByDeadlineDong)),
        ' / ', figure(ctx, 'carry-over-allocated', c.allocatedDong, ctx.fmt.money(c.allocatedDong)),
        ' · ', figure(ctx, 'carry-over-status', c.status, statusText(ctx, c.status)))) : null,
    m.sumOverflowed ? ctx.el('p', { class: 'error', role: 'alert' }, ctx.t({
      vi: 'Tổng tiền vượt giới hạn cộng được: các số dừng ở tổng cuối cùng cộng được.',
      en: 'The money totals overflowed: the amounts stop at the last total that fitted.' })) : null);
}

function subprojectTable(ctx, d) {
  const bars = disbursementBars(d);
  const byId = new Map((d.subprojects || []).map((s) => [s.subprojectId, s]));
  return table(ctx, [
    { vi: 'Tiểu dự án', en: 'Sub-project' }, { label: { vi: 'Tên', en: 'Name' }, text: true },
    { vi: 'Trạng thái', en: 'State' },
    { label: { vi: 'Phân bổ', en: 'Allocated' }, num: true }, { label: { vi: 'Đã giải ngân', en: 'Disbursed' }, num: true },
    { label: { vi: 'Tỷ lệ', en: 'Rate' }, num: true },
  ], bars.map((b) => {
    const s = byId.get(b.id);
    return [
      link(ctx, 'subproject', b.id), b.name,
      ctx.el('span', {}, statusText(ctx, s.state), s.overdue ? ctx.el('strong', { class: 'error' }, ctx.t({ vi: ' · quá hạn', en: ' · overdue' })) : ''),
      figure(ctx, `allocated:${b.id}`, b.allocatedDong, ctx.fmt.money(b.allocatedDong)),
      figure(ctx, `disbursed:${b.id}`, b.disbursedDong, ctx.fmt.money(b.disbursedDong)),
      figure(ctx, `rate:${b.id}`, b.rateText, ctx.fmt.rateText(b.rateText)),
    ];
  }));
}

function targetsTable(ctx, d) {
  const targets = d.targets || [];
  if (!targets.length) return empty(ctx, { vi: 'Kế hoạch chưa có chỉ tiêu.', en: 'The plan has no targets yet.' });
  return table(ctx, [
    { vi: 'Chỉ tiêu', en: 'Target' }, { label: { vi: 'Nội dung', en: 'Description' }, text: true },
    { label: { vi: 'Mục tiêu', en: 'Goal' }, num: true }, { label: { vi: 'Kết quả', en: 'Actual' }, num: true },
    { vi: 'Kỳ', en: 'Period' }, { vi: 'Đánh giá', en: 'Assessment' },
  ], targets.map((t) => {
    const progress = targetProgress(t);
    const actual = t.hasActual
      ? figure(ctx, `target-actual:${t.targetId}`, t.actualNumerator, ctx.fmt.rateText(t.actualText))
      : figure(ctx, `target-actual:${t.targetId}`, '', ctx.t({ vi: 'chưa có số liệu', en: 'no data' }));
    if (t.hasActual) actual.dataset.denominator = String(t.actualDenominator);
    const bar = progress === null ? null : ctx.el('span', {
      class: `bar${t.assessment === 'met' ? ' met' : ''}`, role: 'img',
      'aria-label': ctx.t({ vi: `${Math.round(progress * 100)}% so với mục tiêu`, en: `${Math.round(progress * 100)}% of the goal` }),
    }, barFill(ctx, progress));
    return [
      link(ctx, 'target', t.targetId), t.description,
      figure(ctx, `target-goal:${t.targetId}`, t.valueText, t.valueText || '—'),
      ctx.el('span', {}, actual, bar),
      t.period || '—',
      figure(ctx, `target-assessment:${t.targetId}`, t.assessment, statusText(ctx, t.assessment)),
    ];
  }));
}

function barFill(ctx, progress) {
  const fill = ctx.el('span', {});
  fill.style.width = `${Math.round(progress * 100)}%`;
  return fill;
}

function notReportedList(ctx, d) {
  const villages = villagesNotReported(d.targets);
  if (!villages.length) return empty(ctx, { vi: 'Mọi thôn đã báo cáo.', en: 'Every village has reported.' });
  return ctx.el('ul', { class: 'plain' }, villages.map((v) => ctx.el('li', {},
    ctx.el('strong', {}, v.villageId), ': ',
    figure(ctx, `not-reported:${v.villageId}`, v.owed.length,
      ctx.t({ vi: `${v.owed.length} chỉ tiêu chưa báo cáo`, en: `${v.owed.length} targets not reported` })),
    ' (', v.owed.map((o, i) => [i ? ', ' : '', link(ctx, 'target', o.targetId), o.period ? ` ${o.period}` : '']), ')')));
}

function overdueList(ctx, d) {
  const list = d.overdueAssignments || [];
  if (!list.length) return empty(ctx, { vi: 'Không có việc quá hạn.', en: 'No assignment is overdue.' });
  return table(ctx, [
    { vi: 'Việc', en: 'Assignment' }, { vi: 'Tiểu dự án', en: 'Sub-project' }, { label: { vi: 'Nội dung', en: 'What' }, text: true },
    { vi: 'Chủ trì', en: 'Lead' }, { vi: 'Hạn', en: 'Due' }, { label: { vi: 'Quá hạn (ngày)', en: 'Days overdue' }, num: true },
  ], list.map((a) => [
    link(ctx, 'assignment', a.assignmentId), link(ctx, 'subproject', a.subprojectId), a.description,
    (a.leadUnits || []).join(', '), ctx.fmt.date(a.dueDate),
    figure(ctx, `days-overdue:${a.assignmentId}`, a.daysOverdue, ctx.fmt.integer(a.daysOverdue)),
  ]));
}

function findingsList(ctx, d) {
  const open = (d.subprojects || []).flatMap((s) => s.openFindings || []);
  const pastDue = new Set((d.openFindingsPastDue || []).map((f) => `${f.supervisionId}/${f.findingId}`));
  // A finding can concern several sub-projects' lists; show it once.
  const seen = new Set();
  const all = [...(d.openFindingsPastDue || []), ...open].filter((f) => {
    const key = `${f.supervisionId}/${f.findingId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [
    ctx.el('p', {}, ctx.t({ vi: 'Đang mở: ', en: 'Open: ' }), figure(ctx, 'open-findings-count', d.openFindings, ctx.fmt.integer(d.openFindings)),
      ctx.t({ vi: ' · có kiến nghị quá hạn: ', en: ' · with overdue recommendations: ' }),
      figure(ctx, 'findings-past-due', (d.openFindingsPastDue || []).length, ctx.fmt.integer((d.openFindingsPastDue || []).length))),
    all.length ? table(ctx, [
      { vi: 'Giám sát', en: 'Supervision' }, { vi: 'Phát hiện', en: 'Finding' }, { vi: 'Về', en: 'Subject' },
      { vi: 'Mức', en: 'Severity' }, { label: { vi: 'Nội dung', en: 'Description' }, text: true }, { vi: 'Quá hạn', en: 'Past due' },
    ], all.map((f) => [
      link(ctx, 'supervision', f.supervisionId), f.findingId, f.subject, statusText(ctx, f.severity), f.description,
      pastDue.has(`${f.supervisionId}/${f.findingId}`)
        ? ctx.el('strong', { class: 'error' }, ctx.t({ vi: `Kiến nghị quá hạn: ${(f.overdueRecommendationIds || []).join(', ')}`, en: `Overdue: ${(f.overdueRecommendationIds || []).join(', ')}` }))
        : '—',
    ])) : null,
  ];
}

// The household targets computed from the register beside what villages
// reported (Dashboard.householdChecks, empty when no household is registered).
function householdChecks(ctx, d) {
  const t = householdChecksTable(ctx, d.householdChecks);
  if (!t) return null;
  return section(ctx, { vi: 'Số liệu từ danh sách hộ so với số thôn báo cáo', en: 'The household register against the villages\' reports' },
    t, ctx.el('p', {}, ctx.el('a', { href: '#/ho-gia-dinh' }, ctx.t({ vi: 'Xem danh sách hộ', en: 'See the register' }))));
}

function planGaps(ctx, d) {
  const items = [];
  for (const id of d.subprojectsWithoutAssignment || []) {
    items.push(ctx.el('li', {}, link(ctx, 'subproject', id), ctx.t({ vi: ': chưa giao việc', en: ': no assignment' })));
  }
  for (const id of d.subprojectsWithoutLead || []) {
    items.push(ctx.el('li', {}, link(ctx, 'subproject', id), ctx.t({ vi: ': kế hoạch chưa nêu đơn vị chủ trì', en: ': the plan names no lead unit' })));
  }
  for (const p of d.partialReports || []) {
    items.push(ctx.el('li', {}, ctx.t({ vi: `Báo cáo kỳ ${p.period} tổng hợp chưa đủ thôn (thiếu ${(p.villagesMissing || []).join(', ')}): ${p.reason}`,
      en: `The ${p.period} report was consolidated without ${(p.villagesMissing || []).join(', ')}: ${p.reason}` })));
  }
  return items.length ? section(ctx, { vi: 'Cần lưu ý', en: 'To note' }, ctx.el('ul', { class: 'plain' }, items)) : null;
}

// Every disbursement event, page after page, decoded in the browser.
async function disbursementEvents(ctx) {
  const decoded = [];
  let from = '0';
  for (let i = 0; i < MAX_TIMELINE_PAGES; i++) {
    const page = await ctx.call('Timeline', 'GetTimeline', { kind: 'disbursement', fromPosition: from, limit: 1000 });
    for (const item of page.items || []) decoded.push(await ctx.events.decode(item.event));
    if (page.nextPosition === undefined || page.nextPosition === null || page.nextPosition === from) break;
    from = page.nextPosition;
  }
  return decoded;
}

async function drawLine(ctx, box, d) {
  if (!mayReadTimeline(ctx)) {
    box.textContent = '';
    box.append(timelineNotAllowed(ctx));
    return;
  }
  const points = cumulativeDisbursed(await disbursementEvents(ctx));
  if (!ctx.isCurrent()) return;
  box.textContent = '';
  if (!points.length) {
    box.append(empty(ctx, { vi: 'Chưa có khoản chi nào.', en: 'Nothing disbursed yet.' }));
    return;
  }
  const chart = ctx.el('div', { class: 'chart', role: 'img', 'aria-label': ctx.t({ vi: 'Biểu đồ giải ngân cộng dồn theo ngày', en: 'Chart of cumulative disbursement by date' }) });
  box.append(chart);
  await drawDisbursementLine(ctx, chart, points);
  const last = points[points.length - 1];
  // The line is the events' sum; the dashboard's figure is the server's. Say
  // so when they differ (the projection behind the log, or an event it skipped).
  if (last.totalDong !== String(d.money?.disbursedDong ?? '0')) {
    box.append(ctx.el('p', { class: 'note' }, ctx.t({
      vi: `Tổng theo nhật ký (${ctx.fmt.money(last.totalDong)}) khác số của bảng tổng hợp (${ctx.fmt.money(d.money?.disbursedDong)}): bảng tổng hợp có thể chưa cập nhật hết.`,
      en: `The journal's total (${ctx.fmt.money(last.totalDong)}) differs from the dashboard's (${ctx.fmt.money(d.money?.disbursedDong)}): the dashboard may be catching up.` })));
  }
}

export const page = {
  route: 'tong-quan',
  title: { vi: 'Tổng quan', en: 'Overview' },
  nav: true,
  async render(root, ctx, params) {
    const d = await ctx.call('ProgramStatus', 'GetDashboard', statusRequest(params));
    const barsChart = ctx.el('div', { class: 'chart', role: 'img', 'aria-label': ctx.t({ vi: 'Biểu đồ kinh phí theo tiểu dự án', en: 'Chart of money by sub-project' }) });
    const lineBox = ctx.el('div', { 'data-chart': 'disbursed-over-time' },
      ctx.el('p', { class: 'muted' }, ctx.t({ vi: 'Đang tải các khoản chi…', en: 'Loading the disbursements…' })));
    put(root, 
      ...header(ctx, d),
      moneyCards(ctx, d),
      section(ctx, { vi: 'Giải ngân theo tiểu dự án', en: 'Disbursement by sub-project' }, barsChart, subprojectTable(ctx, d),
        journalLink(ctx, { kind: 'budget,disbursement' }, { vi: 'Mọi khoản phân bổ và chi trong nhật ký', en: 'Every allocation and payment in the journal' })),
      section(ctx, { vi: 'Giải ngân theo thời gian', en: 'Disbursement over time' }, lineBox),
      section(ctx, { vi: 'Chỉ tiêu: kết quả mới nhất so với mục tiêu', en: 'Targets: latest result against the goal' }, targetsTable(ctx, d)),
      householdChecks(ctx, d),
      section(ctx, { vi: 'Thôn chưa báo cáo', en: 'Villages not yet reported' }, notReportedList(ctx, d)),
      section(ctx, { vi: 'Việc quá hạn', en: 'Overdue assignments' }, overdueList(ctx, d)),
      section(ctx, { vi: 'Phát hiện giám sát', en: 'Supervision findings' }, ...findingsList(ctx, d)),
      planGaps(ctx, d));
    const bars = disbursementBars(d);
    if (bars.length) await drawDisbursementBars(ctx, barsChart, bars);
    ctx.afterRender(() => drawLine(ctx, lineBox, d));
  },
};
