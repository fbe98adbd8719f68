// The forms of the daily work, as data: which command each one sends and
// which body fields it asks for. Field names are the proto field names of the
// command's body message (proto/minhbach/v1/*_events.proto); forms/request.js
// turns the typed values into the request's proto JSON.
//
// kind: text | textarea | amount | count | date | year | list | select | check
//   | values (a village report's numerator/denominator per target).
// choices: a list from forms/choices.js the select offers (or, for a text
// field, suggests through a <datalist>).
// generate: an id prefix; left empty, the id is made from the form's event
// id (as the CLI's --id does), so a retry of the same fill names the same id.

const L = (vi, en) => ({ vi, en });

const PERIOD = { name: 'period', kind: 'select', choices: 'periods', label: L('Kỳ báo cáo', 'Period') };
const VILLAGE = { name: 'village_id', kind: 'select', choices: 'villages', label: L('Thôn', 'Village') };
const SUBPROJECT = {
  name: 'subproject_id', kind: 'select', choices: 'subprojects', label: L('Tiểu dự án', 'Sub-project'),
};
const ASSIGNMENT = {
  name: 'assignment_id', kind: 'select', choices: 'assignments', label: L('Nhiệm vụ', 'Assignment'),
};
const SUPERVISION = {
  name: 'supervision_id', kind: 'text', choices: 'supervisions',
  label: L('Mã đợt giám sát', 'Supervision id'),
};

