// Validation and conversion of EventLog and Audit requests, kept apart from
// the handlers so that every rule is in one place and testable alone.
#ifndef MINHBACH_SERVICES_LOG_API_EVENT_LOG_REQUESTS_H_
#define MINHBACH_SERVICES_LOG_API_EVENT_LOG_REQUESTS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "services/auth/identity.h"
#include "services/log_api/read_limits.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Largest page any read returns, in events (and in encoded bytes: PageBytes).
inline constexpr uint32_t kDefaultPageSize = 100;
inline constexpr uint32_t kMaxPageSize = 1000;

// The log append for `request` by `who` (the actor). InvalidArgument naming
// the field for a malformed event id or timestamp; the log checks the rest.
absl::StatusOr<storage::AppendRequest> ToAppendRequest(const v1::AppendRequest& request,
                                                       const Identity& who);

v1::AppendResponse ToAppendResponse(const storage::AppendResult& result);

// 0 means the default; larger than the maximum means the maximum.
uint32_t PageSize(uint32_t requested);

// The encoded size of a message of `message_bytes` as an element of a
// repeated field: its tag, its length and itself.
size_t FieldBytes(size_t message_bytes);

// The encoded size of a page as its elements are added, against a limit:
// a page holds elements while they fit, and always its first one, so that a
// reader makes progress whatever the size of one event.
class PageBytes {
 public:
  explicit PageBytes(size_t max_bytes = kMaxResponseBytes) : max_bytes_(max_bytes) {}
  // Counts an element of `message_bytes` and returns true when it fits;
  // counts nothing and returns false when it does not.
  bool TryAdd(size_t message_bytes);
  size_t count() const { return count_; }
  size_t bytes() const { return bytes_; }
  size_t remaining() const { return max_bytes_ - std::min(bytes_, max_bytes_); }

 private:
  const size_t max_bytes_;
  size_t count_ = 0;
  size_t bytes_ = 0;
};

// How many events to read from the log at once so that, even when each is of
// the largest size, they hold no more than a response may (or one event).
size_t ChunkEvents(const ReadLimits& limits);

// Adds `stored` to `events` as a v1::Event when it fits `page`; false (and
// nothing added) when it does not.
bool AddEvent(storage::StoredEvent stored, PageBytes* page,
              google::protobuf::RepeatedPtrField<v1::Event>* events);

void ToEvent(storage::StoredEvent stored, v1::Event* event);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_EVENT_LOG_REQUESTS_H_
