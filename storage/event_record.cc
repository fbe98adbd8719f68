#include "storage/event_record.h"

#include <climits>

#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

namespace minhbach::storage {

std::string EncodeEventRecord(const minhbach::v1::EventRecord& record) {
  std::string bytes;
  record.SerializeToString(&bytes);
  return bytes;
}

absl::Status ParseEventRecord(absl::string_view raw, uint64_t expected_position,
                              minhbach::v1::EventRecord& record) {
  if (raw.size() > INT_MAX || !record.ParseFromArray(raw.data(), static_cast<int>(raw.size()))) {
    return absl::DataLossError(absl::StrCat("the record stored at position ", expected_position,
                                            " does not decode; run offline verification"));
  }
  if (record.position() != expected_position) {
    return absl::DataLossError(absl::StrCat("the record stored at position ", expected_position,
                                            " says it is position ", record.position(),
                                            "; run offline verification"));
  }
  return absl::OkStatus();
}

absl::StatusOr<StoredEvent> DecodeEventRecord(std::string raw, uint64_t expected_position) {
  StoredEvent event;
  RETURN_IF_ERROR(ParseEventRecord(raw, expected_position, event.record));
  event.raw = std::move(raw);
  return event;
}

minhbach::v1::EventRecord MakeEventRecord(const NewEvent& event, absl::string_view stream,
                                          absl::string_view actor, uint64_t position,
                                          uint64_t stream_version, absl::Time recorded_time) {
  minhbach::v1::EventRecord record;
  record.set_position(position);
  record.set_stream(std::string(stream));
  record.set_stream_version(stream_version);
  record.set_event_id(event.event_id);
  record.set_event_type(event.event_type);
  record.set_recorded_time_micros(absl::ToUnixMicros(recorded_time));
  record.set_business_time_micros(absl::ToUnixMicros(event.business_time));
  record.set_actor(std::string(actor));
  record.set_correlation_id(event.correlation_id);
  record.set_causation_id(event.causation_id);
  record.set_payload(event.payload);
  return record;
}

bool SameContent(const minhbach::v1::EventRecord& stored, const NewEvent& event,
                 absl::string_view stream, absl::string_view actor) {
  return stored.stream() == stream && stored.actor() == actor &&
         stored.event_type() == event.event_type &&
         stored.business_time_micros() == absl::ToUnixMicros(event.business_time) &&
         stored.correlation_id() == event.correlation_id &&
         stored.causation_id() == event.causation_id && stored.payload() == event.payload;
}

}  // namespace minhbach::storage
