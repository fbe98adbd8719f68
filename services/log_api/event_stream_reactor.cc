#include "services/log_api/event_stream_reactor.h"

#include <grpcpp/server_context.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/log_api/event_log_requests.h"
#include "services/rpc/grpc_status.h"

namespace minhbach::services {
namespace {

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(10);
constexpr absl::Duration kMaxBackoff = absl::Milliseconds(500);
// After a stalled stream's RESOURCE_EXHAUSTED, how long its client may still
// take it (with the message in flight) before the call is cancelled.
constexpr absl::Duration kMinCancelGrace = absl::Seconds(5);

}  // namespace

EventStreamReactor::EventStreamReactor(grpc::CallbackServerContext* context, ReadBudget* budget)
    : context_(context), budget_(budget), budget_backoff_(kFirstBackoff) {}

void EventStreamReactor::Start() {
  absl::MutexLock lock(&mu_);
  ContinueLocked();
}

void EventStreamReactor::ContinueLocked() {
  if (finished_ || writing_) return;
  if (buffer_.empty() && !FillLocked()) return;
  writing_ = true;
  write_started_ = absl::Now();
  if (!stall_armed_) ArmStallLocked(write_started_ + budget_->limits().stall_timeout);
  StartWrite(&buffer_.front().event);
}

bool EventStreamReactor::FillLocked() {
  const ReadLimits& limits = budget_->limits();
  const size_t chunk = ChunkEvents(limits);
  // Each event read may hold its decoded form and, once written, gRPC's
  // serialized copy; one more event for sources that look one ahead.
  const size_t reserved = 2 * (chunk + 1) * limits.max_event_encoded_bytes;
  while (buffer_.empty()) {
    if (source_ended_) {
      FinishLocked(grpc::Status::OK);
      return false;
    }
    if (!budget_->TryAcquire(reserved)) {
      const absl::Time now = absl::Now();
      if (!budget_wait_since_) budget_wait_since_ = now;
      if (now - *budget_wait_since_ >= limits.stall_timeout) {
        FinishLocked(ToGrpcStatus(budget_->Busy(ResumeHintLocked())));
        return false;
      }
      ArmWakeLocked(now + budget_backoff_);
      budget_backoff_ = std::min(2 * budget_backoff_, kMaxBackoff);
      return false;
    }
    budget_wait_since_.reset();
    budget_backoff_ = kFirstBackoff;
    std::vector<storage::StoredEvent> events;
    absl::StatusOr<Next> next = ReadNext(chunk, &events);
    size_t unused = reserved;
    for (storage::StoredEvent& stored : events) {
      Buffered& buffered = buffer_.emplace_back();
      ToEvent(std::move(stored), &buffered.event);
      buffered.held = 2 * FieldBytes(buffered.event.ByteSizeLong());
      const size_t from_reserve = std::min(unused, buffered.held);
      unused -= from_reserve;
      // An event larger than this server's limit (written under an older
      // one) is counted all the same, even past the budget.
      if (buffered.held > from_reserve && !budget_->TryAcquire(buffered.held - from_reserve)) {
        budget_->ForceAcquire(buffered.held - from_reserve);
      }
    }
    budget_->Release(unused);
    if (!next.ok()) {
      FinishLocked(ToGrpcStatus(next.status()));
      return false;
    }
    if (*next == Next::kEnd) source_ended_ = true;
    if (buffer_.empty() && *next == Next::kWait) return false;
  }
  return true;
}

void EventStreamReactor::WakeLocked() {
  if (finished_ || done_) return;
  ArmWakeLocked(absl::Now());
}

void EventStreamReactor::WakeAtLocked(absl::Time when) {
  if (finished_ || done_) return;
  ArmWakeLocked(when);
}

void EventStreamReactor::ArmWakeLocked(absl::Time when) {
  if (wake_armed_) return;
  wake_armed_ = true;
  wake_alarm_.Set(absl::ToChronoTime(when), [this](bool) { OnWakeAlarm(); });
}

void EventStreamReactor::ArmStallLocked(absl::Time when) {
  stall_armed_ = true;
  stall_alarm_.Set(absl::ToChronoTime(when), [this](bool fired) { OnStallAlarm(fired); });
}

void EventStreamReactor::OnWakeAlarm() {
  bool delete_now;
  {
    absl::MutexLock lock(&mu_);
    wake_armed_ = false;
    if (!done_) ContinueLocked();
    delete_now = DeletableLocked();
  }
  if (delete_now) delete this;
}

void EventStreamReactor::OnStallAlarm(bool fired) {
  bool cancel = false;
  {
    absl::MutexLock lock(&mu_);
    stall_armed_ = false;
    const absl::Duration stall = budget_->limits().stall_timeout;
    const absl::Time now = absl::Now();
    if (done_ || !fired) {
      // nothing more to watch
    } else if (stalled_) {
      // The client took neither the message nor the status: free the call.
      cancel = true;
      cancelling_ = true;
    } else if (writing_ && now - write_started_ >= stall) {
      stalled_ = true;
      CallFinishLocked(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("this stream's client took no message for ", absl::FormatDuration(stall),
                       " (--reader_stall_timeout), so the server ended it to free its memory; "
                       "read faster or ",
                       ResumeHintLocked())));
      ArmStallLocked(now + std::max(stall, kMinCancelGrace));
    } else if (writing_) {
      ArmStallLocked(write_started_ + stall);
    }
  }
  // Outside mu_: cancelling may run reactions on this thread.
  if (cancel) context_->TryCancel();
  bool delete_now;
  {
    absl::MutexLock lock(&mu_);
    if (cancel) cancelling_ = false;
    delete_now = DeletableLocked();
  }
  if (delete_now) delete this;
}

void EventStreamReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  writing_ = false;
  if (!buffer_.empty()) {
    budget_->Release(buffer_.front().held);
    buffer_.pop_front();
  }
  if (finish_called_) return;
  if (finish_after_write_.has_value()) return CallFinishLocked(*std::move(finish_after_write_));
  if (!ok) return FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"));
  ContinueLocked();
}

void EventStreamReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream"));
}

void EventStreamReactor::FinishLocked(grpc::Status status) {
  if (finished_) return;
  finished_ = true;
  if (writing_) {
    finish_after_write_ = std::move(status);  // Finish once the write in flight completes
  } else {
    CallFinishLocked(std::move(status));
  }
}

void EventStreamReactor::CallFinishLocked(grpc::Status status) {
  if (finish_called_) return;
  finished_ = true;
  finish_called_ = true;
  finish_after_write_.reset();
  Finish(std::move(status));
}

std::string EventStreamReactor::ResumeHintLocked() const {
  const uint64_t position =
      buffer_.empty() ? NextPosition() : buffer_.front().event.record().position();
  return absl::StrCat("resume with from_position=", position);
}

bool EventStreamReactor::DeletableLocked() const {
  return done_ && !wake_armed_ && !stall_armed_ && !cancelling_;
}

void EventStreamReactor::OnDone() {
  StopWaiting();
  bool delete_now;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    for (const Buffered& buffered : buffer_) budget_->Release(buffered.held);
    buffer_.clear();
    if (wake_armed_) wake_alarm_.Cancel();  // the alarms run once more; the last one deletes
    if (stall_armed_) stall_alarm_.Cancel();
    delete_now = DeletableLocked();
  }
  if (delete_now) delete this;
}

}  // namespace minhbach::services
