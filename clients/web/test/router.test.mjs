import test from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, hashFor, withQuery, DEFAULT_ROUTE } from '../site/js/router.js';

test('an empty hash is the overview', () => {
  for (const h of ['', '#', '#/']) {
    const r = parseHash(h);
    assert.equal(r.route, DEFAULT_ROUTE);
    assert.equal(r.id, null);
  }
});

test('route, id and query are parsed; the id is percent-decoded', () => {
  const r = parseHash('#/tieu-du-an/DA3-TDA3');
  assert.deepEqual([r.route, r.id], ['tieu-du-an', 'DA3-TDA3']);
  const j = parseHash('#/nhat-ky?entity=GS-2024-01%2FF-02&kind=disbursement&from=2024-01-01');
  assert.equal(j.route, 'nhat-ky');
  assert.equal(j.query.get('entity'), 'GS-2024-01/F-02');
  assert.equal(j.query.get('kind'), 'disbursement');
  assert.equal(parseHash('#/giam-sat/GS%202024').id, 'GS 2024');
  assert.equal(parseHash('#/giam-sat/%E0%A4%A').id, '%E0%A4%A');  // bad encoding kept as typed
});

test('hashFor leaves out empty filters and round-trips through parseHash', () => {
  assert.equal(hashFor('nhat-ky', null, { entity: 'DA3', kind: '', actor: null }), '#/nhat-ky?entity=DA3');
  assert.equal(hashFor('tong-quan'), '#/tong-quan');
  const h = hashFor('giam-sat', 'GS-2024-01/F 02', { ref: '2024-11-30' });
  const r = parseHash(h);
  assert.equal(r.route, 'giam-sat');
  assert.equal(r.id, 'GS-2024-01/F 02');
  assert.equal(r.query.get('ref'), '2024-11-30');
});

test('withQuery sets or clears one parameter and keeps the route, id and the others', () => {
  assert.equal(withQuery('#/giam-sat/GS-2024-01', 'ref', '2024-09-01'), '#/giam-sat/GS-2024-01?ref=2024-09-01');
  assert.equal(withQuery('#/nhat-ky?entity=DA3&ref=2024-01-01', 'ref', '2024-09-01'), '#/nhat-ky?entity=DA3&ref=2024-09-01');
  assert.equal(withQuery('#/tong-quan?ref=2024-09-01', 'ref', ''), '#/tong-quan');
  assert.equal(withQuery('', 'ref', '2024-06-30'), '#/tong-quan?ref=2024-06-30');
});
