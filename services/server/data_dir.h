// The server's data directory: checked before anything is written into it,
// created (mode 0700) only when missing, and put back as it was when a start
// fails before the log holds any event.
#ifndef MINHBACH_SERVICES_SERVER_DATA_DIR_H_
#define MINHBACH_SERVICES_SERVER_DATA_DIR_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace minhbach::services {

// What a start found in the data directory, and what it added. Not thread-safe.
class DataDirClaim {
 public:
  // Checks `path` without changing anything: it must be missing, or a
  // directory holding only minhbach's entries (log, tokens, client-tokens,
  // log.key, log.pub, cosignatures, projections, timeline, their temporary
  // files, lost+found). FailedPrecondition naming the first unknown entries
  // otherwise (the server never turns a directory of other files into a log).
  static absl::StatusOr<DataDirClaim> Inspect(const std::string& path);

  // Creates the directory, mode 0700, when it was missing; a directory that
  // was there keeps its mode. Unavailable when it cannot be created.
  absl::Status Create();

  // Removes what this start added: the whole directory if Create() made it,
  // else every entry that was not there at Inspect(). Call only while the log
  // holds no event (a failed first start). Best effort: returns the first error.
  absl::Status Undo() const;

  // True when the directory held no entry at Inspect().
  bool was_empty() const { return entries_before_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool existed_ = false;
  bool created_ = false;
  std::set<std::string> entries_before_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_DATA_DIR_H_
