// C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the log's Merkle tree and
// entries as static files any web host can serve and cache.
//
//   tile/<L>/<N>[.p/<W>]        hashes of the tree's nodes at level 8·L,
//                               indices N·256 .. N·256+W-1, 32 bytes each
//   tile/entries/<N>[.p/<W>]    entries N·256 .. N·256+W-1, each prefixed by
//                               its length as a big-endian uint16
//
// <N> is written in groups of three digits, all but the last prefixed by "x"
// (1234067 -> x001/x234/067); a full tile has no ".p/<W>". A tree of `size`
// leaves has, at each level, its full tiles and at most one partial one.
//
// Pure code: no I/O. Tiles are read through a fetch function, so the same
// verification serves a directory, an HTTP mirror and tests.
#ifndef MINHBACH_STORAGE_TLOG_TILES_H_
#define MINHBACH_STORAGE_TLOG_TILES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/merkle.h"

namespace minhbach::storage::tiles {

inline constexpr int kTileHeight = 8;
inline constexpr uint64_t kTileWidth = 256;
// An entry bundle's length prefix is 16 bits.
inline constexpr size_t kMaxEntryBytes = 65535;

// A tile: level 0..63, index, width 1..256 (256: full).
struct TileRef {
  int level = 0;
  uint64_t index = 0;
  uint64_t width = kTileWidth;
};
inline bool operator==(const TileRef& a, const TileRef& b) {
  return a.level == b.level && a.index == b.index && a.width == b.width;
}

// "tile/0/x001/x234/067", "tile/1/000.p/2".
std::string TilePath(const TileRef& tile);
// "tile/entries/000", "tile/entries/002.p/5" (`tile.level` is ignored).
std::string EntriesPath(const TileRef& tile);

// A tile's path read back: `entries` tells a bundle from a hash tile. Strict:
// nullopt for anything TilePath or EntriesPath would not have written
// (levels 0..63, a partial width 1..255, three-digit groups with "x").
struct ParsedTilePath {
  TileRef tile;
  bool entries = false;
};
std::optional<ParsedTilePath> ParseTilePath(absl::string_view path);

// The nodes the tree of `size` leaves holds in tile (level, index): 0 when
// none, 256 for a full tile.
uint64_t AvailableWidth(int level, uint64_t index, uint64_t size);

// Every hash tile of the tree of `size` leaves, level by level, full ones
// first; the entry bundles are the level-0 refs.
std::vector<TileRef> TilesOf(uint64_t size);

// The tile's bytes: node (8·level, index·256 + j) for j < width.
absl::StatusOr<std::string> TileBytes(merkle::NodeReader& nodes, const TileRef& tile);

// Entries with their length prefixes. InvalidArgument naming the entry when
// one is longer than kMaxEntryBytes.
absl::StatusOr<std::string> EncodeEntryBundle(const std::vector<std::string>& entries);
// Exactly `width` entries, nothing after them; DataLoss otherwise.
absl::StatusOr<std::vector<std::string>> DecodeEntryBundle(absl::string_view bytes, uint64_t width);

// Reads a file of the tiled tree by its path ("tile/0/000"); NotFound when it
// is not there.
using Fetch = std::function<absl::StatusOr<std::string>(const std::string& path)>;

// Node reads served from tiles: a node at level 8·L is read from tile L; one
// between is hashed from the tile below it. Fetched tiles are kept. Only for
// nodes of the tree of `size` leaves.
class TileNodeReader : public merkle::NodeReader {
 public:
  TileNodeReader(Fetch fetch, uint64_t size) : fetch_(std::move(fetch)), size_(size) {}
  absl::StatusOr<merkle::Hash> GetNode(int level, uint64_t index) override;

 private:
  absl::StatusOr<const std::string*> Tile(const TileRef& tile);
  Fetch fetch_;
  uint64_t size_;
  std::vector<std::pair<std::string, std::string>> cache_;  // path, bytes (a few tiles)
};

struct RehashReport {
  uint64_t entries = 0;  // entries hashed
  uint64_t tiles = 0;    // hash tiles checked
  merkle::Hash root{};   // the root of the entries (which their level-0 tiles hold)
};

// Re-hashes the whole tiled tree of `size` leaves: every entry bundle against
// its level-0 tile, every tile above against the tiles below it, and the root
// from the leaves as they go by, so that every file is read once (a mirror
// answering a second read differently cannot change what was checked).
// DataLoss naming the first file that disagrees; `progress` (may be null)
// sees entries hashed so far. The caller compares the root with a signed
// checkpoint's.
absl::StatusOr<RehashReport> RehashTiledTree(
    const Fetch& fetch, uint64_t size,
    const std::function<void(uint64_t done, uint64_t total)>& progress = nullptr);

// Gives `visit` every entry of the tree of `size` leaves whose signed root is
// `root`, in position order, each one only once it is proven to be that leaf
// of that tree: first the level-0 tiles alone are hashed to `root` (32 bytes
// a leaf) and each one's digest kept; then each tile is read again (it must
// have the same digest) with its bundle, whose entries must hash to its
// leaves. So a hostile mirror can make this fail, never make `visit` see an
// entry that is not the log's. DataLoss naming the file; `visit`'s error
// stops it. Memory: 32 bytes per 256 entries.
absl::Status ForEachVerifiedEntry(
    const Fetch& fetch, uint64_t size, const merkle::Hash& root,
    const std::function<absl::Status(uint64_t position, std::string entry)>& visit,
    const std::function<void(uint64_t done, uint64_t total)>& progress = nullptr);

}  // namespace minhbach::storage::tiles

#endif  // MINHBACH_STORAGE_TLOG_TILES_H_
