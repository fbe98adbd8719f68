// A small stand-in for the DOM and for the shell's ctx, so that the pages'
// rendering can be exercised under node's test runner (no browser, no
// jsdom). It implements only what the page modules use.

class FakeText {
  constructor(text) { this.text = String(text); }
  get textContent() { return this.text; }
}

export class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.children = [];
    this.listeners = {};
    this.value = '';
    this.checked = false;
    this.hidden = false;
    this.disabled = false;
    this.focused = false;
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
    if (name === 'value' && this.tagName === 'INPUT') this.value = String(value);
  }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  hasAttribute(name) { return this.attributes.has(name); }
  removeAttribute(name) { this.attributes.delete(name); }

  append(...nodes) {
    for (const n of nodes) {
      if (n === null || n === undefined || n === false) continue;
      if (Array.isArray(n)) { this.append(...n); continue; }  // as site/js/dom.js does
      this.children.push(typeof n === 'object' ? n : new FakeText(n));
    }
  }
  appendChild(node) { this.append(node); return node; }  // what site/js/dom.js's append calls
  replaceChildren(...nodes) { this.children = []; this.append(...nodes); }
  get lastChild() { return this.children[this.children.length - 1] ?? null; }

  get textContent() { return this.children.map((c) => c.textContent).join(''); }
  set textContent(text) { this.children = text === '' ? [] : [new FakeText(text)]; }

  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  dispatch(type) {
    const event = { type, target: this, preventDefault() { this.defaultPrevented = true; } };
    for (const fn of this.listeners[type] ?? []) fn(event);
    return event;
  }
  focus() { this.focused = true; }

  // Every element below this one, depth first.
  *descendants() {
    for (const c of this.children) {
      if (c instanceof FakeElement) { yield c; yield* c.descendants(); }
    }
  }

  // Selectors of the forms: "tag", "[attr]", "[attr=\"v\"]", "tag[attr=\"v\"]",
  // several separated by commas.
  matches(selector) {
    return selector.split(',').some((one) => {
      const m = /^\s*([a-z0-9]*)((?:\[[^\]]+\])*)\s*$/i.exec(one);
      if (!m) throw new Error(`selector not supported by the fake DOM: ${one}`);
      if (m[1] && m[1].toUpperCase() !== this.tagName) return false;
      for (const [, name, , value] of m[2].matchAll(/\[([a-z-]+)(="([^"]*)")?\]/gi)) {
        if (!this.hasAttribute(name)) return false;
        if (value !== undefined && this.getAttribute(name) !== value) return false;
      }
      return true;
    });
  }
  querySelectorAll(selector) { return [...this.descendants()].filter((e) => e.matches(selector)); }
  querySelector(selector) { return this.querySelectorAll(selector)[0] ?? null; }

  reset() {
    for (const e of this.descendants()) {
      if (e.tagName === 'INPUT') { e.value = e.getAttribute('value') ?? ''; e.checked = false; }
      if (e.tagName === 'TEXTAREA') e.value = '';
      if (e.tagName === 'SELECT') {
        const chosen = e.children.find((o) => o.hasAttribute?.('selected'));
        e.value = chosen ? chosen.getAttribute('value') : '';
      }
    }
  }
}

export function el(tag, attrs = {}, ...children) {
  const e = new FakeElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (name.startsWith('on') && typeof value === 'function') e.addEventListener(name.slice(2), value);
    else e.setAttribute(name, value);
  }
  e.append(...children);
  return e;
}

const money = (lang) => (dong) => {
  const digits = BigInt(String(dong ?? '0')).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '.');
  return lang === 'en' ? `${grouped} VND` : `${grouped} đ`;
};

// A ctx as the shell builds it, with `calls` recording every API call and
// `answer(service, method, request)` deciding the reply.
export function fakeCtx({ lang = 'vi', methods = [], session = {}, answer = () => ({}) } = {}) {
  const calls = [];
  return {
    lang,
    calls,
    session: { methods, ...session },
    t: (o) => o[lang],
    el,
    may: (service, method) => methods.includes(`/minhbach.v1.${service}/${method}`),
    call: async (service, method, request) => {
      calls.push({ service, method, request: JSON.parse(JSON.stringify(request)) });
      return answer(service, method, request);
    },
    fmt: {
      money: money(lang),
      date: (d) => (lang === 'en' || !d ? d : d.split('-').reverse().join('/')),
      percent: (x) => `${Number(x).toFixed(1)} %`,
      rateText: (text) => (lang === 'en' || !text ? text : text.replace(/(\d)\.(\d)/g, '$1,$2')),
    },
    navigate: () => {},
    onLive: () => {},
  };
}

// An ApiError as site/js/api.js makes it.
export function apiError(code, message) {
  const error = new Error(message);
  error.code = code;
  error.human = (lang) => (lang === 'en' ? `Refused (${code}): ${message}` : `Bị từ chối (${code}): ${message}`);
  return error;
}
