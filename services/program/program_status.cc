#include "services/program/program_status.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "services/domain/money.h"
#include "services/program/household_checks.h"

namespace minhbach::program {
namespace {

using domain::AssignmentState;
using domain::AssignmentStatus;
using domain::MoneySum;

// Days from `from` to `to` (both YYYY-MM-DD); 0 when either does not parse.
int64_t DaysBetween(absl::string_view from, absl::string_view to) {
  absl::CivilDay a, b;
  if (!absl::ParseCivilTime(from, &a) || !absl::ParseCivilTime(to, &b)) return 0;
  return b - a;
}

bool IsOverdue(const AssignmentState& a, absl::string_view reference_date) {
  return domain::IsOpen(a.status) && !a.due_date.empty() && a.due_date < reference_date;
}

v1::AssignmentSummary Summarize(const AssignmentState& a, absl::string_view reference_date) {
  v1::AssignmentSummary summary;
  summary.set_assignment_id(a.assignment_id);
  summary.set_subproject_id(a.subproject_id);
  for (const std::string& unit : a.lead_units) summary.add_lead_units(unit);
  summary.set_due_date(a.due_date);
  summary.set_status(std::string(domain::AssignmentStatusName(a.status)));
  summary.set_description(a.description);
  if (IsOverdue(a, reference_date)) {
    summary.set_overdue(true);
    summary.set_days_overdue(DaysBetween(a.due_date, reference_date));
  }
  return summary;
}

v1::Money MoneyOf(const MoneySum& allocated, const MoneySum& disbursed) {
  v1::Money money;
  money.set_allocated_dong(allocated.value());
  money.set_disbursed_dong(disbursed.value());
  if (allocated.overflowed() || disbursed.overflowed()) {
    money.set_sum_overflowed(true);
    money.set_rate_text("overflow");
  } else {
    money.set_rate_text(PercentText(disbursed.value(), allocated.value()));
  }
  return money;
}

v1::Money SubProjectMoney(const ProgramState& state, const std::string& subproject_id) {
  MoneySum allocated, disbursed;
  auto budget = state.budgets.find(subproject_id);
  if (budget != state.budgets.end()) {
    for (const auto& [id, allocation] : budget->second.allocations) {
      allocated.Add(allocation.amount_dong);
      disbursed.Add(allocation.disbursed_dong);
    }
  }
  return MoneyOf(allocated, disbursed);
}

// The findings about `subject` (all subjects when empty) that are open.
std::vector<v1::FindingSummary> OpenFindings(const ProgramState& state, absl::string_view subject,
                                             absl::string_view reference_date) {
  std::vector<v1::FindingSummary> found;
  for (const auto& [supervision_id, supervision] : state.supervisions) {
    for (const auto& [finding_id, finding] : supervision.findings) {
      if (finding.status != domain::FindingStatus::kOpen) continue;
      if (!subject.empty() && finding.subject != subject) continue;
      v1::FindingSummary& summary = found.emplace_back();
      summary.set_supervision_id(supervision_id);
      summary.set_finding_id(finding_id);
      summary.set_subject(finding.subject);
      summary.set_severity(finding.severity);
      summary.set_description(finding.description);
      summary.set_status(std::string(domain::FindingStatusName(finding.status)));
      for (const std::string& rec_id : finding.recommendation_ids) {
        const domain::Recommendation& rec = supervision.recommendations.at(rec_id);
        if (!rec.answered() && rec.due_date < reference_date) {
          summary.add_overdue_recommendation_ids(rec_id);
        }
      }
    }
  }
  return found;
}

// "no assignment", "assigned", "in progress" or "completed", from the
// sub-project's assignments that are not cancelled.
std::string SubProjectState(const std::vector<const AssignmentState*>& assignments) {
  int live = 0, completed = 0, started = 0;
  for (const AssignmentState* a : assignments) {
    if (a->status == AssignmentStatus::kCancelled) continue;
    ++live;
    if (a->status == AssignmentStatus::kCompleted) ++completed;
    if (a->status == AssignmentStatus::kInProgress) ++started;
  }
  if (live == 0) return "no assignment";
  if (completed == live) return "completed";
  if (started > 0 || completed > 0) return "in progress";
  return "assigned";
}

v1::SubProjectStatus SubProjectStatusOf(const ProgramState& state, const std::string& id,
                                        const domain::SubProject& subproject,
                                        absl::string_view reference_date) {
  v1::SubProjectStatus status;
  status.set_subproject_id(id);
  status.set_name(subproject.name);
  for (const std::string& unit : subproject.lead_units) status.add_lead_units(unit);
  for (const std::string& unit : subproject.coordinating_units) {
    status.add_coordinating_units(unit);
  }
  status.set_deadline_date(subproject.deadline_date);
  status.set_project_name(subproject.project_name);
  status.set_beneficiaries_and_support(subproject.beneficiaries_and_support);
  std::vector<const AssignmentState*> assignments;
  for (const auto& [assignment_id, assignment] : state.assignments) {
    if (assignment.subproject_id != id) continue;
    assignments.push_back(&assignment);
    *status.add_assignments() = Summarize(assignment, reference_date);
  }
  status.set_state(SubProjectState(assignments));
  status.set_overdue(!subproject.deadline_date.empty() &&
                     subproject.deadline_date < reference_date && status.state() != "completed");
  *status.mutable_money() = SubProjectMoney(state, id);
  for (v1::FindingSummary& finding : OpenFindings(state, id, reference_date)) {
    *status.add_open_findings() = std::move(finding);
  }
  return status;
}

v1::CarryOver CarryOverOf(const ProgramState& state, absl::string_view reference_date) {
  v1::CarryOver carry;
  // The plan's year from its date, or from its month when the day is unknown.
  const std::string& issued =
      state.plan.issued_date.empty() ? state.plan.issued_month : state.plan.issued_date;
  int year = 0;
  if (issued.size() >= 4) year = std::atoi(issued.c_str()) - 1;
  carry.set_fiscal_year(year);
  auto target = state.plan.targets.find(absl::StrCat("carryover-", year));
  if (target != state.plan.targets.end()) carry.set_deadline_date(target->second.deadline_date);
  MoneySum allocated, by_deadline, disbursed;
  for (const auto& [subproject_id, budget] : state.budgets) {
    for (const auto& [allocation_id, allocation] : budget.allocations) {
      if (allocation.fiscal_year == year) allocated.Add(allocation.amount_dong);
    }
    for (const auto& [disbursement_id, d] : budget.disbursements) {
      auto allocation = budget.allocations.find(d.allocation_id);
      if (d.reversed || allocation == budget.allocations.end() ||
          allocation->second.fiscal_year != year) {
        continue;
      }
      disbursed.Add(d.amount_dong);
      if (!carry.deadline_date().empty() && d.date_paid <= carry.deadline_date()) {
        by_deadline.Add(d.amount_dong);
      }
    }
  }
  carry.set_allocated_dong(allocated.value());
  carry.set_disbursed_dong(disbursed.value());
  carry.set_disbursed_by_deadline_dong(by_deadline.value());
  if (allocated.overflowed() || disbursed.overflowed() || by_deadline.overflowed()) {
    carry.set_sum_overflowed(true);
    carry.set_status("overflow");
  } else if (allocated.value() == 0 || carry.deadline_date().empty()) {
    carry.set_status("none");
  } else if (by_deadline.value() >= allocated.value()) {
    carry.set_status("met");
  } else if (reference_date > carry.deadline_date()) {
    carry.set_status("missed");
  } else {
    carry.set_status("open");
  }
  return carry;
}

// True when `numerator` of `denominator` meets the target's direction.
bool Meets(const domain::Target& target, int64_t numerator, int64_t denominator) {
  if (domain::TargetKindOf(target) == domain::kTargetKindCount) {
    return target.direction == domain::kAtMost ? numerator <= target.numerator_target
                                               : numerator >= target.numerator_target;
  }
  const __int128 actual = static_cast<__int128>(numerator) * target.denominator_target;
  const __int128 wanted = static_cast<__int128>(target.numerator_target) * denominator;
  return target.direction == domain::kAtMost ? actual <= wanted : actual >= wanted;
}

const domain::TargetValue* ValueFor(const std::vector<domain::TargetValue>& values,
                                    absl::string_view target_id) {
  for (const domain::TargetValue& v : values) {
    if (v.target_id == target_id) return &v;
  }
  return nullptr;
}

// The latest period whose commune report holds `target_id`; empty if none.
std::string LatestConsolidatedPeriod(const ProgramState& state, absl::string_view target_id) {
  std::string latest;
  for (const auto& [name, reporting] : state.periods) {
    if (ValueFor(reporting.commune.totals, target_id) != nullptr) latest = std::max(latest, name);
  }
  return latest;
}

}  // namespace

std::string PercentText(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return "-";
  // Tenths of a percent, rounded half up, without overflow.
  const __int128 tenths = (static_cast<__int128>(numerator) * 2000 / denominator + 1) / 2;
  // Only a log no command would write has a rate this far out of range.
  const __int128 max = std::numeric_limits<int64_t>::max();
  const int64_t value = static_cast<int64_t>(std::clamp(tenths, -max, max));
  return absl::StrFormat("%d.%d %%", value / 10, value % 10);
}

v1::Dashboard BuildDashboard(const ProgramState& state, absl::string_view reference_date) {
  v1::Dashboard dashboard;
  const domain::PlanState& plan = state.plan;
  dashboard.set_plan_id(plan.plan_id);
  dashboard.set_document_number(plan.document_number);
  dashboard.set_title(plan.title);
  dashboard.set_issued_date(plan.issued_date);
  dashboard.set_issued_month(plan.issued_month.empty() ? plan.issued_date.substr(0, 7)
                                                       : plan.issued_month);
  dashboard.set_issuer(plan.issuer);
  dashboard.set_signer_title(plan.signer_title);
  dashboard.set_signer_name(plan.signer_name);
  for (const auto& [period, reporting] : state.periods) {  // in period order
    if (reporting.commune.partial_reason.empty()) continue;
    v1::PartialConsolidation& partial = *dashboard.add_partial_reports();
    partial.set_period(period);
    partial.set_reason(reporting.commune.partial_reason);
    for (const std::string& village : reporting.commune.villages_missing) {
      partial.add_villages_missing(village);
    }
  }
  MoneySum allocated, disbursed;
  bool overflowed = false;
  for (const auto& [id, subproject] : plan.subprojects) {
    v1::SubProjectStatus status = SubProjectStatusOf(state, id, subproject, reference_date);
    allocated.Add(status.money().allocated_dong());
    disbursed.Add(status.money().disbursed_dong());
    overflowed = overflowed || status.money().sum_overflowed();
    if (status.state() == "no assignment") dashboard.add_subprojects_without_assignment(id);
    *dashboard.add_subprojects() = std::move(status);
  }
  *dashboard.mutable_money() = MoneyOf(allocated, disbursed);
  if (overflowed) {
    dashboard.mutable_money()->set_sum_overflowed(true);
    dashboard.mutable_money()->set_rate_text("overflow");
  }
  auto target = plan.targets.find(kDisbursementTarget);
  if (target != plan.targets.end()) {
    dashboard.set_disbursement_target_text(target->second.value_text);
  }
  // Every target of the plan: its latest consolidated value (else, as
  // `report TARGET` shows it, the latest period reported).
  for (const auto& [id, unused] : plan.targets) {
    absl::StatusOr<v1::TargetStatus> status =
        BuildTargetStatus(state, id, LatestConsolidatedPeriod(state, id));
    if (status.ok()) *dashboard.add_targets() = *std::move(status);
  }
  AddHouseholdChecks(state, dashboard);
  *dashboard.mutable_carry_over() = CarryOverOf(state, reference_date);

  std::vector<const AssignmentState*> overdue;
  for (const auto& [id, assignment] : state.assignments) {
    dashboard.set_assignments_total(dashboard.assignments_total() + 1);
    if (assignment.status == AssignmentStatus::kCompleted) {
      dashboard.set_assignments_completed(dashboard.assignments_completed() + 1);
    }
    if (IsOverdue(assignment, reference_date)) overdue.push_back(&assignment);
  }
  std::stable_sort(
      overdue.begin(), overdue.end(),
      [](const AssignmentState* a, const AssignmentState* b) { return a->due_date < b->due_date; });
  for (const AssignmentState* a : overdue) {
    *dashboard.add_overdue_assignments() = Summarize(*a, reference_date);
  }
  for (const std::string& id : domain::SubProjectsWithoutLead(plan)) {
    dashboard.add_subprojects_without_lead(id);
  }
  for (v1::FindingSummary& finding : OpenFindings(state, "", reference_date)) {
    dashboard.set_open_findings(dashboard.open_findings() + 1);
    if (finding.overdue_recommendation_ids_size() > 0) {
      *dashboard.add_open_findings_past_due() = std::move(finding);
    }
  }
  return dashboard;
}

absl::StatusOr<v1::SubProjectStatus> BuildSubProjectStatus(const ProgramState& state,
                                                           absl::string_view subproject_id,
                                                           absl::string_view reference_date) {
  auto subproject = state.plan.subprojects.find(std::string(subproject_id));
  if (subproject == state.plan.subprojects.end()) {
    return absl::NotFoundError(
        absl::StrCat("sub-project \"", subproject_id, "\" is not registered in the plan"));
  }
  return SubProjectStatusOf(state, subproject->first, subproject->second, reference_date);
}

absl::StatusOr<v1::TargetStatus> BuildTargetStatus(const ProgramState& state,
                                                   absl::string_view target_id,
                                                   absl::string_view period) {
  auto found = state.plan.targets.find(std::string(target_id));
  if (found == state.plan.targets.end()) {
    return absl::NotFoundError(absl::StrCat("target \"", target_id, "\" is not in the plan"));
  }
  const domain::Target& target = found->second;
  v1::TargetStatus status;
  status.set_target_id(found->first);
  status.set_description(target.description);
  status.set_direction(target.direction);
  status.set_value_text(target.value_text);
  status.set_numerator_target(target.numerator_target);
  status.set_denominator_target(target.denominator_target);
  status.set_deadline_date(target.deadline_date);
  status.set_kind(domain::TargetKindOf(target));
  status.set_unit(target.unit);
  status.set_horizon_date(target.horizon_date);

  if (target_id == kDisbursementTarget) {
    // Derived from the money, as the dashboard's rate is: no village reports it.
    MoneySum allocated, disbursed;
    for (const auto& [id, subproject] : state.plan.subprojects) {
      const v1::Money money = SubProjectMoney(state, id);
      allocated.Add(money.allocated_dong());
      disbursed.Add(money.disbursed_dong());
    }
    status.set_commune_status(std::string(kDerivedFromMoney));
    status.set_assessment("no data");
    if (allocated.value() > 0 && !allocated.overflowed() && !disbursed.overflowed()) {
      status.set_has_actual(true);
      status.set_actual_numerator(disbursed.value());
      status.set_actual_denominator(allocated.value());
      status.set_actual_text(PercentText(disbursed.value(), allocated.value()));
      if (target.denominator_target > 0) {
        status.set_assessment(Meets(target, disbursed.value(), allocated.value()) ? "met"
                                                                                  : "not met");
      }
    }
    return status;
  }
  std::string chosen(period);
  if (chosen.empty()) {
    for (const auto& [name, reporting] : state.periods) {
      for (const auto& [village, report] : reporting.villages) {
        if (ValueFor(report.values, target_id) != nullptr) chosen = std::max(chosen, name);
      }
    }
  }
  status.set_period(chosen);
  status.set_assessment("no data");
  auto reporting = state.periods.find(chosen);
  const domain::ReportingState* period_state =
      reporting == state.periods.end() ? nullptr : &reporting->second;
  status.set_commune_status(std::string(domain::CommuneReportStatusName(
      period_state ? period_state->commune.status : domain::CommuneReportStatus::kNone)));
  if (period_state != nullptr) {
    status.set_partial_reason(period_state->commune.partial_reason);
    for (const std::string& village : period_state->commune.villages_missing) {
      status.add_villages_missing(village);
    }
    if (const domain::TargetValue* total = ValueFor(period_state->commune.totals, target_id)) {
      status.set_has_actual(true);
      status.set_actual_numerator(total->numerator);
      status.set_actual_denominator(total->denominator);
      status.set_actual_text(status.kind() == domain::kTargetKindCount
                                 ? absl::StrCat(total->numerator)
                                 : PercentText(total->numerator, total->denominator));
      if (target.direction != domain::kDeadline) {
        status.set_assessment(Meets(target, total->numerator, total->denominator) ? "met"
                                                                                  : "not met");
      }
    }
    for (const auto& [village, report] : period_state->villages) {
      const domain::TargetValue* value = ValueFor(report.values, target_id);
      if (value == nullptr) continue;
      v1::VillageValue& row = *status.add_villages();
      row.set_village_id(village);
      row.set_status(std::string(domain::VillageReportStatusName(report.status)));
      row.set_numerator(value->numerator);
      row.set_denominator(value->denominator);
    }
  }
  for (const auto& [village, name] : state.plan.villages) {
    const bool reported = std::any_of(
        status.villages().begin(), status.villages().end(),
        [&village = village](const v1::VillageValue& v) { return v.village_id() == village; });
    if (!reported) status.add_not_reported(village);
  }
  return status;
}

}  // namespace minhbach::program
