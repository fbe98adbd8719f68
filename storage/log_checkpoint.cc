#include "storage/log_checkpoint.h"

#include "storage/status_macros.h"

namespace minhbach::storage {

absl::StatusOr<Checkpoint> LogCheckpoint(const EventLog& log, const note::Signer& key,
                                         uint64_t size) {
  Checkpoint checkpoint;
  checkpoint.origin = key.name();
  checkpoint.size = size;
  ASSIGN_OR_RETURN(checkpoint.root, log.RootAt(size));
  return checkpoint;
}

absl::StatusOr<std::string> SignedLogCheckpoint(const EventLog& log, const note::Signer& key,
                                                uint64_t size) {
  ASSIGN_OR_RETURN(Checkpoint checkpoint, LogCheckpoint(log, key, size));
  return SignCheckpoint(checkpoint, key);
}

}  // namespace minhbach::storage
