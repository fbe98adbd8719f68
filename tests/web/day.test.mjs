// A whole day's work in the web app, in Vietnamese, as its users do it, on a
// desktop and on a 360 px phone: a village head submits the village report
// (refused, then accepted); the coordinator approves one report, returns
// another, consolidates a partial report with its reason, sends it to the
// district, allocates, pays and reverses, reports progress and completes an
// assignment; the Front's supervisor records a finding and a recommendation
// and the lead unit responds; the district reads and prints the 2024-H1
// report; a supervisor replays 30/06/2024 and compares two dates; an auditor
// compares the key fingerprint on Kiểm tra with data/log.pub. Each step
// checks what the person sees and what the log then holds (gRPC's answer).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cli, env, grpcAnswer, launch, shot, show, signedInPage } from './harness.mjs';

const PHONE = { width: 360, height: 780, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1280, height: 900 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function treeSize() {
  return Number(grpcAnswer('/minhbach.v1.Audit/GetCheckpoint', {}).treeSize);
}

function eventAt(position) {
  return grpcAnswer('/minhbach.v1.EventLog/GetEvent', { position: String(position) }, 'service').record;
}

// Fills one form of Nhập liệu: selects by value, text by typing (after
// clearing), dates and checkboxes set as the browser's own controls do.
async function fill(page, key, values) {
  const form = `[data-form="${key}"]`;
  await page.waitForSelector(form);
  for (const [name, value] of Object.entries(values)) {
    const sel = `${form} [data-field="${name}"]`;
    const kind = await page.$eval(sel, (e) => (e.tagName === 'SELECT' ? 'select' : e.type));
    if (kind === 'select') {
      await page.select(sel, value);
    } else if (kind === 'checkbox') {
      await page.$eval(sel, (e, v) => { e.checked = v; }, value);
    } else if (kind === 'date') {
      await page.$eval(sel, (e, v) => { e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); }, value);
    } else {
      await page.$eval(sel, (e) => { e.value = ''; });
      await page.type(sel, value);
    }
  }
  return form;
}

// Fills a village report's row for one target.
async function fillValue(page, targetId, numerator, denominator) {
  const row = `[data-form="Reporting/SubmitVillageReport"] .value-row[data-target-id="${targetId}"]`;
  for (const [field, v] of [['numerator', numerator], ['denominator', denominator]]) {
    const input = await page.$(`${row} [data-field="${field}"]`);
    if (!input || v === null) continue;
    await input.evaluate((e) => { e.value = ''; });
    await input.type(v);
  }
}

// Submits and waits for the answer: {ok, text, position} from the form.
async function submit(page, form) {
  await page.click(`${form} button[type=submit]`);
  await page.waitForFunction((f) => {
    const el = document.querySelector(f);
    return el && (!el.querySelector('[data-result]').hidden || !el.querySelector('[data-error]').hidden
      || el.querySelector('[data-field-error][role=alert]'));
  }, {}, form);
  return page.$eval(form, (el) => {
    const result = el.querySelector('[data-result]');
    if (!result.hidden) {
      return { ok: true, text: result.textContent, position: Number(result.textContent.match(/vị trí (\d+)/)?.[1]) };
    }
    const field = el.querySelector('[data-field-error][role=alert]');
    const error = el.querySelector('[data-error]');
    return {
      ok: false,
      text: error.hidden ? field.textContent : error.textContent,
      field: field?.getAttribute('data-field-error') ?? null,
      fieldText: field?.textContent ?? '',
    };
  });
}

async function fitsPhone(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 362, `${what} fits a 360 px phone (scrollWidth ${width})`);
}

// The same page's elements that must be reachable by keyboard: each focusable
// control has a label (or words of its own) and a visible focus ring.
async function keyboardReady(page, scope) {
  return page.$$eval(`${scope} input, ${scope} select, ${scope} textarea, ${scope} button`, (els) => els
    .filter((e) => e.type !== 'hidden' && e.offsetParent !== null)
    .map((e) => {
      const labelled = (e.id && document.querySelector(`label[for="${e.id}"]`)) || e.closest('label')
        || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim());
      return { what: e.outerHTML.slice(0, 80), labelled: !!labelled, tabIndex: e.tabIndex };
    })
    .filter((x) => !x.labelled || x.tabIndex < 0));
}

