import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { disbursementBars, cumulativeDisbursed, villagesNotReported, targetProgress }
  from '../site/js/pages/overview_data.js';

// The seed's dashboard as the CLI printed it (`minhbach status --json`,
// field names turned lowerCamelCase as the web API writes them).
const dashboard = JSON.parse(readFileSync(new URL('./fixtures/seed-dashboard.json', import.meta.url), 'utf8'));

test('bars carry the dashboard figures unchanged, one per sub-project', () => {
  const bars = disbursementBars(dashboard);
  assert.equal(bars.length, dashboard.subprojects.length);
  const tda3 = bars.find((b) => b.id === 'DA3-TDA3');
  assert.equal(tda3.allocatedDong, '210000000');
  assert.equal(tda3.disbursedDong, '130000000');
  assert.equal(tda3.rateText, '61.9 %');
  // A default left out of the JSON reads as zero.
  assert.equal(bars.find((b) => b.id === 'DA3-TDA1').disbursedDong, '0');
  // The bars add up to the dashboard's total.
  const sum = bars.reduce((s, b) => s + BigInt(b.disbursedDong), 0n);
  assert.equal(sum.toString(), dashboard.money.disbursedDong);
});

const ev = (type, businessDate, payload) => ({ type, businessDate, payload });

test('cumulative disbursement by business date, reversals taken back on their date', () => {
  const points = cumulativeDisbursed([
    ev('DisbursementRecorded', '2024-03-01', { disbursementId: 'CT-01', amountDong: '40000000' }),
    ev('DisbursementRecorded', '2024-03-01', { disbursementId: 'CT-02', amountDong: '5000000' }),
    ev('DisbursementRecorded', '2024-02-10', { disbursementId: 'CT-00', amountDong: '1000' }),  // earlier date, later in the log
    ev('DisbursementReversed', '2024-04-02', { disbursementId: 'CT-02', reason: 'sai' }),
    ev('DisbursementReversed', '2024-04-03', { disbursementId: 'CT-02' }),  // already reversed: nothing
    ev('DisbursementReversed', '2024-04-03', { disbursementId: 'CT-99' }),  // never recorded: nothing
    ev('BudgetAllocated', '2024-01-05', { amountDong: '999' }),            // not a disbursement
  ]);
  assert.deepEqual(points.map((p) => [p.date, p.totalDong]), [
    ['2024-02-10', '1000'], ['2024-03-01', '45001000'], ['2024-04-02', '40001000'],
  ]);  // the ignored reversals of 2024-04-03 add no point
  assert.equal(points[1].dong, 45001000);
});

test('amounts beyond 2^53 keep their exact total as text', () => {
  const points = cumulativeDisbursed([
    ev('DisbursementRecorded', '2024-01-01', { disbursementId: 'a', amountDong: '1000000000000000' }),
    ev('DisbursementRecorded', '2024-01-01', { disbursementId: 'b', amountDong: '999999999999999' }),
    ev('DisbursementRecorded', '2024-01-02', { disbursementId: 'c', amountDong: 'garbage' }),
  ]);
  assert.deepEqual(points.map((p) => p.totalDong), ['1999999999999999']);
});

test('villages not reported are gathered from every target', () => {
  const villages = villagesNotReported(dashboard.targets);
  const ids = villages.map((v) => v.villageId);
  assert.deepEqual(ids, [...ids].sort());
  for (const v of villages) {
    const owed = dashboard.targets.filter((t) => (t.notReported || []).includes(v.villageId)).map((t) => t.targetId);
    assert.deepEqual(v.owed.map((o) => o.targetId), owed);
  }
  assert.deepEqual(villagesNotReported([]), []);
});

test('target progress: share, count, at-most, and no data', () => {
  const health = dashboard.targets.find((t) => t.targetId === 'dim-health');
  assert.ok(Math.abs(targetProgress(health) - 212 / 220) < 1e-9);
  assert.equal(targetProgress({ hasActual: false }), null);
  assert.equal(targetProgress({ hasActual: true, kind: 'count', actualNumerator: '3', numeratorTarget: '2' }), 1);
  assert.equal(targetProgress({ hasActual: true, kind: 'count', actualNumerator: '1', numeratorTarget: '4' }), 0.25);
  const atMost = { hasActual: true, kind: 'share', direction: 'at-most', numeratorTarget: '137', denominatorTarget: '10000' };
  assert.equal(targetProgress({ ...atMost, actualNumerator: '1', actualDenominator: '100' }), 1);
  assert.ok(Math.abs(targetProgress({ ...atMost, actualNumerator: '274', actualDenominator: '10000' }) - 0.5) < 1e-9);
  assert.equal(targetProgress({ hasActual: true, kind: 'share', actualNumerator: '1', actualDenominator: '0', numeratorTarget: '1', denominatorTarget: '2' }), null);
});
