// Signed tree heads of a log: the C2SP checkpoint of its first `size` events,
// signed with the log's key. The origin line is the key's name.
#ifndef MINHBACH_STORAGE_LOG_CHECKPOINT_H_
#define MINHBACH_STORAGE_LOG_CHECKPOINT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "storage/checkpoint.h"
#include "storage/event_log.h"
#include "storage/signed_note.h"

namespace minhbach::storage {

// The checkpoint of the first `size` events of `log` (size <= log.Size()).
// Errors as EventLog::RootAt.
absl::StatusOr<Checkpoint> LogCheckpoint(const EventLog& log, const note::Signer& key,
                                         uint64_t size);

// The same, signed as a C2SP signed note with `key`.
absl::StatusOr<std::string> SignedLogCheckpoint(const EventLog& log, const note::Signer& key,
                                                uint64_t size);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_LOG_CHECKPOINT_H_