// Tabs through the page until `selector` has the focus; returns how many Tab
// presses it took and the focused element's outline (the visible ring).
async function tabTo(page, selector, most = 400) {
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 1; i <= most; i += 1) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((sel) => {
      const a = document.activeElement;
      if (!a || !a.matches(sel)) return null;
      const s = getComputedStyle(a);
      return { outline: s.outlineStyle, width: s.outlineWidth };
    }, selector);
    if (hit) return { presses: i, ...hit };
  }
  return null;
}

test('a village head submits the village report: refused, then accepted (phone)', async () => {
  const page = await signedInPage(browser, 'village:thon-2', { viewport: PHONE });
  const who = await page.$eval('header .who', (e) => e.textContent);
  assert.match(who, /trưởng thôn/, who);
  assert.doesNotMatch(who, /\(village\)/, who);
  // The home page: no refusal in red for what a village may not read, and no
  // link to the journal it may not open.
  await show(page, '#/tong-quan', 'tong-quan');
  await page.waitForSelector('[data-chart="disbursed-over-time"] [data-not-allowed]');
  const alerts = await page.$$eval('main [role=alert]', (es) => es.map((e) => e.textContent));
  assert.deepEqual(alerts.filter((a) => /không được|may not/.test(a)), []);
  const nav = await page.$$eval('header nav a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(!nav.includes('#/nhat-ky') && nav.includes('#/nhap-lieu'), nav.join(' '));
  await fitsPhone(page, 'Tổng quan');
  await shot(page, 'day-1-village-overview-phone');
  await show(page, '#/nhap-lieu', 'nhap-lieu');
  await fitsPhone(page, 'Nhập liệu of a village');
  assert.deepEqual(await keyboardReady(page, '[data-form="Reporting/SubmitVillageReport"]'), []);
  const target = 'dim-health';
  const periods = await page.$$eval('[data-form="Reporting/SubmitVillageReport"] [data-field="period"] option',
    (os) => os.map((o) => o.textContent));
  assert.ok(periods.includes('2024-H1 — 6 tháng đầu năm 2024'), periods.join(' | '));

  // Numerator above the denominator: refused by the page, beside the row.
  const form = await fill(page, 'Reporting/SubmitVillageReport', { period: '2024' });
  await fillValue(page, target, '250', '220');
  let answer = await submit(page, form);
  assert.equal(answer.ok, false);
  assert.equal(answer.field, `values:${target}`);
  assert.match(answer.fieldText, /Tử số không được lớn hơn mẫu số/);
  const kept = await page.$eval(`${form} .value-row[data-target-id="${target}"] [data-field="numerator"]`, (e) => e.value);
  assert.equal(kept, '250', 'what was typed stays');

  // The report of a period already approved and sent: refused by the server.
  const size = treeSize();
  await fill(page, 'Reporting/SubmitVillageReport', { period: '2024-H1' });
  await fillValue(page, target, '215', '220');
  answer = await submit(page, form);
  assert.equal(answer.ok, false, answer.text);
  assert.match(answer.text, /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựđ]/, `Vietnamese: ${answer.text}`);
  assert.equal(treeSize(), size, 'a refusal records nothing');
  assert.equal(await page.$eval(`${form} [data-field="period"]`, (e) => e.value), '2024-H1', 'the period stays chosen');
  await shot(page, 'day-1-village-refused-phone');

  // The annual report: recorded, its position shown, the event in the log.
  await fill(page, 'Reporting/SubmitVillageReport', { period: '2024' });
  answer = await submit(page, form);
  assert.equal(answer.ok, true, answer.text);
  assert.equal(answer.position, size, answer.text);
  const event = eventAt(answer.position);
  assert.equal(event.eventType, 'VillageReportSubmitted');
  assert.match(event.stream, /2024/);
  await (await page.$(`${form} [data-result]`)).screenshot({ path: path.join(env.shots, 'day-1-village-recorded-phone.png') });
  await fitsPhone(page, 'Nhập liệu after recording');
  assert.deepEqual(page.problems.filter((p) => !/status of 4\d\d/.test(p)), []);
  await page.browserContext().close();
});

