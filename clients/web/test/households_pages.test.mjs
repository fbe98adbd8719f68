// The household pages rendered with the fake DOM and ctx: what is asked of
// the API, what is shown, what is not (personal data, the form for roles
// without the need, the list after the posting window).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { page as households } from '../site/js/pages/households.js';
import { page as posting } from '../site/js/pages/posting.js';
import { page as overview } from '../site/js/pages/overview.js';
import { page as target } from '../site/js/pages/target.js';
import { hashFor } from '../site/js/router.js';
import { fakeCtx, apiError } from '../test_support/pages_fake_dom.mjs';

const PD = '/minhbach.v1.Households/GetHouseholdPersonalData';
const REGISTER = {
  households: [
    { householdId: 'thon-1/H-0001', villageId: 'thon-1', area: 'rural', memberCount: 4, classification: 'poor',
      reviewId: 'RV-1', history: ['RV-1:near_poor', 'RV-1:poor'], supportCount: 2, personalDataErased: false },
    { householdId: 'thon-1/H-0002', villageId: 'thon-1', area: 'rural', memberCount: 2, classification: '',
      reviewId: '', history: [], supportCount: 0, personalDataErased: true },
  ],
  basis: { position: '10', logSize: '10', referenceDate: '2025-10-05' },
};
const TARGETS = {
  villages: [{ villageId: 'thon-1', households: 2, classified: 1, poor: 1, nearPoor: 0, poorRateBp: 5000, nearPoorRateBp: 0 }],
  commune: { villageId: '', households: 2, classified: 1, poor: 1, nearPoor: 0, poorRateBp: 5000, nearPoorRateBp: 0 },
};

function ctxFor({ methods = [], answer } = {}) {
  const ctx = fakeCtx({ methods, answer: answer || ((s, m) => (m === 'GetRegister' ? REGISTER : m === 'GetHouseholdTargets' ? TARGETS : {})) });
  ctx.hashFor = hashFor;
  ctx.fmt.integer = (n) => String(n);
  return ctx;
}
const params = (id, q = '') => ({ id, query: new URLSearchParams(q) });
const fig = (root, name) => root.querySelector(`[data-figure="${name}"]`);
const tick = () => new Promise((r) => setTimeout(r, 0));

test('the register: the village filter and date go to the API; rates in percent; rows link to households', async () => {
  const ctx = ctxFor();
  const root = ctx.el('main');
  await households.render(root, ctx, params(null, 'village=thon-1&asOf=2025-10-05'));
  assert.deepEqual(ctx.calls.map((c) => [c.method, c.request]), [
    ['GetRegister', { asOfDate: '2025-10-05', villageId: 'thon-1' }],
    ['GetHouseholdTargets', { asOfDate: '2025-10-05' }],
  ]);
  assert.equal(fig(root, 'register-count').getAttribute('data-value'), '2');
  assert.equal(fig(root, 'poor-rate:thon-1').textContent, '50,00 %');
  assert.equal(fig(root, 'poor-rate:commune').getAttribute('data-value'), '5000');
  const link = root.querySelector('[data-household="thon-1/H-0001"]');
  assert.equal(link.getAttribute('href'), '#/ho-gia-dinh/thon-1%2FH-0001?asOf=2025-10-05');
  assert.ok(root.querySelector('[data-erased="thon-1/H-0002"]'));
  assert.match(root.textContent, /hộ nghèo/);
});

test('a household, for a role without the need: no personal-data form, no call for it', async () => {
  const ctx = ctxFor();
  const root = ctx.el('main');
  await households.render(root, ctx, params('thon-1/H-0001'));
  assert.deepEqual(ctx.calls.map((c) => c.method), ['GetRegister']);
  assert.equal(ctx.calls[0].request.villageId, 'thon-1');
  assert.equal(root.querySelector('[data-form="personal-data"]'), null);
  assert.ok(root.querySelector('[data-not-allowed="personal-data"]'));
  assert.equal(root.querySelectorAll('[data-classification]').length, 2);
  assert.equal(fig(root, 'support-count').getAttribute('data-value'), '2');
});

