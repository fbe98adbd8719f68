import test from 'node:test';
import assert from 'node:assert/strict';
import * as fmt from '../site/js/format.js';

test('money groups digits of int64 strings without losing precision', () => {
  assert.equal(fmt.money('263500000'), '263.500.000 đ');
  assert.equal(fmt.money(263500000, 'en'), '263,500,000 VND');
  assert.equal(fmt.money('1000000000000000'), '1.000.000.000.000.000 đ');
  assert.equal(fmt.money('9007199254740993'), '9.007.199.254.740.993 đ');
  assert.equal(fmt.money('0'), '0 đ');
  assert.equal(fmt.money('-5000'), '-5.000 đ');
  assert.equal(fmt.money('999'), '999 đ');
  assert.equal(fmt.integer('1000'), '1.000');
  assert.equal(fmt.integer('abc'), 'abc');
});

test('dates: dd/mm/yyyy in Vietnamese, ISO in English, dash when empty', () => {
  assert.equal(fmt.date('2024-06-30'), '30/06/2024');
  assert.equal(fmt.date('2024-06-30', 'en'), '2024-06-30');
  assert.equal(fmt.date(''), '—');
  assert.equal(fmt.date('2024-H1'), '2024-H1');
  assert.equal(fmt.month('2024-03'), '03/2024');
  assert.equal(fmt.month('2024-03', 'en'), '2024-03');
  assert.equal(fmt.month(''), '—');
});

test('business micros are read as a UTC day; recorded times in Việt Nam time', () => {
  const june30 = String(Date.UTC(2024, 5, 30) * 1000);
  assert.equal(fmt.ymdFromMicros(june30), '2024-06-30');
  assert.equal(fmt.dateMicros(june30), '30/06/2024');
  // 2024-06-30 20:00 UTC is 03:00 on 1 July in Việt Nam.
  const evening = String(Date.UTC(2024, 5, 30, 20, 0) * 1000);
  assert.equal(fmt.dateTimeMicros(evening), '01/07/2024 03:00');
  assert.equal(fmt.dateTimeMicros(evening, 'en'), '2024-07-01 03:00');
});

test('percent and the server rate text use the language decimal mark', () => {
  assert.equal(fmt.percent(59), '59,0 %');
  assert.equal(fmt.percent(59, 'en'), '59.0 %');
  assert.equal(fmt.percent(NaN), '—');
  assert.equal(fmt.rateText('51.7 %'), '51,7 %');
  assert.equal(fmt.rateText('51.7 %', 'en'), '51.7 %');
  assert.equal(fmt.rateText('-'), '—');
  assert.match(fmt.rateText('overflow'), /quá lớn/);
});

test('formatter binds the language', () => {
  const en = fmt.formatter('en');
  assert.equal(en.money('1500'), '1,500 VND');
  assert.equal(fmt.formatter('vi').date('2024-01-02'), '02/01/2024');
});
