// The tlog-tiles files of a stored log (storage/tlog_tiles.h): what the
// export writes and the web server serves, from one place.
#ifndef MINHBACH_STORAGE_LOG_TILES_H_
#define MINHBACH_STORAGE_LOG_TILES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "storage/event_log.h"
#include "storage/tlog_tiles.h"

namespace minhbach::storage::tiles {

// The hash tile, from the log's stored tree nodes.
absl::StatusOr<std::string> LogTileBytes(const EventLog& log, const TileRef& tile);

// The entry bundle of tile (0, index, width): the raw records. Read event by
// event, so an event longer than kMaxEntryBytes stops the read before more
// are held: FailedPrecondition naming it.
absl::StatusOr<std::string> LogEntryBundle(const EventLog& log, const TileRef& tile);

}  // namespace minhbach::storage::tiles

#endif  // MINHBACH_STORAGE_LOG_TILES_H_
