#include "storage/log_reader.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "storage/event_record.h"
#include "storage/format.h"
#include "storage/rocks_status.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

std::optional<uint64_t> DecodePosition(const rocksdb::Slice& value) {
  return format::DecodeUint64(absl::string_view(value.data(), value.size()));
}

absl::Status BadIndexEntry(absl::string_view what) {
  return absl::DataLossError(
      absl::StrCat("a ", what, " index entry is malformed; run offline verification"));
}

}  // namespace

absl::StatusOr<uint64_t> LogReader::StoredEventCount() const {
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(rocksdb::ReadOptions(), database_->cf(format::kEventsCf)));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "finding the last event"));
  if (!it->Valid()) return 0;
  std::optional<uint64_t> last = DecodePosition(it->key());
  if (!last.has_value()) return BadIndexEntry("events");
  return *last + 1;
}

// Calls `visit` with the stored bytes of each event in [from, end), in
// order, at most `limit` of them; DataLoss for a gap.
template <typename Visit>
absl::Status LogReader::ForEachStored(uint64_t from, uint64_t end, size_t limit,
                                      Visit visit) const {
  if (from >= end || limit == 0) return absl::OkStatus();
  const std::string upper = format::EventKey(end);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read, database_->cf(format::kEventsCf)));
  uint64_t expected = from;
  for (it->Seek(format::EventKey(from)); it->Valid() && expected - from < limit; it->Next()) {
    if (DecodePosition(it->key()) != expected) {
      return absl::DataLossError(absl::StrCat(
          "position ", expected, " is missing from the log; run offline verification"));
    }
    RETURN_IF_ERROR(visit(expected, absl::string_view(it->value().data(), it->value().size())));
    ++expected;
  }
  return FromRocks(it->status(), "reading events");
}

absl::StatusOr<std::vector<StoredEvent>> LogReader::ReadRange(uint64_t from, uint64_t end,
                                                              size_t limit) const {
  std::vector<StoredEvent> events;
  RETURN_IF_ERROR(ForEachStored(from, end, limit, [&](uint64_t position, absl::string_view bytes) {
    ASSIGN_OR_RETURN(StoredEvent event, DecodeEventRecord(std::string(bytes), position));
    events.push_back(std::move(event));
    return absl::OkStatus();
  }));
  return events;
}

absl::Status LogReader::ReadRecordsInto(uint64_t from, uint64_t end, size_t limit,
                                        std::vector<v1::EventRecord>& records) const {
  size_t read = 0;
  absl::Status status =
      ForEachStored(from, end, limit, [&](uint64_t position, absl::string_view bytes) {
        if (read == records.size()) records.emplace_back();
        RETURN_IF_ERROR(ParseEventRecord(bytes, position, records[read]));
        ++read;
        return absl::OkStatus();
      });
  records.resize(status.ok() ? read : 0);
  return status;
}

absl::StatusOr<std::string> LogReader::ReadRaw(uint64_t position) const {
  std::string raw;
  RETURN_IF_ERROR(
      FromRocks(database_->db()->Get(rocksdb::ReadOptions(), database_->cf(format::kEventsCf),
                                     format::EventKey(position), &raw),
                absl::StrCat("reading position ", position)));
  return raw;
}

absl::StatusOr<std::vector<StoredEvent>> LogReader::ReadEvents(absl::Span<const uint64_t> positions,
                                                               size_t max_bytes) const {
  const size_t n = positions.size();
  std::vector<std::string> keys;
  keys.reserve(n);
  std::vector<rocksdb::Slice> key_slices;
  key_slices.reserve(n);
  for (uint64_t position : positions) {
    keys.push_back(format::EventKey(position));
    key_slices.emplace_back(keys.back());
  }
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  rocksdb::ReadOptions read;
  // RocksDB stops reading once the values passed this, and answers Aborted
  // for the keys it left (memtable first, then level by level, so those need
  // not be the last ones asked).
  read.value_size_soft_limit = max_bytes;
  database_->db()->MultiGet(read, database_->cf(format::kEventsCf), n, key_slices.data(),
                            values.data(), statuses.data());
  std::vector<StoredEvent> events;
  events.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (statuses[i].IsAborted()) break;
    RETURN_IF_ERROR(FromRocks(statuses[i], absl::StrCat("reading position ", positions[i])));
    ASSIGN_OR_RETURN(StoredEvent event, DecodeEventRecord(values[i].ToString(), positions[i]));
    events.push_back(std::move(event));
  }
  if (events.empty() && n > 0) {
    ASSIGN_OR_RETURN(StoredEvent first, ReadEvent(positions[0]));
    events.push_back(std::move(first));
  }
  return events;
}

