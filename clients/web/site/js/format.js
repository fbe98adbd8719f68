// Numbers and dates for people: Vietnamese by default ("263.500.000 đ",
// "30/06/2024", "59,0 %"), English under 'en' ("263,500,000 VND",
// "2024-06-30", "59.0 %"). Amounts arrive as proto JSON int64 strings and are
// grouped digit by digit, so no amount loses precision through a double.

function groupDigits(digits, sep) {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

// An integer (string, number or BigInt) with thousands separators; the text
// as given when it is not an integer.
export function integer(value, lang = 'vi') {
  const text = String(value ?? '0').trim();
  const m = /^(-?)0*(\d+)$/.exec(text);
  if (!m) return text;
  const sign = m[1] && m[2] !== '0' ? '-' : '';
  return sign + groupDigits(m[2], lang === 'en' ? ',' : '.');
}

export function money(dong, lang = 'vi') {
  return lang === 'en' ? `${integer(dong, lang)} VND` : `${integer(dong, lang)} đ`;
}

// "YYYY-MM-DD" → "DD/MM/YYYY" (vi) or as is (en); "" → "—".
export function date(ymd, lang = 'vi') {
  if (!ymd) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return String(ymd);
  return lang === 'en' ? ymd : `${m[3]}/${m[2]}/${m[1]}`;
}

// "YYYY-MM" → "MM/YYYY" (vi) or as is (en).
export function month(ym, lang = 'vi') {
  const m = /^(\d{4})-(\d{2})$/.exec(ym || '');
  if (!m) return ym ? String(ym) : '—';
  return lang === 'en' ? ym : `${m[2]}/${m[1]}`;
}

// A business time (microseconds since the Unix epoch, string or number) →
// "YYYY-MM-DD". The server stores a business date as that day's start in UTC
// (services/program/command_executor.cc), so the UTC day is the day meant.
export function ymdFromMicros(micros) {
  const ms = Number(BigInt(String(micros ?? '0')) / 1000n);
  return new Date(ms).toISOString().slice(0, 10);
}

export function dateMicros(micros, lang = 'vi') {
  return date(ymdFromMicros(micros), lang);
}

// A recorded time: date and time in Việt Nam time (UTC+7).
export function dateTimeMicros(micros, lang = 'vi') {
  const ms = Number(BigInt(String(micros ?? '0')) / 1000n);
  const iso = new Date(ms + 7 * 3600 * 1000).toISOString();
  return `${date(iso.slice(0, 10), lang)} ${iso.slice(11, 16)}`;
}

// A percentage with one decimal: 59 → "59,0 %" (vi), "59.0 %" (en).
export function percent(x, lang = 'vi') {
  const n = Number(x);
  if (!Number.isFinite(n)) return '—';
  const text = n.toFixed(1);
  return `${lang === 'en' ? text : text.replace('.', ',')} %`;
}

// The server's own texts of a rate ("51.7 %", "-", "overflow") in the
// reader's language: the figure stays the server's, only the decimal mark moves.
export function rateText(text, lang = 'vi') {
  if (!text || text === '-') return '—';
  if (text === 'overflow') return lang === 'en' ? 'too large to add up' : 'quá lớn, không cộng được';
  return lang === 'en' ? text : text.replace(/(\d)\.(\d)/g, '$1,$2');
}

// Bound to one language, as ctx.fmt.
export function formatter(lang) {
  return {
    integer: (v) => integer(v, lang),
    money: (v) => money(v, lang),
    date: (v) => date(v, lang),
    month: (v) => month(v, lang),
    dateMicros: (v) => dateMicros(v, lang),
    dateTimeMicros: (v) => dateTimeMicros(v, lang),
    percent: (v) => percent(v, lang),
    rateText: (v) => rateText(v, lang),
  };
}
