#include "services/log_api/read_budget.h"

#include "absl/strings/str_cat.h"

namespace minhbach::services {

bool ReadBudget::TryAcquire(size_t bytes) {
  size_t used = in_use_.load(std::memory_order_relaxed);
  do {
    // ForceAcquire may have taken the budget past its limit.
    if (used > limits_.memory_bytes || bytes > limits_.memory_bytes - used) return false;
  } while (!in_use_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
  return true;
}

void ReadBudget::Release(size_t bytes) { in_use_.fetch_sub(bytes, std::memory_order_relaxed); }

absl::Status ReadBudget::Busy(const std::string& resume) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "the server's memory for readers (--read_memory_bytes=", limits_.memory_bytes,
      ") is held by other readers; retry in a few seconds", resume.empty() ? "" : ", ", resume));
}

}  // namespace minhbach::services
