// One sentence per program event, from its decoded payload (field names as
// in proto JSON: lowerCamelCase), in Vietnamese or English. An event type not
// listed here (or a payload that could not be decoded) is told generically,
// naming its fields, so nothing in the log goes unshown.
import { money, date, integer } from './format.js';
import { severityWord } from './words.js';

const list = (xs) => (Array.isArray(xs) && xs.length ? xs.join(', ') : '—');
const quoted = (s) => (s ? `“${s}”` : '');
// A sentence with an optional trailing clause: "… : reason" only when given.
const withText = (sentence, label, text) => (text ? `${sentence} (${label}: ${text})` : sentence);

// type → (payload p, lang) → {vi, en}; `f` binds the formatters to lang.
const WORDS = {
  PlanIssued: (p, f) => ({
    vi: `Ban hành kế hoạch ${p.planId} ${p.documentNumber || ''} ${quoted(p.title)}`,
    en: `Plan ${p.planId} ${p.documentNumber || ''} issued ${quoted(p.title)}`,
  }),
  TargetSet: (p) => ({
    vi: `Đặt chỉ tiêu ${p.targetId}: ${p.valueText || ''} ${quoted(p.description)}`,
    en: `Target ${p.targetId} set: ${p.valueText || ''} ${quoted(p.description)}`,
  }),
  TargetRevised: (p) => ({
    vi: withText(`Điều chỉnh chỉ tiêu ${p.targetId}: ${p.valueText || ''}`, 'lý do', p.reason),
    en: withText(`Target ${p.targetId} revised: ${p.valueText || ''}`, 'reason', p.reason),
  }),
  SubProjectRegistered: (p) => ({
    vi: `Đăng ký tiểu dự án ${p.subprojectId} ${quoted(p.name)}, chủ trì: ${list(p.leadUnits)}`,
    en: `Sub-project ${p.subprojectId} registered ${quoted(p.name)}, lead: ${list(p.leadUnits)}`,
  }),
  VillageRegistered: (p) => ({
    vi: `Đăng ký thôn ${p.villageId} ${quoted(p.name)}`,
    en: `Village ${p.villageId} registered ${quoted(p.name)}`,
  }),
  AssignmentMade: (p, f) => ({
    vi: `Giao việc ${p.assignmentId} (${p.subprojectId}) cho ${list(p.leadUnits)}, hạn ${f.date(p.dueDate)}`,
    en: `Assignment ${p.assignmentId} (${p.subprojectId}) given to ${list(p.leadUnits)}, due ${f.date(p.dueDate)}`,
  }),
  AssignmentAccepted: (p) => ({
    vi: `${p.byUnit || 'Đơn vị chủ trì'} nhận việc ${p.assignmentId}`,
    en: `${p.byUnit || 'The lead unit'} accepted assignment ${p.assignmentId}`,
  }),
  AssignmentProgressReported: (p, f) => ({
    vi: `Báo cáo tiến độ việc ${p.assignmentId}${Number(p.quantity) ? ` (số lượng ${f.integer(p.quantity)})` : ''}: ${p.text || ''}`,
    en: `Progress on assignment ${p.assignmentId}${Number(p.quantity) ? ` (quantity ${f.integer(p.quantity)})` : ''}: ${p.text || ''}`,
  }),
  AssignmentDueDateChanged: (p, f) => ({
    vi: withText(`Dời hạn việc ${p.assignmentId} từ ${f.date(p.oldDueDate)} sang ${f.date(p.newDueDate)}`, 'lý do', p.reason),
    en: withText(`Assignment ${p.assignmentId} re-dated from ${f.date(p.oldDueDate)} to ${f.date(p.newDueDate)}`, 'reason', p.reason),
  }),
  AssignmentReassigned: (p) => ({
    vi: withText(`Giao lại việc ${p.assignmentId} cho ${list(p.leadUnits)} (trước: ${list(p.oldLeadUnits)})`, 'lý do', p.reason),
    en: withText(`Assignment ${p.assignmentId} reassigned to ${list(p.leadUnits)} (was: ${list(p.oldLeadUnits)})`, 'reason', p.reason),
  }),
  AssignmentCompleted: (p) => ({
    vi: withText(`Hoàn thành việc ${p.assignmentId}`, 'tóm tắt', p.summary),
    en: withText(`Assignment ${p.assignmentId} completed`, 'summary', p.summary),
  }),
  AssignmentCancelled: (p) => ({
    vi: withText(`Hủy việc ${p.assignmentId}`, 'lý do', p.reason),
    en: withText(`Assignment ${p.assignmentId} cancelled`, 'reason', p.reason),
  }),
  BudgetAllocated: (p, f, m) => ({
    vi: `Phân bổ ${m.vi(p.amountDong)} cho ${p.subprojectId} (khoản ${p.allocationId}, năm ngân sách ${p.fiscalYear}, QĐ ${p.decisionNumber || '—'})`,
    en: `${m.en(p.amountDong)} allocated to ${p.subprojectId} (allocation ${p.allocationId}, fiscal year ${p.fiscalYear}, decision ${p.decisionNumber || '—'})`,
  }),
  DisbursementRecorded: (p, f, m) => ({
    vi: `Chi ${m.vi(p.amountDong)} cho ${p.subprojectId} (khoản chi ${p.disbursementId}, từ ${p.allocationId}, chứng từ ${p.voucherNumber || '—'}, ngày ${f.date(p.datePaid)})`,
    en: `${m.en(p.amountDong)} paid for ${p.subprojectId} (disbursement ${p.disbursementId}, from ${p.allocationId}, voucher ${p.voucherNumber || '—'}, on ${f.date(p.datePaid)})`,
  }),
  DisbursementReversed: (p) => ({
    vi: withText(`Hủy khoản chi ${p.disbursementId} của ${p.subprojectId}`, 'lý do', p.reason),
    en: withText(`Disbursement ${p.disbursementId} of ${p.subprojectId} reversed`, 'reason', p.reason),
  }),
  VillageReportSubmitted: (p) => ({
    vi: `Thôn ${p.villageId} nộp báo cáo kỳ ${p.period} (${(p.values || []).length} chỉ tiêu)`,
    en: `Village ${p.villageId} submitted its ${p.period} report (${(p.values || []).length} targets)`,
  }),
  VillageReportApproved: (p) => ({
    vi: `Xã duyệt báo cáo kỳ ${p.period} của thôn ${p.villageId}`,
    en: `The commune approved village ${p.villageId}'s ${p.period} report`,
  }),
  VillageReportReturned: (p) => ({
    vi: withText(`Xã trả lại báo cáo kỳ ${p.period} của thôn ${p.villageId}`, 'lý do', p.reason),
    en: withText(`The commune returned village ${p.villageId}'s ${p.period} report`, 'reason', p.reason),
  }),
  CommuneReportConsolidated: (p) => ({
    vi: withText(`Xã tổng hợp báo cáo kỳ ${p.period} từ ${(p.villagesIncluded || []).length} thôn${p.partial ? ', chưa đủ thôn' : ''}`, 'lý do', p.partialReason),
    en: withText(`The commune consolidated its ${p.period} report from ${(p.villagesIncluded || []).length} villages${p.partial ? ', partial' : ''}`, 'reason', p.partialReason),
  }),
  CommuneReportSentToDistrict: (p) => ({
    vi: `Xã gửi báo cáo kỳ ${p.period} lên huyện`,
    en: `The commune sent its ${p.period} report to the district`,
  }),
  CommuneReportAccepted: (p) => ({
    vi: `Huyện tiếp nhận báo cáo kỳ ${p.period} của xã${p.by ? ` (${p.by})` : ''}`,
    en: `The district accepted the commune's ${p.period} report${p.by ? ` (${p.by})` : ''}`,
  }),
  CommuneReportReturned: (p) => ({
    vi: withText(`Huyện trả lại báo cáo kỳ ${p.period} của xã`, 'lý do', p.reason),
    en: withText(`The district returned the commune's ${p.period} report`, 'reason', p.reason),
  }),
  PeriodReopened: (p) => ({
    vi: withText(`Mở lại kỳ báo cáo ${p.period}`, 'lý do', p.reason),
    en: withText(`Reporting period ${p.period} reopened`, 'reason', p.reason),
  }),
  SupervisionPlanned: (p, f) => ({
    vi: `${p.body || 'Đoàn giám sát'} lập kế hoạch giám sát ${p.supervisionId} ngày ${f.date(p.plannedDate)}: ${p.scope || ''}`,
    en: `${p.body || 'The supervisors'} planned supervision ${p.supervisionId} on ${f.date(p.plannedDate)}: ${p.scope || ''}`,
  }),
  InspectionConducted: (p, f) => ({
    vi: `Kiểm tra ${p.supervisionId} ngày ${f.date(p.date)}, thành phần: ${list(p.participants)}`,
    en: `Inspection for ${p.supervisionId} on ${f.date(p.date)}, present: ${list(p.participants)}`,
  }),
  FindingRecorded: (p) => ({
    vi: `Phát hiện ${p.findingId} (${p.supervisionId}) về ${p.subject}, mức ${severityWord(p.severity, 'vi')}: ${p.description || ''}`,
    en: `Finding ${p.findingId} (${p.supervisionId}) on ${p.subject}, ${p.severity} severity: ${p.description || ''}`,
  }),
  RecommendationIssued: (p, f) => ({
    vi: `Kiến nghị ${p.recommendationId} về ${p.findingId} cho ${p.responsibleUnit}, hạn ${f.date(p.dueDate)}: ${p.text || ''}`,
    en: `Recommendation ${p.recommendationId} on ${p.findingId} to ${p.responsibleUnit}, due ${f.date(p.dueDate)}: ${p.text || ''}`,
  }),
  ResponseSubmitted: (p) => ({
    vi: `${p.byUnit} trả lời kiến nghị ${p.recommendationId}: ${p.text || ''}`,
    en: `${p.byUnit} responded to recommendation ${p.recommendationId}: ${p.text || ''}`,
  }),
  FindingResolved: (p) => ({
    vi: withText(`Phát hiện ${p.findingId} đã được khắc phục${p.verifiedBy ? `, xác nhận bởi ${p.verifiedBy}` : ''}`, 'ghi chú', p.note),
    en: withText(`Finding ${p.findingId} resolved${p.verifiedBy ? `, confirmed by ${p.verifiedBy}` : ''}`, 'note', p.note),
  }),
  FindingClosed: (p) => ({
    vi: withText(`Đóng phát hiện ${p.findingId} chưa khắc phục${p.by ? ` (${p.by})` : ''}`, 'lý do', p.reason),
    en: withText(`Finding ${p.findingId} closed unresolved${p.by ? ` (${p.by})` : ''}`, 'reason', p.reason),
  }),
  SupervisionClosed: (p) => ({
    vi: withText(`Kết thúc giám sát ${p.supervisionId}${p.by ? ` (${p.by})` : ''}`, 'tóm tắt', p.summary),
    en: withText(`Supervision ${p.supervisionId} closed${p.by ? ` (${p.by})` : ''}`, 'summary', p.summary),
  }),
  // Households (household_events.proto). Sealed personal data is never
  // shown: a sentence says only that it is there, encrypted.
  PovertyStandardPublished: (p, f) => ({
    vi: `Công bố chuẩn nghèo ${p.standardId}${p.decree ? ` (${p.decree})` : ''}, hiệu lực từ ${f.date(p.effectiveFrom)}`,
    en: `Poverty standard ${p.standardId} published${p.decree ? ` (${p.decree})` : ''}, in force from ${f.date(p.effectiveFrom)}`,
  }),
  HouseholdRegistered: (p, f) => ({
    vi: `Đăng ký hộ ${p.householdId} (thôn ${p.villageId}, ${f.integer(p.memberCount)} nhân khẩu; thông tin cá nhân được mã hoá)`,
    en: `Household ${p.householdId} registered (village ${p.villageId}, ${f.integer(p.memberCount)} members; personal data encrypted)`,
  }),
  HouseholdDetailsChanged: (p, f) => ({
    vi: `Cập nhật thông tin hộ ${p.householdId} (${f.integer(p.memberCount)} nhân khẩu; thông tin cá nhân được mã hoá)`,
    en: `Household ${p.householdId} details changed (${f.integer(p.memberCount)} members; personal data encrypted)`,
  }),
  SupportGiven: (p, f, m) => ({
    vi: `Hỗ trợ hộ ${p.householdId} từ ${p.subprojectId}: ${p.kind}${Number(p.amountDong || 0) ? `, ${m.vi(p.amountDong)}` : ''}${p.inKind ? ` (${p.inKind})` : ''}, ngày ${f.date(p.date)}`,
    en: `Support to household ${p.householdId} from ${p.subprojectId}: ${p.kind}${Number(p.amountDong || 0) ? `, ${m.en(p.amountDong)}` : ''}${p.inKind ? ` (${p.inKind})` : ''}, on ${f.date(p.date)}`,
  }),
  PersonalDataErased: (p) => ({
    vi: withText(`Xoá dữ liệu cá nhân của hộ ${p.householdId} (huỷ khoá)`, 'căn cứ', p.legalBasis),
    en: withText(`Personal data of household ${p.householdId} erased (key destroyed)`, 'legal basis', p.legalBasis),
  }),
  PersonalDataAccessed: (p) => ({
    vi: withText(`Xem thông tin cá nhân của hộ ${p.householdId}`, 'mục đích', p.purpose),
    en: withText(`Personal data of household ${p.householdId} read`, 'purpose', p.purpose),
  }),
  PersonalDataAccessGranted: (p, f) => ({
    vi: withText(`Cho ${p.grantee} xem thông tin cá nhân của hộ ${p.householdId} đến ngày ${f.date(p.untilDate)}`, 'mục đích', p.purpose),
    en: withText(`${p.grantee} may read the personal data of household ${p.householdId} until ${f.date(p.untilDate)}`, 'purpose', p.purpose),
  }),
  PersonalDataAccessRevoked: (p) => ({
    vi: withText(`Thu hồi quyền xem thông tin cá nhân ${p.grantId} của hộ ${p.householdId}`, 'lý do', p.reason),
    en: withText(`Access grant ${p.grantId} to household ${p.householdId} revoked`, 'reason', p.reason),
  }),
  ReviewOpened: (p, f) => ({
    vi: `Mở đợt rà soát ${p.reviewId} (chuẩn ${p.standardId}, thôn ${list(p.villageIds)}, ${f.integer((p.households || []).length)} hộ), ngày ${f.date(p.openedOn)}`,
    en: `Review ${p.reviewId} opened (standard ${p.standardId}, villages ${list(p.villageIds)}, ${f.integer((p.households || []).length)} households) on ${f.date(p.openedOn)}`,
  }),
  HouseholdSurveyed: (p, f, m) => ({
    vi: `Khảo sát hộ ${p.householdId} (${p.reviewId}): thu nhập ${m.vi(p.incomePerPersonMonthDong || 0)}/người/tháng, thiếu hụt ${f.integer((p.deprivedIndicators || []).length)} chỉ số, ngày ${f.date(p.surveyedOn)}`,
    en: `Household ${p.householdId} surveyed (${p.reviewId}): income ${m.en(p.incomePerPersonMonthDong || 0)} per person per month, ${f.integer((p.deprivedIndicators || []).length)} deprivations, on ${f.date(p.surveyedOn)}`,
  }),
  HouseholdClassified: (p) => ({
    vi: withText(`Phân loại hộ ${p.householdId} (${p.reviewId}): ${CLASS_VI[p.classification] || p.classification || '—'}`, 'lý do', p.reason),
    en: withText(`Household ${p.householdId} classified (${p.reviewId}): ${String(p.classification || '—').replace('_', '-')}`, 'reason', p.reason),
  }),
  VillageMeetingAgreed: (p, f) => ({
    vi: `Họp dân thôn ${p.villageId} thống nhất kết quả rà soát ${p.reviewId} (${f.integer(p.attendees)} người dự), ngày ${f.date(p.meetingDate)}`,
    en: `Village ${p.villageId} meeting agreed on review ${p.reviewId} (${f.integer(p.attendees)} present) on ${f.date(p.meetingDate)}`,
  }),
  ReviewListPosted: (p, f) => ({
    vi: `Niêm yết danh sách rà soát ${p.reviewId} tại thôn ${p.villageId} từ ${f.date(p.postedOn)} đến ${f.date(p.complaintsUntil)}`,
    en: `Review ${p.reviewId} list posted in ${p.villageId} from ${f.date(p.postedOn)} to ${f.date(p.complaintsUntil)}`,
  }),
  ComplaintFiled: (p, f) => ({
    vi: withText(`Khiếu nại ${p.complaintId} về hộ ${p.householdId} (${p.reviewId}), ngày ${f.date(p.filedOn)}`, 'nội dung', p.summary),
    en: withText(`Complaint ${p.complaintId} about household ${p.householdId} (${p.reviewId}) on ${f.date(p.filedOn)}`, 'summary', p.summary),
  }),
  ComplaintResolved: (p, f) => ({
    vi: withText(`Giải quyết khiếu nại ${p.complaintId}: ${p.outcome === 'upheld' ? 'chấp nhận' : p.outcome === 'rejected' ? 'không chấp nhận' : p.outcome || '—'}${p.newClassification ? `, phân loại lại: ${CLASS_VI[p.newClassification] || p.newClassification}` : ''}, ngày ${f.date(p.resolvedOn)}`, 'lý do', p.reason),
    en: withText(`Complaint ${p.complaintId} resolved: ${p.outcome || '—'}${p.newClassification ? `, now ${String(p.newClassification).replace('_', '-')}` : ''}, on ${f.date(p.resolvedOn)}`, 'reason', p.reason),
  }),
  ReviewRecognized: (p, f) => ({
    vi: `Huyện công nhận kết quả rà soát ${p.reviewId} (quyết định ${p.decisionNumber || '—'}), ngày ${f.date(p.recognizedOn)}`,
    en: `District recognized review ${p.reviewId} (decision ${p.decisionNumber || '—'}) on ${f.date(p.recognizedOn)}`,
  }),
};

