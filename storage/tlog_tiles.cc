#include "storage/tlog_tiles.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "storage/status_macros.h"

namespace minhbach::storage::tiles {
namespace {

constexpr size_t kHashSize = sizeof(merkle::Hash);

// 1234067 -> "x001/x234/067".
std::string IndexPath(uint64_t index) {
  std::string path = absl::StrFormat("%03d", index % 1000);
  for (index /= 1000; index > 0; index /= 1000) {
    path = absl::StrCat(absl::StrFormat("x%03d", index % 1000), "/", path);
  }
  return path;
}

std::string WidthSuffix(uint64_t width) {
  return width == kTileWidth ? "" : absl::StrCat(".p/", width);
}

// Nodes at level 8·level of the tree of `size` leaves.
uint64_t NodesAt(int level, uint64_t size) {
  return level * kTileHeight >= 64 ? 0 : size >> (level * kTileHeight);
}

// "067" -> 67: three digits, nothing else.
std::optional<uint64_t> ThreeDigits(absl::string_view s) {
  if (s.size() != 3 || !absl::ascii_isdigit(s[0]) || !absl::ascii_isdigit(s[1]) ||
      !absl::ascii_isdigit(s[2])) {
    return std::nullopt;
  }
  return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

// A decimal without sign or leading zero, at most `max`.
std::optional<uint64_t> Decimal(absl::string_view s, uint64_t max) {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t n = 0;
  for (char c : s) {
    if (!absl::ascii_isdigit(c)) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n <= max ? std::optional<uint64_t>(n) : std::nullopt;
}

merkle::Hash HashAt(absl::string_view tile, uint64_t j) {
  merkle::Hash h;
  std::copy_n(tile.data() + j * kHashSize, kHashSize, h.begin());
  return h;
}

// The root of a full tile's 256 nodes: the node 8 levels above them.
merkle::Hash FullTileRoot(absl::string_view tile) {
  std::vector<merkle::Hash> row(kTileWidth);
  for (uint64_t j = 0; j < kTileWidth; ++j) row[j] = HashAt(tile, j);
  for (size_t n = kTileWidth; n > 1; n /= 2) {
    for (size_t i = 0; i < n / 2; ++i) row[i] = merkle::HashChildren(row[2 * i], row[2 * i + 1]);
  }
  return row[0];
}

absl::StatusOr<std::string> FetchSized(const Fetch& fetch, const std::string& path,
                                       uint64_t width) {
  ASSIGN_OR_RETURN(std::string bytes, fetch(path));
  if (bytes.size() != width * kHashSize) {
    return absl::DataLossError(absl::StrCat(path, " holds ", bytes.size(), " bytes, not ",
                                            width * kHashSize, " (", width, " hashes)"));
  }
  return bytes;
}

}  // namespace

uint64_t AvailableWidth(int level, uint64_t index, uint64_t size) {
  const uint64_t nodes = NodesAt(level, size);
  if (index < nodes / kTileWidth) return kTileWidth;
  if (index == nodes / kTileWidth) return nodes % kTileWidth;
  return 0;
}

std::optional<ParsedTilePath> ParseTilePath(absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  if (parts.size() < 3 || parts[0] != "tile") return std::nullopt;
  ParsedTilePath parsed;
  if (parts[1] == "entries") {
    parsed.entries = true;
  } else {
    std::optional<uint64_t> level = Decimal(parts[1], 63);
    if (!level) return std::nullopt;
    parsed.tile.level = static_cast<int>(*level);
  }
  // The index's groups, then ".p" and the width when partial.
  std::vector<absl::string_view> groups(parts.begin() + 2, parts.end());
  if (groups.size() >= 2 && absl::EndsWith(groups[groups.size() - 2], ".p")) {
    std::optional<uint64_t> width = Decimal(groups.back(), kTileWidth - 1);
    if (!width || *width == 0) return std::nullopt;
    parsed.tile.width = *width;
    groups.pop_back();
    groups.back().remove_suffix(2);
  }
  if (groups.empty() || groups.size() > 7) return std::nullopt;  // 7 groups hold any uint64
  uint64_t index = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    absl::string_view group = groups[i];
    const bool last = i + 1 == groups.size();
    if (!last && !absl::ConsumePrefix(&group, "x")) return std::nullopt;
    std::optional<uint64_t> digits = ThreeDigits(group);
    if (!digits) return std::nullopt;
    if (index > (UINT64_MAX - *digits) / 1000) return std::nullopt;
    index = index * 1000 + *digits;
  }
  // Canonical only: no leading "x000" group.
  if (groups.size() > 1 && groups[0] == "x000") return std::nullopt;
  parsed.tile.index = index;
  return parsed;
}

std::string TilePath(const TileRef& tile) {
  return absl::StrCat("tile/", tile.level, "/", IndexPath(tile.index), WidthSuffix(tile.width));
}

std::string EntriesPath(const TileRef& tile) {
  return absl::StrCat("tile/entries/", IndexPath(tile.index), WidthSuffix(tile.width));
}

std::vector<TileRef> TilesOf(uint64_t size) {
  std::vector<TileRef> tiles;
  for (int level = 0; NodesAt(level, size) > 0; ++level) {
    const uint64_t nodes = NodesAt(level, size);
    for (uint64_t index = 0; index < nodes / kTileWidth; ++index) {
      tiles.push_back({level, index, kTileWidth});
    }
    if (nodes % kTileWidth != 0) tiles.push_back({level, nodes / kTileWidth, nodes % kTileWidth});
  }
  return tiles;
}

absl::StatusOr<std::string> TileBytes(merkle::NodeReader& nodes, const TileRef& tile) {
  std::string bytes;
  bytes.reserve(tile.width * kHashSize);
  for (uint64_t j = 0; j < tile.width; ++j) {
    ASSIGN_OR_RETURN(merkle::Hash h,
                     nodes.GetNode(tile.level * kTileHeight, tile.index * kTileWidth + j));
    bytes.append(reinterpret_cast<const char*>(h.data()), h.size());
  }
  return bytes;
}

absl::StatusOr<std::string> EncodeEntryBundle(const std::vector<std::string>& entries) {
  std::string bytes;
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string& entry = entries[i];
    if (entry.size() > kMaxEntryBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry ", i, " of the bundle is ", entry.size(),
                       " bytes; a tlog-tiles entry holds at most ", kMaxEntryBytes));
    }
    bytes.push_back(static_cast<char>(entry.size() >> 8));
    bytes.push_back(static_cast<char>(entry.size() & 0xff));
    bytes.append(entry);
  }
  return bytes;
}

