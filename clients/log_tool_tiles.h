// minhbach-log's tlog-tiles commands: export-tiles (a log directory to a
// static tree) and verify-tiles (a static tree, from a directory or a web
// mirror, checked with nothing but the log's public key).
#ifndef MINHBACH_CLIENTS_LOG_TOOL_TILES_H_
#define MINHBACH_CLIENTS_LOG_TOOL_TILES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::clients {

// The whole file at `path` (named `what` in errors: "--log_key"), for the
// tool's commands; InvalidArgument when no path is given, NotFound when it
// cannot be read.
absl::StatusOr<std::string> ReadToolFile(const std::string& path, absl::string_view what);

// Exports the log in `log_dir` (opened read-only: a running server may keep
// appending) as it is now, signed with the key in `key_file`. Exit status 0.
absl::StatusOr<int> ExportTilesCommand(const std::string& log_dir, const std::string& out_dir,
                                       const std::string& key_file);

// With neither `older_checkpoint_file` nor `position`: re-hashes the whole
// tree against its signed checkpoint. With them, what a light client checks:
// the head extends the older one (a consistency proof from the tiles), the
// event at `position` is included (an inclusion proof from the tiles).
// Exit status 0 when everything verified, 1 when something did not.
absl::StatusOr<int> VerifyTilesCommand(const std::string& source, const std::string& log_key_file,
                                       const std::string& older_checkpoint_file,
                                       std::optional<uint64_t> position);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_LOG_TOOL_TILES_H_
