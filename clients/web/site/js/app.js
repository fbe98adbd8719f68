// The app shell: session, language, top navigation, hash router, the status
// line and live updates. Pages see only `ctx` (see the contract); this file
// builds it.
import { createApi } from './api.js';
import { el, clear, append } from './dom.js';
import { formatter } from './format.js';
import { describe } from './event_words.js';
import { parseHash, hashFor, DEFAULT_ROUTE } from './router.js';
import { renderSignIn } from './signin.js';
import { watchLog } from './live.js';
import { roleWord } from './words.js';
import { pages } from './pages/index.js';
import { createVerifier } from './verify/index.js';
import { decodeEvent, loadSchema } from './verify/decode.js';

const LANG_KEY = 'minhbach.lang';
const SIGN_IN = 'dang-nhap';

const storage = (() => {
  try {
    return globalThis.localStorage;
  } catch {
    return null;  // storage blocked: the language is then not remembered
  }
})();

const state = {
  lang: storage?.getItem(LANG_KEY) === 'en' ? 'en' : 'vi',
  session: null,
  live: 'off',  // 'live' | 'reconnecting' | 'unsupported' | 'off'
  logSize: null,
  head: null,   // the last verified head (ctx.verify.head())
  generation: 0,  // bumped on each render: stale renders stop touching the page
  liveHandlers: [],
  stopLive: null,
  notice: null,  // an error to show on the sign-in page
  returnTo: null,  // the hash asked for before signing in
};

const api = createApi();
let verifier = null;

const t = (words) => (words && (words[state.lang] ?? words.vi)) ?? '';

const byRoute = new Map(pages.map((p) => [p.route, p]));

function buildCtx(generation) {
  const current = () => generation === state.generation;
  const afterRender = [];
  const ctx = {
    lang: state.lang,
    t,
    call: (service, method, request) => api.call(service, method, request),
    session: state.session,
    may: (service, method) =>
      Boolean(state.session?.methods?.includes(`/minhbach.v1.${service}/${method}`)),
    el,
    fmt: formatter(state.lang),
    events: {
      // Decoded from the raw bytes with the server's schema (fetched once).
      decode: async (event) => decodeEvent(event, await loadSchema((path) => api.fetchJson(path))),
      describe: (decoded) => describe(decoded, state.lang),
    },
    verify: verifier,
    onLive: (fn) => {
      if (current()) state.liveHandlers.push(fn);
    },
    navigate: (hash) => {
      if (location.hash === hash) render();
      else location.hash = hash;
    },
    // Shell extras (not in the contract; pages of this engineer use them):
    // work to start only once the first render is on screen (the budget of
    // requests for a first render), and hash building.
    afterRender: (fn) => afterRender.push(fn),
    hashFor,
    isCurrent: current,
  };
  return { ctx, afterRender };
}

function langToggle() {
  const other = state.lang === 'vi' ? 'en' : 'vi';
  return el('button', {
    type: 'button', class: 'lang', lang: other, 'data-action': 'lang',
    onclick: () => {
      state.lang = other;
      storage?.setItem(LANG_KEY, other);
      render();
    },
  }, other === 'en' ? 'English' : 'Tiếng Việt');
}

// A page that needs a method the session may not call (Nhật ký needs the
// timeline) is left out of the navigation.
function mayUse(page) {
  if (!page.needs) return true;
  const [service, method] = page.needs;
  return Boolean(state.session?.methods?.includes(`/minhbach.v1.${service}/${method}`));
}

