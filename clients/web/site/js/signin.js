// The sign-in page (#/dang-nhap): a personal token exchanged for a session
// cookie (POST /api/session). The token is never kept by the page.
import { el } from './dom.js';

export function renderSignIn(root, { t, lang, api, onSignedIn }) {
  const error = el('p', { id: 'token-error', class: 'error', role: 'alert', hidden: true });
  const input = el('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'token-help token-error',
  });
  const button = el('button', { type: 'submit' }, t({ vi: 'Đăng nhập', en: 'Sign in' }));
  const form = el('form', {
    class: 'signin', 'data-form': 'session',
    onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      const token = input.value.trim();
      if (!token) {
        error.textContent = t({ vi: 'Hãy nhập mã truy cập.', en: 'Enter your access token.' });
        error.hidden = false;
        input.focus();
        return;
      }
      button.disabled = true;
      try {
        const session = await api.signIn(token);
        input.value = '';
        onSignedIn(session);
      } catch (err) {
        // A refused token is the usual failure: say so plainly.
        error.textContent = err.code === 'unauthenticated'
          ? t({ vi: `Mã truy cập không được chấp nhận: ${err.message}`, en: `The token was not accepted: ${err.message}` })
          : (err.human ? err.human(lang) : String(err));
        error.hidden = false;
        input.focus();
      } finally {
        button.disabled = false;
      }
    },
  },
  el('label', { for: 'token' }, t({ vi: 'Mã truy cập cá nhân', en: 'Personal access token' })),
  input,
  el('p', { id: 'token-help', class: 'help' }, t({
    vi: 'Mã bắt đầu bằng "mbt_", do quản trị viên cấp cho riêng bạn (minhbach-admin). Không chia sẻ mã này.',
    en: 'The token starts with "mbt_" and is issued to you alone by the administrator (minhbach-admin). Do not share it.',
  })),
  error,
  button);
  root.append(el('div', { class: 'page', 'data-page': 'dang-nhap' },
    el('h1', {}, t({ vi: 'Đăng nhập', en: 'Sign in' })), form));
  input.focus();
}
