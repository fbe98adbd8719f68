import test from 'node:test';
import assert from 'node:assert/strict';
import { roleWord, severityWord } from '../site/js/words.js';

test('a severity is said in the reader\'s language', () => {
  assert.equal(severityWord('medium', 'vi'), 'trung bình');
  assert.equal(severityWord('low', 'vi'), 'thấp');
  assert.equal(severityWord('high', 'vi'), 'cao');
  assert.equal(severityWord('medium', 'en'), 'medium');
  assert.equal(severityWord('critical', 'vi'), 'critical', 'an unknown name as given');
  assert.equal(severityWord(undefined, 'vi'), '');
});

test('a role is said in the reader\'s language', () => {
  assert.equal(roleWord('village', 'vi'), 'trưởng thôn');
  assert.equal(roleWord('coordinator', 'vi'), 'cán bộ điều phối');
  assert.equal(roleWord('district', 'en'), 'district');
  for (const role of ['coordinator', 'implementer', 'village', 'supervisor', 'district', 'service', 'admin']) {
    assert.notEqual(roleWord(role, 'vi'), role, `${role} has Vietnamese words`);
  }
});
