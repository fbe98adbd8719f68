// Parsing what a person types into a form, the way the CLI does
// (clients/cli/command_request.cc): amounts of đồng, counts and dates. Each
// parser returns {ok: true, value} or {ok: false, error: {vi, en}} so that the
// form can show the message beside the field in the reader's language.

const MAX_DONG = 1000000000000000n;  // 10^15, the server's limit

// Digits, optionally grouped by threes with one separator ('.' or ',') used
// throughout: "5000000", "5.000.000", "5,000,000". Returns the digit string
// or null for anything else (a sign, decimals, spaces, letters).
export function groupedDigits(text) {
  if (!/^[0-9.,]+$/.test(text)) return null;
  const separators = new Set(text.replace(/[0-9]/g, ''));
  if (separators.size > 1) return null;
  if (separators.size === 0) return text;
  const groups = text.split([...separators][0]);
  if (groups[0].length === 0 || groups[0].length > 3) return null;
  if (groups.slice(1).some((g) => g.length !== 3)) return null;
  return groups.join('');
}

function fail(vi, en) {
  return { ok: false, error: { vi, en } };
}

// An amount of money: a whole number of đồng from 1 to 10^15, returned as a
// decimal string (proto JSON writes int64 as a string).
export function parseAmount(input) {
  const text = String(input ?? '').trim();
  if (text === '') {
    return fail('Hãy nhập số tiền (đồng), ví dụ 5.000.000.',
      'Enter an amount in đồng, e.g. 5,000,000.');
  }
  const digits = groupedDigits(text);
  if (digits === null || digits.length > 18) {
    return fail('Số tiền chỉ gồm chữ số, có thể nhóm từng ba chữ số bằng dấu chấm '
      + '(ví dụ 5.000.000); không có phần lẻ, dấu trừ hay chữ.',
    'An amount is digits only, optionally grouped by threes (e.g. 5,000,000 or '
      + '5.000.000); no decimals, signs or letters.');
  }
  const value = BigInt(digits);
  if (value <= 0n) {
    return fail('Số tiền phải lớn hơn 0 đồng.', 'The amount must be more than 0 đồng.');
  }
  if (value > MAX_DONG) {
    return fail('Số tiền tối đa là 1.000.000.000.000.000 đồng.',
      'The amount may be at most 1,000,000,000,000,000 đồng (10^15).');
  }
  return { ok: true, value: value.toString() };
}

// A count (households, people...): a whole number, 0 or more, as a string.
// Empty gives `whenEmpty` (null: required).
export function parseCount(input, whenEmpty = null) {
  const text = String(input ?? '').trim();
  if (text === '') {
    if (whenEmpty !== null) return { ok: true, value: String(whenEmpty) };
    return fail('Hãy nhập một số nguyên, ví dụ 412.', 'Enter a whole number, e.g. 412.');
  }
  const digits = groupedDigits(text);
  if (digits === null || digits.length > 15) {
    return fail('Cần một số nguyên không âm, ví dụ 412.', 'Give a whole number, 0 or more, e.g. 412.');
  }
  return { ok: true, value: BigInt(digits).toString() };
}

function isRealDate(year, month, day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

const pad = (n, width) => String(n).padStart(width, '0');

// A date typed "dd/mm/yyyy" (or "d/m/yyyy") or given by <input type=date> as
// "YYYY-MM-DD"; returns "YYYY-MM-DD" as the proto expects. Empty is an error
// unless `optional` (then value "").
export function parseDate(input, { optional = false } = {}) {
  const text = String(input ?? '').trim();
  if (text === '') {
    if (optional) return { ok: true, value: '' };
    return fail('Hãy nhập ngày, dạng dd/mm/yyyy, ví dụ 15/07/2024.',
      'Enter a date, as dd/mm/yyyy or YYYY-MM-DD, e.g. 15/07/2024.');
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  let year; let month; let day;
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (m) [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!m || !isRealDate(year, month, day)) {
    return fail(`“${text}” không phải là một ngày: viết dd/mm/yyyy, ví dụ 15/07/2024.`,
      `“${text}” is not a date: write dd/mm/yyyy or YYYY-MM-DD, e.g. 15/07/2024.`);
  }
  return { ok: true, value: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

// A comma-separated list: trimmed items, empty ones dropped.
export function parseList(input) {
  return String(input ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

// Required free text: not blank.
export function parseText(input, { optional = false } = {}) {
  const text = String(input ?? '').trim();
  if (text === '' && !optional) {
    return fail('Ô này không được để trống.', 'This field must not be empty.');
  }
  return { ok: true, value: text };
}