async function askPersonal(answerPd) {
  const ctx = ctxFor({ methods: [PD], answer: (s, m, r) => {
    if (m === 'GetRegister') return REGISTER;
    if (m === 'GetHouseholdPersonalData') return answerPd(r);
    return {};
  } });
  const root = ctx.el('main');
  await households.render(root, ctx, params('thon-1/H-0001'));
  const form = root.querySelector('[data-form="personal-data"]');
  assert.ok(form, 'the form is shown to a role that may read personal data');
  return { ctx, root, form };
}

test('no purpose: nothing asked of the server', async () => {
  const { ctx, root, form } = await askPersonal(() => ({}));
  form.dispatch('submit');
  await tick();
  assert.equal(ctx.calls.filter((c) => c.method === 'GetHouseholdPersonalData').length, 0);
  assert.match(root.textContent, /Hãy ghi mục đích xem/);
});

test('the personal data, with the log position of this reading', async () => {
  const { ctx, root, form } = await askPersonal(() => ({ householdId: 'thon-1/H-0001', erased: false, accessPosition: '42',
    personal: { headName: 'Phạm Văn Nam', address: 'Thôn 1', members: [{ name: 'Phạm Văn Nam', idNumber: '999000007' }] } }));
  form.querySelector('[data-field="purpose"]').value = 'xác minh hồ sơ';
  form.dispatch('submit');
  await tick();
  const call = ctx.calls.find((c) => c.method === 'GetHouseholdPersonalData');
  assert.deepEqual(call.request, { householdId: 'thon-1/H-0001', purpose: 'xác minh hồ sơ' });
  assert.match(root.textContent, /Lần xem này đã được ghi vào sổ, vị trí 42/);
  assert.match(root.textContent, /999000007/);
});

test('erased: "đã xoá" in place of every field', async () => {
  const { root, form } = await askPersonal(() => ({ householdId: 'thon-1/H-0001', erased: true, accessPosition: '0' }));
  form.querySelector('[data-field="purpose"]').value = 'kiểm tra';
  form.dispatch('submit');
  await tick();
  const values = root.querySelectorAll('[data-personal]');
  assert.ok(values.length >= 9);
  for (const v of values) assert.equal(v.textContent, 'đã xoá');
  assert.doesNotMatch(root.textContent, /vị trí/);
});

test('a server without the method: a plain sentence', async () => {
  const { root, form } = await askPersonal(() => { throw apiError('unimplemented', 'Method not found'); });
  form.querySelector('[data-field="purpose"]').value = 'kiểm tra';
  form.dispatch('submit');
  await tick();
  assert.match(root.querySelector('[data-error="unimplemented"]').textContent, /chưa có chức năng xem thông tin cá nhân/);
});

function postingCtx(list) {
  return ctxFor({ answer: (s, m) => (m === 'GetRegister' ? REGISTER : m === 'GetPostingList' ? list : {}) });
}

test('the posting list during its window: names, ids, classes', async () => {
  const ctx = postingCtx({ reviewId: 'RV-1', villageId: 'thon-1', postedOn: '2025-10-01', complaintsUntil: '2025-10-10', open: true,
    entries: [{ householdId: 'thon-1/H-0001', headName: 'Phạm Văn Nam', classification: 'poor' },
      { householdId: 'thon-1/H-0002', headName: 'đã xoá', classification: 'near_poor', erased: true }] });
  const root = ctx.el('main');
  await posting.render(root, ctx, params(null, 'asOf=2025-10-05'));
  assert.deepEqual(ctx.calls[1].request, { reviewId: 'RV-1', villageId: 'thon-1', asOfDate: '2025-10-05' });
  assert.equal(root.getAttribute('data-posting'), 'open');
  assert.match(root.textContent, /Phạm Văn Nam/);
  assert.equal(root.querySelector('[data-erased="thon-1/H-0002"]').textContent, 'đã xoá');
  assert.equal(fig(root, 'posting-count').getAttribute('data-value'), '2');
});

