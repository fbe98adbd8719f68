#include "storage/log_search.h"

#include "storage/status_macros.h"

namespace minhbach::storage {

absl::StatusOr<uint64_t> FirstRecordedAfter(const EventLog& log, int64_t micros, uint64_t end) {
  uint64_t low = 0, high = end;
  while (low < high) {
    const uint64_t mid = low + (high - low) / 2;
    ASSIGN_OR_RETURN(StoredEvent event, log.GetEvent(mid));
    if (event.record.recorded_time_micros() <= micros) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

}  // namespace minhbach::storage
