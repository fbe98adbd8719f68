import test from 'node:test';
import assert from 'node:assert/strict';
import { dateTicks } from '../site/js/pages/charts.js';

const ts = (ymd) => Date.parse(`${ymd}T00:00:00Z`) / 1000;

test('the disbursement line\'s date axis speaks Vietnamese: 07/2024, 15/07 (not Jul, Aug)', () => {
  assert.deepEqual(dateTicks([ts('2024-07-01'), ts('2024-08-01'), ts('2025-01-01')], 'vi'), ['07/2024', '08/2024', '01/2025']);
  assert.deepEqual(dateTicks([ts('2024-07-15'), ts('2024-07-22')], 'vi'), ['15/07', '22/07']);
  assert.deepEqual(dateTicks([ts('2024-07-01'), ts('2024-07-15')], 'en'), ['2024-07', '07-15']);
  assert.deepEqual(dateTicks([null], 'vi'), ['']);
});
