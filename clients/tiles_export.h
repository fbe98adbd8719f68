// `minhbach-log export-tiles`: the log as a static C2SP tlog-tiles tree
// (storage/tlog_tiles.h) in a directory any web server or object store can
// serve. Incremental: tiles and entry bundles already there are kept (they
// never change), only new ones are written, and the checkpoint last, so a
// mirror synced at any moment holds every file its checkpoint needs.
#ifndef MINHBACH_CLIENTS_TILES_EXPORT_H_
#define MINHBACH_CLIENTS_TILES_EXPORT_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "storage/event_log.h"
#include "storage/signed_note.h"

namespace minhbach::clients {

struct TilesExportReport {
  uint64_t size = 0;           // the exported checkpoint's tree size
  uint64_t previous_size = 0;  // the directory's checkpoint before, 0 if none
  uint64_t files_written = 0;  // tiles and bundles
  uint64_t files_kept = 0;     // already there
};

// Exports the first `size` events of `log` to `out_dir` (created when
// missing), signed by `key`. Refuses (FailedPrecondition) a directory whose
// checkpoint is another log's, is larger than `size`, or is not a prefix of
// this log (a fork would be published); InvalidArgument naming the event when
// one is longer than a tlog-tiles entry may be. `progress` may be null.
absl::StatusOr<TilesExportReport> ExportTiles(
    const storage::EventLog& log, const storage::note::Signer& key, uint64_t size,
    const std::string& out_dir, const std::function<void(uint64_t done, uint64_t total)>& progress);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TILES_EXPORT_H_
