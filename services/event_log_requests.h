// Validation and conversion of EventLog and Audit requests, kept apart from
// the handlers so that every rule is in one place and testable alone.
#ifndef MINHBACH_SERVICES_EVENT_LOG_REQUESTS_H_
#define MINHBACH_SERVICES_EVENT_LOG_REQUESTS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "services/identity.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Largest page any read returns, in events and in raw bytes (at least one
// event is always returned, whatever its size).
inline constexpr uint32_t kDefaultPageSize = 100;
inline constexpr uint32_t kMaxPageSize = 1000;
inline constexpr size_t kMaxPageBytes = 2 << 20;

// The log append for `request` by `who` (the actor). InvalidArgument naming
// the field for a malformed event id or timestamp; the log checks the rest.
absl::StatusOr<storage::AppendRequest> ToAppendRequest(const v1::AppendRequest& request,
                                                       const Identity& who);

v1::AppendResponse ToAppendResponse(const storage::AppendResult& result);

// 0 means the default; larger than the maximum means the maximum.
uint32_t PageSize(uint32_t requested);

// Fills `response` with `events` until kMaxPageBytes; returns how many fit.
size_t FillPage(std::vector<storage::StoredEvent>& events, v1::ReadEventsResponse* response);

void ToEvent(storage::StoredEvent stored, v1::Event* event);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_EVENT_LOG_REQUESTS_H_
