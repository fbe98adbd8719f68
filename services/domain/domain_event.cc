#include "services/domain/domain_event.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace minhbach::domain {

DomainEvent MakeDomainEvent(absl::string_view event_id, absl::string_view event_type,
                            const google::protobuf::MessageLite& message) {
  DomainEvent event;
  event.event_id = std::string(event_id);
  event.event_type = std::string(event_type);
  {
    google::protobuf::io::StringOutputStream string_stream(&event.payload);
    google::protobuf::io::CodedOutputStream coded(&string_stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }  // the coded stream flushes into event.payload when destroyed
  return event;
}

absl::Status ParsePayload(const DomainEvent& event, google::protobuf::MessageLite* message) {
  if (!message->ParseFromString(event.payload)) {
    return absl::DataLossError(
        absl::StrCat("payload of a ", event.event_type, " event does not parse"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEventId(absl::string_view event_id) {
  if (event_id.size() != kEventIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("event_id must be ", kEventIdBytes, " raw bytes, got ", event_id.size()));
  }
  return absl::OkStatus();
}

std::optional<absl::StatusOr<std::vector<DomainEvent>>> RetryOutcome(const AppliedEventIds& applied,
                                                                     absl::string_view event_id,
                                                                     absl::string_view event_type) {
  auto found = applied.find(std::string(event_id));
  if (found == applied.end()) return std::nullopt;
  if (found->second == event_type) return std::vector<DomainEvent>();  // already written
  return absl::StatusOr<std::vector<DomainEvent>>(absl::AlreadyExistsError(
      absl::StrCat("event_id already used for a ", found->second, " event")));
}

}  // namespace minhbach::domain
