// One form on screen: labelled fields, checks beside each field, the
// server's refusal or the recorded position after it. Built with ctx.el only
// (no HTML parsing). Test hooks: data-form, data-field, data-field-error,
// data-error, data-result.
import { buildRequest, fieldNamedIn, journalAt, resultText, uuidBytes } from './request.js';
import { BUSINESS_DATE_FIELD, specKey } from './specs.js';
import { targetKinds } from './choices.js';

function labelOf(ctx, label) {
  return typeof label === 'string' ? label : ctx.t(label);
}

function idBase(spec) {
  return `f-${spec.service}-${spec.method}`;
}

// Fills a select with a blank "choose" option and `options`, keeping the
// current choice when it is still offered.
function fillSelect(ctx, select, options) {
  const kept = select.value;
  select.replaceChildren(ctx.el('option', { value: '' }, ctx.t({ vi: '— chọn —', en: '— choose —' })));
  for (const o of options) select.append(ctx.el('option', { value: o.value }, labelOf(ctx, o.label)));
  if (options.length === 1) {
    select.lastChild.setAttribute('selected', '');  // kept by form.reset()
    select.value = options[0].value;
  } else {
    select.value = options.some((o) => o.value === kept) ? kept : '';
  }
}

function selectInput(ctx, field, id, options) {
  const select = ctx.el('select', { id, name: field.name, 'data-field': field.name });
  fillSelect(ctx, select, options);
  return select;
}

function fillDatalist(ctx, list, options) {
  list.replaceChildren(...options.map((o) => ctx.el('option', { value: o.value })));
}

function textInput(ctx, field, id, options) {
  const attrs = { id, name: field.name, 'data-field': field.name, autocomplete: 'off' };
  if (field.kind === 'textarea') return [ctx.el('textarea', { ...attrs, rows: '3' })];
  if (field.kind === 'check') return [ctx.el('input', { ...attrs, type: 'checkbox' })];
  if (field.kind === 'date') return [ctx.el('input', { ...attrs, type: 'date' })];
  if (field.kind === 'amount' || field.kind === 'count' || field.kind === 'year') {
    Object.assign(attrs, { type: 'text', inputmode: 'numeric' });
    if (field.kind === 'amount') attrs.placeholder = '5.000.000';
  } else {
    attrs.type = 'text';
  }
  const out = [];
  if (options) {
    attrs.list = `${id}-list`;
    const list = ctx.el('datalist', { id: `${id}-list` });
    fillDatalist(ctx, list, options);
    out.push(list);
  }
  const input = ctx.el('input', attrs);
  const initial = field.kind === 'year' ? String(new Date().getFullYear()) : field.initial;
  if (initial) {
    input.setAttribute('value', initial);  // what form.reset() returns to
    input.value = initial;
  }
  return [input, ...out];
}

// The village report's table: numerator (and denominator) per target.
function valuesInput(ctx, field, id, targets, inputs) {
  const box = ctx.el('fieldset', { 'data-field': field.name },
    ctx.el('legend', {}, labelOf(ctx, field.label)));
  for (const target of targets) {
    const rowId = `${id}-${target.value}`;
    const msg = ctx.el('p', { id: `${rowId}-msg`, class: 'field-error', 'data-field-error': `values:${target.value}` });
    const row = ctx.el('div', { class: 'value-row', 'data-target-id': target.value },
      ctx.el('p', { class: 'value-target' }, labelOf(ctx, target.label)));
    const num = ctx.el('input', {
      id: `${rowId}-n`, type: 'text', inputmode: 'numeric', 'data-field': 'numerator',
      'data-target-id': target.value, 'aria-describedby': `${rowId}-msg`,
    });
    row.append(ctx.el('label', { for: `${rowId}-n` }, ctx.t({ vi: 'Tử số', en: 'Numerator' })), num);
    let den = null;
    if (target.kind !== 'count') {
      den = ctx.el('input', {
        id: `${rowId}-d`, type: 'text', inputmode: 'numeric', 'data-field': 'denominator',
        'data-target-id': target.value, 'aria-describedby': `${rowId}-msg`,
      });
      row.append(ctx.el('label', { for: `${rowId}-d` }, ctx.t({ vi: 'Mẫu số', en: 'Denominator' })), den);
    }
    row.append(msg);
    box.append(row);
    inputs[`values:${target.value}`] = { input: num, msg, read: () => ({ numerator: num.value, denominator: den ? den.value : '' }) };
  }
  const msg = ctx.el('p', { id: `${id}-msg`, class: 'field-error', 'data-field-error': field.name });
  box.append(msg);
  inputs[field.name] = { input: box, msg, read: () => null };
  return box;
}

