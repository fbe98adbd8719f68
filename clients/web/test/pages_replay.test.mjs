// The replay page: diffDashboards on two real answers (fixtures made with
// the seed: the dashboard as of 2024-06-30 and as of 2024-11-30), the
// sliders' arithmetic and timing, and the page against a fake ctx.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { amountChange, diffDashboards } from '../site/js/replay/diff.js';
import {
  asOfDate, asOfPosition, dayAt, dayCount, debounce, indexOfDay, latestOnly,
} from '../site/js/replay/points.js';
import { comparePoints, dayRange, page } from '../site/js/pages/replay.js';
import { changesView } from '../site/js/replay/view.js';
import { fakeCtx } from '../test_support/pages_fake_dom.mjs';

const load = (name) => JSON.parse(fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const june = load('dashboard-2024-06-30.json');
const november = load('dashboard-2024-11-30.json');

test('amounts change exactly, beyond 2^53', () => {
  assert.deepEqual(amountChange('900000000000000', '1000000000000000'),
    { from: '900000000000000', to: '1000000000000000', delta: '100000000000000' });
  assert.deepEqual(amountChange(undefined, '5'), { from: '0', to: '5', delta: '5' });
  assert.equal(amountChange('9007199254740993', '9007199254740992').delta, '-1');
});

test('what changed between 30/06/2024 and 30/11/2024 in the seed', () => {
  const diff = diffDashboards(june, november);
  assert.equal(diff.empty, false);
  assert.deepEqual(diff.money.allocated.delta, '0');
  assert.deepEqual(diff.money.disbursed, { from: '113000000', to: '263500000', delta: '150500000' });
  const sub = Object.fromEntries(diff.subprojects.map((s) => [s.id, s]));
  assert.deepEqual(Object.keys(sub).sort(), ['DA3-TDA3', 'DA6-TDA1', 'DA6-TDA2', 'DA7-TDA2']);
  assert.deepEqual(sub['DA3-TDA3'].disbursed, { from: '60000000', to: '130000000', delta: '70000000' });
  assert.deepEqual(sub['DA3-TDA3'].state, { from: 'in progress', to: 'in progress' });
  assert.deepEqual(sub['DA6-TDA2'].state, { from: 'in progress', to: 'completed' });
  const moved = Object.fromEntries(diff.assignments.map((a) => [a.id, `${a.from}->${a.to}`]));
  assert.deepEqual(moved, {
    'DA6-TDA1-01': 'accepted->in progress',
    'DA6-TDA2-01': 'in progress->completed',
    'DA7-TDA2-01': 'accepted->in progress',
  });
  assert.equal(diff.assignments.find((a) => a.id === 'DA7-TDA2-01').overdue.to, true);
  assert.deepEqual(diff.findingsOpened.map((f) => `${f.supervisionId}/${f.findingId}`), ['GS-2024-01/F-02']);
  assert.deepEqual(diff.findingsClosed, []);
  const targets = Object.fromEntries(diff.targets.map((t) => [t.id, t]));
  assert.deepEqual(Object.keys(targets).sort(), ['dim-health', 'dim-water', 'disbursement']);
  assert.equal(targets['dim-health'].from.hasActual, false);
  assert.deepEqual([targets['dim-health'].to.numerator, targets['dim-health'].to.denominator, targets['dim-health'].to.period],
    ['212', '220', '2024-H1']);
  assert.equal(diff.basis.a.referenceDate, '2024-06-30');
  assert.equal(diff.basis.b.referenceDate, '2024-11-30');
});

test('the reverse direction closes what opened; the same answer twice changes nothing', () => {
  const back = diffDashboards(november, june);
  assert.deepEqual(back.findingsClosed.map((f) => f.findingId), ['F-02']);
  assert.equal(back.money.disbursed.delta, '-150500000');
  const same = diffDashboards(november, november);
  assert.equal(same.empty, true);
  assert.equal(same.subprojects.length + same.assignments.length + same.targets.length, 0);
});

test('sub-projects and assignments that appear or vanish are changes', () => {
  const a = { subprojects: [] };
  const b = {
    subprojects: [{ subprojectId: 'X', state: 'assigned', money: { allocatedDong: '10' },
      assignments: [{ assignmentId: 'X-01', subprojectId: 'X', status: 'made' }] }],
  };
  const diff = diffDashboards(a, b);
  assert.deepEqual(diff.subprojects.map((s) => [s.id, s.state.from, s.state.to, s.allocated.delta]), [['X', null, 'assigned', '10']]);
  assert.deepEqual(diff.assignments.map((x) => [x.id, x.from, x.to]), [['X-01', null, 'made']]);
});

test('the date slider spans the plan year up to the reference date', () => {
  assert.equal(dayCount('2024-01-01', '2024-12-31'), 366);
  assert.equal(dayAt('2024-01-01', 59), '2024-02-29');
  assert.equal(dayAt('2024-01-01', 365), '2024-12-31');
  assert.equal(indexOfDay('2024-01-01', '2024-03-01', 366), 60);
  assert.equal(indexOfDay('2024-01-01', '2030-01-01', 366), 365);
  assert.deepEqual(dayRange(november), { first: '2024-01-01', last: '2024-11-30', count: 335 });
  assert.deepEqual(asOfDate('2024-09-30'), { asOf: { businessDate: '2024-09-30' }, referenceDate: '2024-09-30' });
  assert.deepEqual(asOfPosition(40), { asOf: { position: '40' } });
  const range = dayRange(november);
  assert.deepEqual(comparePoints(range, new URLSearchParams()), { from: '2024-06-30', to: '2024-11-30' });
  assert.deepEqual(comparePoints(range, new URLSearchParams('from=2024-03-31&to=2024-09-30')), { from: '2024-03-31', to: '2024-09-30' });
});

test('debounce: a burst of slider moves asks once, with the last point', () => {
  const pending = new Map();
  let next = 1;
  const timers = {
    setTimeout: (fn) => { pending.set(next, fn); return next++; },
    clearTimeout: (h) => pending.delete(h),
  };
  const asked = [];
  const ask = debounce((x) => asked.push(x), 250, timers);
  ask(1); ask(2); ask(3);
  assert.equal(pending.size, 1);
  [...pending.values()][0]();
  assert.deepEqual(asked, [3]);
});

test('latestOnly drops an earlier answer that arrives after a later one', async () => {
  const resolvers = [];
  const shown = [];
  const go = latestOnly((x) => new Promise((r) => resolvers.push(() => r(x))), (a) => shown.push(a), () => {});
  const first = go('slow');
  const second = go('fast');
  resolvers[1]();
  await second;
  resolvers[0]();
  await first;
  assert.deepEqual(shown, ['fast']);
});

test('the page: sliders, basis, and the comparison of two dates', async () => {
  const ctx = fakeCtx({
    answer: (service, method, request) => {
      assert.equal(`${service}/${method}`, 'ProgramStatus/GetDashboard');
      const day = request.asOf?.businessDate;
      if (day === '2024-06-30') return june;
      return november;
    },
  });
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  assert.deepEqual(ctx.calls.map((c) => c.request), [
    {},
    { asOf: { businessDate: '2024-06-30' }, referenceDate: '2024-06-30' },
    { asOf: { businessDate: '2024-11-30' }, referenceDate: '2024-11-30' }]);
  const date = root.querySelector('[data-slider="date"]');
  const position = root.querySelector('[data-slider="position"]');
  assert.equal(date.getAttribute('max'), '334');
  assert.equal(position.getAttribute('max'), '89');
  assert.ok(root.querySelector(`label[for="${date.getAttribute('id')}"]`));
  assert.ok(root.querySelector(`label[for="${position.getAttribute('id')}"]`));
  assert.match(root.querySelector('[data-view="point"]').querySelector('[data-basis]').textContent, /89 sự kiện đầu.*30\/11\/2024/);
  const compare = root.querySelector('[data-view="compare"]');
  assert.match(compare.querySelector('[data-basis="a"]').textContent, /30\/06\/2024/);
  assert.match(compare.querySelector('[data-change="subprojects"]').textContent, /DA3-TDA3.*\+70\.000\.000 đ/);
  assert.doesNotMatch(compare.querySelector('[data-change="subprojects"]').textContent, /phân bổ/, 'unchanged amounts are not listed');
  assert.match(compare.querySelector('[data-change="targets"]').textContent, /disbursement: 113\.000\.000 đ \/ 510\.000\.000 đ/);
  assert.match(compare.querySelector('[data-change="findings-opened"]').textContent, /GS-2024-01\/F-02/);
  assert.match(compare.querySelector('[data-change="assignments"]').textContent, /DA6-TDA2-01.*đang thực hiện → hoàn thành/);

  // Dragging the position slider asks once, after it stops, at that position.
  for (const v of ['10', '20', '40']) { position.value = v; position.dispatch('input'); }
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(ctx.calls.length, 4);
  assert.deepEqual(ctx.calls[3].request, { asOf: { position: '40' } });
  date.value = '180';
  date.dispatch('input');
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(ctx.calls[4].request, { asOf: { businessDate: '2024-06-29' }, referenceDate: '2024-06-29' });
  assert.match(root.querySelector('[data-point]').textContent, /29\/06\/2024/);
});

test('a finding opened between two dates shows its severity in Vietnamese', () => {
  const ctx = fakeCtx();
  const box = changesView(ctx, diffDashboards(june, november));
  const text = box.querySelector('[data-change="findings-opened"]')?.textContent ?? box.textContent;
  assert.match(text, /GS-2024-01\/F-02 \(DA6-TDA2, thấp\)/);
  assert.doesNotMatch(box.textContent, /\b(low|medium|high)\b/);
});

test('an exact day can be typed beside the slider: 30/06/2024 asks as of that day and moves the slider', async () => {
  const ctx = fakeCtx({ answer: (service, method, request) => (request.asOf?.businessDate === '2024-06-30' ? june : november) });
  const root = ctx.el('main');
  await page.render(root, ctx, { id: null, query: new URLSearchParams() });
  const day = root.querySelector('input[data-field="day"]');
  assert.ok(day, 'a date input for one day');
  assert.equal(day.getAttribute('type'), 'date');
  assert.ok(root.querySelector(`label[for="${day.getAttribute('id')}"]`));
  const before = ctx.calls.length;
  day.value = '2024-06-30';
  day.dispatch('change');
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(ctx.calls[before].request, { asOf: { businessDate: '2024-06-30' }, referenceDate: '2024-06-30' });
  assert.equal(root.querySelector('[data-slider="date"]').value, '181');
  assert.match(root.querySelector('[data-point]').textContent, /30\/06\/2024/);
  day.value = '';
  day.dispatch('change');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(ctx.calls.length, before + 1, 'an empty day asks nothing');
});
