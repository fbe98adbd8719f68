// One domain event as the domain produces it and folds it back: the event id
// the command chose, the event type, and the typed payload (a message of
// proto/minhbach/v1/program_events.proto) serialized deterministically.
//
//   DomainEvent event = MakeDomainEvent(command.event_id, "AssignmentAccepted", accepted);
//   minhbach::v1::AssignmentAccepted decoded;
//   RETURN_IF_ERROR(ParsePayload(event, &decoded));
//
// The service layer turns a DomainEvent into a storage NewEvent (adding the
// stream, business time and correlation ids); the domain knows nothing of the log.
#ifndef MINHBACH_SERVICES_DOMAIN_DOMAIN_EVENT_H_
#define MINHBACH_SERVICES_DOMAIN_DOMAIN_EVENT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"

namespace minhbach::domain {

// Length of an event id: a UUID as raw bytes.
inline constexpr size_t kEventIdBytes = 16;

// A plain value; copyable, no shared state.
struct DomainEvent {
  std::string event_id;    // 16 raw bytes, chosen by the caller: the idempotency key
  std::string event_type;  // the payload message's name, e.g. "DisbursementRecorded"
  std::string payload;     // the typed message, deterministically serialized

  bool operator==(const DomainEvent& other) const {
    return event_id == other.event_id && event_type == other.event_type && payload == other.payload;
  }
  bool operator!=(const DomainEvent& other) const { return !(*this == other); }
};

// Builds an event whose payload is `message` serialized deterministically:
// equal messages always give byte-identical payloads.
DomainEvent MakeDomainEvent(absl::string_view event_id, absl::string_view event_type,
                            const google::protobuf::MessageLite& message);

// Decodes `event.payload` into `message`. DataLoss when the bytes do not parse.
[[nodiscard]] absl::Status ParsePayload(const DomainEvent& event,
                                        google::protobuf::MessageLite* message);

// OK when `event_id` has exactly kEventIdBytes bytes; InvalidArgument naming
// the field "event_id" otherwise.
// The typed payload of `event`: DataLoss when it does not parse.
template <typename Message>
absl::StatusOr<Message> PayloadAs(const DomainEvent& event) {
  Message message;
  absl::Status parsed = ParsePayload(event, &message);
  if (!parsed.ok()) return parsed;
  return message;
}

// The event ids an aggregate has applied, each with its event type.
using AppliedEventIds = std::map<std::string, std::string>;

// What a command amounts to when its event id was applied before: no events
// for a retry of the same kind (it is already written), AlreadyExists when the
// id was used for another kind. nullopt when the id is new. "No events" only
// says the kind matches: the caller must still check that the command is the
// recorded one, content and all (program::CommandExecutor decides it again on
// the state before the recorded event and lets the log compare).
std::optional<absl::StatusOr<std::vector<DomainEvent>>> RetryOutcome(const AppliedEventIds& applied,
                                                                     absl::string_view event_id,
                                                                     absl::string_view event_type);

[[nodiscard]] absl::Status ValidateEventId(absl::string_view event_id);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_DOMAIN_EVENT_H_
