// Issue 14's household pages in a real Chromium: a small review (6
// households in 2 villages, imported here with the command-line client) seen
// on Hộ gia đình, one household's page, Niêm yết and Tổng quan; numbers equal
// the gRPC API's answers; pseudonyms only where no personal data is owed; a
// village head reads its own village's personal data and no other; after an
// erasure "đã xoá" stands where the data was.
//
// The assertions on Households/GetHouseholdPersonalData, GetPostingList and
// Dashboard.householdChecks need the server side of issue 14's phase 2.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cli, env, grpcAnswer, launch, shot, show, signedInPage } from './harness.mjs';

const REVIEW = 'RV-2025-web';
const VILLAGES = ['thon-1', 'thon-2'];
// Generated for this test only; "999…" is no province's code, so no real citizen's number.
const HOUSEHOLDS = [
  { id: 'thon-1/H-0001', name: 'Lò Văn Thử Một', idNumber: '999100000001', income: 1000000, deprived: 3 },
  { id: 'thon-1/H-0002', name: 'Lò Thị Thử Hai', idNumber: '999100000002', income: 1200000, deprived: 1 },
  { id: 'thon-1/H-0003', name: 'Lò Văn Thử Ba', idNumber: '999100000003', income: 4000000, deprived: 0 },
  { id: 'thon-2/H-0001', name: 'Hà Thị Thử Bốn', idNumber: '999200000004', income: 900000, deprived: 4 },
  { id: 'thon-2/H-0002', name: 'Hà Văn Thử Năm', idNumber: '999200000005', income: 2000000, deprived: 0 },
  { id: 'thon-2/H-0003', name: 'Hà Thị Thử Sáu', idNumber: '999200000006', income: 5000000, deprived: 0 },
];
const POSTED_ON = '2025-10-01';
const COMPLAINTS_UNTIL = '2025-10-10';

function importFile() {
  const standard = JSON.parse(readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname),
    '../../deploy/seed/poverty-standard-2022-2025.json'), 'utf8'));
  const indicators = standard.indicators.map((i) => i.indicatorId);
  const meta = (date) => ({ businessDate: date });
  const steps = [{ key: 'web/standard', as: 'coordinator', publishStandard: { meta: meta('2025-08-01'), body: standard } }];
  for (const h of HOUSEHOLDS) {
    const village = h.id.split('/')[0];
    steps.push({ key: `web/household/${h.id}`, as: 'coordinator', registerHousehold: {
      meta: meta('2025-08-15'),
      body: { householdId: h.id, villageId: village, area: 'rural', memberCount: 3 },
      personal: { headName: h.name, address: `${village} (minh họa)`,
        members: [{ name: h.name, idNumber: h.idNumber, relation: 'chủ hộ' }] } } });
  }
  steps.push({ key: 'web/review/open', as: 'coordinator', openReview: { meta: meta('2025-09-01'), body: {
    reviewId: REVIEW, standardId: standard.standardId, villageIds: VILLAGES,
    households: HOUSEHOLDS.map((h) => h.id), openedOn: '2025-09-01' } } });
  for (const h of HOUSEHOLDS) {
    steps.push({ key: `web/review/survey/${h.id}`, as: 'coordinator', recordSurvey: { meta: meta('2025-09-10'), body: {
      reviewId: REVIEW, householdId: h.id, incomePerPersonMonthDong: String(h.income),
      deprivedIndicators: indicators.slice(0, h.deprived), surveyedOn: '2025-09-10' } } });
  }
  for (const v of VILLAGES) {
    steps.push({ key: `web/review/meeting/${v}`, as: 'coordinator', agreeVillageMeeting: { meta: meta('2025-09-20'), body: {
      reviewId: REVIEW, villageId: v, meetingDate: '2025-09-20', attendees: 30, minutesRef: `BB-${v} (minh họa)` } } });
    steps.push({ key: `web/review/post/${v}`, as: 'coordinator', postReviewList: { meta: meta(POSTED_ON), body: {
      reviewId: REVIEW, villageId: v, postedOn: POSTED_ON, complaintsUntil: COMPLAINTS_UNTIL } } });
  }
  steps.push({ key: 'web/review/recognize', as: 'district', recognizeReview: { meta: meta('2025-10-20'), body: {
    reviewId: REVIEW, decisionNumber: 'QĐ-WEB-01 (minh họa)', recognizedOn: '2025-10-20' } } });
  steps.push({ key: 'web/support/thon-1/H-0001', as: 'coordinator', giveSupport: { meta: meta('2025-10-25'), body: {
    householdId: 'thon-1/H-0001', supportId: 'HT-01', subprojectId: 'DA3-TDA3', kind: 'seedlings',
    date: '2025-10-25', inKind: '200 cây giống (minh họa)' } } });
  return { illustrative: true, description: 'Dữ liệu minh họa: 6 hộ ở 2 thôn cho kiểm thử giao diện web', steps };
}

