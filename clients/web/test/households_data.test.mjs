// The pure parts of the household pages (site/js/pages/households_data.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  classificationWords, rateFromBp, parseHistory, villageOf, villagesOf, reviewsOf, dateOrEmpty,
  personalFields, postingState, checkRows, differenceWords,
} from '../site/js/pages/households_data.js';

test('classes are said in words; none is "chưa phân loại"', () => {
  assert.equal(classificationWords('poor').vi, 'hộ nghèo');
  assert.equal(classificationWords('near_poor').en, 'near-poor');
  assert.equal(classificationWords('').vi, 'chưa phân loại');
  assert.equal(classificationWords('other').vi, 'other');
});

test('a rate in basis points reads as a percent with two decimals', () => {
  assert.equal(rateFromBp(137), '1,37 %');
  assert.equal(rateFromBp('137', 'en'), '1.37 %');
  assert.equal(rateFromBp(0), '0,00 %');
  assert.equal(rateFromBp(10000), '100,00 %');
  assert.equal(rateFromBp('x'), '—');
});

test('the classification history splits at the last colon', () => {
  assert.deepEqual(parseHistory(['RV-2025-thon-1:near_poor', 'RV:2026:poor', 'bare']), [
    { reviewId: 'RV-2025-thon-1', classification: 'near_poor' },
    { reviewId: 'RV:2026', classification: 'poor' },
    { reviewId: '', classification: 'bare' },
  ]);
  assert.deepEqual(parseHistory(undefined), []);
});

test('villages and reviews of a register, each once, sorted', () => {
  const hs = [
    { villageId: 'thon-2', reviewId: 'RV-B', history: ['RV-A:poor', 'RV-B:near_poor'] },
    { villageId: 'thon-1', reviewId: '', history: [] },
    { villageId: 'thon-2', reviewId: 'RV-B', history: ['RV-B:average'] },
  ];
  assert.deepEqual(villagesOf(hs), ['thon-1', 'thon-2']);
  assert.deepEqual(reviewsOf(hs), ['RV-A', 'RV-B']);
  assert.equal(villageOf('thon-1/H-0001'), 'thon-1');
  assert.equal(villageOf('H-0001'), '');
});

test('only a YYYY-MM-DD date is passed on', () => {
  assert.equal(dateOrEmpty(' 2025-10-01 '), '2025-10-01');
  assert.equal(dateOrEmpty('01/10/2025'), '');
  assert.equal(dateOrEmpty(null), '');
});

test('erased personal data: every field is "đã xoá", nothing else', () => {
  const f = personalFields({ householdId: 'thon-1/H-0001', erased: true, personal: { headName: 'should not show' } });
  assert.equal(f.erased, true);
  const all = [...f.household, ...f.members.flat()];
  assert.ok(all.length >= 9);
  for (const field of all) assert.deepEqual(field.value, { vi: 'đã xoá', en: 'erased' });
  assert.ok(!JSON.stringify(f).includes('should not show'));
});

test('personal data shown field by field, members as rows', () => {
  const f = personalFields({ householdId: 'h', erased: false, accessPosition: '9', personal: {
    headName: 'Trần Thị Lan', address: 'Thôn 1',
    members: [{ name: 'Trần Thị Lan', idNumber: '999000001', relation: 'chủ hộ', disability: true }, { name: 'B' }] } });
  assert.equal(f.household[0].value, 'Trần Thị Lan');
  assert.equal(f.members.length, 2);
  assert.equal(f.members[0].find((x) => x.field === 'idNumber').value, '999000001');
  assert.deepEqual(f.members[0].find((x) => x.field === 'disability').value, { vi: 'có', en: 'yes' });
  assert.equal(f.members[1].find((x) => x.field === 'phone').value, '—');
});

test('posting state: open, closed after the window, not posted before it', () => {
  const list = { postedOn: '2025-10-01', complaintsUntil: '2025-10-10', open: true, entries: [{}] };
  assert.equal(postingState(list, '2025-10-05'), 'open');
  assert.equal(postingState({ ...list, open: false, entries: [] }, '2025-10-11'), 'closed');
  assert.equal(postingState({ ...list, open: false, entries: [] }, '2025-09-30'), 'not-posted');
  assert.equal(postingState({ open: false, postedOn: '', entries: [] }, ''), 'not-posted');
  // today (empty date): judged on the server's reference date
  assert.equal(postingState({ ...list, open: false, basis: { referenceDate: '2026-01-01' } }, ''), 'closed');
});

test('register against reports: difference and highlight', () => {
  const rows = checkRows([
    { targetId: 'poor-household-rate', period: '2025', registerNumerator: '5', registerDenominator: '300',
      reportedNumerator: '2', reportedDenominator: '300', differs: true, differenceText: '+3 hộ' },
    { targetId: 'near-poor', registerNumerator: '4', registerDenominator: '10', reportedNumerator: '4',
      reportedDenominator: '10', differs: false },
  ]);
  assert.equal(rows[0].difference, 3);
  assert.equal(rows[0].differs, true);
  assert.equal(rows[1].differs, false);
  assert.deepEqual(differenceWords(3), { vi: '+3 hộ', en: '+3 households' });
  assert.equal(differenceWords(-2).vi, '−2 hộ');
  assert.deepEqual(checkRows(undefined), []);
});
