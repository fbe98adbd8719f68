#include "services/program/program_state.h"

#include <algorithm>

#include "services/program/program_streams.h"

namespace minhbach::program {
namespace {

domain::DomainEvent ToDomainEvent(const v1::EventRecord& record) {
  return {record.event_id(), record.event_type(), record.payload()};
}

// Applies `event` to the aggregate in `states` under `id`. Only `creating`
// starts an aggregate: a later event of one that does not exist (in a fold
// as of a business date, a fact about something that had not happened yet)
// is refused rather than folded into an empty state.
template <typename State>
absl::Status ApplyTo(std::map<std::string, State>& states, const std::string& id,
                     absl::string_view creating, const domain::DomainEvent& event) {
  if (event.event_type != creating && states.count(id) == 0) {
    return absl::FailedPreconditionError("the aggregate does not exist yet");
  }
  auto [it, inserted] = states.try_emplace(id);
  absl::Status applied = domain::Apply(it->second, event);
  if (!applied.ok() && inserted) states.erase(it);
  if (applied.ok()) it->second.applied_event_ids.clear();
  return applied;
}

void Skip(ProgramState& state, uint64_t position) {
  if (state.skipped_positions.size() < kMaxListedSkips) state.skipped_positions.push_back(position);
}

}  // namespace

void ApplyRecord(ProgramState& state, const v1::EventRecord& record) {
  std::optional<AggregateRef> ref = ParseProgramStream(record.stream());
  if (!ref) return;
  state.max_business_time_micros =
      std::max(state.max_business_time_micros, record.business_time_micros());
  const domain::DomainEvent event = ToDomainEvent(record);
  absl::Status applied;
  switch (ref->kind) {
    case AggregateKind::kPlan:
      if (state.plan.plan_id.empty() && event.event_type != domain::kPlanIssued) {
        applied = absl::FailedPreconditionError("the plan has not been issued yet");
        break;
      }
      applied = domain::Apply(state.plan, event);
      state.plan.applied_event_ids.clear();
      break;
    case AggregateKind::kBudget:
      applied = ApplyTo(state.budgets, ref->id, domain::kBudgetAllocated, event);
      break;
    case AggregateKind::kAssignment:
      applied = ApplyTo(state.assignments, ref->id, domain::kAssignmentMade, event);
      break;
    case AggregateKind::kReporting:
      applied = ApplyTo(state.periods, ref->id, domain::kVillageReportSubmitted, event);
      break;
    case AggregateKind::kSupervision:
      applied = ApplyTo(state.supervisions, ref->id, domain::kSupervisionPlanned, event);
      break;
  }
  if (!applied.ok()) Skip(state, record.position());
}

void FoldRecord(ProgramState& state, const v1::EventRecord& record) {
  ApplyRecord(state, record);
  state.position = record.position() + 1;
}

}  // namespace minhbach::program