// Builds the form for `spec`; returns {element, submit, setChoices}:
// submit() sends it as the submit button does and resolves when the answer
// is shown; setChoices(choices) refills its selects and suggestions. options.newUuid: () => UUID string (default
// crypto.randomUUID); one per fill, so a double click or a retry records once.
export function renderForm(ctx, spec, initialChoices, options = {}) {
  let choices = initialChoices;
  const newUuid = options.newUuid ?? (() => crypto.randomUUID());
  let eventId = uuidBytes(newUuid());
  let busy = false;
  const base = idBase(spec);
  const inputs = {};  // name -> {input, msg, read()}
  const refills = [];  // (choices) => void, one per select or datalist
  const form = ctx.el('form', { 'data-form': specKey(spec), class: 'command-form' });
  form.noValidate = true;  // the checks below speak Vietnamese
  form.append(ctx.el('h3', {}, ctx.t(spec.title)));

  for (const field of [...spec.fields, BUSINESS_DATE_FIELD]) {
    const id = `${base}-${field.name}`;
    const opts = field.choices ? choices[field.choices] ?? [] : null;
    if (field.kind === 'values') {
      form.append(valuesInput(ctx, field, id, opts ?? [], inputs));
      continue;
    }
    const msg = ctx.el('p', { id: `${id}-msg`, class: 'field-error', 'data-field-error': field.name });
    const controls = field.kind === 'select' ? [selectInput(ctx, field, id, opts ?? [])]
      : textInput(ctx, field, id, opts);
    const input = controls[0];
    input.setAttribute('aria-describedby', `${id}-msg`);
    const label = ctx.el('label', { for: id }, labelOf(ctx, field.label));
    form.append(ctx.el('div', { class: field.kind === 'check' ? 'field field-check' : 'field' },
      label, ...controls, msg));
    inputs[field.name] = {
      input, msg, read: () => (field.kind === 'check' ? input.checked : input.value),
    };
    if (field.choices && field.kind === 'select') {
      refills.push((next) => fillSelect(ctx, input, next[field.choices] ?? []));
    } else if (field.choices && controls[1]) {
      refills.push((next) => fillDatalist(ctx, controls[1], next[field.choices] ?? []));
    }
  }
  const button = ctx.el('button', { type: 'submit' }, ctx.t({ vi: 'Ghi', en: 'Record' }));
  const formError = ctx.el('p', { class: 'form-error', 'data-error': '' });
  const result = ctx.el('p', { class: 'form-result', 'data-result': '', role: 'status' });
  formError.hidden = true;
  result.hidden = true;
  form.append(button, formError, result);

  function clearMessages() {
    for (const { input, msg } of Object.values(inputs)) {
      msg.textContent = '';
      msg.removeAttribute('role');
      input.removeAttribute('aria-invalid');
    }
    formError.textContent = '';
    formError.hidden = true;
    formError.removeAttribute('role');
  }

  function showFieldError(name, text) {
    const box = inputs[name];
    if (!box) return false;
    box.msg.textContent = text;
    box.msg.setAttribute('role', 'alert');
    box.input.setAttribute('aria-invalid', 'true');
    return true;
  }

  function readValues() {
    const values = {};
    const rows = {};
    for (const [name, box] of Object.entries(inputs)) {
      if (name.startsWith('values:')) rows[name.slice(7)] = box.read();
      else values[name] = box.read();
    }
    if ('values' in inputs) values.values = rows;
    return values;
  }

  async function submit() {
    if (busy) return;  // a double click: the first one is on its way
    clearMessages();
    const built = buildRequest(spec, readValues(), eventId, { targetKinds: targetKinds(choices) });
    if (!built.ok) {
      let first = null;
      for (const [name, error] of Object.entries(built.errors)) {
        showFieldError(name, ctx.t(error));
        first = first ?? inputs[name]?.input;
      }
      if (first && typeof first.focus === 'function') first.focus();
      return;
    }
    busy = true;
    button.disabled = true;
    try {
      const answer = await ctx.call(spec.service, spec.method, built.request);
      result.textContent = '';
      result.append(resultText(spec, answer, ctx.t), ' ',
        ctx.el('a', { href: journalAt(answer) }, ctx.t({ vi: 'Xem trong nhật ký', en: 'See it in the journal' })));
      result.hidden = false;
      eventId = uuidBytes(newUuid());  // recorded: the next fill is a new command
      if (typeof form.reset === 'function') form.reset();
      if (options.onRecorded) options.onRecorded(answer);
    } catch (error) {
      const text = typeof error?.human === 'function' ? error.human(ctx.lang) : String(error?.message ?? error);
      formError.textContent = text;
      formError.hidden = false;
      formError.setAttribute('role', 'alert');
      const named = fieldNamedIn(error?.message, Object.keys(inputs).filter((n) => !n.startsWith('values:')));
      if (named) showFieldError(named, text);
      result.hidden = true;
    } finally {
      busy = false;
      button.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  function setChoices(next) {
    choices = next;
    for (const refill of refills) refill(next);
  }

  return { element: form, submit, setChoices };
}
