#include "storage/process_settings.h"

#include <malloc.h>

#include "absl/synchronization/mutex.h"

namespace minhbach::storage {

void UseServerProcessSettings() {
  mallopt(M_MMAP_THRESHOLD, 256 << 10);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace minhbach::storage
