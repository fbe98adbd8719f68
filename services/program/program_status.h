// Status answers computed from a folded program state: the dashboard, one
// sub-project, one target. Pure functions; the caller chooses the state (the
// current projection, or one as of a past point) and the day deadlines are
// judged against, and fills in StatusBasis.
//
// Money is summed in integer đồng with checked additions (domain/money.h): a
// sum that would leave int64 is flagged (sum_overflowed), never wrapped.
// Rates are shown with one decimal, rounded half up, but the amounts behind
// them are always given too.
#ifndef MINHBACH_SERVICES_PROGRAM_PROGRAM_STATUS_H_
#define MINHBACH_SERVICES_PROGRAM_PROGRAM_STATUS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/program_service.pb.h"
#include "services/program/program_state.h"

namespace minhbach::program {

// `numerator` of `denominator` as a percentage with one decimal, "63.2 %";
// "-" when the denominator is not positive.
std::string PercentText(int64_t numerator, int64_t denominator);

// The dashboard, deadlines judged against `reference_date` (YYYY-MM-DD).
v1::Dashboard BuildDashboard(const ProgramState& state, absl::string_view reference_date);

// One sub-project; NotFound when the plan has not registered it.
absl::StatusOr<v1::SubProjectStatus> BuildSubProjectStatus(const ProgramState& state,
                                                           absl::string_view subproject_id,
                                                           absl::string_view reference_date);

// The plan's target measured by the money recorded (disbursed of allocated,
// every registered sub-project), not by village reports.
inline constexpr char kDisbursementTarget[] = "disbursement";
// Its TargetStatus.commune_status: no period, no village report.
inline constexpr char kDerivedFromMoney[] = "derived from the money recorded";

// One target for `period`; an empty period means the latest period (in
// text order: "2024" < "2024-H1" < "2024-Q3" < "2025") holding a village
// report on the target. NotFound when the plan has no such target. The
// disbursement target is the money's rate now, whatever the period.
absl::StatusOr<v1::TargetStatus> BuildTargetStatus(const ProgramState& state,
                                                   absl::string_view target_id,
                                                   absl::string_view period);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_PROGRAM_STATUS_H_
