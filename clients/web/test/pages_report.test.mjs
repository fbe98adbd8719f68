// The report page: periods, the model built from real answers (fixtures
// from the seed), every figure linked to its events, and the page against a
// fake ctx.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import {
  buildReport, defaultPeriod, journalLink, parsePeriod, periodEnd, periodName, periodStart,
} from '../site/js/report/model.js';
import { fetchReport, page } from '../site/js/pages/report.js';
import { apiError, fakeCtx } from '../test_support/pages_fake_dom.mjs';

const load = (name) => JSON.parse(fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const november = load('dashboard-2024-11-30.json');
const june = load('dashboard-2024-06-30.json');

test('periods of the circular and their dates', () => {
  assert.deepEqual(parsePeriod('2024-H2'), { year: '2024', half: 2 });
  assert.equal(parsePeriod('2024-H3'), null);
  assert.equal(parsePeriod('24'), null);
  assert.equal(periodEnd('2024-H1'), '2024-06-30');
  assert.equal(periodEnd('2024-H2'), '2024-12-31');
  assert.equal(periodEnd('2024'), '2024-12-31');
  assert.equal(periodStart('2024-H2'), '2024-07-01');
  assert.equal(periodName('2024-H1').vi, '6 tháng đầu năm 2024');
  assert.equal(periodName('2024').en, 'the year 2024');
  assert.equal(defaultPeriod(2024, '2024-11-30'), '2024-H1');
  assert.equal(defaultPeriod(2024, '2025-03-01'), '2024');
  assert.equal(defaultPeriod(2024, '2024-03-01'), '2024-H1');
});

test('journal links carry the filters', () => {
  assert.equal(journalLink({ entity: 'DA3-TDA3', kind: 'disbursement', to: '2024-06-30' }),
    '#/nhat-ky?entity=DA3-TDA3&kind=disbursement&to=2024-06-30');
  assert.equal(journalLink({ entity: 'GS-2024-01/F-02', to: '2024-12-31' }), '#/nhat-ky?entity=GS-2024-01%2FF-02&to=2024-12-31');
});

function targetsFor(dashboard, period) {
  return dashboard.targets.map((t) => ({ ...t, period: t.period ?? period }));
}

test('the model: money, targets, assignments, findings and difficulties from the answers', () => {
  const r = buildReport('2024-H2', november, targetsFor(november, '2024-H2'));
  assert.equal(r.to, '2024-12-31');
  assert.equal(r.money.allocated.value, '510000000');
  assert.equal(r.money.disbursed.value, '263500000');
  assert.equal(r.money.disbursed.href, '#/nhat-ky?kind=disbursement&to=2024-12-31');
  const da33 = r.money.rows.find((s) => s.id === 'DA3-TDA3');
  assert.equal(da33.disbursed.name, 'subproject.DA3-TDA3.disbursed');
  assert.equal(da33.disbursed.value, '130000000');
  assert.equal(da33.allocated.href, '#/nhat-ky?entity=DA3-TDA3&kind=budget&to=2024-12-31');
  const health = r.targets.find((t) => t.id === 'dim-health');
  assert.equal(health.actual.value, '212/220');
  assert.equal(health.actual.href, '#/nhat-ky?entity=2024-H2&kind=report');
  assert.equal(health.assessment, 'not met');
  assert.equal(r.targets.find((t) => t.id === 'agri-capacity').actual.value, '');
  assert.equal(r.assignments.total.value, String(november.assignmentsTotal));
  assert.equal(r.assignments.completed.value, String(november.assignmentsCompleted));
  assert.equal(r.assignments.rows.length, 5);
  assert.equal(r.supervision.rows[0].status.href, '#/nhat-ky?entity=GS-2024-01%2FF-02&to=2024-12-31');
  const words = r.difficulties.map((d) => d.vi).join('\n');
  assert.match(words, /Kế hoạch không nêu đơn vị chủ trì của tiểu dự án DA3-TDA1/);
  assert.match(words, /Tiểu dự án DA3-TDA1 chưa được phân công/);
  assert.match(words, /Nhiệm vụ DA7-TDA2-01 \(DA7-TDA2\) quá hạn 15 ngày/);
  assert.match(words, /Kiến nghị KN-02 .* quá hạn/);
  assert.match(words, /Chỉ tiêu dim-health chưa đạt: thực hiện 96,4 %/);
  // agri-capacity and 10 more targets have no village report at all; dim-health and dim-water have 4.
  assert.match(words, /Thôn thon-1 chưa có báo cáo được tính cho 11 chỉ tiêu/);
  assert.doesNotMatch(words, /carryover-2023.*chưa báo cáo|disbursement.*chưa báo cáo/);
  assert.equal(r.targets.find((t) => t.id === 'carryover-2023').reportable, false);
  assert.equal(r.targets.find((t) => t.id === 'merit-new-poor').reportable, true);
  assert.equal(r.money.carryOver.disbursedByDeadline.href, '#/nhat-ky?kind=disbursement&to=2024-06-30');
  assert.equal(r.basis.illustrativeData, true);
});

function reportCtx({ failTarget = null, lang = 'vi' } = {}) {
  return fakeCtx({
    lang,
    answer: (service, method, request) => {
      assert.equal(service, 'ProgramStatus');
      if (method === 'GetDashboard') return request.asOf?.businessDate === '2024-06-30' ? june : november;
      assert.equal(method, 'GetTarget');
      if (request.id === failTarget) throw apiError('not_found', `no target ${request.id}`);
      const t = november.targets.find((x) => x.targetId === request.id);
      return { ...t, period: request.period };
    },
  });
}

test('the page asks as of the period\'s last day and links every figure', async () => {
  const ctx = reportCtx();
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams('ky=2024-H1') });
  assert.deepEqual(ctx.calls[0].request, { asOf: { businessDate: '2024-06-30' }, referenceDate: '2024-06-30' });
  const targetCalls = ctx.calls.filter((c) => c.method === 'GetTarget');
  assert.equal(targetCalls.length, june.targets.length);
  assert.ok(targetCalls.every((c) => c.request.period === '2024-H1' && c.request.referenceDate === '2024-06-30'));
  // Village-reported targets: the period's reports as they stand; the rest as of its last day.
  const asOfDay = (id) => targetCalls.find((c) => c.request.id === id).request.asOf?.businessDate;
  assert.equal(asOfDay('dim-health'), undefined);
  assert.equal(asOfDay('disbursement'), '2024-06-30');
  assert.equal(asOfDay('carryover-2023'), '2024-06-30');
  const figures = root.querySelectorAll('[data-figure]');
  assert.ok(figures.length > 20);
  for (const f of figures) {
    assert.equal(f.tagName, 'A', f.getAttribute('data-figure'));
    const name = f.getAttribute('data-figure');
    const villageReported = /^target\.(?!disbursement\.)/.test(name);
    assert.match(f.getAttribute('href'), villageReported ? /^#\/nhat-ky\?entity=2024-H1&kind=report$/ : /^#\/nhat-ky\?.*to=2024-0[56]-30/, name);
    assert.ok(f.hasAttribute('data-value'));
  }
  const disbursed = root.querySelector('[data-figure="money.disbursed"]');
  assert.equal(disbursed.getAttribute('data-value'), june.money.disbursedDong);
  assert.equal(disbursed.textContent, '113.000.000 đ');
  assert.equal(root.querySelector('[data-figure="target.disbursement.actual"]').textContent, '263.500.000 đ / 510.000.000 đ');
  assert.equal(root.querySelector('[data-figure="target.dim-health.actual"]').textContent, '212/220');
  assert.match(root.querySelector('[data-section="targets"]').textContent, /212\/220 \(96,4 %\)/);
  for (const name of ['targets', 'money', 'assignments', 'supervision', 'difficulties']) {
    assert.ok(root.querySelector(`[data-section="${name}"]`), name);
  }
  assert.match(root.querySelector('[data-report-date]').textContent, /30\/06\/2024/);
  assert.ok(root.querySelector('[data-illustrative]'));
  assert.ok(root.querySelector('label[for="report-period"]'));
});