test('the coordinator approves, returns, consolidates with a reason, sends, pays, reverses, completes', async () => {
  const page = await signedInPage(browser, 'coordinator', { viewport: DESKTOP });
  const who = await page.$eval('header .who', (e) => e.textContent);
  assert.match(who, /cán bộ điều phối/, who);
  await show(page, '#/nhap-lieu', 'nhap-lieu');
  assert.deepEqual(await keyboardReady(page, 'main'), []);
  // The first form is reached by keyboard, with a visible focus ring.
  const reached = await tabTo(page, '[data-form="Reporting/ApproveVillageReport"] [data-field="period"]');
  assert.ok(reached, 'the approve form is reachable with Tab');
  assert.notEqual(reached.outline, 'none', 'focus is visible');

  const recorded = async (key, values, eventType) => {
    const form = await fill(page, key, values);
    const answer = await submit(page, form);
    assert.equal(answer.ok, true, `${key}: ${answer.text}`);
    assert.match(answer.text, /^Đã ghi: .*vị trí \d+\./, answer.text);
    const event = eventAt(answer.position);
    assert.equal(event.eventType, eventType, key);
    assert.equal(event.actor, 'local-coordinator');
    return { form, answer, event };
  };
  await recorded('Reporting/ApproveVillageReport', { period: '2024', village_id: 'thon-2' }, 'VillageReportApproved');
  await recorded('Reporting/ApproveVillageReport', { period: '2024-H2', village_id: 'thon-2' }, 'VillageReportApproved');
  await recorded('Reporting/ReturnVillageReport',
    { period: '2024-H2', village_id: 'thon-1', reason: 'Thiếu số hộ nghèo của xóm 3' }, 'VillageReportReturned');

  // A partial report without its reason: refused beside the reason, nothing lost.
  const consolidate = await fill(page, 'Reporting/ConsolidateCommuneReport', { period: '2024-H2', partial: true });
  let answer = await submit(page, consolidate);
  assert.equal(answer.ok, false);
  assert.equal(answer.field, 'partial_reason');
  assert.equal(await page.$eval(`${consolidate} [data-field="partial"]`, (e) => e.checked), true);
  assert.equal(await page.$eval(`${consolidate} [data-field="period"]`, (e) => e.value), '2024-H2');
  const reason = 'Thôn 3, thôn 4 chưa gửi; huyện cần số trước 10/01';
  const c = await recorded('Reporting/ConsolidateCommuneReport',
    { period: '2024-H2', partial: true, partial_reason: reason }, 'CommuneReportConsolidated');
  assert.match(JSON.stringify(c.event), /2024-H2/);
  await recorded('Reporting/SendCommuneReportToDistrict', { period: '2024-H2' }, 'CommuneReportSentToDistrict');

  const before = grpcAnswer('/minhbach.v1.ProgramStatus/GetSubProject', { id: 'DA3-TDA3' });
  await recorded('Finance/AllocateBudget', { subproject_id: 'DA3-TDA3', allocation_id: 'NS2024-09',
    fiscal_year: '2024', amount_dong: '20.000.000', decision_number: '99/QĐ-UBND', business_date: '2024-08-01' },
  'BudgetAllocated');
  await recorded('Finance/RecordDisbursement', { subproject_id: 'DA3-TDA3', disbursement_id: 'CT-101',
    allocation_id: 'NS2024-09', amount_dong: '7.500.000', date_paid: '2024-08-02', voucher_number: 'PC-101/2024' },
  'DisbursementRecorded');
  let now = grpcAnswer('/minhbach.v1.ProgramStatus/GetSubProject', { id: 'DA3-TDA3' });
  assert.equal(BigInt(now.money.allocatedDong) - BigInt(before.money.allocatedDong), 20000000n);
  assert.equal(BigInt(now.money.disbursedDong) - BigInt(before.money.disbursedDong), 7500000n);
  await recorded('Finance/ReverseDisbursement', { subproject_id: 'DA3-TDA3', disbursement_id: 'CT-101',
    reason: 'Ghi nhầm số tiền' }, 'DisbursementReversed');
  now = grpcAnswer('/minhbach.v1.ProgramStatus/GetSubProject', { id: 'DA3-TDA3' });
  assert.equal(now.money.disbursedDong, before.money.disbursedDong, 'the reversal takes the payment back');

  await recorded('Assignments/ReportProgress', { assignment_id: 'DA6-TDA1-01', text: 'Đã tập huấn 2 buổi',
    quantity: '45', evidence_refs: 'BB-01, BB-02' }, 'AssignmentProgressReported');
  const done = await recorded('Assignments/CompleteAssignment',
    { assignment_id: 'DA6-TDA1-01', summary: 'Hoàn thành tập huấn' }, 'AssignmentCompleted');
  // The completed assignment leaves the list of assignments to report on.
  await page.waitForFunction(() => ![...document.querySelectorAll(
    '[data-form="Assignments/ReportProgress"] [data-field="assignment_id"] option')].some((o) => o.value === 'DA6-TDA1-01'));

  // Someone else records while the coordinator is half-way through a form:
  // what was typed, and the position just shown, stay on the screen.
  const alloc = '[data-form="Finance/AllocateBudget"]';
  await page.type(`${alloc} [data-field="decision_number"]`, '100/QĐ-UBND');
  await page.click('main h2');  // the focus leaves the form
  cli(['assignment', 'progress', 'DA3-TDA3-01', '--text=Tư vấn thêm 10 lao động', '--quantity=10'], 'implementer:ldtbxh');
  // The page offers to show the new event instead of redrawing itself.
  await page.waitForSelector('#status button', { timeout: 20000 });
  assert.equal(await page.$eval(`${alloc} [data-field="decision_number"]`, (e) => e.value), '100/QĐ-UBND');
  assert.match(await page.$eval(`${done.form} [data-result]`, (e) => e.textContent), new RegExp(`vị trí ${done.answer.position}`));
  await shot(page, 'day-2-coordinator');
  await page.setViewport(PHONE);  // a phone viewport reloads the page
  await page.waitForSelector('[data-page="nhap-lieu"][data-ready]', { timeout: 20000 });
  await fitsPhone(page, 'Nhập liệu of the coordinator');
  assert.deepEqual(page.problems.filter((p) => !/status of 4\d\d/.test(p)), []);
  await page.browserContext().close();
});

