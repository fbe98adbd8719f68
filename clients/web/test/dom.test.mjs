import test from 'node:test';
import assert from 'node:assert/strict';

// A minimal stand-in for the browser's document: enough to see what el()
// does, and that it never hands a string to anything that parses HTML.
class FakeNode {
  constructor(tag) {
    this.tagName = tag;
    this.attributes = {};
    this.childNodes = [];
    this.dataset = {};
    this.className = '';
  }
  setAttribute(name, value) { this.attributes[name] = value; }
  appendChild(child) { this.childNodes.push(child); return child; }
  removeChild(child) { this.childNodes.splice(this.childNodes.indexOf(child), 1); }
  get firstChild() { return this.childNodes[0] || null; }
  set innerHTML(v) { throw new Error('innerHTML used'); }
}
globalThis.document = {
  createElement: (tag) => new FakeNode(tag),
  createTextNode: (text) => ({ text }),
};
const { el, clear } = await import('../site/js/dom.js');

test('strings become text nodes, never markup', () => {
  const note = '<img src=x onerror=alert(1)>';
  const p = el('p', {}, note, 5, null, false, undefined, ['a', ['b']]);
  assert.deepEqual(p.childNodes.map((n) => n.text), [note, '5', 'a', 'b']);
});

test('attributes: class, on* as properties, dataset, booleans, null left out', () => {
  const click = () => {};
  const b = el('button', { class: 'x y', onclick: click, dataset: { figure: 'disbursed' }, disabled: true, hidden: false, title: null, 'aria-label': 'Lưu', value: 'v' });
  assert.equal(b.className, 'x y');
  assert.equal(b.onclick, click);
  assert.equal(b.dataset.figure, 'disbursed');
  assert.equal(b.attributes.disabled, '');
  assert.equal(b.value, 'v');
  assert.ok(!('hidden' in b.attributes) && !('title' in b.attributes));
  assert.equal(b.attributes['aria-label'], 'Lưu');
  // An event handler given as text (an inline handler) is refused.
  assert.throws(() => el('a', { onclick: 'alert(1)' }), /must be a function/);
});

test('clear removes every child', () => {
  const d = el('div', {}, 'a', el('span', {}));
  clear(d);
  assert.equal(d.childNodes.length, 0);
});
