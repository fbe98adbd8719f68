// Where the program's aggregates live in the log: one stream per aggregate,
// all under "program/", which only the command services write.
//
//   program/plan                     the plan, its targets, sub-projects, villages
//   program/budget/<sub-project>     allocations and disbursements of one sub-project
//   program/assignment/<assignment>  one assignment
//   program/reporting/<period>       one reporting period
//   program/supervision/<id>         one supervision
//   program/standard/<standard_id>   one poverty standard (household_events.proto)
//   program/household/<household_id> one household; its id "<village>/H-<4 digits>" holds a "/"
//   program/review/<review_id>       one annual review of households
#ifndef MINHBACH_SERVICES_PROGRAM_PROGRAM_STREAMS_H_
#define MINHBACH_SERVICES_PROGRAM_PROGRAM_STREAMS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::program {

inline constexpr char kProgramStreamPrefix[] = "program/";

enum class AggregateKind {
  kPlan,
  kBudget,
  kAssignment,
  kReporting,
  kSupervision,
  kStandard,
  kHousehold,
  kReview
};

struct AggregateRef {
  AggregateKind kind;
  absl::string_view id;  // empty for the plan; a view into the stream name parsed
};

std::string PlanStream();
std::string BudgetStream(absl::string_view subproject_id);
std::string AssignmentStream(absl::string_view assignment_id);
std::string ReportingStream(absl::string_view period);
std::string SupervisionStream(absl::string_view supervision_id);
std::string StandardStream(absl::string_view standard_id);
std::string HouseholdStream(absl::string_view household_id);
std::string ReviewStream(absl::string_view review_id);

// The aggregate a program stream holds; nullopt for any other stream. The
// result's id points into `stream`.
std::optional<AggregateRef> ParseProgramStream(absl::string_view stream);

// OK when `id` can name an aggregate inside a stream name: 1..128 bytes of
// letters, digits and "-_.:" (no "/", no spaces). InvalidArgument naming
// `field` otherwise.
[[nodiscard]] absl::Status ValidateAggregateId(absl::string_view field, absl::string_view id);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_PROGRAM_STREAMS_H_
