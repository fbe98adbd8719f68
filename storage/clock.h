// The time source of the log, injected so that ordering and time are testable.
#ifndef MINHBACH_STORAGE_CLOCK_H_
#define MINHBACH_STORAGE_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace minhbach::storage {

// Thread-safe: Now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;

  // The system clock. Never deleted; outlives every log.
  static Clock* Real();
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_CLOCK_H_
