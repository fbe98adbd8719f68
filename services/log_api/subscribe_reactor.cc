#include "services/log_api/subscribe_reactor.h"

#include <utility>
#include <vector>

namespace minhbach::services {

SubscribeReactor::SubscribeReactor(grpc::CallbackServerContext* context, ReadBudget* budget,
                                   storage::EventLog* log, uint64_t from_position)
    : EventStreamReactor(context, budget), log_(log), next_position_(from_position) {
  Start();
}

absl::StatusOr<EventStreamReactor::Next> SubscribeReactor::ReadNext(
    size_t max_events, std::vector<storage::StoredEvent>* out) {
  absl::StatusOr<std::vector<storage::StoredEvent>> page =
      log_->ReadAll(next_position_, max_events);
  if (!page.ok()) return page.status();
  if (!page->empty()) {
    next_position_ += page->size();
    *out = *std::move(page);
    return Next::kMore;
  }
  std::optional<uint64_t> watch = log_->WatchSizeAbove(next_position_, [this] { OnLogGrew(); });
  if (!watch.has_value()) return Next::kMore;  // it grew meanwhile: read again
  watch_id_ = *watch;
  return Next::kWait;  // caught up: OnLogGrew continues
}

// Runs on the log's committer thread: only arms the alarm.
void SubscribeReactor::OnLogGrew() {
  absl::MutexLock lock(&mu_);
  watch_id_ = 0;
  WakeLocked();
}

void SubscribeReactor::StopWaiting() {
  uint64_t watch;
  {
    absl::MutexLock lock(&mu_);
    watch = watch_id_;
    watch_id_ = 0;
  }
  if (watch != 0) log_->CancelWatch(watch);  // without mu_: a firing watch may wait for it
}

}  // namespace minhbach::services