test('the Front records a finding and a recommendation; the lead unit responds; deadlines judged on a chosen date', async () => {
  const page = await signedInPage(browser, 'supervisor', { viewport: DESKTOP });
  await show(page, '#/nhap-lieu', 'nhap-lieu');
  const severities = await page.$$eval('[data-form="Supervision/RecordFinding"] [data-field="severity"] option',
    (os) => os.map((o) => o.textContent));
  assert.ok(severities.includes('trung bình') && !severities.includes('medium'), severities.join(', '));
  let form = await fill(page, 'Supervision/RecordFinding', { supervision_id: 'GS-2024-01', finding_id: 'F-09',
    subject: 'DA3-TDA3', severity: 'medium', description: 'Chứng từ chi thiếu chữ ký', business_date: '2024-08-25' });
  let answer = await submit(page, form);
  assert.equal(answer.ok, true, answer.text);
  let event = eventAt(answer.position);
  assert.equal(event.eventType, 'FindingRecorded');
  assert.match(event.stream, /GS-2024-01/);
  form = await fill(page, 'Supervision/IssueRecommendation', { supervision_id: 'GS-2024-01', finding_id: 'F-09',
    recommendation_id: 'KN-09', text: 'Bổ sung chữ ký vào chứng từ', responsible_unit: 'ldtbxh', due_date: '2024-09-15',
    business_date: '2024-08-26' });
  answer = await submit(page, form);
  assert.equal(answer.ok, true, answer.text);
  assert.equal(eventAt(answer.position).eventType, 'RecommendationIssued');

  // The supervision page: the severity in words; KN-09 overdue on today...
  await show(page, '#/giam-sat/GS-2024-01', 'giam-sat');
  const finding = await page.$eval('[data-finding="F-09"] h3', (h) => h.textContent);
  assert.equal(finding, 'F-09 — DA3-TDA3 (trung bình)');
  assert.ok(await page.$('[data-overdue="KN-09"]'), 'past its due date today');
  // ...and not yet on 01/09/2024, chosen in "Ngày xét hạn" and kept in the URL.
  const ref = await tabTo(page, '[data-form="ref-date"] input[data-field="ref"]');
  assert.ok(ref, 'the reference date is reachable with Tab');
  await page.$eval('[data-form="ref-date"] input', (e) => { e.value = '2024-09-01'; });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.includes('ref=2024-09-01'));
  await page.waitForSelector('[data-page="giam-sat"][data-ready]');
  assert.equal(await page.$('[data-overdue="KN-09"]'), null, 'not overdue on 01/09/2024');
  assert.match(await page.$eval('.basis', (b) => b.textContent), /xét hạn ngày 01\/09\/2024/);
  const dashboard = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard', { referenceDate: '2024-09-01' });
  assert.equal(dashboard.basis.referenceDate, '2024-09-01');
  await shot(page, 'day-3-supervision-ref-date');
  // The journal says the finding in Vietnamese.
  await show(page, '#/nhat-ky?entity=GS-2024-01', 'nhat-ky');
  const journal = await page.$eval('main', (m) => m.innerText);
  assert.match(journal, /Phát hiện F-09 \(GS-2024-01\) về DA3-TDA3, mức trung bình/);
  assert.doesNotMatch(journal, /mức (low|medium|high)/);
  await page.browserContext().close();

  const lead = await signedInPage(browser, 'implementer:ldtbxh', { viewport: PHONE });
  await show(lead, '#/nhap-lieu', 'nhap-lieu');
  form = await fill(lead, 'Supervision/SubmitResponse', { supervision_id: 'GS-2024-01', recommendation_id: 'KN-09',
    by_unit: 'ldtbxh', text: 'Đã bổ sung chữ ký ngày 05/09/2024', business_date: '2024-09-05' });
  answer = await submit(lead, form);
  assert.equal(answer.ok, true, answer.text);
  event = eventAt(answer.position);
  assert.equal(event.eventType, 'ResponseSubmitted');
  await fitsPhone(lead, 'Nhập liệu of the lead unit');
  await lead.browserContext().close();
  // The Front sees the answer beside its recommendation.
  const front = await signedInPage(browser, 'supervisor', { viewport: PHONE });
  await show(front, '#/giam-sat/GS-2024-01', 'giam-sat');
  assert.match(await front.$eval('[data-finding="F-09"]', (f) => f.textContent), /ldtbxh: Đã bổ sung chữ ký ngày 05\/09\/2024/);
  await fitsPhone(front, 'Giám sát');
  await shot(front, 'day-3-supervision-phone');
  await front.browserContext().close();
});

