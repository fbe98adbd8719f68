#include "services/web/tiles_http.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/rpc/log_line.h"
#include "storage/log_checkpoint.h"
#include "storage/log_tiles.h"

namespace minhbach::services::web {
namespace {

namespace tiles = ::minhbach::storage::tiles;

constexpr char kImmutable[] = "public, max-age=31536000, immutable";

void Reply(httplib::Response& response, int status, const std::string& text) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(text + "\n", "text/plain; charset=utf-8");
}

}  // namespace

absl::StatusOr<std::string> TilesHttp::Checkpoint() {
  const uint64_t size = log_->Size();
  absl::MutexLock lock(&mutex_);
  if (size != signed_size_) {
    absl::StatusOr<std::string> text = storage::SignedLogCheckpoint(*log_, *key_, size);
    if (!text.ok()) return text.status();
    signed_size_ = size;
    signed_text_ = *std::move(text);
  }
  return signed_text_;
}

void TilesHttp::Serve(const httplib::Request& request, httplib::Response& response) {
  absl::string_view path = request.path;
  if (!absl::ConsumePrefix(&path, kTilesPrefix)) return Reply(response, 404, "not found");
  response.set_header("Access-Control-Allow-Origin", "*");
  if (path == "checkpoint") {
    absl::StatusOr<std::string> text = Checkpoint();
    if (!text.ok()) {
      LogLine("error", "tiles: cannot sign the checkpoint",
              {{"error", std::string(text.status().message())}});
      return Reply(response, 500, "the server cannot sign its checkpoint now; try again");
    }
    response.set_header("Cache-Control", "no-cache");
    response.set_content(*text, "text/plain; charset=utf-8");
    return;
  }
  std::optional<tiles::ParsedTilePath> parsed = tiles::ParseTilePath(path);
  if (!parsed) {
    return Reply(response, 404,
                 absl::StrCat("no such file: /tiles/", path,
                              " (tlog-tiles paths: checkpoint, tile/<L>/<N>[.p/<W>], "
                              "tile/entries/<N>[.p/<W>])"));
  }
  const tiles::TileRef tile = parsed->tile;
  const uint64_t size = log_->Size();
  const uint64_t available = tiles::AvailableWidth(tile.level, tile.index, size);
  if (available < tile.width || (parsed->entries && tile.level != 0)) {
    return Reply(response, 404,
                 absl::StrCat("/tiles/", path, " is beyond the log's ", size, " events"));
  }
  absl::StatusOr<std::string> bytes =
      parsed->entries ? tiles::LogEntryBundle(*log_, tile) : tiles::LogTileBytes(*log_, tile);
  if (absl::IsFailedPrecondition(bytes.status())) {
    return Reply(response, 422, std::string(bytes.status().message()));
  }
  if (!bytes.ok()) {
    LogLine("error", "tiles: cannot read a tile",
            {{"path", std::string(path)}, {"error", std::string(bytes.status().message())}});
    return Reply(response, 500, "the server cannot read this tile now; try again");
  }
  response.set_header("Cache-Control", kImmutable);
  response.set_content(*std::move(bytes), "application/octet-stream");
}

}  // namespace minhbach::services::web
