#include "services/program_api/position_waits.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minhbach::services {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(5);
// Answer this long before the client's deadline, so that it gets the reason.
constexpr absl::Duration kDeadlineMargin = absl::Milliseconds(50);

}  // namespace

PositionWaits::PositionWaits(const storage::EventLog* log)
    : log_(log),
      answers_({.threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency())),
                .max_queued = 2 * kMaxWaiting}),
      thread_([this] { Run(); }) {}

PositionWaits::~PositionWaits() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

bool PositionWaits::Queue(const Fold& fold, grpc::CallbackServerContext* context,
                          uint64_t min_position, absl::Duration max_wait, Kind kind,
                          std::function<void(absl::Status)>& then) {
  const absl::Time cap = absl::Now() + max_wait;
  const absl::Time deadline = absl::FromChrono(context->deadline()) - kDeadlineMargin;
  absl::MutexLock lock(&mu_);
  if (waiting_[kind] >= kMaxWaiting || stopping_) return false;
  ++waiting_[kind];
  waiters_.push_back(Waiter{&fold, context, min_position, std::min(cap, deadline), deadline < cap,
                            kind, std::move(then)});
  return true;
}

void PositionWaits::Answer(Waiter& waiter, absl::Status status) {
  // The call counts as waiting until its answer starts, so that kMaxWaiting
  // also bounds the answers queued on the pool, which therefore has room.
  std::function<void()> answer = [this, kind = waiter.kind, then = std::move(waiter.then),
                                  status = std::move(status)] {
    {
      absl::MutexLock lock(&mu_);
      --waiting_[kind];
    }
    then(status);
  };
  if (!answers_.TrySchedule(std::move(answer))) answer();
}

void PositionWaits::WhenReaches(const Fold& fold, grpc::CallbackServerContext* context,
                                uint64_t min_position, std::function<void(absl::Status)> then) {
  if (fold.position() >= min_position) return then(absl::OkStatus());
  const uint64_t log_size = log_->Size();
  if (min_position > log_size) {
    return then(absl::OutOfRangeError(absl::StrCat(
        "min_position ", min_position, " is beyond the log, which holds ", log_size, " events")));
  }
  if (Queue(fold, context, min_position, kMaxWait, kStrict, then)) return;
  then(absl::ResourceExhaustedError(
      absl::StrCat("too many calls are waiting for the server's views to catch up; ask again in a "
                   "moment, or without min_position")));
}

void PositionWaits::WhenCaughtUp(const Fold& fold, grpc::CallbackServerContext* context,
                                 std::function<void(absl::Status)> then) {
  const uint64_t log_size = log_->Size();
  if (fold.position() >= log_size) return then(absl::OkStatus());
  // Too many waiting: answer as far as folded rather than refuse.
  if (!Queue(fold, context, log_size, kCatchUpWait, kCatchingUp, then)) {
    then(absl::OkStatus());
  }
}

absl::Status PositionWaits::TooLate(const Waiter& waiter) const {
  const std::string message = absl::StrCat(
      waiter.fold->folded, " ", waiter.fold->position(), " of the log's ", log_->Size(),
      " events, not yet the ", waiter.min_position, " asked for (min_position); ask again",
      waiter.give_up_is_deadline ? " with a longer deadline" : " in a moment");
  return waiter.give_up_is_deadline ? absl::DeadlineExceededError(message)
                                    : absl::UnavailableError(message);
}

void PositionWaits::Run() {
  for (;;) {
    std::vector<Waiter> waiting;
    bool stopping;
    {
      absl::MutexLock lock(&mu_);
      const auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !waiters_.empty();
      };
      mu_.Await(absl::Condition(&has_work));
      waiting.swap(waiters_);
      stopping = stopping_;
    }
    std::vector<Waiter> still;
    const absl::Time now = absl::Now();
    for (Waiter& waiter : waiting) {
      if (waiter.fold->position() >= waiter.min_position) {
        Answer(waiter, absl::OkStatus());
      } else if (stopping) {
        Answer(waiter, absl::UnavailableError("the server is stopping; ask again once it is back"));
      } else if (waiter.context->IsCancelled()) {
        Answer(waiter, absl::CancelledError("the call was cancelled"));
      } else if (now >= waiter.give_up) {
        Answer(waiter, waiter.kind == kStrict ? TooLate(waiter) : absl::OkStatus());
      } else {
        still.push_back(std::move(waiter));
      }
    }
    if (stopping) return;
    absl::SleepFor(kPollInterval);
    absl::MutexLock lock(&mu_);
    for (Waiter& waiter : still) waiters_.push_back(std::move(waiter));
  }
}

}  // namespace minhbach::services
