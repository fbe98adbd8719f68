// The on-disk layout of a minhbach log: column families, key encodings and
// the format version. storage/FORMAT.md describes the same layout in prose;
// change both together, and bump kFormatVersion with a migration.
#ifndef MINHBACH_STORAGE_FORMAT_H_
#define MINHBACH_STORAGE_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace minhbach::storage::format {

// The format this build writes and the newest it can read.
inline constexpr uint64_t kFormatVersion = 1;

// Column families, by index into the handle vector of an open log. Never
// reorder or reuse an entry: a log is opened by these names.
enum ColumnFamily : int {
  kDefaultCf = 0,  // RocksDB's own; unused by the log
  kMetaCf,         // format version and log-wide settings
  kEventsCf,       // position -> EventRecord bytes (the Merkle leaves)
  kStreamsCf,      // stream, version -> position
  kEventIdsCf,     // event id -> position
  kTreeCf,         // Merkle node (level, index) -> 32-byte hash
  kColumnFamilyCount
};
inline constexpr const char* kColumnFamilyNames[kColumnFamilyCount] = {
    "default", "meta", "events", "streams", "event_ids", "tree"};

// Keys of the meta column family.
inline constexpr absl::string_view kFormatVersionKey = "format_version";
inline constexpr absl::string_view kMerkleTreeKey = "merkle_tree";  // "on" or "off"

// 8-byte big-endian encoding, so that keys sort by number.
std::string EncodeUint64(uint64_t value);
std::optional<uint64_t> DecodeUint64(absl::string_view bytes);

// events: the position.
inline std::string EventKey(uint64_t position) { return EncodeUint64(position); }

// streams: stream name, 0x00, version. Stream names never contain 0x00, so
// the prefix of one stream is never a prefix of another's keys.
std::string StreamPrefix(absl::string_view stream);
std::string StreamKey(absl::string_view stream, uint64_t version);
// The version encoded at the end of a streams key (the caller checked the prefix).
std::optional<uint64_t> StreamKeyVersion(absl::string_view key);

// tree: one level byte, then the node index.
std::string TreeKey(int level, uint64_t index);

}  // namespace minhbach::storage::format

#endif  // MINHBACH_STORAGE_FORMAT_H_
