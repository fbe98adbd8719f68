#include "clients/dashboard_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace minhbach::clients {

std::string GroupThousands(int64_t value) {
  const std::string text = std::to_string(value);
  const std::string digits = value < 0 ? text.substr(1) : text;
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return value < 0 ? "-" + grouped : grouped;
}

std::string DashboardText(const v1::Dashboard& d) {
  std::string out;
  const v1::StatusBasis& basis = d.basis();
  absl::StrAppend(&out, "Plan ", d.plan_id().empty() ? "(not issued yet)" : d.plan_id(), "  ",
                  d.document_number(), "\n", d.title(), "\n");
  if (!d.plan_id().empty()) {
    // The source may leave the day blank: show the month alone, never a guessed day.
    const std::string issued =
        !d.issued_date().empty() ? d.issued_date()
        : !d.issued_month().empty()
            ? absl::StrCat("tháng ", d.issued_month(), " (ngày không ghi / day not stated)")
            : "-";
    absl::StrAppend(&out, "Ban hành (issued): ", issued,
                    d.signer_title().empty() && d.signer_name().empty()
                        ? ""
                        : absl::StrCat("; ký (signed): ", d.signer_title(),
                                       d.signer_name().empty() ? "" : " ", d.signer_name()),
                    "\n");
  }
  absl::StrAppendFormat(&out, "as of %d of %d events; deadlines judged on %s\n\n", basis.position(),
                        basis.log_size(), basis.reference_date());
  absl::StrAppendFormat(&out, "Disbursed (giải ngân)   %s of %s đồng = %s   target %s\n",
                        GroupThousands(d.money().disbursed_dong()),
                        GroupThousands(d.money().allocated_dong()), d.money().rate_text(),
                        d.disbursement_target_text().empty() ? "-" : d.disbursement_target_text());
  const v1::CarryOver& carry = d.carry_over();
  absl::StrAppendFormat(
      &out, "Carry-over %d funds   %s of %s đồng by %s: %s\n\n", carry.fiscal_year(),
      GroupThousands(carry.disbursed_by_deadline_dong()), GroupThousands(carry.allocated_dong()),
      carry.deadline_date().empty() ? "-" : carry.deadline_date(), carry.status());
  for (const v1::PartialConsolidation& p : d.partial_reports()) {
    absl::StrAppend(&out, "Báo cáo xã ", p.period(),
                    " tổng hợp chưa đủ thôn (partial commune report): thiếu (missing) ",
                    absl::StrJoin(p.villages_missing(), ", "), "; lý do (reason): ", p.reason(),
                    "\n");
  }
  if (d.partial_reports_size() > 0) out += "\n";
  absl::StrAppendFormat(&out, "%-11s %-14s %18s %18s %8s  %-10s %s\n", "SUB-PROJECT", "STATE",
                        "ALLOCATED", "DISBURSED", "RATE", "DEADLINE", "LEADS");
  for (const v1::SubProjectStatus& s : d.subprojects()) {
    absl::StrAppendFormat(
        &out, "%-11s %-14s %18s %18s %8s  %-10s %s%s\n", s.subproject_id(), s.state(),
        GroupThousands(s.money().allocated_dong()), GroupThousands(s.money().disbursed_dong()),
        s.money().rate_text(), s.deadline_date().empty() ? "(none)" : s.deadline_date(),
        s.lead_units().empty() ? "(none stated)" : absl::StrJoin(s.lead_units(), ","),
        s.overdue() ? "  OVERDUE" : "");
  }
  absl::StrAppendFormat(&out, "\nAssignments: %d, completed %d, overdue %d\n",
                        d.assignments_total(), d.assignments_completed(),
                        d.overdue_assignments_size());
  for (const v1::AssignmentSummary& a : d.overdue_assignments()) {
    absl::StrAppendFormat(&out, "  OVERDUE %s (%s) due %s, %d days late, %s, leads %s\n",
                          a.assignment_id(), a.subproject_id(), a.due_date(), a.days_overdue(),
                          a.status(), absl::StrJoin(a.lead_units(), ","));
  }
  absl::StrAppend(&out, "Sub-projects without an assignment: ",
                  d.subprojects_without_assignment().empty()
                      ? "none"
                      : absl::StrJoin(d.subprojects_without_assignment(), ", "),
                  "\n");
  absl::StrAppend(&out, "Sub-projects whose lead the plan does not state: ",
                  d.subprojects_without_lead().empty()
                      ? "none"
                      : absl::StrJoin(d.subprojects_without_lead(), ", "),
                  "\n");
  absl::StrAppendFormat(&out, "Open findings: %d, past due %d\n", d.open_findings(),
                        d.open_findings_past_due_size());
  for (const v1::FindingSummary& f : d.open_findings_past_due()) {
    absl::StrAppendFormat(&out, "  PAST DUE %s/%s on %s (%s): recommendations %s unanswered\n",
                          f.supervision_id(), f.finding_id(), f.subject(), f.severity(),
                          absl::StrJoin(f.overdue_recommendation_ids(), ", "));
  }
  if (basis.skipped_positions_size() > 0) {
    absl::StrAppend(&out, "Events not applied (positions): ",
                    absl::StrJoin(basis.skipped_positions(), ", "), "\n");
  }
  return out;
}

