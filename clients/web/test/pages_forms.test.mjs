// The record page's forms: parsing, request building, role filtering, and a
// form's behaviour (checks beside fields, refusals, success, one event id
// per fill), with a fake ctx (pages_fake_dom.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { parseAmount, parseCount, parseDate, parseList } from '../site/js/forms/parse.js';
import { buildRequest, fieldNamedIn, journalAt, resultText, uuidBytes, base64 } from '../site/js/forms/request.js';
import { choicesFrom } from '../site/js/forms/choices.js';
import { FORM_SPECS } from '../site/js/forms/specs.js';
import { renderForm } from '../site/js/forms/render.js';
import { page, allowedSpecs } from '../site/js/pages/forms.js';
import { apiError, fakeCtx } from '../test_support/pages_fake_dom.mjs';

const dashboard = JSON.parse(fs.readFileSync(new URL('./fixtures/dashboard-2024-11-30.json', import.meta.url)));
const spec = (key) => FORM_SPECS.find((s) => `${s.service}/${s.method}` === key);
const UUID = '0b6f3c2e-8f1a-4c3d-9e2b-5a7d1c0e4f21';

test('amounts: dots, commas or digits become integer đồng; the rest is refused in Vietnamese', () => {
  assert.deepEqual(parseAmount('5.000.000'), { ok: true, value: '5000000' });
  assert.deepEqual(parseAmount('5,000,000'), { ok: true, value: '5000000' });
  assert.deepEqual(parseAmount(' 263500000 '), { ok: true, value: '263500000' });
  assert.deepEqual(parseAmount('1.000.000.000.000.000'), { ok: true, value: '1000000000000000' });
  for (const bad of ['5.000.0000', '5.00.000', '5.000,000', '-5000', '5000,5', '5 000', '5tr', '1e6', '.000']) {
    const r = parseAmount(bad);
    assert.equal(r.ok, false, bad);
    assert.match(r.error.vi, /chữ số/, bad);
  }
  assert.match(parseAmount('0').error.vi, /lớn hơn 0/);
  assert.match(parseAmount('000').error.vi, /lớn hơn 0/);
  assert.match(parseAmount('1.000.000.000.000.001').error.vi, /tối đa/);
  assert.match(parseAmount('9999999999999999999').error.vi, /chữ số/);  // 19 digits
  assert.match(parseAmount('').error.vi, /Hãy nhập số tiền/);
});

test('counts and lists', () => {
  assert.deepEqual(parseCount('1.200'), { ok: true, value: '1200' });
  assert.deepEqual(parseCount('', 0), { ok: true, value: '0' });
  assert.equal(parseCount('').ok, false);
  assert.equal(parseCount('-1').ok, false);
  assert.deepEqual(parseList(' a, ,b ,c'), ['a', 'b', 'c']);
});

test('dates: dd/mm/yyyy and YYYY-MM-DD become YYYY-MM-DD; impossible days are refused', () => {
  assert.deepEqual(parseDate('15/07/2024'), { ok: true, value: '2024-07-15' });
  assert.deepEqual(parseDate('1/2/2024'), { ok: true, value: '2024-02-01' });
  assert.deepEqual(parseDate('2024-02-29'), { ok: true, value: '2024-02-29' });
  assert.equal(parseDate('29/02/2023').ok, false);
  assert.equal(parseDate('31/04/2024').ok, false);
  assert.equal(parseDate('2024-13-01').ok, false);
  assert.equal(parseDate('07/15/2024').ok, false);
  assert.match(parseDate('hôm qua').error.vi, /không phải là một ngày/);
  assert.deepEqual(parseDate('', { optional: true }), { ok: true, value: '' });
  assert.equal(parseDate('').ok, false);
});

test('a disbursement request is proto JSON: camelCase names, int64 as string, event id base64', () => {
  const bytes = uuidBytes(UUID);
  assert.equal(base64(bytes), Buffer.from(UUID.replace(/-/g, ''), 'hex').toString('base64'));
  const built = buildRequest(spec('Finance/RecordDisbursement'), {
    subproject_id: 'DA3-TDA3', disbursement_id: '', allocation_id: 'alloc-1', amount_dong: '5.000.000',
    date_paid: '15/07/2024', voucher_number: 'PC-77', business_date: '',
  }, bytes);
  assert.equal(built.ok, true, JSON.stringify(built.errors));
  assert.deepEqual(built.request, {
    meta: { eventId: base64(bytes) },
    body: {
      subprojectId: 'DA3-TDA3', disbursementId: 'disb-0B6F3C2E', allocationId: 'alloc-1',
      amountDong: '5000000', datePaid: '2024-07-15', voucherNumber: 'PC-77',
    },
  });
});