test('the posting list after its window: one sentence and nothing else', async () => {
  const ctx = postingCtx({ reviewId: 'RV-1', villageId: 'thon-1', postedOn: '2025-10-01', complaintsUntil: '2025-10-10', open: false, entries: [] });
  const root = ctx.el('main');
  await posting.render(root, ctx, params(null, 'review=RV-1&village=thon-1&asOf=2025-10-11'));
  assert.equal(root.getAttribute('data-posting'), 'closed');
  assert.match(root.textContent, /Danh sách đã hết thời gian niêm yết/);
  assert.equal(root.querySelector('table'), null);
  assert.doesNotMatch(root.textContent, /H-0001/);
});

test('Tổng quan: the register against the villages\' reports, only when there are checks', async () => {
  const dashboard = (checks) => ({ basis: REGISTER.basis, money: {}, householdChecks: checks });
  for (const [checks, shown] of [[[], false], [[{ targetId: 'poor-household-rate', period: '2025', registerNumerator: '5',
    registerDenominator: '300', reportedNumerator: '2', reportedDenominator: '300', differs: true, differenceText: '+3 hộ' }], true]]) {
    const ctx = ctxFor({ answer: () => dashboard(checks) });
    ctx.afterRender = () => {};
    ctx.isCurrent = () => true;
    const root = ctx.el('main');
    await overview.render(root, ctx, params(null));
    assert.equal(/Số liệu từ danh sách hộ so với số thôn báo cáo/.test(root.textContent), shown);
    if (shown) {
      assert.equal(root.querySelector('[data-differs="poor-household-rate"]').textContent, '+3 hộ');
      assert.equal(fig(root, 'register-numerator:poor-household-rate').getAttribute('data-value'), '5');
    }
  }
});

test('Chỉ tiêu: a register-computed target shows the register beside the reports, others do not', async () => {
  const check = { targetId: 'poor-household-rate', period: '2025', registerNumerator: '5', registerDenominator: '300',
    reportedNumerator: '2', reportedDenominator: '300', differs: true, differenceText: '+3 hộ' };
  for (const [status, shown] of [
    [{ targetId: 'poor-household-rate', period: '2025', kind: 'share', registerCheck: check }, true],
    [{ targetId: 'clean-water', period: '2025', kind: 'share' }, false]]) {
    const ctx = ctxFor({ answer: (s, m) => (m === 'GetTarget' ? { basis: REGISTER.basis, ...status } : {}) });
    const root = ctx.el('main');
    await target.render(root, ctx, params(status.targetId));
    assert.equal(/Đối chiếu với danh sách hộ/.test(root.textContent), shown);
    assert.equal(Boolean(root.querySelector('[data-differs="poor-household-rate"]')), shown);
    if (shown) {
      assert.equal(root.querySelector('[data-differs="poor-household-rate"]').textContent, '+3 hộ');
      assert.equal(fig(root, 'reported-numerator:poor-household-rate').getAttribute('data-value'), '2');
    }
  }
});

test('an erased household: "đã xoá" in every field for every role, nothing asked of the server', async () => {
  for (const methods of [[], [PD]]) {
    const ctx = ctxFor({ methods });
    const root = ctx.el('main');
    await households.render(root, ctx, params('thon-1/H-0002'));
    assert.deepEqual(ctx.calls.map((c) => c.method), ['GetRegister']);
    assert.equal(root.querySelector('[data-form="personal-data"]'), null);
    const values = root.querySelectorAll('[data-personal]');
    assert.ok(values.length >= 9);
    for (const v of values) assert.equal(v.textContent, 'đã xoá');
  }
});