std::string PadRight(absl::string_view text, size_t width) {
  size_t shown = 0;
  for (char c : text) shown += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return absl::StrCat(text, std::string(shown < width ? width - shown : 1, ' '));
}

std::string SubProjectText(const v1::SubProjectStatus& s) {
  std::string out;
  absl::StrAppend(&out, s.subproject_id(), "  ", s.name(), "\n");
  absl::StrAppend(
      &out, PadRight("Chủ trì (leads):", 30),
      s.lead_units().empty() ? "(the plan states none)" : absl::StrJoin(s.lead_units(), ", "),
      "\n");
  absl::StrAppend(
      &out, PadRight("Phối hợp (co-ordinating):", 30),
      s.coordinating_units().empty() ? "-" : absl::StrJoin(s.coordinating_units(), ", "), "\n");
  absl::StrAppend(&out, PadRight("Thời hạn (deadline):", 30),
                  s.deadline_date().empty() ? "(the plan states none)" : s.deadline_date(),
                  s.overdue() ? "  QUÁ HẠN (OVERDUE)" : "", "\n");
  absl::StrAppend(&out, PadRight("Trạng thái (state):", 30), s.state(), "\n");
  absl::StrAppend(
      &out, PadRight("Giải ngân (disbursed):", 30), GroupThousands(s.money().disbursed_dong()),
      " of ", GroupThousands(s.money().allocated_dong()), " đồng = ", s.money().rate_text(), "\n");
  absl::StrAppend(&out, "Phân công (assignments):", s.assignments().empty() ? " none\n" : "\n");
  for (const v1::AssignmentSummary& a : s.assignments()) {
    absl::StrAppendFormat(&out, "  %-16s %-12s due %s  leads %s%s\n", a.assignment_id(), a.status(),
                          a.due_date(), absl::StrJoin(a.lead_units(), ","),
                          a.overdue() ? absl::StrCat("  OVERDUE ", a.days_overdue(), " days") : "");
  }
  absl::StrAppend(&out, "Kết luận giám sát còn mở (open findings):",
                  s.open_findings().empty() ? " none\n" : "\n");
  for (const v1::FindingSummary& f : s.open_findings()) {
    absl::StrAppend(
        &out, "  ", f.supervision_id(), "/", f.finding_id(), " (", f.severity(), ") ",
        f.description(),
        f.overdue_recommendation_ids().empty()
            ? ""
            : absl::StrCat("; past due: ", absl::StrJoin(f.overdue_recommendation_ids(), ", ")),
        "\n");
  }
  return out;
}

std::string TargetText(const v1::TargetStatus& t) {
  std::string out;
  absl::StrAppend(&out, t.target_id(), "  ", t.description(), "\n");
  absl::StrAppend(&out, PadRight("Chỉ tiêu (target):", 30), t.direction(), " ", t.value_text(),
                  t.kind().empty() ? "" : absl::StrCat(" (", t.kind(), ")"),
                  t.unit().empty() ? "" : absl::StrCat(", đơn vị (unit) ", t.unit()),
                  t.horizon_date().empty() ? "" : absl::StrCat(", đến (by) ", t.horizon_date()),
                  "\n");
  absl::StrAppend(&out, PadRight("Kỳ báo cáo (period):", 30),
                  t.period().empty() ? "(no report yet)" : t.period(), ", commune report ",
                  t.commune_status(), "\n");
  absl::StrAppend(&out, PadRight("Kết quả xã (commune actual):", 30),
                  !t.has_actual() ? "-"
                  : t.kind() == "count"
                      ? t.actual_text()
                      : absl::StrCat(t.actual_numerator(), " of ", t.actual_denominator(), " = ",
                                     t.actual_text()),
                  "  ", t.assessment(), "\n");
  if (!t.partial_reason().empty()) {
    absl::StrAppend(&out, PadRight("Tổng hợp chưa đủ (partial):", 30), "thiếu (missing) ",
                    absl::StrJoin(t.villages_missing(), ", "),
                    "; lý do (reason): ", t.partial_reason(), "\n");
  }
  absl::StrAppend(&out, "Thôn (villages):", t.villages().empty() ? " none reported\n" : "\n");
  for (const v1::VillageValue& v : t.villages()) {
    absl::StrAppendFormat(&out, "  %-12s %-10s %d of %d\n", v.village_id(), v.status(),
                          v.numerator(), v.denominator());
  }
  absl::StrAppend(&out, PadRight("Chưa báo cáo (not reported):", 30),
                  t.not_reported().empty() ? "none" : absl::StrJoin(t.not_reported(), ", "), "\n");
  return out;
}

}  // namespace minhbach::clients
