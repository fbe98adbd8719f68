#include "services/log_api/event_log_requests.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

namespace minhbach::services {
namespace {

// google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

absl::StatusOr<absl::Time> ToTime(const google::protobuf::Timestamp& timestamp,
                                  absl::string_view field) {
  if (timestamp.seconds() < kMinTimestampSeconds || timestamp.seconds() > kMaxTimestampSeconds ||
      timestamp.nanos() < 0 || timestamp.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is not a valid timestamp (years 1 to 9999, nanos 0 to 999999999)"));
  }
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

storage::ExpectedVersion ToExpected(const v1::AppendRequest& request) {
  switch (request.expected_case()) {
    case v1::AppendRequest::kExpectNoStream:
      return request.expect_no_stream() ? storage::ExpectedVersion::NoStream()
                                        : storage::ExpectedVersion::Any();
    case v1::AppendRequest::kExpectVersion:
      return storage::ExpectedVersion::Exact(request.expect_version());
    default:
      return storage::ExpectedVersion::Any();
  }
}

}  // namespace

absl::StatusOr<storage::AppendRequest> ToAppendRequest(const v1::AppendRequest& request,
                                                       const Identity& who) {
  storage::AppendRequest append;
  append.stream = request.stream();
  append.expected = ToExpected(request);
  append.actor = who.name;
  append.events.reserve(request.events_size());
  for (int i = 0; i < request.events_size(); ++i) {
    const v1::NewEvent& in = request.events(i);
    const std::string field = absl::StrCat("events[", i, "]");
    absl::StatusOr<std::string> id = storage::ParseUuid(in.event_id());
    if (!id.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".event_id: ", id.status().message()));
    }
    storage::NewEvent event;
    event.event_id = *std::move(id);
    event.event_type = in.event_type();
    ASSIGN_OR_RETURN(event.business_time,
                     ToTime(in.business_time(), absl::StrCat(field, ".business_time")));
    event.correlation_id = in.correlation_id();
    event.causation_id = in.causation_id();
    event.payload = in.payload();
    append.events.push_back(std::move(event));
  }
  return append;
}

v1::AppendResponse ToAppendResponse(const storage::AppendResult& result) {
  v1::AppendResponse response;
  response.set_first_position(result.first_position);
  response.set_first_version(result.first_version);
  response.set_count(result.count);
  response.set_duplicate(result.duplicate);
  return response;
}

uint32_t PageSize(uint32_t requested) {
  return requested == 0 ? kDefaultPageSize : std::min(requested, kMaxPageSize);
}

size_t FieldBytes(size_t message_bytes) {
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(message_bytes) + message_bytes;
}

bool PageBytes::TryAdd(size_t message_bytes) {
  const size_t bytes = FieldBytes(message_bytes);
  if (count_ > 0 && bytes > max_bytes_ - std::min(bytes_, max_bytes_)) return false;
  bytes_ += bytes;
  ++count_;
  return true;
}

size_t ChunkEvents(const ReadLimits& limits) {
  return std::max<size_t>(1,
                          kMaxResponseBytes / std::max<size_t>(1, limits.max_event_encoded_bytes));
}

bool AddEvent(storage::StoredEvent stored, PageBytes* page,
              google::protobuf::RepeatedPtrField<v1::Event>* events) {
  v1::Event event;
  ToEvent(std::move(stored), &event);
  if (!page->TryAdd(event.ByteSizeLong())) return false;
  *events->Add() = std::move(event);
  return true;
}

void ToEvent(storage::StoredEvent stored, v1::Event* event) {
  *event->mutable_record() = std::move(stored.record);
  event->set_raw_record(std::move(stored.raw));
}

}  // namespace minhbach::services