let browser;
before(async () => {
  const file = path.join(env.work, 'households-web.json');
  writeFileSync(file, JSON.stringify(importFile(), null, 1));
  cli(['import', file], 'coordinator');
  browser = await launch();
});
after(async () => { await browser?.close(); });

const figure = (page, name) => page.$eval(`[data-figure="${name}"]`, (e) => e.dataset.value);
const text = (page) => page.$eval('main', (m) => m.innerText);
const names = HOUSEHOLDS.flatMap((h) => [h.name, h.idNumber]);

test('Hộ gia đình: the register and the rates equal the gRPC answers; pseudonyms only', async () => {
  const page = await signedInPage(browser, 'coordinator');
  await show(page, '#/ho-gia-dinh', 'ho-gia-dinh');
  const register = grpcAnswer('/minhbach.v1.Households/GetRegister', {});
  assert.equal(register.households.length, 6);
  assert.equal(await figure(page, 'register-count'), String(register.households.length));
  const targets = grpcAnswer('/minhbach.v1.Households/GetHouseholdTargets', {});
  for (const v of targets.villages) {
    assert.equal(await figure(page, `households:${v.villageId}`), String(v.households));
    assert.equal(await figure(page, `poor:${v.villageId}`), String(v.poor));
    assert.equal(await figure(page, `near-poor:${v.villageId}`), String(v.nearPoor));
    assert.equal(await figure(page, `poor-rate:${v.villageId}`), String(v.poorRateBp));
  }
  assert.equal(await figure(page, 'poor:commune'), String(targets.commune.poor));
  assert.ok(targets.commune.poor >= 2, 'the review found the two poor households');
  for (const h of register.households) {
    assert.equal(await figure(page, `class:${h.householdId}`), h.classification);
    assert.equal(await figure(page, `support:${h.householdId}`), String(h.supportCount));
  }
  const shown = await text(page);
  for (const n of names) assert.ok(!shown.includes(n), `the register shows no personal data (${n})`);
  await shot(page, 'web-ho-gia-dinh');

  // The village filter, through the form, as a person would.
  await page.select('[data-form="register-filter"] select', 'thon-2');
  await page.click('[data-form="register-filter"] button[type=submit]');
  await page.waitForFunction(() => /village=thon-2/.test(location.hash)
    && document.querySelector('[data-page="ho-gia-dinh"][data-ready]'));
  const village = grpcAnswer('/minhbach.v1.Households/GetRegister', { villageId: 'thon-2' });
  assert.equal(await figure(page, 'register-count'), String(village.households.length));
  assert.equal(await page.$('[data-household="thon-1/H-0001"]'), null);

  // As of a date before any household was registered: none.
  await show(page, '#/ho-gia-dinh?asOf=2025-08-01', 'ho-gia-dinh');
  assert.equal(await figure(page, 'register-count'), '0');
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});

