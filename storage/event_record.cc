#include "storage/event_record.h"

#include "absl/strings/str_cat.h"

namespace minhbach::storage {

std::string EncodeEventRecord(const minhbach::v1::EventRecord& record) {
  std::string bytes;
  record.SerializeToString(&bytes);
  return bytes;
}

absl::StatusOr<StoredEvent> DecodeEventRecord(std::string raw, uint64_t expected_position) {
  StoredEvent event;
  if (!event.record.ParseFromString(raw)) {
    return absl::DataLossError(absl::StrCat("the record stored at position ", expected_position,
                                            " does not decode; run offline verification"));
  }
  if (event.record.position() != expected_position) {
    return absl::DataLossError(absl::StrCat("the record stored at position ", expected_position,
                                            " says it is position ", event.record.position(),
                                            "; run offline verification"));
  }
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
