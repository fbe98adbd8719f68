#include "clients/tiles_export.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "clients/file_write.h"
#include "storage/checkpoint.h"
#include "storage/log_checkpoint.h"
#include "storage/log_tiles.h"
#include "storage/status_macros.h"
#include "storage/tlog_tiles.h"

namespace minhbach::clients {
namespace {

namespace fs = std::filesystem;
using storage::tiles::TileRef;

absl::Status WriteNew(const fs::path& path, absl::string_view bytes) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", path.parent_path().string(), ": ", error.message()));
  }
  return WriteFileAtomically(path.string(), bytes);
}

// The directory's checkpoint, when there is one: it must be this log's, no
// larger than `size`, and a prefix of it.
absl::StatusOr<uint64_t> CheckPrevious(const storage::EventLog& log,
                                       const storage::note::Signer& key, uint64_t size,
                                       const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return 0;
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path.string()));
  ASSIGN_OR_RETURN(storage::note::Verifier verifier,
                   storage::note::Verifier::Parse(storage::VerifierKeyText(key)));
  absl::StatusOr<storage::Checkpoint> previous = storage::OpenCheckpoint(text.str(), verifier);
  if (!previous.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        path.string(), " is not a checkpoint of this log signed with this key (",
        previous.status().message(), "); export to an empty directory or to this log's own"));
  }
  if (previous->size > size) {
    return absl::FailedPreconditionError(
        absl::StrCat(path.string(), " is for ", previous->size, " events, more than the ", size,
                     " exported now: is this the log the mirror was made from?"));
  }
  ASSIGN_OR_RETURN(storage::merkle::Hash root, log.RootAt(previous->size));
  if (root != previous->root) {
    return absl::FailedPreconditionError(
        absl::StrCat("the log's first ", previous->size, " events do not give the root of ",
                     path.string(), ": the mirror holds another history; nothing was written"));
  }
  return previous->size;
}

}  // namespace

absl::StatusOr<TilesExportReport> ExportTiles(
    const storage::EventLog& log, const storage::note::Signer& key, uint64_t size,
    const std::string& out_dir,
    const std::function<void(uint64_t done, uint64_t total)>& progress) {
  const fs::path root(out_dir);
  TilesExportReport report;
  report.size = size;
  ASSIGN_OR_RETURN(report.previous_size, CheckPrevious(log, key, size, root / "checkpoint"));
  ASSIGN_OR_RETURN(std::string checkpoint, storage::SignedLogCheckpoint(log, key, size));

  std::error_code error;
  for (const TileRef& tile : storage::tiles::TilesOf(size)) {
    // A bundle before its tile, so a refused event leaves nothing of its own.
    if (tile.level == 0) {
      const fs::path bundle_path = root / storage::tiles::EntriesPath(tile);
      if (fs::exists(bundle_path, error)) {
        ++report.files_kept;
      } else {
        absl::StatusOr<std::string> bundle = storage::tiles::LogEntryBundle(log, tile);
        if (absl::IsFailedPrecondition(bundle.status())) {
          return absl::InvalidArgumentError(
              absl::StrCat(bundle.status().message(), "; nothing from position ",
                           tile.index * storage::tiles::kTileWidth, " on was exported"));
        }
        RETURN_IF_ERROR(bundle.status());
        RETURN_IF_ERROR(WriteNew(bundle_path, *bundle));
        ++report.files_written;
      }
    }
    const fs::path tile_path = root / storage::tiles::TilePath(tile);
    if (fs::exists(tile_path, error)) {
      ++report.files_kept;
    } else {
      ASSIGN_OR_RETURN(std::string bytes, storage::tiles::LogTileBytes(log, tile));
      RETURN_IF_ERROR(WriteNew(tile_path, bytes));
      ++report.files_written;
    }
    if (progress && tile.level == 0) {
      progress(tile.index * storage::tiles::kTileWidth + tile.width, size);
    }
  }
  // Last: a mirror never shows a checkpoint before the files it needs.
  RETURN_IF_ERROR(WriteNew(root / "checkpoint", checkpoint));
  return report;
}

}  // namespace minhbach::clients
