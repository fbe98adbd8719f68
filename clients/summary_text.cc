#include "clients/summary_text.h"

#include <cstdint>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

// Days from `from` to `to` (YYYY-MM-DD); 0 when either does not parse.
int64_t DaysBetween(absl::string_view from, absl::string_view to) {
  absl::CivilDay a, b;
  if (!absl::ParseCivilTime(from, &a) || !absl::ParseCivilTime(to, &b)) return 0;
  return b - a;
}

// "quá hạn 12 ngày" when `due` is before `reference_date`, else "".
std::string Overdue(absl::string_view due, absl::string_view reference_date) {
  if (due.empty() || due >= reference_date) return "";
  return absl::StrCat(Say("quá hạn ", "overdue by "), DaysBetween(due, reference_date),
                      Say(" ngày", " days"));
}

std::string AssignmentStatusText(domain::AssignmentStatus status) {
  switch (status) {
    case domain::AssignmentStatus::kNone:
      return Say("chưa có", "none");
    case domain::AssignmentStatus::kMade:
      return Say("đã giao", "made");
    case domain::AssignmentStatus::kAccepted:
      return Say("đã nhận", "accepted");
    case domain::AssignmentStatus::kInProgress:
      return Say("đang thực hiện", "in progress");
    case domain::AssignmentStatus::kCompleted:
      return Say("đã hoàn thành", "completed");
    case domain::AssignmentStatus::kCancelled:
      return Say("đã hủy", "cancelled");
  }
  return "";
}

std::string SupervisionStatusText(domain::SupervisionStatus status) {
  switch (status) {
    case domain::SupervisionStatus::kNone:
      return Say("chưa có", "none");
    case domain::SupervisionStatus::kPlanned:
      return Say("đã lập kế hoạch", "planned");
    case domain::SupervisionStatus::kInspected:
      return Say("đã kiểm tra", "inspected");
    case domain::SupervisionStatus::kClosed:
      return Say("đã kết thúc", "closed");
  }
  return "";
}

std::string FindingStatusText(domain::FindingStatus status) {
  switch (status) {
    case domain::FindingStatus::kOpen:
      return Say("chưa xử lý xong", "open");
    case domain::FindingStatus::kResolved:
      return Say("đã khắc phục", "resolved");
    case domain::FindingStatus::kClosed:
      return Say("đã đóng", "closed");
  }
  return "";
}

}  // namespace

std::string BudgetSummaryText(const domain::BudgetState& budget) {
  std::map<std::string, int64_t> reversed;  // by allocation id
  for (const auto& [id, d] : budget.disbursements) {
    if (d.reversed) reversed[d.allocation_id] += d.amount_dong;
  }
  std::string out = absl::StrCat(Say("Tổng hợp theo nguồn vốn", "Balance per allocation"), "\n");
  int64_t allocated = 0, disbursed = 0, reversed_total = 0;
  for (const auto& [id, a] : budget.allocations) {
    absl::StrAppend(&out, "  ", id, " (", a.fiscal_year, "): ", Say("phân bổ ", "allocated "),
                    FormatDong(a.amount_dong), " · ",
                    Say("đã giải ngân (sau hủy) ", "disbursed (net) "),
                    FormatDong(a.disbursed_dong), " · ", Say("đã hủy bút toán ", "reversed "),
                    FormatDong(reversed[id]), " · ", Say("còn lại ", "remaining "),
                    FormatDong(a.remaining_dong()), "\n");
    allocated += a.amount_dong;
    disbursed += a.disbursed_dong;
    reversed_total += reversed[id];
  }
  if (budget.allocations.empty()) {
    absl::StrAppend(&out, "  ", Say("chưa có phân bổ nào", "nothing allocated"), "\n");
  }
  absl::StrAppend(&out, "  ", Say("Cộng", "Total"), ": ", Say("phân bổ ", "allocated "),
                  FormatDong(allocated), " · ", Say("đã giải ngân (sau hủy) ", "disbursed (net) "),
                  FormatDong(disbursed), " · ", Say("đã hủy bút toán ", "reversed "),
                  FormatDong(reversed_total), " · ", Say("còn lại ", "remaining "),
                  FormatDong(allocated - disbursed), "\n");
  return out;
}

std::string AssignmentSummaryText(const domain::AssignmentState& a,
                                  absl::string_view reference_date) {
  std::string out = absl::StrCat(Say("Tình trạng: ", "State: "), AssignmentStatusText(a.status),
                                 " · ", Say("hạn ", "due "), FormatDate(a.due_date));
  const std::string overdue =
      domain::IsOpen(a.status) ? Overdue(a.due_date, reference_date) : std::string();
  absl::StrAppend(&out, " · ", overdue.empty() ? Say("không quá hạn", "not overdue") : overdue,
                  " (", Say("xét vào ngày ", "judged on "), FormatDate(reference_date), ")\n");
  if (a.progress_reports > 0) {
    absl::StrAppend(&out, Say("Báo cáo tiến độ: ", "Progress reports: "), a.progress_reports,
                    Say(", số lượng cộng dồn ", ", quantity so far "), a.reported_quantity, "\n");
  }
  return out;
}

std::string SupervisionSummaryText(const domain::SupervisionState& s, absl::string_view finding_id,
                                   absl::string_view reference_date) {
  std::string out = absl::StrCat(Say("Tình trạng: ", "State: "), SupervisionStatusText(s.status),
                                 " · ", s.findings.size(), Say(" phát hiện", " findings"), "\n");
  for (const auto& [id, f] : s.findings) {
    if (!finding_id.empty() && id != finding_id) continue;
    absl::StrAppend(&out, "  ", s.supervision_id, "/", id, " (", f.subject,
                    "): ", FindingStatusText(f.status), "\n");
  }
  int open = 0;
  for (const auto& [id, r] : s.recommendations) {
    if (r.answered() || (!finding_id.empty() && r.finding_id != finding_id)) continue;
    ++open;
    const std::string overdue = Overdue(r.due_date, reference_date);
    absl::StrAppend(&out, "  ", Say("Kiến nghị chưa trả lời ", "Open recommendation "), id, " → ",
                    r.responsible_unit, ", ", Say("hạn ", "due "), FormatDate(r.due_date),
                    overdue.empty() ? "" : absl::StrCat(" · ", overdue), "\n");
  }
  if (open == 0) {
    absl::StrAppend(
        &out, "  ",
        Say("Không còn kiến nghị nào chưa trả lời", "No recommendation left unanswered"), "\n");
  }
  absl::StrAppend(&out, Say("Hạn được xét vào ngày ", "Deadlines judged on "),
                  FormatDate(reference_date), "\n");
  return out;
}

}  // namespace minhbach::clients