test('client checks name each bad field', () => {
  const built = buildRequest(spec('Finance/AllocateBudget'), {
    subproject_id: '', source: 'central-budget', fiscal_year: '24', amount_dong: '0', decision_number: ' ',
    business_date: '31/02/2024',
  }, uuidBytes(UUID));
  assert.equal(built.ok, false);
  assert.deepEqual(Object.keys(built.errors).sort(),
    ['amount_dong', 'business_date', 'decision_number', 'fiscal_year', 'subproject_id']);
});

test('a village report sends numerator/denominator per target; counts have no denominator', () => {
  const kinds = { 'dim-health': 'share', 'merit-new-poor': 'count', 'dim-water': 'share' };
  const ok = buildRequest(spec('Reporting/SubmitVillageReport'), {
    period: '2024-H2', village_id: 'thon-1',
    values: { 'dim-health': { numerator: '52', denominator: '55' }, 'merit-new-poor': { numerator: '0', denominator: '' },
      'dim-water': { numerator: '', denominator: '' } },
  }, uuidBytes(UUID), { targetKinds: kinds });
  assert.equal(ok.ok, true, JSON.stringify(ok.errors));
  assert.deepEqual(ok.request.body.values, [
    { targetId: 'dim-health', numerator: '52', denominator: '55' },
    { targetId: 'merit-new-poor', numerator: '0', denominator: '0' }]);
  const bad = buildRequest(spec('Reporting/SubmitVillageReport'), {
    period: '2024-H2', village_id: 'thon-1', values: { 'dim-health': { numerator: '56', denominator: '55' } },
  }, uuidBytes(UUID), { targetKinds: kinds });
  assert.match(bad.errors['values:dim-health'].vi, /Tử số/);
  const empty = buildRequest(spec('Reporting/SubmitVillageReport'), {
    period: '2024-H2', village_id: 'thon-1', values: {},
  }, uuidBytes(UUID), { targetKinds: kinds });
  assert.match(empty.errors.values.vi, /ít nhất một chỉ tiêu/);
});

test('a partial consolidation needs its reason', () => {
  const s = spec('Reporting/ConsolidateCommuneReport');
  assert.ok(buildRequest(s, { period: '2024-H2', partial: true, partial_reason: '' }, uuidBytes(UUID)).errors.partial_reason);
  const ok = buildRequest(s, { period: '2024-H2', partial: true, partial_reason: 'thôn 4 mất điện' }, uuidBytes(UUID));
  assert.deepEqual(ok.request.body, { period: '2024-H2', partial: true, partialReason: 'thôn 4 mất điện' });
});

test('a refusal naming a field in any spelling is shown beside it', () => {
  const names = ['amount_dong', 'date_paid', 'allocation_id', 'subproject_id'];
  assert.equal(fieldNamedIn('date_paid 2030-01-01 is after today', names), 'date_paid');
  assert.equal(fieldNamedIn('body.amountDong must be positive', names), 'amount_dong');
  assert.equal(fieldNamedIn('no allocation "x" in DA3-TDA3 (allocation-id)', names), 'allocation_id');
  assert.equal(fieldNamedIn('the sub-project is closed', names), null);
});

test('success words and the journal link carry the recorded position', () => {
  const t = (o) => o.vi;
  const s = spec('Finance/RecordDisbursement');
  assert.equal(resultText(s, { position: '90', stream: 'program/budget/DA3-TDA3' }, t), 'Đã ghi: Ghi giải ngân, vị trí 90.');
  assert.match(resultText(s, { position: '90', duplicate: true }, t), /Đã ghi từ trước.*vị trí 90/);
  assert.equal(journalAt({ position: '90', stream: 'program/budget/DA3-TDA3' }),
    '#/nhat-ky?entity=program%2Fbudget%2FDA3-TDA3&pos=90');
});