absl::StatusOr<StoredEvent> LogReader::ReadEvent(uint64_t position) const {
  ASSIGN_OR_RETURN(std::string raw, ReadRaw(position));
  return DecodeEventRecord(std::move(raw), position);
}

absl::StatusOr<std::vector<uint64_t>> LogReader::StreamPositions(absl::string_view stream,
                                                                 uint64_t from_version,
                                                                 ReadDirection direction,
                                                                 size_t limit, uint64_t end) const {
  std::vector<uint64_t> positions;
  // No stored name holds 0x00 (it ends the name in a key); a name that does
  // would otherwise match the keys of the stream it extends.
  if (stream.find('\0') != absl::string_view::npos) return positions;
  const std::string prefix = format::StreamPrefix(stream);
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(rocksdb::ReadOptions(), database_->cf(format::kStreamsCf)));
  const std::string start = format::StreamKey(stream, from_version);
  const bool forward = direction == ReadDirection::kForward;
  forward ? it->Seek(start) : it->SeekForPrev(start);
  for (; it->Valid() && positions.size() < limit; forward ? it->Next() : it->Prev()) {
    if (!it->key().starts_with(prefix)) break;
    std::optional<uint64_t> position = DecodePosition(it->value());
    if (!position.has_value()) return BadIndexEntry("stream");
    if (*position >= end) {
      if (forward) break;  // appended after the caller's view of the log
      continue;
    }
    positions.push_back(*position);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading a stream"));
  return positions;
}

absl::StatusOr<std::optional<uint64_t>> LogReader::StreamVersion(absl::string_view stream) const {
  if (stream.find('\0') != absl::string_view::npos) return std::nullopt;  // as StreamPositions
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(rocksdb::ReadOptions(), database_->cf(format::kStreamsCf)));
  it->SeekForPrev(format::StreamKey(stream, UINT64_MAX));
  RETURN_IF_ERROR(FromRocks(it->status(), "reading a stream's version"));
  if (!it->Valid() || !it->key().starts_with(format::StreamPrefix(stream))) return std::nullopt;
  std::optional<uint64_t> version =
      format::StreamKeyVersion(absl::string_view(it->key().data(), it->key().size()));
  if (!version.has_value()) return BadIndexEntry("stream");
  return version;
}

absl::StatusOr<std::optional<uint64_t>> LogReader::PositionOfEventId(
    absl::string_view event_id) const {
  std::string value;
  rocksdb::Status got = database_->db()->Get(
      rocksdb::ReadOptions(), database_->cf(format::kEventIdsCf), AsSlice(event_id), &value);
  if (got.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(got, "reading the event-id index"));
  std::optional<uint64_t> position = format::DecodeUint64(value);
  if (!position.has_value()) return BadIndexEntry("event-id");
  return position;
}

absl::StatusOr<merkle::Hash> StoredNodeReader::GetNode(int level, uint64_t index) {
  std::string value;
  RETURN_IF_ERROR(
      FromRocks(database_->db()->Get(rocksdb::ReadOptions(), database_->cf(format::kTreeCf),
                                     format::TreeKey(level, index), &value),
                absl::StrCat("reading tree node (", level, ", ", index, ")")));
  merkle::Hash hash;
  if (value.size() != hash.size()) {
    return absl::DataLossError(
        absl::StrCat("tree node (", level, ", ", index, ") is ", value.size(), " bytes, not 32"));
  }
  std::copy(value.begin(), value.end(), hash.begin());
  return hash;
}

}  // namespace minhbach::storage
