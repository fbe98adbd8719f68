// "Ngày xét hạn": the status pages judge deadlines on a date the reader
// chooses (kept in the URL as ?ref=), not only on the server's today.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basisLine } from '../site/js/pages/parts.js';
import { fakeCtx } from '../test_support/pages_fake_dom.mjs';

const basis = { position: '95', logSize: '95', referenceDate: '2026-12-01' };

test('the basis line offers the reference date, labelled, with the date judged on', () => {
  const ctx = fakeCtx();
  const box = ctx.el('div', {}, basisLine(ctx, basis));
  const input = box.querySelector('input[data-field="ref"]');
  assert.ok(input, 'a date input for the reference date');
  assert.equal(input.getAttribute('type'), 'date');
  assert.equal(input.value, '2026-12-01');
  const label = box.querySelector(`label[for="${input.getAttribute('id')}"]`);
  assert.match(label.textContent, /Ngày xét hạn/);
});

test('choosing a date puts it in the URL (?ref=) and shows the page again', () => {
  const seen = [];
  const ctx = { ...fakeCtx(), navigate: (hash) => seen.push(hash) };
  globalThis.location = { hash: '#/giam-sat/GS-2024-01' };
  try {
    const box = ctx.el('div', {}, basisLine(ctx, basis));
    box.querySelector('input[data-field="ref"]').value = '2024-09-01';
    box.querySelector('form').dispatch('submit');
    assert.deepEqual(seen, ['#/giam-sat/GS-2024-01?ref=2024-09-01']);
    box.querySelector('[data-action="ref-today"]').dispatch('click');
    assert.deepEqual(seen.at(-1), '#/giam-sat/GS-2024-01');
  } finally {
    delete globalThis.location;
  }
});