test('choices come from the dashboard; a village token sees only its village', () => {
  const all = choicesFrom(dashboard, { role: 'coordinator' });
  assert.deepEqual(all.villages.map((v) => v.value), ['thon-1', 'thon-2', 'thon-3', 'thon-4']);
  assert.deepEqual(all.periods.map((v) => v.value), ['2024-H1', '2024-H2', '2024']);
  assert.ok(all.subprojects.some((s) => s.value === 'DA3-TDA3'));
  assert.deepEqual(all.assignments.map((a) => a.value), ['DA3-TDA3-01', 'DA6-TDA1-01', 'DA7-TDA2-01']);
  assert.ok(!all.targets.some((t) => t.value === 'disbursement' || t.value === 'carryover-2023'));
  assert.deepEqual(all.findings.map((f) => f.value), ['F-02']);
  assert.deepEqual(all.recommendations.map((f) => f.value), ['KN-02']);
  const village = choicesFrom(dashboard, { role: 'village', scopes: ['thon-2'] });
  assert.deepEqual(village.villages.map((v) => v.value), ['thon-2']);
});

test('only the forms the role may use are shown', async () => {
  const ctx = fakeCtx({
    methods: ['/minhbach.v1.Reporting/SubmitVillageReport', '/minhbach.v1.ProgramStatus/GetDashboard'],
    answer: () => dashboard,
  });
  assert.deepEqual(allowedSpecs(ctx).map((s) => s.method), ['SubmitVillageReport']);
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  assert.deepEqual(root.querySelectorAll('form').map((f) => f.getAttribute('data-form')), ['Reporting/SubmitVillageReport']);
  const none = fakeCtx({ methods: [] });
  const root2 = none.el('main');
  await page.render(root2, none, { id: null, query: new URLSearchParams() });
  assert.equal(root2.querySelectorAll('form').length, 0);
  assert.match(root2.textContent, /chỉ được xem/);
});

function fill(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = form.querySelector(`[data-field="${name}"]`);
    assert.ok(input, `no field ${name}`);
    if (input.getAttribute('type') === 'checkbox') input.checked = value; else input.value = value;
  }
}

test('a form: checks beside the field, one event id per fill across retries, success shows the position', async () => {
  let uuids = 0;
  const newUuid = () => { uuids += 1; return `00000000-0000-4000-8000-${String(uuids).padStart(12, '0')}`; };
  let reply = () => { throw apiError('unavailable', 'server busy'); };
  const ctx = fakeCtx({ answer: (...a) => reply(...a) });
  const { element: form, submit } = renderForm(ctx, spec('Finance/RecordDisbursement'), choicesFrom(dashboard), { newUuid });
  for (const input of form.querySelectorAll('input, select, textarea')) {
    const id = input.getAttribute('id');
    assert.ok(form.querySelector(`label[for="${id}"]`), `no label for ${id}`);
  }
  fill(form, { subproject_id: 'DA3-TDA3', allocation_id: 'alloc-1', amount_dong: '5.000.000,5', date_paid: '15/07/2024', voucher_number: 'PC-1' });
  await submit();
  assert.equal(ctx.calls.length, 0, 'a bad amount is not sent');
  const amountMsg = form.querySelector('[data-field-error="amount_dong"]');
  assert.match(amountMsg.textContent, /Số tiền chỉ gồm chữ số/);
  assert.equal(amountMsg.getAttribute('role'), 'alert');
  const amount = form.querySelector('[data-field="amount_dong"]');
  assert.equal(amount.getAttribute('aria-describedby'), amountMsg.getAttribute('id'));
  assert.equal(amount.getAttribute('aria-invalid'), 'true');

  amount.value = '5.000.000';
  await submit();  // the server is busy: a refusal beside the form
  assert.equal(ctx.calls.length, 1);
  const error = form.querySelector('[data-error]');
  assert.equal(error.hidden, false);
  assert.match(error.textContent, /Bị từ chối \(unavailable\)/);
  assert.equal(amountMsg.textContent, '', 'earlier field messages are cleared');

  reply = () => { throw apiError('failed_precondition', 'date_paid 2024-07-15 is before the allocation alloc-1 (2024-08-01)'); };
  await submit();
  assert.match(form.querySelector('[data-field-error="date_paid"]').textContent, /before the allocation/);

  reply = () => ({ stream: 'program/budget/DA3-TDA3', position: '90', streamVersion: '7', duplicate: false });
  await submit();
  assert.equal(ctx.calls.length, 3);
  const ids = ctx.calls.map((c) => c.request.meta.eventId);
  assert.equal(new Set(ids).size, 1, 'the retries of one fill reuse its event id');
  assert.equal(ctx.calls[2].request.body.amountDong, '5000000');
  const result = form.querySelector('[data-result]');
  assert.equal(result.hidden, false);
  assert.match(result.textContent, /Đã ghi: Ghi giải ngân, vị trí 90/);
  assert.equal(result.querySelector('a').getAttribute('href'), '#/nhat-ky?entity=program%2Fbudget%2FDA3-TDA3&pos=90');
  assert.equal(error.hidden, true);
  assert.equal(amount.value, '', 'the form is emptied for the next fill');

  fill(form, { subproject_id: 'DA3-TDA3', allocation_id: 'alloc-1', amount_dong: '1.000', date_paid: '2024-07-16', voucher_number: 'PC-2' });
  await submit();
  assert.notEqual(ctx.calls[3].request.meta.eventId, ids[0], 'a new fill is a new command');
});

