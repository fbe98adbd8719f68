#include "storage/log_tiles.h"

#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

namespace minhbach::storage::tiles {
namespace {

class LogNodes : public merkle::NodeReader {
 public:
  explicit LogNodes(const EventLog& log) : log_(log) {}
  absl::StatusOr<merkle::Hash> GetNode(int level, uint64_t index) override {
    return log_.TreeNode(level, index);
  }

 private:
  const EventLog& log_;
};

}  // namespace

absl::StatusOr<std::string> LogTileBytes(const EventLog& log, const TileRef& tile) {
  LogNodes nodes(log);
  return TileBytes(nodes, tile);
}

absl::StatusOr<std::string> LogEntryBundle(const EventLog& log, const TileRef& tile) {
  std::string bundle;
  const uint64_t first = tile.index * kTileWidth;
  for (uint64_t position = first; position < first + tile.width; ++position) {
    ASSIGN_OR_RETURN(StoredEvent event, log.GetEvent(position));
    if (event.raw.size() > kMaxEntryBytes) {
      return absl::FailedPreconditionError(absl::StrCat(
          "event ", position, " is ", event.raw.size(), " bytes; a tlog-tiles entry holds at most ",
          kMaxEntryBytes, " (see the README, \"A read path any web host can serve\")"));
    }
    ASSIGN_OR_RETURN(std::string entry, EncodeEntryBundle({event.raw}));
    bundle += entry;
  }
  return bundle;
}

}  // namespace minhbach::storage::tiles
