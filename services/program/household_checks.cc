#include "services/program/household_checks.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/program/household_register.h"

namespace minhbach::program {
namespace {

// "+3 hộ", "-1 hộ": the register less the reported, in the target's unit.
std::string Difference(int64_t register_count, int64_t reported_count, const std::string& unit) {
  const int64_t d = register_count - reported_count;
  return absl::StrCat(d > 0 ? "+" : "", d, " ", unit.empty() ? "hộ" : unit);
}

// The villages with registered households: only their reports count.
std::set<std::string> RegisteredVillages(const v1::HouseholdTargets& computed) {
  std::set<std::string> villages;
  for (const v1::HouseholdRate& v : computed.villages()) villages.insert(v.village_id());
  return villages;
}

// The register's value of `target_id` beside the villages' reported values in
// `status` (null when the plan has no such target).
v1::HouseholdTargetCheck CheckOf(const v1::HouseholdTargets& computed,
                                 const std::set<std::string>& villages,
                                 const std::string& target_id, const v1::TargetStatus* status) {
  const bool poor = target_id == kPoorHouseholdRateTarget;
  v1::HouseholdTargetCheck check;
  check.set_target_id(target_id);
  check.set_register_numerator(poor ? computed.commune().poor() : computed.commune().near_poor());
  check.set_register_denominator(computed.commune().households());
  if (status == nullptr) return check;
  check.set_period(status->period());
  bool reported = false;
  for (const v1::VillageValue& v : status->villages()) {
    if (villages.count(v.village_id()) == 0) continue;
    reported = true;
    check.set_reported_numerator(check.reported_numerator() + v.numerator());
    check.set_reported_denominator(check.reported_denominator() + v.denominator());
  }
  if (!reported) return check;
  check.set_differs(check.register_numerator() != check.reported_numerator() ||
                    check.register_denominator() != check.reported_denominator());
  if (!check.differs()) return check;
  check.set_difference_text(
      check.register_numerator() != check.reported_numerator()
          ? Difference(check.register_numerator(), check.reported_numerator(), status->unit())
          : absl::StrCat(Difference(check.register_denominator(), check.reported_denominator(),
                                    status->unit()),
                         " (tổng số hộ)"));
  return check;
}

}  // namespace

void AddHouseholdChecks(const ProgramState& state, v1::Dashboard& dashboard) {
  if (state.households.empty()) return;
  const v1::HouseholdTargets computed = BuildHouseholdTargets(state, "");
  const std::set<std::string> villages = RegisteredVillages(computed);
  for (const std::string target_id : {kPoorHouseholdRateTarget, kNearPoorHouseholdRateTarget}) {
    const v1::TargetStatus* status = nullptr;
    for (const v1::TargetStatus& t : dashboard.targets()) {
      if (t.target_id() == target_id) status = &t;
    }
    // The near-poor check only when the plan has such a target.
    if (target_id == kNearPoorHouseholdRateTarget && status == nullptr) continue;
    *dashboard.add_household_checks() = CheckOf(computed, villages, target_id, status);
  }
}

void AddRegisterCheck(const ProgramState& state, v1::TargetStatus& status) {
  if (state.households.empty()) return;
  if (status.target_id() != kPoorHouseholdRateTarget &&
      status.target_id() != kNearPoorHouseholdRateTarget) {
    return;
  }
  const v1::HouseholdTargets computed = BuildHouseholdTargets(state, "");
  *status.mutable_register_check() =
      CheckOf(computed, RegisteredVillages(computed), status.target_id(), &status);
}

}  // namespace minhbach::program
