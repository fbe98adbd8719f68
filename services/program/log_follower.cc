#include "services/program/log_follower.h"

#include "absl/time/clock.h"

namespace minhbach::program {
namespace {

// How long to wait for the log to grow before checking Stop() again.
constexpr absl::Duration kPollWait = absl::Milliseconds(200);
constexpr absl::Duration kRetryWait = absl::Seconds(1);

}  // namespace

void LogFollower::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void LogFollower::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void LogFollower::Run() {
  while (!stopping_) {
    absl::StatusOr<bool> folded = hooks_.step();
    if (!folded.ok()) {
      hooks_.failed(folded.status());
      absl::SleepFor(kRetryWait);
    } else if (!*folded) {
      log_->WaitForSizeAbove(hooks_.position(), absl::Now() + kPollWait);
    }
  }
}

}  // namespace minhbach::program
