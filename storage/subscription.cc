#include "storage/subscription.h"

#include "storage/status_macros.h"

namespace minhbach::storage {

absl::StatusOr<std::vector<StoredEvent>> Subscription::Next(size_t max_events,
                                                            absl::Time deadline) {
  if (log_->Size() <= next_position_ &&
      log_->WaitForSizeAbove(next_position_, deadline) <= next_position_) {
    return std::vector<StoredEvent>();
  }
  ASSIGN_OR_RETURN(std::vector<StoredEvent> events, log_->ReadAll(next_position_, max_events));
  next_position_ += events.size();
  return events;
}

}  // namespace minhbach::storage