test('changing the period asks again as of that period\'s end', async () => {
  const ctx = reportCtx();
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams('ky=2024-H1') });
  const before = ctx.calls.length;
  const select = root.querySelector('[data-field="period"]');
  select.value = '2024';
  select.dispatch('change');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(ctx.calls[before].request, { asOf: { businessDate: '2024-12-31' }, referenceDate: '2024-12-31' });
  assert.equal(root.querySelector('article').getAttribute('data-period'), '2024');
});

test('without a period the latest ended one is chosen; a failing target is shown, not hidden', async () => {
  const ctx = reportCtx({ failTarget: 'dim-water' });
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  assert.deepEqual(ctx.calls[0].request, {});
  assert.equal(ctx.calls[1].request.asOf.businessDate, '2024-06-30');  // reference 2024-11-30: H1 has ended
  const row = root.querySelector('[data-figure="target.dim-water.actual"]');
  assert.equal(row.getAttribute('data-value'), '');
  assert.match(root.textContent, /Bị từ chối \(not_found\): no target dim-water/);
});

test('fetchReport in English keeps figures machine-neutral', async () => {
  const ctx = reportCtx({ lang: 'en' });
  const r = await fetchReport(ctx, '2024-H2');
  assert.equal(r.money.disbursed.value, '263500000');
  assert.equal(r.targets.find((t) => t.id === 'dim-health').period, '2024-H2');
});

