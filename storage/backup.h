// Online backup and restore of a log directory.
//
// A backup is a RocksDB checkpoint of the live log: a consistent copy (hard
// links where the filesystem allows) of every column family, taken while
// appends go on, and itself a log directory that minhbach can open and
// verify. Restoring copies a backup into a new directory, never over a live
// or existing one.
#ifndef MINHBACH_STORAGE_BACKUP_H_
#define MINHBACH_STORAGE_BACKUP_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "storage/event_log.h"

namespace minhbach::storage {

struct BackupInfo {
  std::string path;
  uint64_t events = 0;  // the backup holds positions [0, events)
  merkle::Hash root{};  // tree root of those events
};

// Writes a consistent backup of `log` to `destination`, which must not
// exist yet. Appends continue meanwhile; the backup holds every event
// acknowledged before the call and perhaps some after. Errors:
// FailedPrecondition (destination exists), Unavailable or ResourceExhausted
// (I/O, full disk); a failed backup leaves no half-written destination.
absl::StatusOr<BackupInfo> BackupLog(const EventLog& log, const std::string& destination);

// OK when `path` is neither `dir` nor inside it, both compared after symlinks
// and "." / ".." are resolved (as far as `path` exists). FailedPrecondition
// naming `what` (e.g. "the server's data directory") otherwise: a backup
// inside the live directory is lost with it and can be served or deleted with it.
absl::Status CheckOutsideOf(const std::string& path, const std::string& dir,
                            absl::string_view what);

// Copies the backup at `backup` to `target` and verifies the copy offline.
// Refuses (FailedPrecondition, touching nothing) when `target` exists and is
// not an empty directory: stop the server and move the old directory aside
// first. DataLoss when the backup does not verify (the copy is removed).
absl::StatusOr<BackupInfo> RestoreBackup(const std::string& backup, const std::string& target);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_BACKUP_H_
