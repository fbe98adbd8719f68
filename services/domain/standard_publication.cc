#include "services/domain/standard_publication.h"

#include "absl/strings/str_cat.h"
#include "services/domain/poverty_standard.h"
#include "storage/status_macros.h"

namespace minhbach::domain {

absl::StatusOr<std::vector<DomainEvent>> Decide(const StandardState& state,
                                                const StandardCommand& command) {
  const PublishStandard& c = std::get<PublishStandard>(command);
  RETURN_IF_ERROR(ValidateEventId(c.event_id));
  RETURN_IF_ERROR(ValidateStandard(c.standard));
  if (auto retry = RetryOutcome(state.applied_event_ids, c.event_id, kPovertyStandardPublished)) {
    return *retry;
  }
  if (state.published) {
    return absl::AlreadyExistsError(
        absl::StrCat("poverty standard \"", c.standard.standard_id(),
                     "\" is published already; publish a correction under a new standard_id"));
  }
  return std::vector<DomainEvent>{
      MakeDomainEvent(c.event_id, kPovertyStandardPublished, c.standard)};
}

absl::Status Apply(StandardState& state, const DomainEvent& event) {
  if (event.event_type != kPovertyStandardPublished) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", event.event_type, "\" is not a poverty standard event"));
  }
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(state.standard, PayloadAs<v1::PovertyStandardPublished>(event));
  state.published = true;
  if (state.remember_event_ids) state.applied_event_ids[event.event_id] = event.event_type;
  return absl::OkStatus();
}

}  // namespace minhbach::domain
