// Builds one commit group: checks each append against the log as it will be
// once the appends staged before it are written, and adds its records, index
// entries and Merkle nodes to one WriteBatch.
//
// Not thread-safe: owned by the sequencer thread for the life of one group.
#ifndef MINHBACH_STORAGE_GROUP_STAGER_H_
#define MINHBACH_STORAGE_GROUP_STAGER_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "rocksdb/write_batch.h"
#include "storage/event_log.h"
#include "storage/log_database.h"
#include "storage/log_reader.h"
#include "storage/sequencer.h"

namespace minhbach::storage {

// Last known version of recently appended streams, so that most appends need
// no index read. Bounded: it forgets everything when it grows too large.
class StreamVersionCache {
 public:
  std::optional<uint64_t> Get(const std::string& stream) const {
    auto found = versions_.find(stream);
    return found == versions_.end() ? std::nullopt : std::optional<uint64_t>(found->second);
  }
  void Put(const std::string& stream, uint64_t version) {
    if (versions_.size() >= kMaxStreams) versions_.clear();
    versions_[stream] = version;
  }
  void Clear() { versions_.clear(); }

 private:
  static constexpr size_t kMaxStreams = 1 << 16;
  absl::flat_hash_map<std::string, uint64_t> versions_;
};

class GroupStager {
 public:
  // Starts a group on top of `base`, the state once every earlier group is
  // written; `previous` is the group staged just before (still being written,
  // so not yet visible in the database) or null. Every event in the group is
  // recorded at `recorded_time`. `cache` holds the latest staged versions and
  // is updated by Stage. Everything passed must outlive the stager, except the
  // group before `previous`, which must already be in the database.
  GroupStager(const LogDatabase* database, const LogReader* reader, const GroupStager* previous,
              StreamVersionCache* cache, const SequencerState& base, absl::Time recorded_time);

  // Stages `request`. Returns its result (duplicate=true for a retry of
  // events already in the log or the group), or an error as EventLog::Append
  // documents, in which case nothing of it was staged.
  absl::StatusOr<AppendResult> Stage(const AppendRequest& request);

  rocksdb::WriteBatch* batch() { return &batch_; }
  // The sequencer's state once the batch is written.
  const SequencerState& staged_state() const { return state_; }

 private:
  // The stored or staged record with this event id, if any.
  absl::StatusOr<std::optional<minhbach::v1::EventRecord>> FindEvent(absl::string_view event_id);
  absl::StatusOr<std::optional<uint64_t>> CurrentVersion(const std::string& stream);
  // What this group or `previous_` staged, if anything.
  const minhbach::v1::EventRecord* FindStagedEvent(absl::string_view event_id) const;
  std::optional<uint64_t> FindStagedVersion(const std::string& stream) const;
  absl::StatusOr<std::optional<AppendResult>> CheckRetry(const AppendRequest& request);
  void Add(const AppendRequest& request, std::optional<uint64_t> current_version,
           AppendResult* result);

  const LogDatabase* const database_;
  const LogReader* const reader_;
  const GroupStager* const previous_;
  StreamVersionCache* const cache_;
  const absl::Time recorded_time_;
  SequencerState state_;
  rocksdb::WriteBatch batch_;
  absl::flat_hash_map<std::string, uint64_t> staged_versions_;  // stream -> last staged version
  absl::flat_hash_map<std::string, minhbach::v1::EventRecord> staged_events_;  // by event id
};

// Aborted error for a stream not at the expected version, or OK.
absl::Status CheckExpectedVersion(absl::string_view stream, const ExpectedVersion& expected,
                                  std::optional<uint64_t> current);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_GROUP_STAGER_H_