absl::StatusOr<std::vector<std::string>> DecodeEntryBundle(absl::string_view bytes,
                                                           uint64_t width) {
  std::vector<std::string> entries;
  while (!bytes.empty()) {
    if (entries.size() == width) {
      return absl::DataLossError(
          absl::StrCat("the bundle holds more than its ", width, " entries"));
    }
    if (bytes.size() < 2) return absl::DataLossError("the bundle ends inside a length prefix");
    const size_t length = (static_cast<uint8_t>(bytes[0]) << 8) | static_cast<uint8_t>(bytes[1]);
    bytes.remove_prefix(2);
    if (bytes.size() < length) {
      return absl::DataLossError(absl::StrCat("entry ", entries.size(), " says ", length,
                                              " bytes; the bundle ends after ", bytes.size()));
    }
    entries.emplace_back(bytes.substr(0, length));
    bytes.remove_prefix(length);
  }
  if (entries.size() != width) {
    return absl::DataLossError(
        absl::StrCat("the bundle holds ", entries.size(), " entries, not ", width));
  }
  return entries;
}

absl::StatusOr<const std::string*> TileNodeReader::Tile(const TileRef& tile) {
  const std::string path = TilePath(tile);
  for (const auto& [cached_path, bytes] : cache_) {
    if (cached_path == path) return &bytes;
  }
  ASSIGN_OR_RETURN(std::string bytes, FetchSized(fetch_, path, tile.width));
  if (cache_.size() >= 16) cache_.erase(cache_.begin());
  cache_.emplace_back(path, std::move(bytes));
  return &cache_.back().second;
}

absl::StatusOr<merkle::Hash> TileNodeReader::GetNode(int level, uint64_t index) {
  if (level < 0 || level >= 64 || index >= (size_ >> level) || ((index + 1) << level) > size_) {
    return absl::NotFoundError(
        absl::StrCat("node (", level, ", ", index, ") is not in the tree of ", size_));
  }
  if (level % kTileHeight != 0) {
    ASSIGN_OR_RETURN(merkle::Hash left, GetNode(level - 1, 2 * index));
    ASSIGN_OR_RETURN(merkle::Hash right, GetNode(level - 1, 2 * index + 1));
    return merkle::HashChildren(left, right);
  }
  const TileRef tile{level / kTileHeight, index / kTileWidth,
                     AvailableWidth(level / kTileHeight, index / kTileWidth, size_)};
  ASSIGN_OR_RETURN(const std::string* bytes, Tile(tile));
  return HashAt(*bytes, index % kTileWidth);
}

namespace {

// The entry bundle of level-0 `tile`, each entry checked against the leaf
// hash `tile_bytes` (read from `tile_path`) holds for it; DataLoss naming
// the bundle otherwise.
absl::StatusOr<std::vector<std::string>> CheckedBundle(const Fetch& fetch, const TileRef& tile,
                                                       absl::string_view tile_bytes,
                                                       const std::string& tile_path) {
  const std::string entries_path = EntriesPath(tile);
  ASSIGN_OR_RETURN(std::string bundle, fetch(entries_path));
  absl::StatusOr<std::vector<std::string>> entries = DecodeEntryBundle(bundle, tile.width);
  if (!entries.ok()) {
    return absl::DataLossError(absl::StrCat(entries_path, ": ", entries.status().message()));
  }
  for (uint64_t j = 0; j < tile.width; ++j) {
    if (merkle::HashLeaf((*entries)[j]) != HashAt(tile_bytes, j)) {
      return absl::DataLossError(absl::StrCat("entry ", tile.index * kTileWidth + j, " (",
                                              entries_path, ") does not hash to its leaf in ",
                                              tile_path));
    }
  }
  return entries;
}

}  // namespace

