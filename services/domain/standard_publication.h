// The poverty standard's aggregate: one stream per standard
// (program/standard/<standard_id>), holding the one PovertyStandardPublished
// event that makes it data every classification in its period reads.
// Published once; a corrected standard is a new standard id.
#ifndef MINHBACH_SERVICES_DOMAIN_STANDARD_PUBLICATION_H_
#define MINHBACH_SERVICES_DOMAIN_STANDARD_PUBLICATION_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "minhbach/v1/household_events.pb.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain {

inline constexpr char kPovertyStandardPublished[] = "PovertyStandardPublished";

struct StandardState {
  bool published = false;
  v1::PovertyStandardPublished standard;
  AppliedEventIds applied_event_ids;
  bool remember_event_ids = true;
};

struct PublishStandard {
  std::string event_id;
  v1::PovertyStandardPublished standard;
};

using StandardCommand = std::variant<PublishStandard>;

// InvalidArgument: the standard is not valid (ValidateStandard);
// AlreadyExists: the standard id is published already.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const StandardState& state,
                                                              const StandardCommand& command);
[[nodiscard]] absl::Status Apply(StandardState& state, const DomainEvent& event);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_STANDARD_PUBLICATION_H_
