// Waiting for the program projection to catch up with a position (a status
// call's min_position) without holding a gRPC callback thread: one thread
// of its own checks every waiting call a few milliseconds apart.
#ifndef MINHBACH_SERVICES_PROGRAM_API_PROJECTION_WAIT_H_
#define MINHBACH_SERVICES_PROGRAM_API_PROJECTION_WAIT_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/program/projection.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Thread-safe. `projection` and `log` must outlive it.
class ProjectionWaits {
 public:
  // The longest a call waits, whatever its deadline.
  static constexpr absl::Duration kMaxWait = absl::Seconds(10);
  // Calls waiting at once; more are refused with ResourceExhausted.
  static constexpr size_t kMaxWaiting = 10000;

  ProjectionWaits(const program::Projection* projection, const storage::EventLog* log);
  // Ends the calls still waiting with Unavailable.
  ~ProjectionWaits();

  // Calls `then` exactly once: at once, on this thread, with OK when the
  // projection has folded `min_position` events, OutOfRange when
  // `min_position` is beyond the log, ResourceExhausted when too many calls
  // wait; otherwise later, on this object's thread, with OK once it has,
  // DeadlineExceeded shortly before the call's deadline, Unavailable after
  // kMaxWait, Cancelled when the call is cancelled (each error saying how far
  // the projection is). `context` must outlive the call of `then`.
  void WhenReaches(grpc::CallbackServerContext* context, uint64_t min_position,
                   std::function<void(absl::Status)> then);

 private:
  struct Waiter {
    grpc::CallbackServerContext* context;
    uint64_t min_position;
    absl::Time give_up;
    bool give_up_is_deadline;
    std::function<void(absl::Status)> then;
  };

  void Run();
  // The error of a waiter whose time is up.
  absl::Status TooLate(const Waiter& waiter) const;

  const program::Projection* const projection_;
  const storage::EventLog* const log_;
  absl::Mutex mu_;
  std::vector<Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_PROJECTION_WAIT_H_