const CLASS_VI = { poor: 'hộ nghèo', near_poor: 'hộ cận nghèo', average: 'hộ có mức sống trung bình', not_poor: 'không nghèo' };

export const DESCRIBED_TYPES = Object.keys(WORDS);

// A field's value in a generic sentence: scalars as text, lists joined,
// nested messages as their own field list.
function fieldText(value) {
  if (Array.isArray(value)) return `[${value.map(fieldText).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${fieldText(v)}`).join(', ')}}`;
  }
  return String(value);
}

function generic(decoded, lang) {
  const payload = decoded.payload && typeof decoded.payload === 'object' ? decoded.payload : {};
  const fields = Object.entries(payload)
    .filter(([, v]) => v !== '' && v !== null && v !== undefined && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}: ${fieldText(v)}`);
  const head = lang === 'en' ? `Event ${decoded.type || '(no type)'}` : `Sự kiện ${decoded.type || '(không rõ loại)'}`;
  return fields.length ? `${head} — ${fields.join('; ')}` : head;
}

// describe({type, payload, ...}, lang) → one line, collapsed whitespace.
export function describe(decoded, lang = 'vi') {
  const l = lang === 'en' ? 'en' : 'vi';
  const words = WORDS[decoded && decoded.type];
  let text;
  if (words && decoded.payload && typeof decoded.payload === 'object') {
    const f = {
      date: (v) => date(v, l),
      integer: (v) => integer(v, l),
    };
    const m = { vi: (v) => money(v, 'vi'), en: (v) => money(v, 'en') };
    // Fields the decoder left out (proto3 defaults) read as empty text.
    const p = new Proxy(decoded.payload, { get: (t, k) => t[k] ?? '' });
    text = words(p, f, m)[l];
  } else {
    text = generic(decoded || {}, l);
  }
  return text.replace(/\s+/g, ' ').trim();
}
