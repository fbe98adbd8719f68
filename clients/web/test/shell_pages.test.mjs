import test from 'node:test';
import assert from 'node:assert/strict';
import { supervisionFromEvents } from '../site/js/pages/supervision_data.js';
import { timelineRequest } from '../site/js/pages/journal.js';
import { findAssignment } from '../site/js/pages/assignment.js';
import { readFileSync } from 'node:fs';

test('the journal request follows the URL filters; bad dates and positions are dropped', () => {
  const q = new URLSearchParams('entity=DA3-TDA3&kind=disbursement&actor=thon-1&from=2024-01-01&to=31/12/2024&pos=120');
  assert.deepEqual(timelineRequest(q), {
    entity: 'DA3-TDA3', kind: 'disbursement', actor: 'thon-1', businessFrom: '2024-01-01', businessTo: '',
    fromPosition: '120', limit: 50, withProofs: true,
  });
  assert.equal(timelineRequest(new URLSearchParams('pos=-1')).fromPosition, '0');
});

test('a supervision is gathered from its events', () => {
  const e = (type, position, payload) => ({ type, position, payload });
  const s = supervisionFromEvents([
    e('SupervisionPlanned', '1', { supervisionId: 'GS-1', body: 'MTTQ', plannedDate: '2024-05-01' }),
    e('InspectionConducted', '2', { supervisionId: 'GS-1', date: '2024-05-02', participants: ['a'] }),
    e('FindingRecorded', '3', { supervisionId: 'GS-1', findingId: 'F-1', subject: 'DA3-TDA3' }),
    e('FindingRecorded', '4', { supervisionId: 'GS-1', findingId: 'F-2', subject: 'DA6' }),
    e('RecommendationIssued', '5', { findingId: 'F-1', recommendationId: 'KN-1', text: 'sửa' }),
    e('ResponseSubmitted', '6', { recommendationId: 'KN-1', byUnit: 'ldtbxh', text: 'đã sửa' }),
    e('ResponseSubmitted', '7', { recommendationId: 'KN-9', byUnit: 'x', text: 'lạc' }),
    e('FindingResolved', '8', { findingId: 'F-1', note: 'ok' }),
    e('FindingClosed', '9', { findingId: 'F-2', reason: 'không làm được' }),
  ]);
  assert.equal(s.planned.body, 'MTTQ');
  assert.equal(s.inspections.length, 1);
  assert.deepEqual(s.findings.map((f) => [f.findingId, f.status]), [['F-1', 'resolved'], ['F-2', 'closed']]);
  assert.equal(s.findings[0].recommendations[0].responses[0].text, 'đã sửa');
  assert.equal(s.findings[1].outcome.reason, 'không làm được');
  assert.equal(s.closed, null);
});

test('an assignment is found among the dashboard sub-projects', () => {
  const d = JSON.parse(readFileSync(new URL('./fixtures/seed-dashboard.json', import.meta.url), 'utf8'));
  assert.equal(findAssignment(d, 'DA3-TDA3-01').subprojectId, 'DA3-TDA3');
  assert.equal(findAssignment(d, 'nope'), null);
});
