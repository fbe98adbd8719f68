// Where a reader finds a tiled log: a directory (an export, a synced mirror)
// or an HTTP(S) base URL serving one. Files are read by their tlog-tiles path.
#ifndef MINHBACH_CLIENTS_TILES_SOURCE_H_
#define MINHBACH_CLIENTS_TILES_SOURCE_H_

#include <string>

#include "storage/tlog_tiles.h"

namespace minhbach::clients {

// `source` is "http://host[:port]/prefix", "https://…" or a directory.
// NotFound for a file the source does not have (HTTP 404); Unavailable when
// a server cannot be reached or answers with another error.
storage::tiles::Fetch TilesSource(const std::string& source);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TILES_SOURCE_H_