function renderHeader(route) {
  const header = clear(document.getElementById('top'));
  const links = pages.filter((p) => p.nav && mayUse(p)).map((p) => el('li', {},
    el('a', { href: `#/${p.route}`, 'aria-current': p.route === route ? 'page' : null }, t(p.title))));
  const who = state.session
    ? el('span', { class: 'who' }, `${state.session.identity} (${roleWord(state.session.role, state.lang)})`)
    : null;
  const signOut = state.session ? el('button', {
    type: 'button', 'data-action': 'sign-out',
    onclick: async () => {
      try {
        await api.signOut();
      } catch {
        // the cookie may already be gone: sign out locally all the same
      }
      state.session = null;
      stopLive();
      location.hash = `#/${SIGN_IN}`;
    },
  }, t({ vi: 'Đăng xuất', en: 'Sign out' })) : null;
  append(header, [
    el('a', { class: 'brand', href: `#/${DEFAULT_ROUTE}` }, t({ vi: 'Minh bạch · Giảm nghèo', en: 'Minhbach · Poverty reduction' })),
    state.session ? el('nav', { 'aria-label': t({ vi: 'Các trang', en: 'Pages' }) }, el('ul', {}, links)) : null,
    el('div', { class: 'tools' }, who, langToggle(), signOut)]);
}

function renderStatus() {
  const status = clear(document.getElementById('status'));
  if (!state.session) return;
  const liveWords = {
    live: { vi: 'Đang cập nhật trực tiếp', en: 'Live updates on' },
    reconnecting: { vi: 'Mất kết nối cập nhật trực tiếp, đang thử lại…', en: 'Live updates lost, reconnecting…' },
    unsupported: { vi: 'Trình duyệt không nhận cập nhật trực tiếp', en: 'This browser gets no live updates' },
    off: { vi: 'Chưa nhận cập nhật trực tiếp', en: 'Live updates not started' },
  };
  const parts = [el('span', { class: `live live-${state.live}`, 'data-live': state.live }, t(liveWords[state.live]))];
  if (state.logSize !== null) {
    parts.push(el('span', { 'data-figure': 'logSize', 'data-value': state.logSize },
      t({ vi: `Sổ cái có ${state.logSize} sự kiện`, en: `The log holds ${state.logSize} events` })));
  }
  const head = state.head;
  if (head) {
    parts.push(el('span', { class: 'head', 'data-head': head.ok ? 'ok' : 'bad' },
      verifier.mark(head),
      head.treeSize != null ? ` ${t({ vi: 'đầu sổ', en: 'tree head' })} ${head.treeSize}` : '',
      head.keyFingerprint ? ` · ${t({ vi: 'khóa', en: 'key' })} ${head.keyFingerprint}` : '',
      (head.witnesses || []).length ? ` · ${t({ vi: 'nhân chứng', en: 'witnesses' })}: ${head.witnesses
        .map((w) => `${w.name} ${witnessSign(w)}`).join(', ')}` : ''));
  }
  status.append(...parts);
  // The verifier's full account of the head (what was checked, the key to
  // compare with the one posted at the commune office, re-pinning a changed
  // key), open by itself when something failed.
  if (head && verifier.headPanel) {
    status.append(el('details', { class: 'head-details', open: !head.ok },
      el('summary', {}, t({ vi: 'Chi tiết kiểm chứng', en: 'Verification details' })),
      verifier.headPanel(head, { onRepin: () => render() })));
  }
}

// ✓ cosigned and checked, ✗ a cosignature or key that fails, – not cosigned (yet).
function witnessSign(w) {
  if (w.ok) return '✓';
  return w.present === false && !w.bad ? '–' : '✗';
}

function stopLive() {
  if (state.stopLive) state.stopLive();
  state.stopLive = null;
  state.live = 'off';
}

function startLive() {
  if (state.stopLive) return;
  state.stopLive = watchLog({
    onState: (s) => {
      state.live = s;
      renderStatus();
    },
    onGrow: (size) => {
      state.logSize = size;
      const handlers = state.liveHandlers.slice();
      if (handlers.length) {
        for (const fn of handlers) fn();
        refreshHead();
        return;
      }
      // A person typing in a form keeps what they typed (and the position of
      // what they just recorded), even when the focus has left the form, e.g.
      // to the page while the submit button was disabled: offer a reload.
      const active = document.activeElement;
      if ((active && active.closest && active.closest('#page form'))
        || document.querySelector('#page form.command-form')) {
        renderStatus();
        document.getElementById('status').append(el('button', {
          type: 'button', onclick: () => render(),
        }, t({ vi: 'Có sự kiện mới: tải lại trang', en: 'New events: reload the page' })));
        return;
      }
      // Re-rendered in place: keep the reader where they were on the page.
      const y = window.scrollY;
      render().then(() => window.scrollTo(0, y));
    },
  });
}

