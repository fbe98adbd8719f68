// A reader that catches up from a position and then follows the log live.
//
// It never skips or repeats an event: every event is read from the log by
// position, and each call asks only for the position after the last one it
// returned. The switch from catch-up to live is just the moment it reaches
// Size() and starts to wait.
//
// Not thread-safe: one subscription, one consumer. The log must outlive it.
#ifndef MINHBACH_STORAGE_SUBSCRIPTION_H_
#define MINHBACH_STORAGE_SUBSCRIPTION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/event_log.h"

namespace minhbach::storage {

class Subscription {
 public:
  Subscription(const EventLog* log, uint64_t from_position)
      : log_(log), next_position_(from_position) {}

  // Up to `max_events` events from next_position() on. When none is stored
  // yet, waits for one until `deadline` and returns an empty vector if none
  // came. Errors are those of EventLog::ReadAll.
  absl::StatusOr<std::vector<StoredEvent>> Next(size_t max_events, absl::Time deadline);

  // The position of the next event this subscription will return.
  uint64_t next_position() const { return next_position_; }

 private:
  const EventLog* const log_;
  uint64_t next_position_;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_SUBSCRIPTION_H_
