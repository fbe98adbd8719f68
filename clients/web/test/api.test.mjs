import test from 'node:test';
import assert from 'node:assert/strict';
import { createApi, ApiError, CODE_MEANINGS, codeForHttpStatus } from '../site/js/api.js';

// A fake fetch that records requests and answers from a queue.
function fakeFetch(answers) {
  const requests = [];
  const fetch = async (url, init) => {
    requests.push({ url, ...init });
    const a = answers.shift();
    if (a instanceof Error) throw a;
    return {
      ok: a.status >= 200 && a.status < 300,
      status: a.status,
      json: async () => (typeof a.body === 'string' ? JSON.parse(a.body) : a.body),
    };
  };
  return { fetch, requests };
}

test('call posts Connect JSON with the CSRF header after sign-in', async () => {
  const { fetch, requests } = fakeFetch([
    { status: 200, body: { identity: 'x', role: 'coordinator', csrfToken: 'tok123', methods: [] } },
    { status: 200, body: { basis: { position: '89' } } },
  ]);
  const api = createApi({ fetch });
  const session = await api.signIn('mbt_secret');
  assert.equal(session.role, 'coordinator');
  assert.equal(requests[0].url, '/api/session');
  assert.deepEqual(JSON.parse(requests[0].body), { token: 'mbt_secret' });
  const dash = await api.call('ProgramStatus', 'GetDashboard', { referenceDate: '2024-11-30' });
  assert.equal(dash.basis.position, '89');
  const r = requests[1];
  assert.equal(r.url, '/minhbach.v1.ProgramStatus/GetDashboard');
  assert.equal(r.method, 'POST');
  assert.equal(r.credentials, 'same-origin');
  assert.equal(r.headers['Content-Type'], 'application/json');
  assert.equal(r.headers['X-CSRF-Token'], 'tok123');
  assert.deepEqual(JSON.parse(r.body), { referenceDate: '2024-11-30' });
});

test('GET /api/session sends no body and no CSRF header', async () => {
  const { fetch, requests } = fakeFetch([{ status: 200, body: { role: 'village', csrfToken: 'c' } }]);
  const api = createApi({ fetch });
  api.setCsrfToken('c');
  await api.getSession();
  assert.equal(requests[0].method, 'GET');
  assert.equal(requests[0].body, undefined);
  assert.equal(requests[0].headers['X-CSRF-Token'], undefined);
});

test('a Connect error becomes an ApiError with a human meaning in both languages', async () => {
  const { fetch } = fakeFetch([
    { status: 412, body: { code: 'failed_precondition', message: 'kỳ 2024-H1 đã khóa' } },
  ]);
  const api = createApi({ fetch });
  await assert.rejects(api.call('Reporting', 'SubmitVillageReport', {}), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 'failed_precondition');
    assert.equal(e.httpStatus, 412);
    assert.equal(e.human('vi'), 'Chưa thể làm việc này ở trạng thái hiện tại: kỳ 2024-H1 đã khóa');
    assert.equal(e.human('en'), 'This cannot be done in the current state: kỳ 2024-H1 đã khóa');
    return true;
  });
});

test('a body that is not error JSON falls back to the Connect code of the HTTP status', async () => {
  const { fetch } = fakeFetch([{ status: 503, body: 'not json{' }, { status: 401, body: 'x{' }]);
  const api = createApi({ fetch });
  await assert.rejects(api.call('A', 'B', {}), (e) => e.code === 'unavailable' && e.message === 'HTTP 503');
  await assert.rejects(api.getSession(), (e) => e.code === 'unauthenticated');
  assert.equal(codeForHttpStatus(404), 'unimplemented');
  assert.equal(codeForHttpStatus(500), 'unknown');
});

test('a network failure is "unavailable"; a 200 that is not JSON is "internal"', async () => {
  const { fetch } = fakeFetch([new TypeError('Failed to fetch'), { status: 200, body: '<html>' }]);
  const api = createApi({ fetch });
  await assert.rejects(api.call('A', 'B'), (e) => e.code === 'unavailable' && /Failed to fetch/.test(e.message));
  await assert.rejects(api.call('A', 'B'), (e) => e.code === 'internal');
});

test('a service or method name that is not a plain word is refused before any request', async () => {
  const { fetch, requests } = fakeFetch([]);
  const api = createApi({ fetch });
  await assert.rejects(api.call('../api', 'x'), (e) => e.code === 'invalid_argument');
  assert.equal(requests.length, 0);
});

test('every Connect code has both meanings; an unknown code reads as unknown', () => {
  const codes = ['canceled', 'unknown', 'invalid_argument', 'deadline_exceeded', 'not_found',
    'already_exists', 'permission_denied', 'resource_exhausted', 'failed_precondition', 'aborted',
    'out_of_range', 'unimplemented', 'internal', 'unavailable', 'data_loss', 'unauthenticated'];
  for (const c of codes) {
    assert.ok(CODE_MEANINGS[c].vi && CODE_MEANINGS[c].en, c);
    assert.notEqual(CODE_MEANINGS[c].vi, CODE_MEANINGS[c].en, c);
  }
  assert.equal(new ApiError('weird', 'm').code, 'unknown');
  assert.equal(new ApiError('not_found', '').human('en'), 'Not found');
});

test('signOut posts with the CSRF header and forgets it', async () => {
  const { fetch, requests } = fakeFetch([{ status: 200, body: {} }, { status: 200, body: {} }]);
  const api = createApi({ fetch });
  api.setCsrfToken('abc');
  await api.signOut();
  assert.equal(requests[0].url, '/api/session/end');
  assert.equal(requests[0].headers['X-CSRF-Token'], 'abc');
  await api.call('A', 'B', {});
  assert.equal(requests[1].headers['X-CSRF-Token'], undefined);
});
