// Checks an AppendRequest against the log's rules before it reaches the
// sequencer, so that a bad request costs nothing and is named precisely.
#ifndef MINHBACH_STORAGE_APPEND_VALIDATION_H_
#define MINHBACH_STORAGE_APPEND_VALIDATION_H_

#include "absl/status/status.h"
#include "storage/event_log.h"

namespace minhbach::storage {

// Longest stream name, event type, actor and correlation/causation id, in bytes.
inline constexpr size_t kMaxNameBytes = 512;

// OK, or InvalidArgument naming the field (e.g. "events[3].event_id"), or
// ResourceExhausted when the request exceeds one of `options`' limits.
absl::Status ValidateAppendRequest(const AppendRequest& request, const LogOptions& options);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_APPEND_VALIDATION_H_
