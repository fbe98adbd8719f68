// An AppendRequest off the wire, through the server's conversion
// (services::ToAppendRequest) and the log's validation
// (storage::ValidateAppendRequest). Invariants: neither crashes nor fails with
// an unexpected code; the conversion keeps what the caller sent and sets the
// actor from the identity; and a request both accept has a non-empty, valid
// UTF-8 stream without control characters, and events within the limits, each
// with a 16-byte, non-nil id used once, whose text form is the id sent.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "services/auth/identity.h"
#include "services/log_api/event_log_requests.h"
#include "storage/append_validation.h"
#include "storage/event_log.h"
#include "storage/utf8.h"
#include "storage/uuid.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using minhbach::services::Identity;
using minhbach::services::Role;
namespace storage = minhbach::storage;
namespace v1 = minhbach::v1;

// Small limits, so that fuzzed requests reach them.
storage::LogOptions Limits() {
  storage::LogOptions options;
  options.max_payload_bytes = 64;
  options.max_events_per_append = 8;
  options.max_append_bytes = 256;
  return options;
}

void CheckExpected(const v1::AppendRequest& request, const storage::ExpectedVersion& expected) {
  switch (request.expected_case()) {
    case v1::AppendRequest::kExpectVersion:
      FUZZ_CHECK(expected.exact() == request.expect_version());
      break;
    case v1::AppendRequest::kExpectNoStream:
      FUZZ_CHECK(expected.is_no_stream() == request.expect_no_stream());
      FUZZ_CHECK(expected.is_any() == !request.expect_no_stream());
      break;
    default:
      FUZZ_CHECK(expected.is_any());
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);  // invalid UTF-8 in a string field logs an error
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  v1::AppendRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  static const Identity* const who =
      new Identity{"payments-bridge", Role::kService, {"bank/", "ext/"}};

  absl::StatusOr<storage::AppendRequest> append =
      minhbach::services::ToAppendRequest(request, *who);
  if (!append.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(append.status()));
    FUZZ_CHECK(request.events_size() > 0);  // only an event can be malformed here
    return 0;
  }
  FUZZ_CHECK(append->stream == request.stream());
  FUZZ_CHECK(append->actor == who->name);
  CheckExpected(request, append->expected);
  FUZZ_CHECK(append->events.size() == static_cast<size_t>(request.events_size()));
  for (size_t i = 0; i < append->events.size(); ++i) {
    const storage::NewEvent& event = append->events[i];
    const v1::NewEvent& sent = request.events(static_cast<int>(i));
    FUZZ_CHECK(event.event_id.size() == 16);
    FUZZ_CHECK(storage::FormatUuid(event.event_id) == absl::AsciiStrToLower(sent.event_id()));
    FUZZ_CHECK(event.event_type == sent.event_type());
    FUZZ_CHECK(event.payload == sent.payload());
    FUZZ_CHECK(absl::ToUnixSeconds(event.business_time) == sent.business_time().seconds());
  }

  const storage::LogOptions options = Limits();
  const absl::Status valid = storage::ValidateAppendRequest(*append, options);
  if (!valid.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(valid) || absl::IsResourceExhausted(valid));
    return 0;
  }
  FUZZ_CHECK(!append->stream.empty());
  FUZZ_CHECK(storage::IsValidUtf8(append->stream));
  for (unsigned char c : append->stream) FUZZ_CHECK(c >= 0x20 && c != 0x7f);
  FUZZ_CHECK(!append->events.empty());
  FUZZ_CHECK(append->events.size() <= options.max_events_per_append);
  std::set<std::string> ids;
  size_t total_bytes = 0;
  for (const storage::NewEvent& event : append->events) {
    FUZZ_CHECK(event.event_id.size() == 16);
    FUZZ_CHECK(event.event_id != std::string(16, '\0'));
    FUZZ_CHECK(ids.insert(event.event_id).second);
    FUZZ_CHECK(!event.event_type.empty() && storage::IsValidUtf8(event.event_type));
    FUZZ_CHECK(event.event_type.size() <= storage::kMaxNameBytes);
    FUZZ_CHECK(storage::IsValidUtf8(event.correlation_id));
    FUZZ_CHECK(storage::IsValidUtf8(event.causation_id));
    FUZZ_CHECK(event.payload.size() <= options.max_payload_bytes);
    total_bytes += event.payload.size() + event.event_type.size() + event.correlation_id.size() +
                   event.causation_id.size();
  }
  FUZZ_CHECK(total_bytes <= options.max_append_bytes);
  return 0;
}
