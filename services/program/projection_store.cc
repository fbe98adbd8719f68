#include "services/program/projection_store.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "services/program/program_streams.h"
#include "services/program/snapshot_codec.h"
#include "storage/format.h"
#include "storage/rocks_status.h"
#include "storage/side_store.h"
#include "storage/status_macros.h"

namespace minhbach::program {
namespace {

using storage::SideStore;
using storage::format::DecodeUint64;
using storage::format::EncodeUint64;

constexpr char kFormatVersion[] = "3";
constexpr char kVersionKey[] = "v";
constexpr char kPositionKey[] = "p";

uint64_t Ordered(int64_t micros) { return static_cast<uint64_t>(micros) ^ (uint64_t{1} << 63); }
int64_t Unordered(uint64_t value) { return static_cast<int64_t>(value ^ (uint64_t{1} << 63)); }

std::string SnapshotKey(uint64_t position) { return absl::StrCat("s", EncodeUint64(position)); }
std::string MaxKey(uint64_t position) { return absl::StrCat("m", EncodeUint64(position)); }
std::string LateKey(uint64_t position) { return absl::StrCat("l", EncodeUint64(position)); }
// Stream names hold no 0x00 (aggregate ids are letters, digits and -_.:),
// so one stream's rows never interleave with another's.
std::string AggregatePrefix(absl::string_view stream) {
  return absl::StrCat("a", stream, absl::string_view("\0", 1));
}
std::string AggregateKey(absl::string_view stream, uint64_t position) {
  return absl::StrCat(AggregatePrefix(stream), EncodeUint64(position));
}

// The number after a one-byte prefix, or DataLoss.
absl::StatusOr<uint64_t> KeyNumber(absl::string_view key, size_t offset = 1) {
  std::optional<uint64_t> n = DecodeUint64(key.substr(offset, 8));
  if (!n || key.size() < offset + 8) {
    return absl::DataLossError("the projection store holds a malformed key; rebuild it");
  }
  return *n;
}

absl::StatusOr<std::optional<uint64_t>> GetNumber(const SideStore& store, const std::string& key) {
  ASSIGN_OR_RETURN(std::optional<std::string> value, store.Get(key));
  if (!value.has_value()) return std::optional<uint64_t>();
  ASSIGN_OR_RETURN(uint64_t n, KeyNumber(*value, 0));
  return std::optional<uint64_t>(n);
}

// One late event in a row of the late-event index.
struct LateEvent {
  uint64_t position;
  int64_t business_time_micros;
};

void AppendLateEvent(std::string& row, uint64_t position, int64_t business_time_micros) {
  absl::StrAppend(&row, EncodeUint64(position), EncodeUint64(Ordered(business_time_micros)));
}

absl::StatusOr<std::vector<LateEvent>> LateEventsOf(absl::string_view row) {
  if (row.size() % 16 != 0) {
    return absl::DataLossError("a row of the late-event index is damaged; rebuild the projections");
  }
  std::vector<LateEvent> events;
  for (size_t i = 0; i < row.size(); i += 16) {
    ASSIGN_OR_RETURN(uint64_t position, KeyNumber(row.substr(i, 8), 0));
    ASSIGN_OR_RETURN(uint64_t micros, KeyNumber(row.substr(i + 8, 8), 0));
    events.push_back({position, Unordered(micros)});
  }
  return events;
}

constexpr char kWhat[] = "the projection store";

absl::StatusOr<std::unique_ptr<SideStore>> OpenDb(const std::string& path) {
  return SideStore::Open(path, kWhat, {});
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectionStore>> ProjectionStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SideStore> db, OpenDb(path));
  ASSIGN_OR_RETURN(std::optional<std::string> version, db->Get(kVersionKey));
  std::string replaced_format;
  if (version.has_value() && *version != kFormatVersion) {
    // Written by another version of minhbachd: derived data, so replaced.
    replaced_format = *version;
    db.reset();
    RETURN_IF_ERROR(Destroy(path));
    ASSIGN_OR_RETURN(db, OpenDb(path));
  }
  if (!version.has_value() || !replaced_format.empty()) {
    RETURN_IF_ERROR(db->Put(kVersionKey, kFormatVersion));
  }
  std::unique_ptr<ProjectionStore> store(new ProjectionStore(std::move(db)));
  store->replaced_format_ = std::move(replaced_format);
  return store;
}

absl::Status ProjectionStore::Destroy(const std::string& path) {
  return SideStore::Destroy(path, kWhat);
}

absl::StatusOr<uint64_t> ProjectionStore::IndexedPosition() const {
  ASSIGN_OR_RETURN(std::optional<uint64_t> position, GetNumber(*db_, kPositionKey));
  return position.value_or(0);
}

absl::StatusOr<int64_t> ProjectionStore::Index(const std::vector<const v1::EventRecord*>& records,
                                               int64_t running_max_business_time,
                                               const SnapshotToWrite* snapshot) {
  rocksdb::WriteBatch batch;
  std::string late;  // the batch's row of the late-event index
  for (const v1::EventRecord* record : records) {
    if (!ParseProgramStream(record->stream())) continue;
    const int64_t micros = record->business_time_micros();
    if (micros < running_max_business_time) AppendLateEvent(late, record->position(), micros);
    running_max_business_time = std::max(running_max_business_time, micros);
  }
  if (!late.empty()) batch.Put(LateKey(records.front()->position()), late);
  if (!records.empty()) {
    batch.Put(kPositionKey, EncodeUint64(records.back()->position() + 1));
  }
  if (snapshot != nullptr) {
    std::string value(snapshot->root.begin(), snapshot->root.end());
    value += snapshot->header_bytes;
    uint64_t bytes = value.size();
    for (const auto& [stream, aggregate] : snapshot->changed) {
      batch.Put(AggregateKey(stream, snapshot->position), aggregate);
      bytes += aggregate.size();
    }
    snapshot_bytes_written_ += bytes;
    batch.Put(SnapshotKey(snapshot->position), value);
    batch.Put(MaxKey(snapshot->position),
              EncodeUint64(Ordered(snapshot->max_business_time_micros)));
  }
  // Not synced: after a crash the store is a consistent prefix of its
  // writes, and whatever is missing is folded again from the log.
  RETURN_IF_ERROR(db_->Write(batch));
  return running_max_business_time;
}

absl::StatusOr<std::optional<StoredSnapshot>> ProjectionStore::ReadSnapshot(
    uint64_t position) const {
  ASSIGN_OR_RETURN(std::optional<std::string> stored, db_->Get(SnapshotKey(position)));
  if (!stored.has_value()) return std::optional<StoredSnapshot>();
  const std::string& value = *stored;
  StoredSnapshot snapshot;
  v1::snapshot::ProgramSnapshot whole;
  if (value.size() < snapshot.root.size() ||
      !whole.ParseFromArray(value.data() + snapshot.root.size(),
                            static_cast<int>(value.size() - snapshot.root.size()))) {
    return absl::DataLossError("a projection snapshot is damaged; rebuild the projections");
  }
  std::copy(value.begin(), value.begin() + snapshot.root.size(), snapshot.root.begin());
  // Each aggregate's latest row at or before the snapshot, one stream at a time.
  SideStore::Cursor cursor = db_->NewCursor();
  SideStore::Cursor* it = &cursor;
  it->Seek("a");
  while (it->Valid() && it->key()[0] == 'a') {
    const absl::string_view key = it->key();
    const size_t end = key.find('\0');
    if (end == absl::string_view::npos) {
      return absl::DataLossError("the projection store holds a malformed key; rebuild it");
    }
    const std::string prefix(key.substr(0, end + 1));
    it->SeekForPrev(absl::StrCat(prefix, EncodeUint64(position)));
    if (it->Valid() && absl::StartsWith(it->key(), prefix)) {
      if (!whole.MergeFromString(std::string(it->value()))) {
        return absl::DataLossError("a projection snapshot row is damaged; rebuild the projections");
      }
    }
    std::string next = prefix;
    next.back() = '\1';
    it->Seek(next);
  }
  RETURN_IF_ERROR(it->status());
  ASSIGN_OR_RETURN(snapshot.state, FromSnapshot(whole));
  return std::optional<StoredSnapshot>(std::move(snapshot));
}

absl::StatusOr<std::optional<StoredSnapshot>> ProjectionStore::SnapshotAtOrBefore(
    uint64_t position) const {
  SideStore::Cursor cursor = db_->NewCursor();
  SideStore::Cursor* it = &cursor;
  it->SeekForPrev(SnapshotKey(position));
  if (!it->Valid() || it->key()[0] != 's') {
    RETURN_IF_ERROR(it->status());
    return std::optional<StoredSnapshot>();
  }
  ASSIGN_OR_RETURN(uint64_t found, KeyNumber(it->key()));
  return ReadSnapshot(found);
}

absl::StatusOr<std::optional<StoredSnapshot>> ProjectionStore::SnapshotBeforeBusinessTime(
    int64_t end_micros) const {
  // Largest business times never decrease with position: walk back from
  // the latest snapshot to the first one that qualifies.
  SideStore::Cursor cursor = db_->NewCursor();
  SideStore::Cursor* it = &cursor;
  for (it->SeekForPrev(MaxKey(UINT64_MAX)); it->Valid() && it->key()[0] == 'm'; it->Prev()) {
    ASSIGN_OR_RETURN(uint64_t max, KeyNumber(it->value(), 0));
    if (Unordered(max) >= end_micros) continue;
    ASSIGN_OR_RETURN(uint64_t position, KeyNumber(it->key()));
    return ReadSnapshot(position);
  }
  RETURN_IF_ERROR(it->status());
  return std::optional<StoredSnapshot>();
}

absl::StatusOr<std::vector<uint64_t>> ProjectionStore::LateEventsBefore(uint64_t from, uint64_t to,
                                                                        int64_t end_micros) const {
  std::vector<uint64_t> positions;
  SideStore::Cursor cursor = db_->NewCursor();
  SideStore::Cursor* it = &cursor;
  // The batch holding `from` starts at or before it.
  it->SeekForPrev(LateKey(from));
  if (!it->Valid() || it->key()[0] != 'l') it->Seek(LateKey(from));
  for (; it->Valid(); it->Next()) {
    const absl::string_view key = it->key();
    if (key[0] != 'l') break;
    ASSIGN_OR_RETURN(uint64_t batch_start, KeyNumber(key));
    if (batch_start >= to) break;
    ASSIGN_OR_RETURN(std::vector<LateEvent> late, LateEventsOf(it->value()));
    for (const LateEvent& e : late) {
      if (e.position >= from && e.position < to && e.business_time_micros < end_micros) {
        positions.push_back(e.position);
      }
    }
  }
  RETURN_IF_ERROR(it->status());
  return positions;
}

absl::Status ProjectionStore::ForgetIndexFrom(uint64_t position) {
  ASSIGN_OR_RETURN(uint64_t indexed, IndexedPosition());
  if (indexed <= position) return absl::OkStatus();
  rocksdb::WriteBatch batch;
  SideStore::Cursor cursor = db_->NewCursor();
  SideStore::Cursor* it = &cursor;
  // Snapshots are taken at batch ends, so no row should straddle `position`;
  // if one does, it keeps only its events before it.
  it->SeekForPrev(LateKey(position));
  if (it->Valid() && it->key()[0] == 'l' && it->key() != LateKey(position)) {
    ASSIGN_OR_RETURN(std::vector<LateEvent> late, LateEventsOf(it->value()));
    std::string kept;
    for (const LateEvent& e : late) {
      if (e.position < position) AppendLateEvent(kept, e.position, e.business_time_micros);
    }
    if (kept.empty()) {
      batch.Delete(storage::AsSlice(it->key()));
    } else if (kept.size() != it->value().size()) {
      batch.Put(storage::AsSlice(it->key()), kept);
    }
  }
  for (it->Seek(LateKey(position)); it->Valid() && it->key()[0] == 'l'; it->Next()) {
    batch.Delete(storage::AsSlice(it->key()));
  }
  RETURN_IF_ERROR(it->status());
  batch.Put(kPositionKey, EncodeUint64(position));
  return db_->Write(batch);
}

absl::StatusOr<uint64_t> ProjectionStore::SnapshotCount() const {
  uint64_t count = 0;
  SideStore::Cursor cursor = db_->NewCursor();
  SideStore::Cursor* it = &cursor;
  for (it->Seek("s"); it->Valid() && it->key()[0] == 's'; it->Next()) ++count;
  RETURN_IF_ERROR(it->status());
  return count;
}

}  // namespace minhbach::program
