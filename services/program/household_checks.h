// The household checks of the dashboard and of a target's report: a household target computed from
// the register (poor households / households for "poor-household-rate", near-poor likewise for
// "near-poor-household-rate" when the plan sets it) beside what the villages reported for it in the
// target's latest period, and by how much they differ. Only villages with registered households
// count on the reported side, so that a register of one village is compared
// with that village's reports.
#ifndef MINHBACH_SERVICES_PROGRAM_HOUSEHOLD_CHECKS_H_
#define MINHBACH_SERVICES_PROGRAM_HOUSEHOLD_CHECKS_H_

#include "minhbach/v1/program_service.pb.h"
#include "services/program/program_state.h"

namespace minhbach::program {

inline constexpr char kPoorHouseholdRateTarget[] = "poor-household-rate";
inline constexpr char kNearPoorHouseholdRateTarget[] = "near-poor-household-rate";

// Adds the checks to `dashboard` (whose `targets` are already filled in, as
// BuildDashboard does); none when no household is registered in `state`.
void AddHouseholdChecks(const ProgramState& state, v1::Dashboard& dashboard);

// Sets `status.register_check` when the register computes the target and a
// household is registered in `state`: the report of one target says what the
// dashboard says, for the period `status` holds.
void AddRegisterCheck(const ProgramState& state, v1::TargetStatus& status);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_HOUSEHOLD_CHECKS_H_
