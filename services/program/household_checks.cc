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

}  // namespace

void AddHouseholdChecks(const ProgramState& state, v1::Dashboard& dashboard) {
  if (state.households.empty()) return;
  const v1::HouseholdTargets computed = BuildHouseholdTargets(state, "");
  std::set<std::string> villages;
  for (const v1::HouseholdRate& v : computed.villages()) villages.insert(v.village_id());
  for (const char* target_id : {kPoorHouseholdRateTarget, kNearPoorHouseholdRateTarget}) {
    const bool poor = std::string(target_id) == kPoorHouseholdRateTarget;
    const v1::TargetStatus* status = nullptr;
    for (const v1::TargetStatus& t : dashboard.targets()) {
      if (t.target_id() == target_id) status = &t;
    }
    // The near-poor check only when the plan has such a target.
    if (!poor && status == nullptr) continue;
    v1::HouseholdTargetCheck& check = *dashboard.add_household_checks();
    check.set_target_id(target_id);
    check.set_register_numerator(poor ? computed.commune().poor() : computed.commune().near_poor());
    check.set_register_denominator(computed.commune().households());
    if (status == nullptr) continue;
    check.set_period(status->period());
    bool reported = false;
    for (const v1::VillageValue& v : status->villages()) {
      if (villages.count(v.village_id()) == 0) continue;
      reported = true;
      check.set_reported_numerator(check.reported_numerator() + v.numerator());
      check.set_reported_denominator(check.reported_denominator() + v.denominator());
    }
    if (!reported) continue;
    check.set_differs(check.register_numerator() != check.reported_numerator() ||
                      check.register_denominator() != check.reported_denominator());
    if (!check.differs()) continue;
    check.set_difference_text(
        check.register_numerator() != check.reported_numerator()
            ? Difference(check.register_numerator(), check.reported_numerator(), status->unit())
            : absl::StrCat(Difference(check.register_denominator(), check.reported_denominator(),
                                      status->unit()),
                           " (tổng số hộ)"));
  }
}

}  // namespace minhbach::program