async function refreshHead() {
  try {
    state.head = await verifier.head();
    if (state.head && state.head.treeSize != null) state.logSize = String(state.head.treeSize);
  } catch (e) {
    state.head = { ok: false, reason: e.human ? e.human(state.lang) : String(e && e.message ? e.message : e) };
  }
  renderStatus();
}

function pageError(e) {
  const text = e && e.human ? e.human(state.lang) : String(e && e.message ? e.message : e);
  return el('p', { class: 'error', role: 'alert', 'data-error': e && e.code ? e.code : 'error' }, text);
}

// Renders the page the hash names. Every render starts from an empty page.
async function render() {
  const generation = ++state.generation;
  state.liveHandlers = [];
  document.documentElement.lang = state.lang;
  const { route, id, query } = parseHash(location.hash);
  const main = clear(document.getElementById('page'));
  if (!state.session && route !== SIGN_IN) {
    state.returnTo = location.hash;  // back there once signed in
    location.replace(`#/${SIGN_IN}`);
    return;
  }
  renderHeader(route);
  renderStatus();
  if (route === SIGN_IN) {
    document.title = t({ vi: 'Đăng nhập · Minh bạch', en: 'Sign in · Minhbach' });
    renderSignIn(main, { t, lang: state.lang, api, onSignedIn: signedIn });
    if (state.notice) main.append(pageError(state.notice));
    state.notice = null;
    return;
  }
  const page = byRoute.get(route);
  const root = el('div', { class: 'page', 'data-page': route, 'aria-busy': 'true' });
  main.append(root);
  if (!page) {
    root.append(el('h1', {}, t({ vi: 'Không có trang này', en: 'No such page' })),
      el('p', {}, el('a', { href: `#/${DEFAULT_ROUTE}` }, t({ vi: 'Về trang Tổng quan', en: 'Go to the overview' }))));
    root.removeAttribute('aria-busy');
    return;
  }
  document.title = `${t(page.title)} · ${t({ vi: 'Minh bạch', en: 'Minhbach' })}`;
  const { ctx, afterRender } = buildCtx(generation);
  const headDone = refreshHead();
  try {
    await page.render(root, ctx, { id, query });
  } catch (e) {
    if (generation !== state.generation) return;
    if (e && e.code === 'unauthenticated') {
      state.session = null;
      stopLive();
      location.replace(`#/${SIGN_IN}`);
      return;
    }
    root.append(pageError(e));
  }
  if (generation !== state.generation) return;
  root.removeAttribute('aria-busy');
  root.dataset.ready = 'true';
  await headDone;
  if (generation !== state.generation) return;
  // The first render (page and verified head) ends here; what follows is lazy.
  // Tests count the requests made before this mark (the budget: 3).
  performance.mark('minhbach:rendered');
  root.dataset.rendered = 'true';
  startLive();
  for (const fn of afterRender) {
    Promise.resolve().then(fn).catch((e) => {
      if (generation === state.generation) root.append(pageError(e));
    });
  }
}

function signedIn(session) {
  state.session = session;
  api.setCsrfToken(session.csrfToken);
  verifier = createVerifier({
    call: (s, m, r) => api.call(s, m, r),
    fetchJson: (path) => api.fetchJson(path),
    storage,
    session,
    lang: () => state.lang,
  });
  const { route } = parseHash(location.hash);
  const back = state.returnTo;
  state.returnTo = null;
  if (route === SIGN_IN) location.hash = back || `#/${DEFAULT_ROUTE}`;
  else render();
}

async function boot() {
  window.addEventListener('hashchange', () => render());
  // The skip link moves focus to the page without changing the hash route.
  const skip = document.querySelector('a.skip');
  if (skip) {
    skip.onclick = (e) => {
      e.preventDefault();
      document.getElementById('page').focus();
    };
  }
  try {
    signedIn(await api.getSession());
  } catch (e) {
    // Not signed in is the usual case; anything else (server down) is said.
    if (!e || e.code !== 'unauthenticated') state.notice = e;
    render();
  }
}

boot();
