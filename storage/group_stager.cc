#include "storage/group_stager.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/event_record.h"
#include "storage/format.h"
#include "storage/rocks_status.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

namespace minhbach::storage {

absl::Status CheckExpectedVersion(absl::string_view stream, const ExpectedVersion& expected,
                                  std::optional<uint64_t> current) {
  if (expected.is_any()) return absl::OkStatus();
  const std::string now =
      current.has_value() ? absl::StrCat("is at version ", *current) : "does not exist";
  if (expected.is_no_stream() && current.has_value()) {
    return absl::AbortedError(
        absl::StrCat("stream '", stream, "' ", now, " (expected no stream); re-read it and retry"));
  }
  if (expected.exact().has_value() && current != expected.exact()) {
    return absl::AbortedError(absl::StrCat("stream '", stream, "' ", now, " (expected version ",
                                           *expected.exact(), "); re-read it and retry"));
  }
  return absl::OkStatus();
}

GroupStager::GroupStager(const LogDatabase* database, const LogReader* reader,
                         const GroupStager* previous, StreamVersionCache* cache,
                         const SequencerState& base, absl::Time recorded_time)
    : database_(database),
      reader_(reader),
      previous_(previous),
      cache_(cache),
      recorded_time_(recorded_time),
      state_(base) {
  state_.last_recorded = recorded_time;
}

// Only one group back: the group before `previous_` is already in the database.
const minhbach::v1::EventRecord* GroupStager::FindStagedEvent(absl::string_view event_id) const {
  for (const GroupStager* group : {this, previous_}) {
    if (group == nullptr) continue;
    auto staged = group->staged_events_.find(event_id);
    if (staged != group->staged_events_.end()) return &staged->second;
  }
  return nullptr;
}

std::optional<uint64_t> GroupStager::FindStagedVersion(const std::string& stream) const {
  for (const GroupStager* group : {this, previous_}) {
    if (group == nullptr) continue;
    auto staged = group->staged_versions_.find(stream);
    if (staged != group->staged_versions_.end()) return staged->second;
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<minhbach::v1::EventRecord>> GroupStager::FindEvent(
    absl::string_view event_id) {
  if (const minhbach::v1::EventRecord* staged = FindStagedEvent(event_id)) return *staged;
  ASSIGN_OR_RETURN(std::optional<uint64_t> position, reader_->PositionOfEventId(event_id));
  if (!position.has_value()) return std::nullopt;
  ASSIGN_OR_RETURN(StoredEvent stored, reader_->ReadEvent(*position));
  return std::move(stored.record);
}

absl::StatusOr<std::optional<uint64_t>> GroupStager::CurrentVersion(const std::string& stream) {
  if (std::optional<uint64_t> staged = FindStagedVersion(stream)) return staged;
  if (std::optional<uint64_t> cached = cache_->Get(stream)) return cached;
  ASSIGN_OR_RETURN(std::optional<uint64_t> stored, reader_->StreamVersion(stream));
  if (stored.has_value()) cache_->Put(stream, *stored);
  return stored;
}

// A retry carries event ids the log has already seen. It is harmless only when
// every id is known, with the same content, in the same order as first written.
absl::StatusOr<std::optional<AppendResult>> GroupStager::CheckRetry(const AppendRequest& request) {
  std::vector<minhbach::v1::EventRecord> known;
  size_t first_unknown = request.events.size();
  for (size_t i = 0; i < request.events.size(); ++i) {
    const NewEvent& event = request.events[i];
    ASSIGN_OR_RETURN(std::optional<minhbach::v1::EventRecord> found, FindEvent(event.event_id));
    if (!found.has_value()) {
      first_unknown = std::min(first_unknown, i);
      continue;
    }
    if (!SameContent(*found, event, request.stream, request.actor)) {
      return absl::AlreadyExistsError(
          absl::StrCat("event id ", FormatUuid(event.event_id), " was already used at position ",
                       found->position(), " for other content; give each new event a new id"));
    }
    known.push_back(std::move(*found));
  }
  if (known.empty()) return std::nullopt;
  if (known.size() != request.events.size()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "events[", first_unknown, "] is new but other events of this append were appended before",
        " (first at position ", known.front().position(),
        "); retry the original append unchanged, or give the new events their own append"));
  }
  for (size_t i = 1; i < known.size(); ++i) {
    if (known[i].position() != known[0].position() + i) {
      return absl::AlreadyExistsError(absl::StrCat(
          "these events were appended before, but not as one append (positions ",
          known[0].position(), " and ", known[i].position(), "); retry each original append"));
    }
  }
  AppendResult result;
  result.first_position = known[0].position();
  result.first_version = known[0].stream_version();
  result.count = known.size();
  result.duplicate = true;
  return result;
}

absl::StatusOr<AppendResult> GroupStager::Stage(const AppendRequest& request) {
  ASSIGN_OR_RETURN(std::optional<AppendResult> retry, CheckRetry(request));
  if (retry.has_value()) return *retry;
  ASSIGN_OR_RETURN(std::optional<uint64_t> current, CurrentVersion(request.stream));
  RETURN_IF_ERROR(CheckExpectedVersion(request.stream, request.expected, current));
  AppendResult result;
  Add(request, current, &result);
  return result;
}

void GroupStager::Add(const AppendRequest& request, std::optional<uint64_t> current_version,
                      AppendResult* result) {
  const bool tree = database_->has_merkle_tree();
  uint64_t version = current_version.has_value() ? *current_version + 1 : 0;
  result->first_position = state_.size;
  result->first_version = version;
  result->count = request.events.size();
  auto put_node = [this](int level, uint64_t index, const merkle::Hash& hash) {
    batch_.Put(database_->cf(format::kTreeCf), format::TreeKey(level, index),
               rocksdb::Slice(reinterpret_cast<const char*>(hash.data()), hash.size()));
  };
  for (const NewEvent& event : request.events) {
    const uint64_t position = state_.size++;
    minhbach::v1::EventRecord record =
        MakeEventRecord(event, request.stream, request.actor, position, version, recorded_time_);
    const std::string raw = EncodeEventRecord(record);
    const std::string position_bytes = format::EncodeUint64(position);
    batch_.Put(database_->cf(format::kEventsCf), format::EventKey(position), raw);
    batch_.Put(database_->cf(format::kStreamsCf), format::StreamKey(request.stream, version),
               position_bytes);
    batch_.Put(database_->cf(format::kEventIdsCf), AsSlice(event.event_id), position_bytes);
    if (tree) state_.tree.Append(merkle::HashLeaf(raw), put_node);
    staged_events_[event.event_id] = std::move(record);
    staged_versions_[request.stream] = version++;
  }
  cache_->Put(request.stream, version - 1);
}

}  // namespace minhbach::storage
