// Báo cáo / Report: the 6-monthly and annual monitoring report (Thông tư
// 10/2022/TT-BLĐTBXH) for a period, as of its last day, print-ready
// (site/report.css). Every figure links to the journal of its events.
import { planYear, periodsOf } from '../forms/choices.js';
import {
  buildReport, defaultPeriod, parsePeriod, periodEnd, periodName,
} from '../report/model.js';
import { basisText, rate, stateWord } from '../replay/view.js';
import { severityWord } from '../words.js';
import { withQuery } from '../router.js';

const L = (vi, en) => ({ vi, en });

function errorText(ctx, error) {
  return typeof error?.human === 'function' ? error.human(ctx.lang) : String(error?.message ?? error);
}

// The answers a report needs: the dashboard and each target for the period,
// all as of the period's last day. A target that fails is kept with its error.
export async function fetchReport(ctx, period) {
  const to = periodEnd(period);
  const asOf = { asOf: { businessDate: to }, referenceDate: to };
  const dashboard = await ctx.call('ProgramStatus', 'GetDashboard', asOf);
  const ids = (dashboard.targets ?? []).map((t) => t.targetId);
  // A target villages report on is asked for the period's reports as they
  // stand: they are filed after the period ends (July for the first half).
  const kinds = new Map((dashboard.targets ?? []).map((t) => [t.targetId, t.kind]));
  const reported = (id) => (kinds.get(id) === 'share' || kinds.get(id) === 'count') && id !== 'disbursement';
  const settled = await Promise.allSettled(ids.map((id) => ctx.call('ProgramStatus', 'GetTarget',
    reported(id) ? { referenceDate: to, id, period } : { ...asOf, id, period })));
  const targets = settled.map((s, i) => (s.status === 'fulfilled' ? s.value
    : { ...dashboard.targets[i], hasActual: false, assessment: 'no data', error: errorText(ctx, s.reason) }));
  return buildReport(period, dashboard, targets);
}

function figureEl(ctx, f) {
  let text = f.value;
  if (f.format === 'money') text = ctx.fmt.money(f.value);
  else if (f.format === 'state') text = stateWord(ctx, f.value);
  else if (f.format.endsWith('ratio') && f.value === '') text = '—';
  else if (f.format === 'money-ratio') text = f.value.split('/').map((x) => ctx.fmt.money(x)).join(' / ');
  return ctx.el('a', {
    href: f.href, class: 'figure', 'data-figure': f.name, 'data-value': f.value,
    title: ctx.t(L('Xem các sự kiện tạo nên số này', 'See the events behind this figure')),
  }, text);
}

function table(ctx, head, rows, name) {
  return ctx.el('div', { class: 'table-wrap' }, ctx.el('table', { 'data-table': name },
    ctx.el('thead', {}, ctx.el('tr', {}, ...head.map((h) => ctx.el('th', { scope: 'col' }, ctx.t(h))))),
    ctx.el('tbody', {}, ...rows.map((cells) => ctx.el('tr', {}, ...cells.map((c) => ctx.el('td', {}, c)))))));
}

function section(ctx, name, title, ...content) {
  return ctx.el('section', { class: 'report-section', 'data-section': name }, ctx.el('h3', {}, ctx.t(title)), ...content);
}

