#include "services/program/program_state.h"

#include <algorithm>

#include "services/domain/illustrative.h"
#include "services/program/program_streams.h"

namespace minhbach::program {
namespace {

// Applies `event` to the aggregate in `states` under `id`. Only `creating`
// starts an aggregate: a later event of one that does not exist (in a fold
// as of a business date, a fact about something that had not happened yet)
// is refused rather than folded into an empty state.
template <typename State>
absl::Status ApplyTo(ProgramState::ById<State>& states, absl::string_view id,
                     absl::string_view creating, const domain::DomainEvent& event) {
  auto it = states.find(id);
  const bool inserted = it == states.end();
  if (inserted) {
    if (event.event_type != creating) {
      return absl::FailedPreconditionError("the aggregate does not exist yet");
    }
    it = states.emplace(std::string(id), State()).first;
  }
  it->second.remember_event_ids = false;
  absl::Status applied = domain::Apply(it->second, event);
  if (!applied.ok() && inserted) states.erase(it);
  return applied;
}

void Skip(ProgramState& state, uint64_t position) {
  if (state.skipped_positions.size() < kMaxListedSkips) state.skipped_positions.push_back(position);
}

// Applies `event`, of the program stream `ref` names, at `position`.
void ApplyEvent(ProgramState& state, const AggregateRef& ref, uint64_t position,
                int64_t business_time_micros, const domain::DomainEvent& event) {
  state.max_business_time_micros = std::max(state.max_business_time_micros, business_time_micros);
  absl::Status applied;
  switch (ref.kind) {
    case AggregateKind::kPlan:
      if (state.plan.plan_id.empty() && event.event_type != domain::kPlanIssued) {
        applied = absl::FailedPreconditionError("the plan has not been issued yet");
        break;
      }
      state.plan.remember_event_ids = false;
      applied = domain::Apply(state.plan, event);
      break;
    case AggregateKind::kBudget:
      applied = ApplyTo(state.budgets, ref.id, domain::kBudgetAllocated, event);
      break;
    case AggregateKind::kAssignment:
      applied = ApplyTo(state.assignments, ref.id, domain::kAssignmentMade, event);
      break;
    case AggregateKind::kReporting:
      applied = ApplyTo(state.periods, ref.id, domain::kVillageReportSubmitted, event);
      break;
    case AggregateKind::kSupervision:
      applied = ApplyTo(state.supervisions, ref.id, domain::kSupervisionPlanned, event);
      break;
    case AggregateKind::kStandard:
      applied = ApplyTo(state.standards, ref.id, domain::kPovertyStandardPublished, event);
      break;
    case AggregateKind::kHousehold:
      applied = ApplyTo(state.households, ref.id, domain::kHouseholdRegistered, event);
      break;
    case AggregateKind::kReview:
      applied = ApplyTo(state.reviews, ref.id, domain::kReviewOpened, event);
      break;
  }
  if (!applied.ok()) Skip(state, position);
}

}  // namespace

void ApplyRecord(ProgramState& state, const v1::EventRecord& record) {
  if (domain::IsIllustrative(record.correlation_id())) state.illustrative_data = true;
  std::optional<AggregateRef> ref = ParseProgramStream(record.stream());
  if (!ref) return;
  ApplyEvent(state, *ref, record.position(), record.business_time_micros(),
             {record.event_id(), record.event_type(), record.payload()});
}

void FoldRecord(ProgramState& state, const v1::EventRecord& record) {
  ApplyRecord(state, record);
  state.position = record.position() + 1;
}

void FoldRecordInPlace(ProgramState& state, v1::EventRecord& record) {
  state.position = record.position() + 1;
  if (domain::IsIllustrative(record.correlation_id())) state.illustrative_data = true;
  std::optional<AggregateRef> ref = ParseProgramStream(record.stream());
  if (!ref) return;
  domain::DomainEvent event;
  event.event_id.swap(*record.mutable_event_id());
  event.event_type.swap(*record.mutable_event_type());
  event.payload.swap(*record.mutable_payload());
  ApplyEvent(state, *ref, record.position(), record.business_time_micros(), event);
  event.event_id.swap(*record.mutable_event_id());
  event.event_type.swap(*record.mutable_event_type());
  event.payload.swap(*record.mutable_payload());
}

}  // namespace minhbach::program
