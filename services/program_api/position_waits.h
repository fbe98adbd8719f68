// Waiting, without holding a gRPC callback thread, for something folded from
// the log (the program projection, the timeline index) to reach a position:
// one thread of its own checks every waiting call a few milliseconds apart,
// and a small pool answers the calls whose wait is over, side by side.
//
// Two ways to wait:
//  - WhenReaches: a position the caller names (a status call's
//    min_position), strictly: the call fails if it is not reached in time.
//  - WhenCaughtUp: the log's size when the call came, briefly: the answer
//    then holds every event acknowledged before it was asked (read your own
//    writes, from any client), and a fold that lags more than kCatchUpWait
//    answers as far as it is (each answer says how far).
#ifndef MINHBACH_SERVICES_PROGRAM_API_POSITION_WAITS_H_
#define MINHBACH_SERVICES_PROGRAM_API_POSITION_WAITS_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/program_api/task_pool.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Thread-safe. One serves every fold of a log (one thread per log, however
// many services wait). `log` must outlive it, and each Fold the calls that
// wait on it.
class PositionWaits {
 public:
  // The longest WhenReaches waits, whatever the call's deadline.
  static constexpr absl::Duration kMaxWait = absl::Seconds(10);
  // The longest WhenCaughtUp waits.
  static constexpr absl::Duration kCatchUpWait = absl::Seconds(2);
  // Calls waiting at once, for each way of waiting (so that a flood of one
  // never refuses the other); more are refused (WhenReaches) or answered at
  // once (WhenCaughtUp).
  static constexpr size_t kMaxWaiting = 10000;

  // What a call waits for.
  struct Fold {
    std::function<uint64_t()> position;  // how many events of the log are folded
    std::string folded;  // the words of an error before that number ("the projections have folded")
  };

  explicit PositionWaits(const storage::EventLog* log);
  // Ends the calls still waiting with Unavailable.
  ~PositionWaits();

  // Calls `then` exactly once: at once, on this thread, with OK when
  // `min_position` events are folded, OutOfRange when `min_position` is
  // beyond the log, ResourceExhausted when too many calls wait; otherwise
  // later, on one of this object's threads, with OK once they are, DeadlineExceeded
  // shortly before the call's deadline, Unavailable after kMaxWait,
  // Cancelled when the call is cancelled (each error saying how far the fold
  // is). `context` must outlive the call of `then`.
  void WhenReaches(const Fold& fold, grpc::CallbackServerContext* context, uint64_t min_position,
                   std::function<void(absl::Status)> then);

  // Calls `then` exactly once, with OK once the log's present size is folded
  // or, failing that, after kCatchUpWait or shortly before the call's
  // deadline; with Cancelled when the call is cancelled, Unavailable when
  // the server stops.
  void WhenCaughtUp(const Fold& fold, grpc::CallbackServerContext* context,
                    std::function<void(absl::Status)> then);

  // What a read with an optional min_position (0: none) waits for:
  // WhenReaches it when given, WhenCaughtUp otherwise.
  void BeforeReading(const Fold& fold, grpc::CallbackServerContext* context, uint64_t min_position,
                     std::function<void(absl::Status)> then) {
    if (min_position == 0) return WhenCaughtUp(fold, context, std::move(then));
    WhenReaches(fold, context, min_position, std::move(then));
  }

 private:
  enum Kind { kCatchingUp = 0, kStrict = 1 };
  struct Waiter {
    const Fold* fold;
    grpc::CallbackServerContext* context;
    uint64_t min_position;
    absl::Time give_up;
    bool give_up_is_deadline;
    Kind kind;  // kStrict (WhenReaches): giving up is an error
    std::function<void(absl::Status)> then;
  };

  // Queues the waiter; false when too many of its kind wait or the server
  // stops.
  bool Queue(const Fold& fold, grpc::CallbackServerContext* context, uint64_t min_position,
             absl::Duration max_wait, Kind kind, std::function<void(absl::Status)>& then);
  void Run();
  // Hands the waiter's `then` to the pool (runs it here if the pool is full).
  void Answer(Waiter& waiter, absl::Status status);
  // The error of a strict waiter whose time is up.
  absl::Status TooLate(const Waiter& waiter) const;

  const storage::EventLog* const log_;
  absl::Mutex mu_;
  std::vector<Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  // Waiting calls of each kind: in waiters_, being checked by Run, or with
  // their answer queued on the pool.
  size_t waiting_[2] ABSL_GUARDED_BY(mu_) = {0, 0};
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  TaskPool answers_;  // before thread_, which uses it
  std::thread thread_;
};

// One fold's waits, on its log's shared PositionWaits (which must outlive it).
class FoldWaits {
 public:
  FoldWaits(PositionWaits* waits, std::function<uint64_t()> position, std::string folded)
      : waits_(waits), fold_{std::move(position), std::move(folded)} {}

  void WhenCaughtUp(grpc::CallbackServerContext* context, std::function<void(absl::Status)> then) {
    waits_->WhenCaughtUp(fold_, context, std::move(then));
  }
  void BeforeReading(grpc::CallbackServerContext* context, uint64_t min_position,
                     std::function<void(absl::Status)> then) {
    waits_->BeforeReading(fold_, context, min_position, std::move(then));
  }

 private:
  PositionWaits* const waits_;
  const PositionWaits::Fold fold_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_POSITION_WAITS_H_