function header(ctx, r) {
  const date = ctx.fmt.date(r.to);
  const box = ctx.el('header', { class: 'report-header' },
    ctx.el('div', { class: 'report-heading' },
      ctx.el('p', { class: 'report-issuer' }, r.plan.issuer),
      ctx.el('p', { class: 'report-nation' }, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', ctx.el('br', {}), 'Độc lập - Tự do - Hạnh phúc')),
    ctx.el('h2', {}, ctx.t(L('BÁO CÁO', 'REPORT'))),
    ctx.el('p', { class: 'report-title' }, ctx.t({
      vi: `Kết quả giám sát, đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững ${ctx.t(r.periodName)}`,
      en: `Monitoring and evaluation of the National Target Program for Sustainable Poverty Reduction, ${ctx.t(r.periodName)}`,
    })),
    ctx.el('p', {}, ctx.t(L('Theo Mẫu số 01, Phụ lục II, Thông tư 10/2022/TT-BLĐTBXH, trong phạm vi dữ liệu đã ghi.',
      'After Form 01, Annex II of Circular 10/2022/TT-BLĐTBXH, as far as the records allow.'))),
    ctx.el('p', {}, ctx.t({ vi: `Kế hoạch: ${r.plan.title} (số ${r.plan.documentNumber})`, en: `Plan: ${r.plan.title} (no. ${r.plan.documentNumber})` })),
    ctx.el('p', { 'data-report-date': r.to }, ctx.t({
      vi: `Số liệu tính đến hết ngày ${date}; chỉ tiêu do thôn báo cáo theo các báo cáo của thôn cho kỳ này đã ghi đến nay.`,
      en: `Figures as of the end of ${date}; village-reported targets from the villages' reports for this period recorded so far.`,
    })),
    ctx.el('p', { 'data-basis': '' }, basisText(ctx, r.basis)));
  if (r.basis.illustrativeData) {
    box.append(ctx.el('p', { class: 'report-warning', 'data-illustrative': '' }, ctx.t(L(
      'Lưu ý: báo cáo có dùng dữ liệu minh họa (không phải số liệu thật của xã).',
      'Note: this report includes illustrative demo data (not the commune\'s real figures).'))));
  }
  return box;
}

function targetsSection(ctx, r) {
  const rows = r.targets.map((t) => [
    ctx.el('span', {}, ctx.el('strong', {}, t.id), ctx.el('br', {}), t.description),
    t.goal,
    ctx.el('span', {}, figureEl(ctx, t.actual), t.hasActual ? ` (${rate(ctx, t.actualText)})` : ''),
    t.error ? ctx.el('span', { class: 'form-error' }, t.error) : stateWord(ctx, t.assessment),
    !t.reportable ? '—' : ctx.t({
      vi: `${t.villagesReported} thôn đã báo cáo${t.notReported.length ? `; chưa: ${t.notReported.join(', ')}` : ''}`,
      en: `${t.villagesReported} villages reported${t.notReported.length ? `; not: ${t.notReported.join(', ')}` : ''}`,
    }),
  ]);
  return section(ctx, 'targets', L('I. Kết quả thực hiện các chỉ tiêu', 'I. Results by target'),
    table(ctx, [L('Chỉ tiêu', 'Target'), L('Mục tiêu', 'Goal'), L('Thực hiện', 'Actual'), L('Đánh giá', 'Assessment'),
      L('Thôn báo cáo', 'Village reports')], rows, 'targets'));
}

function moneySection(ctx, r) {
  const m = r.money;
  const rows = m.rows.map((s) => [ctx.el('span', {}, ctx.el('strong', {}, s.id), ' ', s.name),
    figureEl(ctx, s.allocated), figureEl(ctx, s.disbursed), rate(ctx, s.rateText)]);
  rows.push([ctx.el('strong', {}, ctx.t(L('Tổng cộng', 'Total'))), figureEl(ctx, m.allocated), figureEl(ctx, m.disbursed), rate(ctx, m.rateText)]);
  const out = section(ctx, 'money', L('II. Kinh phí phân bổ và giải ngân theo tiểu dự án', 'II. Budget allocated and disbursed by sub-project'),
    table(ctx, [L('Tiểu dự án', 'Sub-project'), L('Phân bổ', 'Allocated'), L('Giải ngân', 'Disbursed'), L('Tỷ lệ', 'Rate')], rows, 'money'),
    ctx.el('p', {}, ctx.t({ vi: `Mục tiêu giải ngân của kế hoạch: ${m.goal}.`, en: `The plan's disbursement goal: ${m.goal}.` })));
  if (m.carryOver) {
    const c = m.carryOver;
    out.append(ctx.el('p', { 'data-carry-over': c.status },
      ctx.t({ vi: `Kinh phí năm ${c.fiscalYear} chuyển sang: phân bổ `, en: `Funds of ${c.fiscalYear} carried over: allocated ` }),
      figureEl(ctx, c.allocated),
      ctx.t({ vi: `, giải ngân đến hạn ${ctx.fmt.date(c.deadline)} `, en: `, disbursed by the deadline ${ctx.fmt.date(c.deadline)} ` }),
      figureEl(ctx, c.disbursedByDeadline), ` (${stateWord(ctx, c.status)}).`));
  }
  return out;
}

function assignmentsSection(ctx, r) {
  const a = r.assignments;
  const rows = a.rows.map((x) => [ctx.el('span', {}, ctx.el('strong', {}, x.id), ctx.el('br', {}), x.description),
    x.leadUnits.join(', '), ctx.fmt.date(x.dueDate),
    ctx.el('span', {}, figureEl(ctx, x.status),
      x.overdue ? ctx.t({ vi: ` — quá hạn ${x.daysOverdue} ngày`, en: ` — ${x.daysOverdue} days overdue` }) : '')]);
  return section(ctx, 'assignments', L('III. Tình hình thực hiện nhiệm vụ được phân công', 'III. Assignments'),
    ctx.el('p', {}, ctx.t(L('Hoàn thành ', 'Completed ')), figureEl(ctx, a.completed), ' / ', figureEl(ctx, a.total),
      ctx.t(L(' nhiệm vụ.', ' assignments.'))),
    table(ctx, [L('Nhiệm vụ', 'Assignment'), L('Chủ trì', 'Lead'), L('Hạn', 'Due'), L('Trạng thái', 'Status')], rows, 'assignments'));
}

function supervisionSection(ctx, r) {
  const s = r.supervision;
  const content = [ctx.el('p', {}, ctx.t(L('Phát hiện giám sát đang mở: ', 'Open supervision findings: ')), figureEl(ctx, s.open))];
  if (s.rows.length > 0) {
    content.push(table(ctx, [L('Phát hiện', 'Finding'), L('Về việc', 'Subject'), L('Mức độ', 'Severity'), L('Nội dung', 'Description'),
      L('Trạng thái', 'Status')], s.rows.map((f) => [f.key, f.subject, severityWord(f.severity, ctx.lang), f.description,
      ctx.el('span', {}, figureEl(ctx, f.status), f.overdueRecommendations.length
        ? ctx.t({ vi: `; kiến nghị quá hạn: ${f.overdueRecommendations.join(', ')}`, en: `; recommendations past due: ${f.overdueRecommendations.join(', ')}` }) : '')]),
    'findings'));
  }
  return section(ctx, 'supervision', L('IV. Công tác giám sát của Mặt trận Tổ quốc', 'IV. Supervision by the Fatherland Front'), ...content);
}

function difficultiesSection(ctx, r) {
  const items = r.difficulties.length > 0 ? r.difficulties.map((d) => ctx.el('li', {}, ctx.t(d)))
    : [ctx.el('li', {}, ctx.t(L('Dữ liệu không ghi nhận khó khăn nào.', 'The records show no difficulty.')))];
  return section(ctx, 'difficulties', L('V. Khó khăn, vướng mắc', 'V. Difficulties'),
    ctx.el('p', {}, ctx.t(L('Tự động rút ra từ dữ liệu; người lập báo cáo bổ sung các khó khăn khác và kiến nghị.',
      'Drawn from the records; the author adds other difficulties and recommendations.'))),
    ctx.el('ul', {}, ...items));
}

// The report as DOM.
export function reportView(ctx, r) {
  return ctx.el('article', { class: 'report', 'data-period': r.period },
    header(ctx, r), targetsSection(ctx, r), moneySection(ctx, r), assignmentsSection(ctx, r),
    supervisionSection(ctx, r), difficultiesSection(ctx, r));
}

export const page = {
  route: 'bao-cao',
  title: L('Báo cáo', 'Report'),
  nav: true,
  async render(root, ctx, params = {}) {
    const query = params.query ?? new URLSearchParams();
    root.replaceChildren(ctx.el('h2', { class: 'no-print' }, ctx.t(L('Báo cáo giám sát, đánh giá', 'Monitoring report'))));
    let period = query.get('ky') ?? query.get('period');
    if (!parsePeriod(period)) {
      try {
        const now = await ctx.call('ProgramStatus', 'GetDashboard', {});
        period = defaultPeriod(planYear(now), now.basis?.referenceDate);
      } catch (error) {
        root.append(ctx.el('p', { class: 'form-error', role: 'alert', 'data-error': '' }, errorText(ctx, error)));
        return;
      }
    }
    const year = parsePeriod(period).year;
    const select = ctx.el('select', { id: 'report-period', 'data-field': 'period' },
      ...periodsOf(year).map((p) => ctx.el('option', { value: p }, `${p} — ${ctx.t(periodName(p))}`)));
    select.value = period;
    const print = ctx.el('button', { type: 'button' }, ctx.t(L('In báo cáo', 'Print')));
    print.addEventListener('click', () => globalThis.print?.());
    const view = ctx.el('div', { 'data-view': 'report', 'aria-live': 'polite' });
    const show = async (p) => {
      view.replaceChildren(ctx.el('p', {}, ctx.t(L('Đang tính…', 'Computing…'))));
      try {
        view.replaceChildren(reportView(ctx, await fetchReport(ctx, p)));
      } catch (error) {
        view.replaceChildren(ctx.el('p', { class: 'form-error', role: 'alert', 'data-error': '' }, errorText(ctx, error)));
      }
    };
    select.addEventListener('change', () => {
      // Kept in the URL without drawing the page again: a reload or a link
      // shows the same period.
      if (globalThis.location && globalThis.history) {
        globalThis.history.replaceState(null, '', withQuery(globalThis.location.hash, 'ky', select.value));
      }
      show(select.value);
    });
    root.append(ctx.el('div', { class: 'report-controls no-print' },
      ctx.el('label', { for: 'report-period' }, ctx.t(L('Kỳ báo cáo', 'Period'))), select, print), view);
    await show(period);
  },
};
