#include "services/subscribe_reactor.h"

#include <utility>
#include <vector>

#include "services/event_log_requests.h"
#include "services/grpc_status.h"

namespace minhbach::services {
namespace {

// Events buffered per page: small, so a subscriber holds little memory.
constexpr size_t kBufferedEvents = 16;

}  // namespace

SubscribeReactor::SubscribeReactor(storage::EventLog* log, uint64_t from_position)
    : log_(log), next_position_(from_position) {
  absl::MutexLock lock(&mu_);
  ContinueLocked();
}

void SubscribeReactor::ContinueLocked() {
  if (finished_ || writing_) return;
  while (buffer_.empty()) {
    absl::StatusOr<std::vector<storage::StoredEvent>> page =
        log_->ReadAll(next_position_, kBufferedEvents);
    if (!page.ok()) return FinishLocked(ToGrpcStatus(page.status()));
    for (storage::StoredEvent& stored : *page) ToEvent(std::move(stored), &buffer_.emplace_back());
    if (!buffer_.empty()) break;
    std::optional<uint64_t> watch = log_->WatchSizeAbove(next_position_, [this] { OnLogGrew(); });
    if (!watch.has_value()) continue;  // it grew meanwhile: read again
    watch_id_ = *watch;
    return;  // caught up: OnLogGrew continues
  }
  writing_ = true;
  StartWrite(&buffer_.front());
}

// Runs on the log's committer thread: only arms the alarm.
void SubscribeReactor::OnLogGrew() {
  absl::MutexLock lock(&mu_);
  watch_id_ = 0;
  if (finished_ || alarm_armed_) return;
  alarm_armed_ = true;
  alarm_.Set(gpr_now(GPR_CLOCK_MONOTONIC), [this](bool) { OnAlarm(); });
}

void SubscribeReactor::OnAlarm() {
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    alarm_armed_ = false;
    if (done_) {
      delete_now = true;
    } else {
      ContinueLocked();
    }
  }
  if (delete_now) delete this;
}

void SubscribeReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  writing_ = false;
  if (finish_after_write_.has_value()) {
    Finish(*finish_after_write_);
    return;
  }
  if (!ok) return FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"));
  buffer_.pop_front();
  ++next_position_;
  ContinueLocked();
}

void SubscribeReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "subscription cancelled"));
}

void SubscribeReactor::FinishLocked(grpc::Status status) {
  if (finished_) return;
  finished_ = true;
  if (writing_) {
    finish_after_write_ = std::move(status);  // Finish once the write in flight completes
  } else {
    Finish(std::move(status));
  }
}

void SubscribeReactor::OnDone() {
  uint64_t watch;
  {
    absl::MutexLock lock(&mu_);
    watch = watch_id_;
    watch_id_ = 0;
  }
  if (watch != 0) log_->CancelWatch(watch);  // without mu_: a firing watch may wait for it
  bool delete_now;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    if (alarm_armed_) alarm_.Cancel();  // OnAlarm runs once more and deletes
    delete_now = !alarm_armed_;
  }
  if (delete_now) delete this;
}

}  // namespace minhbach::services