test('a double click sends once', async () => {
  let release;
  const ctx = fakeCtx({ answer: () => new Promise((resolve) => { release = resolve; }) });
  const { element: form, submit } = renderForm(ctx, spec('Assignments/CompleteAssignment'), choicesFrom(dashboard),
    { newUuid: () => UUID });
  fill(form, { assignment_id: 'DA3-TDA3-01', summary: 'Xong' });
  const first = submit();
  const second = submit();
  release({ position: '5', stream: 's' });
  await Promise.all([first, second]);
  assert.equal(ctx.calls.length, 1);
  assert.deepEqual(ctx.calls[0].request.body, { assignmentId: 'DA3-TDA3-01', summary: 'Xong' });
});

test('English on the toggle', async () => {
  const ctx = fakeCtx({ lang: 'en' });
  const { element: form, submit } = renderForm(ctx, spec('Finance/AllocateBudget'), choicesFrom(dashboard), { newUuid: () => UUID });
  fill(form, { subproject_id: 'DA3-TDA3', amount_dong: '-1', decision_number: '12/QĐ-UBND' });
  await submit();
  assert.match(form.querySelector('[data-field-error="amount_dong"]').textContent, /digits only/);
  assert.match(form.querySelector('h3').textContent, /Allocate a budget/);
});

test('after a recorded command the lists are asked again with it folded in', async () => {
  const after = JSON.parse(JSON.stringify(dashboard));
  after.subprojects.find((s) => s.subprojectId === 'DA3-TDA3').assignments[0].status = 'completed';
  const ctx = fakeCtx({
    methods: ['/minhbach.v1.Assignments/CompleteAssignment', '/minhbach.v1.Assignments/ReportProgress'],
    answer: (service, method, request) => {
      if (method === 'GetDashboard') return request.minPosition ? after : dashboard;
      return { stream: 'program/assignment/DA3-TDA3-01', position: '120', duplicate: false };
    },
  });
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  const form = root.querySelector('[data-form="Assignments/CompleteAssignment"]');
  const offered = (f) => f.querySelector('[data-field="assignment_id"]').children.map((o) => o.getAttribute('value')).filter((v) => v);
  assert.deepEqual(offered(form), ['DA3-TDA3-01', 'DA6-TDA1-01', 'DA7-TDA2-01']);
  const other = root.querySelector('[data-form="Assignments/ReportProgress"]');
  other.querySelector('[data-field="assignment_id"]').value = 'DA6-TDA1-01';
  fill(form, { assignment_id: 'DA3-TDA3-01', summary: 'Đã tư vấn xong' });
  form.dispatch('submit');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(ctx.calls.at(-1), { service: 'ProgramStatus', method: 'GetDashboard', request: { minPosition: '121' } });
  assert.deepEqual(offered(form), ['DA6-TDA1-01', 'DA7-TDA2-01']);
  assert.equal(other.querySelector('[data-field="assignment_id"]').value, 'DA6-TDA1-01', 'a choice still offered is kept');
  assert.match(form.querySelector('[data-result]').textContent, /vị trí 120/);
});

test('a period is offered with its name, not only its code (2024-H1 — 6 tháng đầu năm 2024)', () => {
  const { periods } = choicesFrom(dashboard, { role: 'village', scopes: ['thon-2'] });
  assert.deepEqual(periods.map((p) => p.label.vi),
    ['2024-H1 — 6 tháng đầu năm 2024', '2024-H2 — 6 tháng cuối năm 2024', '2024 — năm 2024']);
  assert.equal(periods[0].label.en, '2024-H1 — first half of 2024');
});
