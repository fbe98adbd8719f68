import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, DESCRIBED_TYPES } from '../site/js/event_words.js';

const protoDir = fileURLToPath(new URL('../../../proto/minhbach/v1/', import.meta.url));

// Every message of the *_events.proto files except the value types nested in them.
const VALUE_TYPES = ['TargetValue', 'HouseholdMember', 'HouseholdPersonalData', 'PovertyAreaLine', 'PovertyIndicator'];
function eventTypes() {
  const types = [];
  for (const f of readdirSync(protoDir).filter((n) => n.endsWith('_events.proto'))) {
    for (const m of readFileSync(protoDir + f, 'utf8').matchAll(/^message (\w+) \{/gm)) types.push(m[1]);
  }
  return types.filter((t) => !VALUE_TYPES.includes(t));
}

test('every event type of the *_events.proto files has its own sentence', () => {
  const types = eventTypes();
  assert.ok(types.length >= 30, `found ${types.length} event types`);
  for (const t of types) assert.ok(DESCRIBED_TYPES.includes(t), `no sentence for ${t}`);
  for (const t of types) {
    for (const lang of ['vi', 'en']) {
      const text = describe({ type: t, payload: {} }, lang);
      assert.ok(text.length > 0 && !text.includes('undefined'), `${t} ${lang}: ${text}`);
      assert.ok(!/\s\s/.test(text), `${t} ${lang}: doubled space in "${text}"`);
    }
  }
});

test('a disbursement names its amount, ids and date', () => {
  const d = {
    type: 'DisbursementRecorded',
    payload: { subprojectId: 'DA3-TDA3', disbursementId: 'CT-01', allocationId: 'PB-01',
      amountDong: '45000000', datePaid: '2024-03-15', voucherNumber: 'PC-12' },
  };
  assert.equal(describe(d), 'Chi 45.000.000 đ cho DA3-TDA3 (khoản chi CT-01, từ PB-01, chứng từ PC-12, ngày 15/03/2024)');
  assert.equal(describe(d, 'en'), '45,000,000 VND paid for DA3-TDA3 (disbursement CT-01, from PB-01, voucher PC-12, on 2024-03-15)');
});

test('a reason appears only when given', () => {
  const base = { type: 'AssignmentCancelled', payload: { assignmentId: 'A-1' } };
  assert.equal(describe(base), 'Hủy việc A-1');
  assert.equal(describe({ ...base, payload: { assignmentId: 'A-1', reason: 'trùng' } }), 'Hủy việc A-1 (lý do: trùng)');
});

test('text from the log is kept as characters, line breaks folded into one line', () => {
  const note = '<img src=x onerror=alert(1)>\nsecond line';
  const text = describe({ type: 'FindingResolved', payload: { findingId: 'F-1', note } });
  assert.equal(text, 'Phát hiện F-1 đã được khắc phục (ghi chú: <img src=x onerror=alert(1)> second line)');
});

test('an unknown type, or no payload, is told generically with its fields', () => {
  const text = describe({ type: 'SomethingNew', payload: { a: 'x', n: '5', list: ['p', 'q'], empty: '', nested: { b: 1 } } });
  assert.equal(text, 'Sự kiện SomethingNew — a: x; n: 5; list: [p, q]; nested: {b: 1}');
  assert.equal(describe({ type: 'SomethingNew', payload: {} }, 'en'), 'Event SomethingNew');
  assert.equal(describe({ type: 'DisbursementRecorded', payload: null }), 'Sự kiện DisbursementRecorded');
  assert.equal(describe({}), 'Sự kiện (không rõ loại)');
});

test('a finding\'s severity is said in Vietnamese, not as the JSON name', () => {
  const event = {
    type: 'FindingRecorded',
    payload: { findingId: 'F-09', supervisionId: 'GS-2024-01', subject: 'DA3-TDA3', severity: 'medium', description: 'x' },
  };
  const vi = describe(event, 'vi');
  assert.match(vi, /mức trung bình/);
  assert.doesNotMatch(vi, /medium/);
  assert.match(describe(event, 'en'), /medium severity/);
});