absl::StatusOr<RehashReport> RehashTiledTree(
    const Fetch& fetch, uint64_t size,
    const std::function<void(uint64_t done, uint64_t total)>& progress) {
  RehashReport report;
  merkle::CompactRange leaves;  // the root, from the level-0 tiles' leaves
  // The roots of the full tiles of the level below: what the level above holds.
  std::vector<merkle::Hash> below;
  std::vector<merkle::Hash> roots;
  // Tile by tile as TilesOf(size) lists them, without listing them first:
  // a signed size no mirror can back fails at its first missing tile.
  for (int level = 0; NodesAt(level, size) > 0; ++level) {
    below = std::move(roots);
    roots.clear();
    const uint64_t nodes = NodesAt(level, size);
    for (uint64_t index = 0; index <= (nodes - 1) / kTileWidth; ++index) {
      const TileRef tile{level, index, std::min<uint64_t>(kTileWidth, nodes - index * kTileWidth)};
      const std::string path = TilePath(tile);
      ASSIGN_OR_RETURN(std::string bytes, FetchSized(fetch, path, tile.width));
      if (tile.level == 0) {
        RETURN_IF_ERROR(CheckedBundle(fetch, tile, bytes, path).status());
        for (uint64_t j = 0; j < tile.width; ++j) leaves.Append(HashAt(bytes, j), nullptr);
        report.entries += tile.width;
        if (progress) progress(report.entries, size);
      } else {
        for (uint64_t j = 0; j < tile.width; ++j) {
          const uint64_t child = tile.index * kTileWidth + j;
          if (child >= below.size() || below[child] != HashAt(bytes, j)) {
            return absl::DataLossError(absl::StrCat("hash ", j, " of ", path,
                                                    " is not the root of the tile below it, ",
                                                    TilePath({tile.level - 1, child, kTileWidth})));
          }
        }
      }
      if (tile.width == kTileWidth) roots.push_back(FullTileRoot(bytes));
      ++report.tiles;
    }
  }
  report.root = leaves.Root();
  return report;
}

absl::Status ForEachVerifiedEntry(
    const Fetch& fetch, uint64_t size, const merkle::Hash& root,
    const std::function<absl::Status(uint64_t position, std::string entry)>& visit,
    const std::function<void(uint64_t done, uint64_t total)>& progress) {
  const uint64_t bundles = size == 0 ? 0 : (size - 1) / kTileWidth + 1;
  auto level0 = [size](uint64_t index) {
    return TileRef{0, index, AvailableWidth(0, index, size)};
  };
  // First the leaves alone, to the signed root.
  merkle::CompactRange leaves;
  // Grown as tiles arrive, not reserved from the signed size: a size no
  // mirror can back fails at its first missing tile, not in an allocation.
  std::vector<merkle::Hash> digests;
  for (uint64_t index = 0; index < bundles; ++index) {
    const std::string path = TilePath(level0(index));
    ASSIGN_OR_RETURN(std::string bytes, FetchSized(fetch, path, level0(index).width));
    for (uint64_t j = 0; j < level0(index).width; ++j) leaves.Append(HashAt(bytes, j), nullptr);
    digests.push_back(merkle::HashLeaf(bytes));  // a digest of the tile's bytes
  }
  if (leaves.Root() != root) {
    return absl::DataLossError(
        absl::StrCat("the mirror's level-0 tiles do not give the signed root of ", size,
                     " events: the mirror is damaged or was changed"));
  }
  // Then each bundle against its tile, now known to be the log's.
  for (uint64_t index = 0; index < bundles; ++index) {
    const TileRef tile = level0(index);
    const std::string path = TilePath(tile);
    ASSIGN_OR_RETURN(std::string bytes, FetchSized(fetch, path, tile.width));
    if (merkle::HashLeaf(bytes) != digests[index]) {
      return absl::DataLossError(
          absl::StrCat(path, " changed between two reads: the mirror is not serving one tree"));
    }
    ASSIGN_OR_RETURN(std::vector<std::string> entries, CheckedBundle(fetch, tile, bytes, path));
    for (uint64_t j = 0; j < tile.width; ++j) {
      RETURN_IF_ERROR(visit(index * kTileWidth + j, std::move(entries[j])));
    }
    if (progress) progress(index * kTileWidth + tile.width, size);
  }
  return absl::OkStatus();
}

}  // namespace minhbach::storage::tiles
