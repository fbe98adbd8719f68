// The server's API as the browser speaks it: Connect unary JSON
// (POST /minhbach.v1.<Service>/<Method>) and the session endpoints, with the
// session cookie (same origin) and the CSRF header on every POST.

// What each Connect error code means, for the person reading the message.
export const CODE_MEANINGS = {
  canceled: { vi: 'Yêu cầu đã bị hủy', en: 'The request was cancelled' },
  unknown: { vi: 'Lỗi không rõ nguyên nhân', en: 'Unknown error' },
  invalid_argument: { vi: 'Dữ liệu nhập chưa đúng', en: 'Something entered is not valid' },
  deadline_exceeded: { vi: 'Máy chủ trả lời quá chậm, hãy thử lại', en: 'The server took too long; try again' },
  not_found: { vi: 'Không tìm thấy', en: 'Not found' },
  already_exists: { vi: 'Đã có từ trước', en: 'Already exists' },
  permission_denied: { vi: 'Vai trò của bạn không được làm việc này', en: 'Your role may not do this' },
  resource_exhausted: { vi: 'Máy chủ đang bận, hãy thử lại sau giây lát', en: 'The server is busy; try again in a moment' },
  failed_precondition: { vi: 'Chưa thể làm việc này ở trạng thái hiện tại', en: 'This cannot be done in the current state' },
  aborted: { vi: 'Dữ liệu vừa thay đổi, hãy thử lại', en: 'The records changed meanwhile; try again' },
  out_of_range: { vi: 'Ngoài phạm vi cho phép', en: 'Out of the allowed range' },
  unimplemented: { vi: 'Máy chủ không có chức năng này', en: 'The server does not offer this' },
  internal: { vi: 'Lỗi bên trong máy chủ', en: 'Internal server error' },
  unavailable: { vi: 'Không kết nối được máy chủ', en: 'The server cannot be reached' },
  data_loss: { vi: 'Dữ liệu bị mất hoặc hỏng', en: 'Data lost or damaged' },
  unauthenticated: { vi: 'Chưa đăng nhập hoặc phiên đã hết hạn', en: 'Not signed in, or the session has ended' },
};

// A refused or failed call. `code` is a Connect code ("failed_precondition"),
// `message` the server's own words.
export class ApiError extends Error {
  constructor(code, message, httpStatus = 0) {
    super(message || code);
    this.name = 'ApiError';
    this.code = CODE_MEANINGS[code] ? code : 'unknown';
    this.httpStatus = httpStatus;
  }

  // "<meaning of the code>: <server's message>" in `lang`.
  human(lang = 'vi') {
    const meaning = CODE_MEANINGS[this.code][lang === 'en' ? 'en' : 'vi'];
    return this.message && this.message !== this.code ? `${meaning}: ${this.message}` : meaning;
  }
}

// The code Connect assigns to an HTTP status when the body holds no error JSON.
export function codeForHttpStatus(status) {
  switch (status) {
    case 400: return 'internal';
    case 401: return 'unauthenticated';
    case 403: return 'permission_denied';
    case 404: return 'unimplemented';
    case 429: case 502: case 503: case 504: return 'unavailable';
    default: return 'unknown';
  }
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && typeof body.code === 'string') {
    return new ApiError(body.code, typeof body.message === 'string' ? body.message : '', response.status);
  }
  return new ApiError(codeForHttpStatus(response.status), `HTTP ${response.status}`, response.status);
}

// createApi({fetch}) → {call, getSession, signIn, signOut, setCsrfToken}.
// `fetch` defaults to the browser's; tests give a fake.
export function createApi({ fetch: fetchImpl = globalThis.fetch.bind(globalThis) } = {}) {
  let csrfToken = '';

  async function request(path, { method = 'POST', body } = {}) {
    const headers = { Accept: 'application/json' };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    }
    let response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
      });
    } catch (e) {
      throw new ApiError('unavailable', String(e && e.message ? e.message : e));
    }
    if (!response.ok) throw await errorFrom(response);
    try {
      return await response.json();
    } catch {
      throw new ApiError('internal', 'the server answered with something that is not JSON', response.status);
    }
  }

  return {
    setCsrfToken(token) { csrfToken = token || ''; },
    // ctx.call: call('ProgramStatus', 'GetDashboard', {}) → the response JSON.
    call(service, method, req) {
      if (!/^[A-Za-z]+$/.test(service) || !/^[A-Za-z]+$/.test(method)) {
        return Promise.reject(new ApiError('invalid_argument', `no such method ${service}/${method}`));
      }
      return request(`/minhbach.v1.${service}/${method}`, { body: req ?? {} });
    },
    getSession() { return request('/api/session', { method: 'GET' }); },
    async signIn(token) {
      const session = await request('/api/session', { body: { token } });
      csrfToken = session.csrfToken || '';
      return session;
    },
    async signOut() {
      await request('/api/session/end', { body: {} });
      csrfToken = '';
    },
    fetchJson(path) { return request(path, { method: 'GET' }); },
  };
}