test('one household: its classifications, support and verified timeline; a phone screen', async () => {
  const page = await signedInPage(browser, 'coordinator', { viewport: { width: 390, height: 844, isMobile: true } });
  await show(page, '#/ho-gia-dinh/thon-1%2FH-0001', 'ho-gia-dinh');
  const h = grpcAnswer('/minhbach.v1.Households/GetRegister', { villageId: 'thon-1' })
    .households.find((x) => x.householdId === 'thon-1/H-0001');
  assert.equal(await figure(page, 'classification'), h.classification);
  assert.equal(h.classification, 'poor');
  assert.equal(await figure(page, 'support-count'), '1');
  await page.waitForSelector('[data-timeline] tr[data-position]');
  const marks = await page.$$eval('[data-timeline] tr[data-position]', (rs) => rs.map((r) => [r.dataset.type, r.dataset.verified]));
  assert.ok(marks.some(([type]) => type === 'SupportGiven'), 'the support is in the timeline');
  assert.ok(marks.some(([type]) => type === 'HouseholdClassified'));
  for (const [type, verified] of marks) assert.equal(verified, 'ok', `${type} verified in the browser`);
  const shown = await text(page);
  for (const n of names) assert.ok(!shown.includes(n), `no personal data before it is asked for (${n})`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  assert.ok(wide, 'the page fits a phone screen (tables scroll inside their wrapper)');
  await shot(page, 'web-ho-gia-dinh-mot-ho-dien-thoai');
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});

// Needs Households/GetHouseholdPersonalData (phase 2, server side).
async function readPersonal(page, id) {
  await show(page, `#/ho-gia-dinh/${encodeURIComponent(id)}`, 'ho-gia-dinh');
  await page.waitForSelector('[data-form="personal-data"]', { timeout: 20000 });
  await page.type('[data-form="personal-data"] input', 'Kiểm thử giao diện: xác minh hồ sơ');
  await page.click('[data-form="personal-data"] button[type=submit]');
  await page.waitForSelector('[data-personal-view], [data-personal-result] [role=alert]');
}

test('Xem thông tin cá nhân: recorded in the log first; a village head sees its own village only', async () => {
  const coordinator = await signedInPage(browser, 'coordinator');
  await readPersonal(coordinator, 'thon-1/H-0002');
  const position = await coordinator.$eval('[data-access-position]', (e) => e.dataset.accessPosition);
  assert.match(await text(coordinator), new RegExp(`Lần xem này đã được ghi vào sổ, vị trí ${position}`));
  assert.ok((await text(coordinator)).includes('Lò Thị Thử Hai'));
  assert.ok((await text(coordinator)).includes('999100000002'));
  // The access event is at that position, about that household, with the purpose.
  const timeline = grpcAnswer('/minhbach.v1.Timeline/GetTimeline', { entity: 'thon-1/H-0002', kind: 'PersonalDataAccessed' }, 'coordinator');
  assert.ok(timeline.items.some((i) => String(i.event.record.position) === position), 'the access event is in the log');
  await shot(coordinator, 'web-ho-gia-dinh-thong-tin-ca-nhan');
  await coordinator.browserContext().close();

  const village = await signedInPage(browser, 'village:thon-2');
  await readPersonal(village, 'thon-2/H-0001');
  assert.ok((await text(village)).includes('Hà Thị Thử Bốn'));
  await readPersonal(village, 'thon-1/H-0001');
  const refusal = await village.$eval('[data-personal-result] [role=alert]', (e) => e.dataset.error);
  assert.equal(refusal, 'permission_denied');
  assert.ok(!(await text(village)).includes('Lò Văn Thử Một'), 'no other village\'s data');
  await village.browserContext().close();

  // An auditor sees pseudonyms unless the coordinator granted this one this
  // household: without a grant the server refuses, and nothing is shown.
  const auditor = await signedInPage(browser, 'supervisor');
  await readPersonal(auditor, 'thon-1/H-0001');
  const denied = await auditor.$eval('[data-personal-result] [role=alert]', (e) => e.dataset.error);
  assert.equal(denied, 'permission_denied');
  assert.ok(!(await text(auditor)).includes('Lò Văn Thử Một'), 'no personal data without a grant');
  await auditor.browserContext().close();
  // An implementer has no form at all.
  const implementer = await signedInPage(browser, 'implementer');
  await show(implementer, '#/ho-gia-dinh/thon-1%2FH-0001', 'ho-gia-dinh');
  assert.equal(await implementer.$('[data-form="personal-data"]'), null);
  assert.ok(await implementer.$('[data-not-allowed="personal-data"]'));
  await implementer.browserContext().close();
});

// Needs Households/GetPostingList (phase 2, server side).
test('Niêm yết: the names during the posting window only', async () => {
  const page = await signedInPage(browser, 'supervisor');
  await show(page, `#/niem-yet?review=${REVIEW}&village=thon-1&asOf=2025-10-05`, 'niem-yet');
  const list = grpcAnswer('/minhbach.v1.Households/GetPostingList', { reviewId: REVIEW, villageId: 'thon-1', asOfDate: '2025-10-05' });
  assert.equal(list.open, true);
  assert.equal(await figure(page, 'posting-count'), String(list.entries.length));
  const shown = await text(page);
  for (const e of list.entries) assert.ok(shown.includes(e.headName), `${e.householdId} is on the list`);
  assert.ok(shown.includes('Lò Văn Thử Một'));
  assert.ok(!shown.includes('Hà Thị Thử Bốn'), 'another village\'s household is not on this list');
  assert.ok(!shown.includes('999100000001'), 'ID numbers are not made public');
  await shot(page, 'web-niem-yet');

  await show(page, `#/niem-yet?review=${REVIEW}&village=thon-1&asOf=2025-10-11`, 'niem-yet');
  const closed = await text(page);
  assert.match(closed, /Danh sách đã hết thời gian niêm yết/);
  assert.equal(await page.$('main table'), null);
  for (const n of names) assert.ok(!closed.includes(n), `nothing after the window (${n})`);
  await shot(page, 'web-niem-yet-het-han');
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});

test('after an erasure, "đã xoá" where the personal data was', async () => {
  cli(['household', 'erase', 'thon-1/H-0003', '--legal-basis=Yêu cầu của chủ thể dữ liệu (kiểm thử)'], 'coordinator');
  const page = await signedInPage(browser, 'supervisor');
  await show(page, '#/ho-gia-dinh?village=thon-1', 'ho-gia-dinh');
  assert.ok(await page.$('[data-erased="thon-1/H-0003"]'), 'the register says the data is erased');
  await show(page, '#/ho-gia-dinh/thon-1%2FH-0003', 'ho-gia-dinh');
  assert.match(await text(page), /đã xoá/);
  await page.waitForSelector('[data-timeline] tr[data-type="PersonalDataErased"]');
  const marks = await page.$$eval('[data-timeline] tr[data-position]', (rs) => rs.map((r) => r.dataset.verified));
  assert.ok(marks.length > 0 && marks.every((m) => m === 'ok'), 'every proof still verifies after the erasure');
  await page.browserContext().close();

  const coordinator = await signedInPage(browser, 'coordinator');
  await show(coordinator, '#/ho-gia-dinh/thon-1%2FH-0003', 'ho-gia-dinh');
  const values = await coordinator.$$eval('[data-personal]', (vs) => vs.map((v) => v.textContent));
  assert.ok(values.length >= 9);
  for (const v of values) assert.equal(v, 'đã xoá');
  assert.ok(!(await text(coordinator)).includes('Lò Văn Thử Ba'));
  await shot(coordinator, 'web-ho-gia-dinh-da-xoa');
  await coordinator.browserContext().close();
});

// Needs Dashboard.householdChecks (phase 2, server side).
test('Tổng quan: the register against the villages\' reports', async () => {
  const d = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard', {});
  assert.ok((d.householdChecks || []).length > 0, 'households are registered: the dashboard compares');
  const page = await signedInPage(browser, 'coordinator');
  await show(page, '#/tong-quan', 'tong-quan');
  assert.match(await text(page), /Số liệu từ danh sách hộ so với số thôn báo cáo/);
  for (const c of d.householdChecks) {
    assert.equal(await figure(page, `register-numerator:${c.targetId}`), String(c.registerNumerator));
    assert.equal(await figure(page, `reported-numerator:${c.targetId}`), String(c.reportedNumerator));
    assert.equal(Boolean(await page.$(`[data-differs="${c.targetId}"]`)), c.differs);
  }
  await shot(page, 'web-tong-quan-ho-gia-dinh');
  await page.browserContext().close();
});
