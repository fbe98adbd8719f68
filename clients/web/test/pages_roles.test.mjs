// A role that may not read the timeline (a village head, a lead unit) is told
// so in plain words where the timeline would be, not shown the server's
// permission refusal in red.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { page as journal } from '../site/js/pages/journal.js';
import { entityTimeline } from '../site/js/pages/timeline_view.js';
import { fakeCtx } from '../test_support/pages_fake_dom.mjs';

const villageCtx = () => fakeCtx({ methods: ['/minhbach.v1.ProgramStatus/GetDashboard'], session: { role: 'village' } });

test('Nhật ký for a role that may not read the timeline: words, no call, no alert', async () => {
  const ctx = villageCtx();
  const root = ctx.el('main');
  await journal.render(root, ctx, { id: null, query: new URLSearchParams() });
  assert.deepEqual(ctx.calls, []);
  assert.equal(root.querySelector('[role]'), null);
  assert.match(root.querySelector('[data-not-allowed]').textContent, /không được xem nhật ký/);
  assert.deepEqual(journal.needs, ['Timeline', 'GetTimeline']);
});

test('an entity\'s timeline for such a role says why it is not shown', async () => {
  const ctx = villageCtx();
  const box = ctx.el('div');
  await entityTimeline(ctx, box, { entity: 'DA3-TDA3' });
  assert.deepEqual(ctx.calls, []);
  assert.match(box.textContent, /không được xem nhật ký/);
  assert.equal(box.querySelector('[role]'), null);
});