export const FORM_SPECS = [
  {
    service: 'Reporting', method: 'SubmitVillageReport',
    title: L('Thôn gửi báo cáo', 'A village submits its report'),
    fields: [PERIOD, VILLAGE,
      { name: 'values', kind: 'values', choices: 'targets', label: L('Số liệu theo chỉ tiêu', 'Values by target') }],
  },
  {
    service: 'Reporting', method: 'ApproveVillageReport',
    title: L('Duyệt báo cáo của thôn', 'Approve a village report'),
    fields: [PERIOD, VILLAGE],
  },
  {
    service: 'Reporting', method: 'ReturnVillageReport',
    title: L('Trả lại báo cáo của thôn để sửa', 'Return a village report for correction'),
    fields: [PERIOD, VILLAGE,
      { name: 'reason', kind: 'textarea', label: L('Cần sửa gì', 'What to correct') }],
  },
  {
    service: 'Reporting', method: 'ConsolidateCommuneReport',
    title: L('Tổng hợp báo cáo của xã', 'Consolidate the commune report'),
    fields: [PERIOD,
      { name: 'partial', kind: 'check', label: L('Tổng hợp dù còn thôn chưa báo cáo', 'Consolidate although villages have not reported') },
      { name: 'partial_reason', kind: 'textarea', optional: true,
        label: L('Lý do tổng hợp chưa đủ thôn', 'Why consolidate a partial report') }],
  },
  {
    service: 'Reporting', method: 'SendCommuneReportToDistrict',
    title: L('Gửi báo cáo của xã lên huyện', 'Send the commune report to the district'),
    fields: [PERIOD],
  },
  {
    service: 'Finance', method: 'AllocateBudget',
    title: L('Phân bổ kinh phí', 'Allocate a budget'),
    fields: [SUBPROJECT,
      { name: 'allocation_id', kind: 'text', optional: true, generate: 'alloc-',
        label: L('Mã phân bổ (để trống: tự tạo)', 'Allocation id (empty: generated)') },
      { name: 'source', kind: 'text', initial: 'central-budget', label: L('Nguồn vốn', 'Source') },
      { name: 'fiscal_year', kind: 'year', label: L('Năm ngân sách', 'Fiscal year') },
      { name: 'amount_dong', kind: 'amount', label: L('Số tiền (đồng)', 'Amount (đồng)') },
      { name: 'decision_number', kind: 'text', label: L('Số quyết định', 'Decision number') }],
  },
  {
    service: 'Finance', method: 'RecordDisbursement',
    title: L('Ghi giải ngân', 'Record a disbursement'),
    fields: [SUBPROJECT,
      { name: 'disbursement_id', kind: 'text', optional: true, generate: 'disb-',
        label: L('Mã giải ngân (để trống: tự tạo)', 'Disbursement id (empty: generated)') },
      { name: 'allocation_id', kind: 'text', choices: 'allocations', label: L('Chi từ phân bổ', 'Paid from allocation') },
      { name: 'amount_dong', kind: 'amount', label: L('Số tiền (đồng)', 'Amount (đồng)') },
      { name: 'date_paid', kind: 'date', label: L('Ngày chi', 'Date paid') },
      { name: 'voucher_number', kind: 'text', label: L('Số chứng từ', 'Voucher number') }],
  },
  {
    service: 'Finance', method: 'ReverseDisbursement',
    title: L('Hủy (đảo) một khoản giải ngân', 'Reverse a disbursement'),
    fields: [SUBPROJECT,
      { name: 'disbursement_id', kind: 'text', label: L('Mã giải ngân', 'Disbursement id') },
      { name: 'reason', kind: 'textarea', label: L('Lý do', 'Reason') }],
  },
  {
    service: 'Assignments', method: 'ReportProgress',
    title: L('Báo cáo tiến độ nhiệm vụ', 'Report progress on an assignment'),
    fields: [ASSIGNMENT,
      { name: 'text', kind: 'textarea', label: L('Đã làm được gì', 'What was done') },
      { name: 'quantity', kind: 'count', optional: true,
        label: L('Số lượng (hộ, người, buổi…; để trống: 0)', 'Quantity (households, people…; empty: 0)') },
      { name: 'evidence_refs', kind: 'list', optional: true,
        label: L('Chứng cứ (số văn bản…, cách nhau bằng dấu phẩy)', 'Evidence (document numbers…, comma-separated)') }],
  },
  {
    service: 'Assignments', method: 'CompleteAssignment',
    title: L('Hoàn thành nhiệm vụ', 'Complete an assignment'),
    fields: [ASSIGNMENT,
      { name: 'summary', kind: 'textarea', label: L('Kết quả đạt được', 'What was achieved') }],
  },
  {
    service: 'Supervision', method: 'RecordFinding',
    title: L('Ghi phát hiện giám sát', 'Record a finding'),
    fields: [SUPERVISION,
      { name: 'finding_id', kind: 'text', optional: true, generate: 'F-',
        label: L('Mã phát hiện (để trống: tự tạo)', 'Finding id (empty: generated)') },
      { name: 'subject', kind: 'text', choices: 'subprojects', label: L('Về việc (ví dụ một tiểu dự án)', 'About (e.g. a sub-project)') },
      { name: 'severity', kind: 'select', choices: 'severities', label: L('Mức độ', 'Severity') },
      { name: 'description', kind: 'textarea', label: L('Nội dung phát hiện', 'What was found') }],
  },
  {
    service: 'Supervision', method: 'IssueRecommendation',
    title: L('Ra kiến nghị', 'Issue a recommendation'),
    fields: [SUPERVISION,
      { name: 'finding_id', kind: 'text', choices: 'findings', label: L('Mã phát hiện', 'Finding id') },
      { name: 'recommendation_id', kind: 'text', optional: true, generate: 'KN-',
        label: L('Mã kiến nghị (để trống: tự tạo)', 'Recommendation id (empty: generated)') },
      { name: 'text', kind: 'textarea', label: L('Nội dung kiến nghị', 'What is recommended') },
      { name: 'responsible_unit', kind: 'text', choices: 'units', label: L('Đơn vị phải trả lời', 'Unit that must respond') },
      { name: 'due_date', kind: 'date', label: L('Hạn trả lời', 'Response due') }],
  },
  {
    service: 'Supervision', method: 'SubmitResponse',
    title: L('Trả lời kiến nghị', 'Respond to a recommendation'),
    fields: [SUPERVISION,
      { name: 'recommendation_id', kind: 'text', choices: 'recommendations', label: L('Mã kiến nghị', 'Recommendation id') },
      { name: 'by_unit', kind: 'text', choices: 'units', label: L('Đơn vị trả lời', 'Responding unit') },
      { name: 'text', kind: 'textarea', label: L('Nội dung trả lời', 'The answer') }],
  },
];

// Every form also carries the command's business date (CommandMeta):
// optional, the server then takes the date the body states or today.
export const BUSINESS_DATE_FIELD = {
  name: 'business_date', kind: 'date', optional: true, meta: true,
  label: L('Ngày xảy ra (để trống: ngày trong nội dung, hoặc hôm nay)',
    'When it happened (empty: the date stated, or today)'),
};

export function specKey(spec) {
  return `${spec.service}/${spec.method}`;
}
