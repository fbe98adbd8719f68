// Words for the server's machine-neutral names that a person reads: a
// finding's severity ("medium") and a session's role ("village"). The JSON
// keeps the English names; the page says them in the reader's language.

const SEVERITY = {
  low: { vi: 'thấp', en: 'low' },
  medium: { vi: 'trung bình', en: 'medium' },
  high: { vi: 'cao', en: 'high' },
};

const ROLE = {
  coordinator: { vi: 'cán bộ điều phối', en: 'coordinator' },
  implementer: { vi: 'đơn vị thực hiện', en: 'implementer' },
  village: { vi: 'trưởng thôn', en: 'village head' },
  supervisor: { vi: 'giám sát (Mặt trận)', en: 'supervisor (Front)' },
  district: { vi: 'huyện', en: 'district' },
  service: { vi: 'dịch vụ', en: 'service' },
  admin: { vi: 'quản trị', en: 'administrator' },
};

function word(table, name, lang) {
  const entry = table[name];
  if (!entry) return String(name ?? '');
  return lang === 'en' ? entry.en : entry.vi;
}

// severityWord('medium', 'vi') → 'trung bình'; an unknown name as given.
export function severityWord(severity, lang = 'vi') {
  return word(SEVERITY, severity, lang);
}

// roleWord('village', 'vi') → 'trưởng thôn'; an unknown name as given.
export function roleWord(role, lang = 'vi') {
  return word(ROLE, role, lang);
}
