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

class GroupStager {
 public:
  // Starts a group on top of `committed`; every event in it is recorded at
  // `recorded_time`. `database` and `reader` must outlive the stager.
  GroupStager(const LogDatabase* database, const LogReader* reader,
              const SequencerState& committed, absl::Time recorded_time);

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
  absl::StatusOr<std::optional<AppendResult>> CheckRetry(const AppendRequest& request);
  void Add(const AppendRequest& request, std::optional<uint64_t> current_version,
           AppendResult* result);

  const LogDatabase* const database_;
  const LogReader* const reader_;
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