test('the district reads the 2024-H1 report and prints it', async () => {
  const page = await signedInPage(browser, 'district', { viewport: DESKTOP });
  assert.match(await page.$eval('header .who', (e) => e.textContent), /\(huyện\)/);
  await show(page, '#/bao-cao', 'bao-cao');
  await page.select('#report-period', '2024-H1');
  await page.waitForSelector('article.report[data-period="2024-H1"]', { timeout: 20000 });
  const june = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard',
    { asOf: { businessDate: '2024-06-30' }, referenceDate: '2024-06-30' }, 'district');
  const disbursed = await page.$eval('[data-figure="money.disbursed"]', (f) => [f.dataset.value, f.textContent]);
  assert.equal(disbursed[0], june.money.disbursedDong);
  assert.match(disbursed[1], /^\d{1,3}(\.\d{3})* đ$/, disbursed[1]);
  // The villages' H1 reports, filed in July, are in the H1 report.
  const health = grpcAnswer('/minhbach.v1.ProgramStatus/GetTarget', { id: 'dim-health', period: '2024-H1' }, 'district');
  assert.equal(health.hasActual, true);
  assert.equal(await page.$eval('[data-figure="target.dim-health.actual"]', (f) => f.textContent),
    `${health.actualNumerator}/${health.actualDenominator}`);
  const text = await page.$eval('article.report', (a) => a.innerText);
  assert.match(text, /30\/06\/2024/);
  assert.doesNotMatch(text, /\b(low|medium|high)\b|\d{4}-\d{2}-\d{2}|undefined|NaN/);
  await shot(page, 'day-4-report-2024-H1');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-');
  await page.emulateMediaType('print');
  const hidden = await page.$$eval('#top, nav, #status, .report-controls, #report-period',
    (els) => els.every((e) => getComputedStyle(e).display === 'none' || e.closest('[hidden]')));
  assert.ok(hidden, 'navigation and forms are not printed');
  await page.emulateMediaType('screen');
  await page.setViewport(PHONE);  // a phone viewport reloads the page
  await page.waitForSelector('article.report[data-period="2024-H1"]', { timeout: 20000 });  // still 2024-H1
  await fitsPhone(page, 'Báo cáo');
  await shot(page, 'day-4-report-phone');
  await page.browserContext().close();
});

