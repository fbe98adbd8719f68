// Finding a position in a log by recorded time. Recorded times never
// decrease with position (event_log.h), so a binary search finds it with
// O(log n) reads.
#ifndef MINHBACH_STORAGE_LOG_SEARCH_H_
#define MINHBACH_STORAGE_LOG_SEARCH_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "storage/event_log.h"

namespace minhbach::storage {

// The first position below `end` whose event was recorded after `micros`
// (microseconds since the Unix epoch); `end` when there is none. Errors as
// EventLog::GetEvent.
absl::StatusOr<uint64_t> FirstRecordedAfter(const EventLog& log, int64_t micros, uint64_t end);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_LOG_SEARCH_H_
