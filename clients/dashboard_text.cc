#include "clients/dashboard_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/targets_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "clients/text/program_words.h"

namespace minhbach::clients {
namespace {

// Which events the answer folds, the day deadlines are
// judged on, and the illustrative-data note when it applies.
// What a view's basis adds to the header the command prints (view_point.h:
// the point in history, the reference date, the events folded): the note
// that illustrative data is among them.
std::string BasisText(const v1::StatusBasis& basis) {
  return basis.illustrative_data() ? absl::StrCat(IllustrativeDataNote(), "\n") : "";
}

std::string Amounts(const v1::Money& money) {
  return absl::StrCat(FormatDong(money.disbursed_dong()), Say(" trên ", " of "),
                      FormatDong(money.allocated_dong()), " = ", FormatRateText(money.rate_text()));
}

}  // namespace

std::string DashboardText(const v1::Dashboard& d) {
  std::string out;
  const v1::StatusBasis& basis = d.basis();
  absl::StrAppend(&out, Say("Kế hoạch ", "Plan "),
                  d.plan_id().empty() ? Say("(chưa ban hành)", "(not issued yet)") : d.plan_id(),
                  "  ", d.document_number(), "\n", d.title(), "\n");
  if (!d.plan_id().empty()) {
    // The source may leave the day blank: show the month alone, never a guessed day.
    const std::string issued =
        !d.issued_date().empty() ? FormatDate(d.issued_date())
        : !d.issued_month().empty()
            ? Say(absl::StrCat("tháng ", FormatDate(d.issued_month()), " (văn bản không ghi ngày)"),
                  absl::StrCat(d.issued_month(), " (the document leaves the day blank)"))
            : "—";
    absl::StrAppend(&out, Say("Ban hành: ", "Issued: "), issued,
                    d.signer_title().empty() && d.signer_name().empty()
                        ? ""
                        : absl::StrCat(Say("; ký: ", "; signed: "), d.signer_title(),
                                       d.signer_name().empty() ? "" : " ", d.signer_name()),
                    "\n");
  }
  absl::StrAppend(&out, BasisText(basis), "\n");
  absl::StrAppend(
      &out, PadRight(Say("Đã giải ngân:", "Disbursed:"), 24), Amounts(d.money()),
      Say("   chỉ tiêu ", "   target "),
      d.disbursement_target_text().empty() ? "-" : FormatRateText(d.disbursement_target_text()),
      "\n");
  const v1::CarryOver& carry = d.carry_over();
  absl::StrAppend(&out,
                  Say(absl::StrCat("Kinh phí năm ", carry.fiscal_year(), " chuyển sang: "),
                      absl::StrCat("Carry-over ", carry.fiscal_year(), " funds: ")),
                  FormatDong(carry.disbursed_by_deadline_dong()), Say(" trên ", " of "),
                  FormatDong(carry.allocated_dong()), Say(" đến ", " by "),
                  FormatDate(carry.deadline_date()), ": ", CarryOverWord(carry.status()), "\n\n");
  for (const v1::PartialConsolidation& p : d.partial_reports()) {
    absl::StrAppend(
        &out,
        Say(absl::StrCat("Báo cáo xã kỳ ", p.period(), " tổng hợp chưa đủ thôn: thiếu "),
            absl::StrCat("Commune report ", p.period(), " is partial: missing ")),
        absl::StrJoin(p.villages_missing(), ", "), Say("; lý do: ", "; reason: "), p.reason(),
        "\n");
  }
  if (d.partial_reports_size() > 0) out += "\n";
  absl::StrAppend(&out, PadRight(Say("TIỂU DỰ ÁN", "SUB-PROJECT"), 12),
                  PadRight(Say("TRẠNG THÁI", "STATE"), 16),
                  PadLeft(Say("KINH PHÍ GIAO", "ALLOCATED"), 20),
                  PadLeft(Say("ĐÃ GIẢI NGÂN", "DISBURSED"), 20), PadLeft(Say("TỶ LỆ", "RATE"), 9),
                  "  ", PadRight(Say("THỜI HẠN", "DEADLINE"), 11), Say("CHỦ TRÌ", "LEADS"), "\n");
  for (const v1::SubProjectStatus& s : d.subprojects()) {
    absl::StrAppend(&out, PadRight(s.subproject_id(), 12), PadRight(StateWord(s.state()), 16),
                    PadLeft(FormatDong(s.money().allocated_dong()), 20),
                    PadLeft(FormatDong(s.money().disbursed_dong()), 20),
                    PadLeft(FormatRateText(s.money().rate_text()), 9), "  ",
                    PadRight(s.deadline_date().empty() ? Say("(không có)", "(none)")
                                                       : FormatDate(s.deadline_date()),
                             11),
                    s.lead_units().empty() ? Say("(kế hoạch không nêu)", "(none stated)")
                                           : UnitNames(s.lead_units()),
                    s.overdue() ? absl::StrCat("  ", Say("QUÁ HẠN", "OVERDUE")) : "", "\n");
  }
  absl::StrAppend(
      &out, "\n",
      Say(absl::StrCat("Nhiệm vụ: ", d.assignments_total(), ", hoàn thành ",
                       d.assignments_completed(), ", quá hạn ", d.overdue_assignments_size()),
          absl::StrCat("Assignments: ", d.assignments_total(), ", completed ",
                       d.assignments_completed(), ", overdue ", d.overdue_assignments_size())),
      "\n");
  for (const v1::AssignmentSummary& a : d.overdue_assignments()) {
    absl::StrAppend(
        &out, "  ", Say("QUÁ HẠN ", "OVERDUE "), a.assignment_id(), " (", a.subproject_id(), ") ",
        Say(absl::StrCat("hạn ", FormatDate(a.due_date()), ", trễ ", a.days_overdue(), " ngày"),
            absl::StrCat("due ", FormatDate(a.due_date()), ", ", a.days_overdue(), " days late")),
        ", ", StateWord(a.status()), Say(", chủ trì ", ", leads "), UnitNames(a.lead_units()),
        "\n");
  }
  const std::string none = Say("không có", "none");
  absl::StrAppend(&out, Say("Tiểu dự án chưa phân công: ", "Sub-projects without an assignment: "),
                  d.subprojects_without_assignment().empty()
                      ? none
                      : absl::StrJoin(d.subprojects_without_assignment(), ", "),
                  "\n");
  absl::StrAppend(&out,
                  Say("Tiểu dự án kế hoạch không nêu đơn vị chủ trì: ",
                      "Sub-projects whose lead the plan does not state: "),
                  d.subprojects_without_lead().empty()
                      ? none
                      : absl::StrJoin(d.subprojects_without_lead(), ", "),
                  "\n");
  absl::StrAppend(&out,
                  Say(absl::StrCat("Kết luận giám sát còn mở: ", d.open_findings(), ", quá hạn ",
                                   d.open_findings_past_due_size()),
                      absl::StrCat("Open findings: ", d.open_findings(), ", past due ",
                                   d.open_findings_past_due_size())),
                  "\n");
  for (const v1::FindingSummary& f : d.open_findings_past_due()) {
    absl::StrAppend(&out, "  ", Say("QUÁ HẠN ", "PAST DUE "), f.supervision_id(), "/",
                    f.finding_id(), Say(" về ", " on "), f.subject(), " (",
                    SeverityWord(f.severity()), Say("): kiến nghị ", "): recommendations "),
                    absl::StrJoin(f.overdue_recommendation_ids(), ", "),
                    Say(" chưa được trả lời", " unanswered"), "\n");
  }
  if (basis.skipped_positions_size() > 0) {
    absl::StrAppend(
        &out, Say("Sự kiện không áp dụng được (vị trí): ", "Events not applied (positions): "),
        absl::StrJoin(basis.skipped_positions(), ", "), "\n");
  }
  return out;
}

std::string SubProjectText(const v1::SubProjectStatus& s) {
  std::string out;
  absl::StrAppend(&out, s.subproject_id(), "  ", s.name(), "\n", BasisText(s.basis()));
  const std::string not_stated = Say("(kế hoạch không nêu)", "(the plan states none)");
  absl::StrAppend(&out, PadRight(Say("Chủ trì:", "Leads:"), 20),
                  s.lead_units().empty() ? not_stated : UnitNames(s.lead_units()), "\n");
  absl::StrAppend(&out, PadRight(Say("Phối hợp:", "Co-ordinating:"), 20),
                  s.coordinating_units().empty() ? "-" : UnitNames(s.coordinating_units()), "\n");
  absl::StrAppend(&out, PadRight(Say("Thời hạn:", "Deadline:"), 20),
                  s.deadline_date().empty() ? not_stated : FormatDate(s.deadline_date()),
                  s.overdue() ? absl::StrCat("  ", Say("QUÁ HẠN", "OVERDUE")) : "", "\n");
  absl::StrAppend(&out, PadRight(Say("Trạng thái:", "State:"), 20), StateWord(s.state()), "\n");
  absl::StrAppend(&out, PadRight(Say("Đã giải ngân:", "Disbursed:"), 20), Amounts(s.money()), "\n");
  absl::StrAppend(
      &out, Say("Nhiệm vụ:", "Assignments:"),
      s.assignments().empty() ? absl::StrCat(" ", Say("không có", "none"), "\n") : "\n");
  for (const v1::AssignmentSummary& a : s.assignments()) {
    absl::StrAppend(&out, "  ", PadRight(a.assignment_id(), 17),
                    PadRight(StateWord(a.status()), 16), Say("hạn ", "due "),
                    FormatDate(a.due_date()), Say("  chủ trì ", "  leads "),
                    UnitNames(a.lead_units()),
                    a.overdue() ? Say(absl::StrCat("  QUÁ HẠN ", a.days_overdue(), " ngày"),
                                      absl::StrCat("  OVERDUE ", a.days_overdue(), " days"))
                                : "",
                    "\n");
  }
  absl::StrAppend(
      &out, Say("Kết luận giám sát còn mở:", "Open findings:"),
      s.open_findings().empty() ? absl::StrCat(" ", Say("không có", "none"), "\n") : "\n");
  for (const v1::FindingSummary& f : s.open_findings()) {
    absl::StrAppend(&out, "  ", f.supervision_id(), "/", f.finding_id(), " (",
                    SeverityWord(f.severity()), ") ", f.description(),
                    f.overdue_recommendation_ids().empty()
                        ? ""
                        : absl::StrCat(Say("; kiến nghị quá hạn: ", "; past due: "),
                                       absl::StrJoin(f.overdue_recommendation_ids(), ", ")),
                    "\n");
  }
  return out;
}

std::string TargetText(const v1::TargetStatus& t) {
  std::string out;
  absl::StrAppend(&out, t.target_id(), "  ", t.description(), "\n", BasisText(t.basis()));
  absl::StrAppend(&out, PadRight(Say("Chỉ tiêu:", "Target:"), 22), DirectionWord(t.direction()),
                  " ", t.kind() == "count" ? t.value_text() : FormatRateText(t.value_text()),
                  t.unit().empty() ? "" : absl::StrCat(Say(", đơn vị ", ", unit "), t.unit()),
                  t.horizon_date().empty()
                      ? ""
                      : absl::StrCat(Say(", đến ", ", by "), FormatDate(t.horizon_date())),
                  "\n");
  absl::StrAppend(&out, PadRight(Say("Kỳ báo cáo:", "Period:"), 22),
                  t.period().empty() ? Say("(chưa có báo cáo)", "(no report yet)") : t.period(),
                  Say(", báo cáo xã ", ", commune report "), StateWord(t.commune_status()), "\n");
  absl::StrAppend(&out, PadRight(Say("Kết quả xã:", "Commune actual:"), 22),
                  !t.has_actual() ? "-"
                  : t.kind() == "count"
                      ? FormatInteger(t.actual_numerator())
                      : absl::StrCat(FormatInteger(t.actual_numerator()), Say(" trên ", " of "),
                                     FormatInteger(t.actual_denominator()), " = ",
                                     FormatRateText(t.actual_text())),
                  "  ", StateWord(t.assessment()), "\n");
  if (!t.partial_reason().empty()) {
    absl::StrAppend(&out, PadRight(Say("Tổng hợp chưa đủ:", "Partial:"), 22),
                    Say("thiếu ", "missing "), absl::StrJoin(t.villages_missing(), ", "),
                    Say("; lý do: ", "; reason: "), t.partial_reason(), "\n");
  }
  absl::StrAppend(&out, Say("Thôn:", "Villages:"),
                  t.villages().empty()
                      ? absl::StrCat(" ", Say("chưa thôn nào báo cáo", "none reported"), "\n")
                      : "\n");
  for (const v1::VillageValue& v : t.villages()) {
    absl::StrAppend(&out, "  ", PadRight(v.village_id(), 13), PadRight(StateWord(v.status()), 14),
                    FormatInteger(v.numerator()), Say(" trên ", " of "),
                    FormatInteger(v.denominator()), "\n");
  }
  absl::StrAppend(
      &out, PadRight(Say("Chưa báo cáo:", "Not reported:"), 22),
      t.not_reported().empty() ? Say("không có", "none") : absl::StrJoin(t.not_reported(), ", "),
      "\n");
  if (t.has_register_check()) {
    absl::StrAppend(&out, PadRight(Say("Đối chiếu sổ hộ:", "Register check:"), 22),
                    HouseholdCheckLine(t.register_check()), "\n");
  }
  return out;
}

}  // namespace minhbach::clients