test('the print stylesheet: A4, navigation and forms hidden, a page per section', () => {
  const css = fs.readFileSync(new URL('../site/report.css', import.meta.url), 'utf8');
  const print = css.slice(css.indexOf('@media print'));
  assert.ok(css.indexOf('@media print') >= 0);
  assert.match(print, /@page\s*{[^}]*size:\s*A4/);
  const hidden = /([^{}]*){\s*display:\s*none\s*!important;\s*}/.exec(print)[1];
  for (const selector of ['nav', 'form', 'button', 'select', 'input', '.report-controls']) {
    assert.ok(hidden.split(',').map((s) => s.trim()).includes(selector), selector);
  }
  assert.match(print, /\.report-section\s*{\s*break-before:\s*page;/);
  assert.doesNotMatch(css, /url\(|@import/, 'nothing fetched from elsewhere');
});

test('section IV says a finding\'s severity in Vietnamese', async () => {
  const ctx = reportCtx();
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams('ky=2024-H2') });
  const text = root.querySelector('[data-section="supervision"]').textContent;
  assert.match(text, /thấp/);
  assert.doesNotMatch(text, /\b(low|medium|high)\b/);
});

// Villages report a half-year after it ends (the seed's 2024-H1 reports were
// sent on 15/07/2024): the report of a period counts them, while its money
// stays as of the period's last day.
test('the 2024-H1 report counts the villages\' H1 reports filed after 30/06/2024', async () => {
  const health = november.targets.find((t) => t.targetId === 'dim-health');
  const ctx = fakeCtx({
    answer: (service, method, request) => {
      if (method === 'GetDashboard') return june;
      const t = november.targets.find((x) => x.targetId === request.id);
      // As of 30/06/2024 no village had reported yet.
      if (request.asOf?.businessDate === '2024-06-30' && t.targetId !== 'disbursement') {
        return { ...t, hasActual: false, villages: [], notReported: ['thon-1', 'thon-2', 'thon-3', 'thon-4'] };
      }
      return { ...t, period: request.period };
    },
  });
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams('ky=2024-H1') });
  const asked = ctx.calls.find((c) => c.method === 'GetTarget' && c.request.id === 'dim-health').request;
  assert.equal(asked.period, '2024-H1');
  assert.equal(asked.asOf, undefined, 'the period\'s reports as they stand, not as of its last day');
  const actual = root.querySelector('[data-figure="target.dim-health.actual"]');
  assert.equal(actual.textContent, `${health.actualNumerator}/${health.actualDenominator}`);
  assert.doesNotMatch(actual.getAttribute('href'), /to=/, 'its events include the reports filed after the period');
  const money = ctx.calls.find((c) => c.request.id === 'disbursement').request;
  assert.equal(money.asOf.businessDate, '2024-06-30', 'money as of the period\'s last day');
  assert.match(root.querySelector('[data-report-date]').textContent, /báo cáo của thôn/);
});

test('the chosen period is kept in the URL (?ky=), so a reload or a link shows the same report', async () => {
  const ctx = reportCtx();
  const root = ctx.el('main');
  const urls = [];
  globalThis.location = { hash: '#/bao-cao?ky=2024-H1' };
  globalThis.history = { replaceState: (state, title, url) => urls.push(url) };
  try {
    await page.render(root, ctx, { id: null, query: new URLSearchParams('ky=2024-H1') });
    const select = root.querySelector('[data-field="period"]');
    select.value = '2024';
    select.dispatch('change');
    assert.deepEqual(urls, ['#/bao-cao?ky=2024']);
  } finally {
    delete globalThis.location;
    delete globalThis.history;
  }
});

test('the difficulties write dates as a Vietnamese reader does (15/11/2024, not 2024-11-15)', () => {
  const d = { ...november, overdueAssignments: [{ assignmentId: 'A-1', subprojectId: 'S', daysOverdue: 46, dueDate: '2024-11-15' }],
    subprojects: [...november.subprojects, { subprojectId: 'S-9', overdue: true, deadlineDate: '2024-12-31' }] };
  const r = buildReport('2024-H2', d, targetsFor(november, '2024-H2'));
  const vi = r.difficulties.map((x) => x.vi).join('\n');
  assert.match(vi, /hạn 15\/11\/2024/);
  assert.match(vi, /thời hạn \(31\/12\/2024\)/);
  assert.doesNotMatch(vi, /\d{4}-\d{2}-\d{2}/);
  const en = r.difficulties.map((x) => x.en).join('\n');
  assert.match(en, /due 2024-11-15/);
});
