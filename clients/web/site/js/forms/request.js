// From what a form holds to the command's request (proto JSON), and from the
// server's answer back to words: pure functions, tested in
// clients/web/test/pages_forms.test.mjs.
import {
  parseAmount, parseCount, parseDate, parseList, parseText,
} from './parse.js';
import { BUSINESS_DATE_FIELD } from './specs.js';

// "amount_dong" -> "amountDong": proto JSON's field names.
export function jsonName(protoName) {
  return protoName.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

// A UUID "0b6f3c2e-8f1a-..." as its 16 raw bytes.
export function uuidBytes(uuid) {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

// Bytes as standard base64 (proto JSON's form for a bytes field).
export function base64(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function hex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

function parseField(field, raw) {
  switch (field.kind) {
    case 'amount': return parseAmount(raw);
    case 'count': return parseCount(raw, field.optional ? 0 : null);
    case 'date': return parseDate(raw, { optional: !!field.optional });
    case 'list': return { ok: true, value: parseList(raw) };
    case 'check': return { ok: true, value: raw === true || raw === 'true' };
    case 'year': {
      const text = String(raw ?? '').trim();
      if (!/^\d{4}$/.test(text)) {
        return { ok: false, error: { vi: 'Năm viết bốn chữ số, ví dụ 2024.', en: 'A year is four digits, e.g. 2024.' } };
      }
      return { ok: true, value: Number(text) };
    }
    case 'select':
      if (String(raw ?? '').trim() === '') {
        return { ok: false, error: { vi: 'Hãy chọn một mục.', en: 'Choose one.' } };
      }
      return { ok: true, value: String(raw).trim() };
    default: return parseText(raw, { optional: !!field.optional });
  }
}

// A village report's values: rows {targetId: {numerator, denominator}};
// a row left blank is not reported. A "count" target has no denominator (0).
function parseValues(raw, targetKinds, errors) {
  const values = [];
  for (const [targetId, row] of Object.entries(raw ?? {})) {
    const num = String(row?.numerator ?? '').trim();
    const den = String(row?.denominator ?? '').trim();
    if (num === '' && den === '') continue;
    const isCount = targetKinds[targetId] === 'count';
    const n = parseCount(num);
    const d = isCount ? parseCount(den, 0) : parseCount(den);
    const key = `values:${targetId}`;
    if (!n.ok) { errors[key] = n.error; continue; }
    if (!d.ok) { errors[key] = d.error; continue; }
    if (!isCount && BigInt(d.value) === 0n) {
      errors[key] = { vi: 'Mẫu số phải lớn hơn 0.', en: 'The denominator must be more than 0.' };
      continue;
    }
    if (!isCount && BigInt(n.value) > BigInt(d.value)) {
      errors[key] = { vi: 'Tử số không được lớn hơn mẫu số.', en: 'The numerator may not exceed the denominator.' };
      continue;
    }
    values.push({ targetId, numerator: n.value, denominator: isCount ? '0' : d.value });
  }
  if (values.length === 0 && Object.keys(errors).every((k) => !k.startsWith('values:'))) {
    errors.values = { vi: 'Nhập số liệu cho ít nhất một chỉ tiêu.', en: 'Give a value for at least one target.' };
  }
  return values;
}

// Checks every field and builds {meta, body}. Returns {ok, request, errors}
// where errors maps a field name (or "values:<targetId>") to {vi, en}.
export function buildRequest(spec, values, eventId, { targetKinds = {} } = {}) {
  const errors = {};
  const body = {};
  for (const field of spec.fields) {
    if (field.kind === 'values') {
      body[jsonName(field.name)] = parseValues(values[field.name], targetKinds, errors);
      continue;
    }
    const parsed = parseField(field, values[field.name]);
    if (!parsed.ok) { errors[field.name] = parsed.error; continue; }
    let value = parsed.value;
    if (value === '' && field.generate) value = field.generate + hex(eventId.slice(0, 4));
    if (value === '' || (Array.isArray(value) && value.length === 0)) continue;
    body[jsonName(field.name)] = value;
  }
  if (spec.method === 'ConsolidateCommuneReport') {
    if (body.partial && !body.partialReason) {
      errors.partial_reason = { vi: 'Tổng hợp chưa đủ thôn thì phải ghi lý do.', en: 'A partial report needs a reason.' };
    }
    if (!body.partial && body.partialReason) {
      errors.partial_reason = { vi: 'Chỉ ghi lý do khi tổng hợp chưa đủ thôn.', en: 'Give a reason only for a partial report.' };
    }
  }
  const date = parseField(BUSINESS_DATE_FIELD, values.business_date);
  if (!date.ok) errors.business_date = date.error;
  const meta = { eventId: base64(eventId) };
  if (date.ok && date.value) meta.businessDate = date.value;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { meta, body }, errors };
}

// The form field a server refusal names, if any (INVALID_ARGUMENT names the
// field, in its proto, JSON or CLI spelling): the longest name found wins.
export function fieldNamedIn(message, fieldNames) {
  const text = String(message ?? '');
  let best = null;
  for (const name of fieldNames) {
    const spellings = [name, jsonName(name), name.replace(/_/g, '-')];
    const found = spellings.some((s) => new RegExp(`(^|[^A-Za-z0-9_-])${s}($|[^A-Za-z0-9_-])`).test(text));
    if (found && (best === null || name.length > best.length)) best = name;
  }
  return best;
}

// The words for a recorded command: "Đã ghi …, vị trí N".
export function resultText(spec, result, t) {
  const position = String(result?.position ?? '0');
  const what = t(spec.title);
  if (result?.duplicate) {
    return t({
      vi: `Đã ghi từ trước: ${what}, vị trí ${position} (lần gửi lại này không ghi thêm gì).`,
      en: `Already recorded: ${what}, position ${position} (this resend wrote nothing).`,
    });
  }
  return t({ vi: `Đã ghi: ${what}, vị trí ${position}.`, en: `Recorded: ${what}, position ${position}.` });
}

// The journal showing the event just recorded (its stream, from its position).
export function journalAt(result) {
  const query = new URLSearchParams();
  if (result?.stream) query.set('entity', result.stream);
  query.set('pos', String(result?.position ?? '0'));  // the journal's page start
  return `#/nhat-ky?${query.toString()}`;
}
