// A thread that keeps something derived from the log (a projection, an
// index) up to date: it calls `step` until there is nothing left to fold,
// then waits for the log to grow, until Stop(). A failed step is reported
// and tried again a second later, so a full disk or a damaged batch never
// stops the server, only delays what depends on it.
#ifndef MINHBACH_SERVICES_PROGRAM_LOG_FOLLOWER_H_
#define MINHBACH_SERVICES_PROGRAM_LOG_FOLLOWER_H_

#include <atomic>
#include <functional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_log.h"

namespace minhbach::program {

class LogFollower {
 public:
  struct Hooks {
    // Folds one batch; false when there was nothing to fold.
    std::function<absl::StatusOr<bool>()> step;
    // How many events have been folded.
    std::function<uint64_t()> position;
    // Told of each failed step.
    std::function<void(const absl::Status&)> failed;
  };

  LogFollower(const storage::EventLog* log, Hooks hooks) : log_(log), hooks_(std::move(hooks)) {}
  ~LogFollower() { Stop(); }

  void Start();
  // Returns once the thread has finished its current step.
  void Stop();

 private:
  void Run();

  const storage::EventLog* const log_;
  const Hooks hooks_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_LOG_FOLLOWER_H_
