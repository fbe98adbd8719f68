// Scrubbing: re-hashing the stored events against the stored Merkle tree
// while the server runs, the way storage systems scrub their disks, so that
// bytes changed or damaged on disk are noticed before an auditor finds them.
//
// CheckTail runs at start, over the newest events: a log whose recent bytes
// no longer match their leaves is not served. LogScrubber then walks the
// whole log in the background at a bounded rate, recomputing every leaf and
// every perfect-subtree node and comparing each with the stored one, and
// reports the first mismatch of a pass (its position and what differs).
#ifndef MINHBACH_STORAGE_LOG_SCRUBBER_H_
#define MINHBACH_STORAGE_LOG_SCRUBBER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/event_log.h"

namespace minhbach::storage {

// Checks the newest `count` events: each is stored at its own position and
// its leaf hash is the stored leaf. DataLoss naming the first position that
// does not match, and what to do; FailedPrecondition for a log without a tree.
absl::Status CheckTail(const EventLog& log, uint64_t count);

struct ScrubMismatch {
  uint64_t position = 0;  // the first position whose stored data does not match
  std::string problem;    // in words an operator can act on
};

class LogScrubber {
 public:
  struct Options {
    // Event bytes re-hashed per second at most.
    uint64_t bytes_per_second = 8 << 20;
    // Rest between two passes over the log.
    absl::Duration rest = absl::Minutes(10);
    // Called on the scrubber's thread at the first mismatch of each pass that
    // finds one.
    std::function<void(const ScrubMismatch&)> on_mismatch;
  };

  // Starts scrubbing `log` (which must outlive the scrubber) on a thread.
  LogScrubber(const EventLog* log, Options options);
  // Stops the thread, within one page of events.
  ~LogScrubber();

  // Positions checked in the current pass; passes completed.
  uint64_t position() const;
  uint64_t passes() const;
  // The mismatch the last pass found, if it found one.
  std::optional<ScrubMismatch> mismatch() const;

 private:
  void Run();
  // One pass from position 0 to the log's size when it began; returns the
  // first mismatch, or nullopt once the pass is complete or stopping.
  std::optional<ScrubMismatch> Pass();
  // Waits until `until` or a stop; false when stopping.
  bool WaitUntil(absl::Time until);

  const EventLog* const log_;
  const Options options_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t passes_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<ScrubMismatch> mismatch_ ABSL_GUARDED_BY(mu_);

  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_LOG_SCRUBBER_H_
