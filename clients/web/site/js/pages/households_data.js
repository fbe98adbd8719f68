// The pure parts of the household pages (Hộ gia đình, Niêm yết, the
// register-against-reports table of Tổng quan): words, rates, the register's
// villages and reviews, the personal data's fields, the posting list's state.
// No DOM here: tested with node (clients/web/test/households_*.test.mjs).

export const ERASED = { vi: 'đã xoá', en: 'erased' };

const CLASS_WORDS = {
  poor: { vi: 'hộ nghèo', en: 'poor' },
  near_poor: { vi: 'hộ cận nghèo', en: 'near-poor' },
  average: { vi: 'hộ có mức sống trung bình', en: 'average living standard' },
  not_poor: { vi: 'không nghèo', en: 'not poor' },
};

// classificationWords('near_poor') → {vi:'hộ cận nghèo', en:'near-poor'};
// empty → "chưa phân loại"; an unknown class is shown as the server wrote it.
export function classificationWords(classification) {
  if (!classification) return { vi: 'chưa phân loại', en: 'not classified' };
  return CLASS_WORDS[classification] || { vi: classification, en: classification };
}

// A rate in basis points (137) → "1,37 %" (vi) / "1.37 %" (en).
export function rateFromBp(bp, lang = 'vi') {
  const n = Number(bp);
  if (!Number.isFinite(n)) return '—';
  const text = (n / 100).toFixed(2);
  return `${lang === 'en' ? text : text.replace('.', ',')} %`;
}

// "RV-2025-thon-1:near_poor" → {reviewId:'RV-2025-thon-1', classification:'near_poor'}
// (split at the last colon: review ids may hold one).
export function parseHistory(history) {
  return (history || []).map((entry) => {
    const text = String(entry);
    const at = text.lastIndexOf(':');
    return at < 0 ? { reviewId: '', classification: text }
      : { reviewId: text.slice(0, at), classification: text.slice(at + 1) };
  });
}

// The village of a pseudonymous household id "<village_id>/H-0001".
export function villageOf(householdId) {
  const text = String(householdId || '');
  const at = text.lastIndexOf('/');
  return at > 0 ? text.slice(0, at) : '';
}

// The villages and the reviews a register names, sorted, each once.
export function villagesOf(households) {
  return [...new Set((households || []).map((h) => h.villageId).filter(Boolean))].sort();
}

export function reviewsOf(households) {
  const ids = new Set();
  for (const h of households || []) {
    if (h.reviewId) ids.add(h.reviewId);
    for (const e of parseHistory(h.history)) if (e.reviewId) ids.add(e.reviewId);
  }
  return [...ids].sort();
}

// A date the API accepts (YYYY-MM-DD), or '' (today).
export function dateOrEmpty(text) {
  const t = String(text || '').trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : '';
}

const FIELD_WORDS = {
  headName: { vi: 'Chủ hộ', en: 'Head of household' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  name: { vi: 'Họ và tên', en: 'Name' },
  relation: { vi: 'Quan hệ với chủ hộ', en: 'Relation to the head' },
  idNumber: { vi: 'Số định danh', en: 'ID number' },
  birthDate: { vi: 'Ngày sinh', en: 'Date of birth' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  healthNotes: { vi: 'Sức khoẻ', en: 'Health' },
  disability: { vi: 'Khuyết tật', en: 'Disability' },
};
const MEMBER_FIELDS = ['name', 'relation', 'idNumber', 'birthDate', 'phone', 'healthNotes', 'disability'];

// The personal data view (HouseholdPersonalDataView) as what a page shows:
// {household: [{field, label, value}], members: [[{field, label, value}]]}.
// Erased: every field is "đã xoá" (one member row standing for the members,
// whose number is not known any more). Values are {vi,en} words or text.
export function personalFields(view) {
  if (!view || view.erased) {
    const erased = (field) => ({ field, label: FIELD_WORDS[field], value: ERASED, erased: true });
    return { erased: true, household: [erased('headName'), erased('address')], members: [MEMBER_FIELDS.map(erased)] };
  }
  const p = view.personal || {};
  const shown = (field, value) => ({ field, label: FIELD_WORDS[field], value: value || '—', erased: false });
  return {
    erased: false,
    household: [shown('headName', p.headName), shown('address', p.address)],
    members: (p.members || []).map((m) => MEMBER_FIELDS.map((field) => (field === 'disability'
      ? shown(field, m.disability ? { vi: 'có', en: 'yes' } : { vi: 'không', en: 'no' })
      : shown(field, m[field])))),
  };
}

// What a posting list page shows: 'open' (the entries), 'closed' (the window
// has passed: "Danh sách đã hết thời gian niêm yết" and nothing else), or
// 'not-posted' (not posted yet by that date). `date` is the day asked about
// ('' : the server's today, basis.referenceDate).
export function postingState(list, date = '') {
  if (!list) return 'not-posted';
  if (list.open) return 'open';
  const day = dateOrEmpty(date) || dateOrEmpty(list.basis && list.basis.referenceDate);
  if (!list.postedOn) return 'not-posted';
  if (day && day < list.postedOn) return 'not-posted';
  return 'closed';
}

// Dashboard.householdChecks as rows: the register's and the reported
// numerator/denominator, the difference (register − reported, households)
// and whether it is to be highlighted. int64 fields come as strings.
export function checkRows(checks) {
  return (checks || []).map((c) => {
    const register = Number(c.registerNumerator || 0);
    const reported = Number(c.reportedNumerator || 0);
    const registerOf = Number(c.registerDenominator || 0);
    const reportedOf = Number(c.reportedDenominator || 0);
    return {
      targetId: c.targetId || '',
      period: c.period || '',
      register, registerOf, reported, reportedOf,
      difference: register - reported,
      differs: Boolean(c.differs),  // the server's verdict, never recomputed here
      differenceText: c.differenceText || '',
    };
  });
}

// "+3 hộ" / "-2 hộ" / "0" for a difference in households.
export function differenceWords(n) {
  if (n === 0) return { vi: '0', en: '0' };
  const sign = n > 0 ? '+' : '−';
  return { vi: `${sign}${Math.abs(n)} hộ`, en: `${sign}${Math.abs(n)} households` };
}