test('a supervisor replays 30/06/2024 and compares two dates', async () => {
  const page = await signedInPage(browser, 'supervisor', { viewport: PHONE });
  await show(page, '#/xem-lai', 'xem-lai');
  await fitsPhone(page, 'Xem lại');
  const day = await tabTo(page, 'input[data-field="day"]');
  assert.ok(day, 'the exact day is reachable with Tab');
  await page.$eval('input[data-field="day"]', (e) => {
    e.value = '2024-06-30';
    e.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const june = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard',
    { asOf: { businessDate: '2024-06-30' }, referenceDate: '2024-06-30' });
  await page.waitForFunction(() => /30\/06\/2024/.test(document.querySelector('[data-view="point"]')?.textContent ?? ''),
    { timeout: 20000 });
  const point = await page.$eval('[data-view="point"]', (v) => v.textContent);
  const grouped = (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  assert.ok(point.includes(`${grouped(june.money.disbursedDong)} đ`), point.slice(0, 300));
  assert.match(await page.$eval('output[for="replay-date"]', (o) => o.textContent), /^30\/06\/2024$/);

  await page.$eval('#replay-from', (e) => { e.value = '2024-06-30'; });
  await page.$eval('#replay-to', (e) => { e.value = '2024-12-31'; });
  await page.click('[data-form="replay-compare"] button[type=submit]');
  await page.waitForFunction(() => /31\/12\/2024/.test(document.querySelector('[data-view="compare"]')?.textContent ?? ''),
    { timeout: 20000 });
  const end = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard',
    { asOf: { businessDate: '2024-12-31' }, referenceDate: '2024-12-31' });
  const delta = BigInt(end.money.disbursedDong) - BigInt(june.money.disbursedDong);
  const compare = await page.$eval('[data-view="compare"]', (v) => v.textContent);
  assert.ok(compare.includes(`+${grouped(delta.toString())} đ`), compare.slice(0, 400));
  assert.match(compare, /F-09 \(DA3-TDA3, trung bình\)/);
  assert.doesNotMatch(compare, /\b(low|medium|high)\b/);
  await fitsPhone(page, 'Xem lại with the comparison');
  await shot(page, 'day-5-replay-phone');
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});

test('an auditor compares the key fingerprint on Kiểm tra with data/log.pub', async () => {
  const page = await signedInPage(browser, 'supervisor', { viewport: PHONE });
  await show(page, '#/kiem-tra', 'kiem-tra');
  const logPub = readFileSync(path.join(env.work, 'data', 'log.pub'), 'utf8').trim();
  assert.equal(await page.$eval('[data-log-key]', (k) => k.textContent), logPub);
  const shown = await page.$eval('[data-fingerprint]', (f) => f.dataset.fingerprint);
  const digest = createHash('sha256').update(logPub).digest('hex').toUpperCase().match(/.{4}/g).join(' ');
  assert.equal(shown, digest, 'the fingerprint is the SHA-256 of data/log.pub');
  assert.match(await page.$eval('main', (m) => m.innerText), /sha256sum/);
  await page.click('button.check-start');
  await page.waitForSelector('[data-result]', { timeout: 30000 });
  assert.equal(await page.$eval('[data-result]', (e) => e.dataset.result), 'ok');
  await fitsPhone(page, 'Kiểm tra');
  await shot(page, 'day-6-check-phone');
  await page.browserContext().close();
});
