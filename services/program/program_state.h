// The program as a fold of the log: every aggregate's state, built by the
// domain's own Apply functions from the events of the "program/" streams.
//
//   ProgramState state;
//   for (const storage::StoredEvent& e : events) FoldRecord(state, e.record);
//
// This is what every projection and every as-of answer is made of: the
// projection keeps one, snapshots persist it, the status queries read it.
//
// The folded aggregates keep no applied event ids (the domain's retry
// detection needs them only when deciding a command, and the log already
// refuses a second event with the same id), so the state grows with the
// number of entities, never with the length of the log.
//
// Thread safety: a plain value.
#ifndef MINHBACH_SERVICES_PROGRAM_PROGRAM_STATE_H_
#define MINHBACH_SERVICES_PROGRAM_PROGRAM_STATE_H_

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "minhbach/v1/event_record.pb.h"
#include "services/domain/assignment.h"
#include "services/domain/budget.h"
#include "services/domain/household.h"
#include "services/domain/household_review.h"
#include "services/domain/plan.h"
#include "services/domain/reporting.h"
#include "services/domain/standard_publication.h"
#include "services/domain/supervision.h"

namespace minhbach::program {

// How many skipped positions a state lists; beyond this only the count grows.
inline constexpr size_t kMaxListedSkips = 1000;

struct ProgramState {
  // Events at positions [0, position) have been offered to the fold.
  uint64_t position = 0;
  // Largest business time among them (microseconds); minimum when none.
  int64_t max_business_time_micros = std::numeric_limits<int64_t>::min();
  domain::PlanState plan;
  // Ordered maps (snapshots list entries in key order); B-trees because a
  // long log holds many aggregates and the fold looks one up per event.
  template <typename State>
  using ById = absl::btree_map<std::string, State>;
  ById<domain::BudgetState> budgets;  // by sub-project id
  ById<domain::AssignmentState> assignments;
  ById<domain::ReportingState> periods;
  ById<domain::SupervisionState> supervisions;
  ById<domain::StandardState> standards;    // by standard id
  ById<domain::HouseholdState> households;  // by household id: the register
  ById<domain::ReviewState> reviews;        // by review id
  // Program events the domain could not apply (a bug, or for a business-date
  // fold a fact about something that had not happened yet), first ones only.
  std::vector<uint64_t> skipped_positions;
  // Some folded event is illustrative demo data (services/domain/illustrative.h).
  bool illustrative_data = false;
};

// Folds `record` (which must be the event at state.position) into `state`
// and advances state.position. Events of other streams only advance it. An
// event the domain refuses to apply is listed in skipped_positions and
// changes nothing else: a fold never stops on one bad event.
void FoldRecord(ProgramState& state, const v1::EventRecord& record);
// The same, lending the record's strings to the fold instead of copying
// them, and taking them back: `record` is unchanged after, and a reader that
// parses the next event into it reuses their buffers.
void FoldRecordInPlace(ProgramState& state, v1::EventRecord& record);

// Folds `record` into the aggregates only, leaving position alone: for folds
// that pick their events out of order (as of a business date).
void ApplyRecord(ProgramState& state, const v1::EventRecord& record);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_PROGRAM_STATE_H_
