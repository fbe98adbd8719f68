// The server-wide budget of memory for readers: every response being built,
// every event a stream holds and every message gRPC has not yet sent is
// counted against it, so that hostile or stalled readers together never hold
// more than ReadLimits::memory_bytes.
#ifndef MINHBACH_SERVICES_LOG_API_READ_BUDGET_H_
#define MINHBACH_SERVICES_LOG_API_READ_BUDGET_H_

#include <atomic>
#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "services/log_api/read_limits.h"

namespace minhbach::services {

// Thread-safe.
class ReadBudget {
 public:
  explicit ReadBudget(const ReadLimits& limits) : limits_(limits) {}
  ReadBudget(const ReadBudget&) = delete;
  ReadBudget& operator=(const ReadBudget&) = delete;

  // Takes `bytes` when that many are free; takes nothing and returns false otherwise.
  [[nodiscard]] bool TryAcquire(size_t bytes);
  // Takes `bytes` even past the limit (what is already in memory is counted).
  void ForceAcquire(size_t bytes) { in_use_.fetch_add(bytes, std::memory_order_relaxed); }
  // Gives back bytes taken before.
  void Release(size_t bytes);

  // The RESOURCE_EXHAUSTED a reader gets when the budget has no room.
  absl::Status Busy(const std::string& resume) const;

  const ReadLimits& limits() const { return limits_; }
  size_t in_use() const { return in_use_.load(std::memory_order_relaxed); }

 private:
  const ReadLimits limits_;
  std::atomic<size_t> in_use_{0};
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_READ_BUDGET_H_
