// The single writer of a log: gathers appends from many threads into groups,
// writes each group as one RocksDB WriteBatch (synced in durable mode), then
// acknowledges every append in it.
//
// Two committer threads share the work as a pipeline. A committer takes the
// staging turn, takes every append waiting, checks and encodes them (the
// stage), hands the turn on, then waits for the group before it to be written
// and writes its own. So while one group is being synced, the next is being
// staged, and appends that arrive meanwhile wait for the group after: one
// fsync serves all of them. Submitted, a lone append costs one hand-off each
// way; through SubmitOrCommit or Commit, an idle pipeline is driven by the
// caller's own thread, with none. At most two groups are unwritten at any
// time (one writing, one staged on top of it), since a group is checked only
// against the group before it.
//
// Thread-safe: Submit, SubmitOrCommit and Commit may be called from any thread.
#ifndef MINHBACH_STORAGE_SEQUENCER_H_
#define MINHBACH_STORAGE_SEQUENCER_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/event_log.h"
#include "storage/log_database.h"
#include "storage/log_reader.h"
#include "storage/merkle.h"

namespace minhbach::storage {

class StreamVersionCache;

// What the sequencer knows of the log between groups.
struct SequencerState {
  uint64_t size = 0;          // next position
  merkle::CompactRange tree;  // right edge of the Merkle tree over [0, size)
  absl::Time last_recorded = absl::InfinitePast();
};

class Sequencer {
 public:
  using Done = std::function<void(absl::StatusOr<AppendResult>)>;
  // Called on a committer thread after each durable group, before its acks.
  using CommitListener = std::function<void(uint64_t new_size)>;

  // `database` must outlive the sequencer; `initial` is the recovered state.
  Sequencer(const LogDatabase* database, const LogOptions& options, SequencerState initial,
            CommitListener on_commit);
  // Writes everything already submitted, then stops the committers.
  ~Sequencer();

  // Queues a validated request; `done` runs on a committer thread.
  void Submit(AppendRequest request, Done done);

  // As Submit, but when the pipeline is idle the calling thread commits the
  // group itself, and `done` runs on it before this returns: a lone append
  // then costs no thread hand-off. Under load it only queues.
  void SubmitOrCommit(AppendRequest request, Done done);

  // Appends a validated request and waits for the outcome (SubmitOrCommit).
  absl::StatusOr<AppendResult> Commit(AppendRequest request);

  CommitStats stats() const;

 private:
  struct Pending {
    AppendRequest request;
    Done done;
  };
  struct StagedGroup;

  void RunCommitter();
  // Waits for the staging turn; returns null when stopping with nothing queued.
  std::shared_ptr<StagedGroup> TakeStagingTurn();
  // Takes the staging turn and the queued appends as a new group.
  std::shared_ptr<StagedGroup> StartGroupLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Stage(const std::shared_ptr<StagedGroup>& group);
  // Groups staged (or being staged) but not yet written.
  uint64_t GroupsInFlightLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return next_ticket_ - next_to_write_;
  }
  void WriteInTurn(StagedGroup& group);
  // Writes a staged group's batch, adding where the time went to the stats.
  absl::Status WriteGroup(StagedGroup& group);

  // Constant after construction.
  const LogDatabase* const database_;
  const LogReader reader_;
  const LogOptions options_;
  const CommitListener on_commit_;

  // Owned by whichever committer holds the staging turn.
  SequencerState staged_state_;  // as if every staged group were written
  std::unique_ptr<StreamVersionCache> version_cache_;
  std::shared_ptr<StagedGroup> previous_;  // the group staged last; maybe not yet written

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool staging_busy_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_ticket_ ABSL_GUARDED_BY(mu_) = 0;    // write order, given at staging
  uint64_t next_to_write_ ABSL_GUARDED_BY(mu_) = 0;  // the ticket whose turn it is
  // A failed write ends an epoch: groups staged in it stood on the failed
  // group, so they fail too, and staging restarts from `committed_`.
  uint64_t epoch_ ABSL_GUARDED_BY(mu_) = 0;
  bool restage_from_committed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status last_write_failure_ ABSL_GUARDED_BY(mu_);
  // A failed write stops RocksDB until DB::Resume: the next write resumes first.
  bool resume_before_write_ ABSL_GUARDED_BY(mu_) = false;
  SequencerState committed_ ABSL_GUARDED_BY(mu_);  // after the last good write

  // CommitStats, in nanoseconds where a duration.
  std::atomic<uint64_t> groups_{0}, appends_{0};
  std::atomic<uint64_t> writing_ns_{0}, logging_ns_{0}, syncing_ns_{0}, inserting_ns_{0};

  std::vector<std::thread> committers_;  // last: they start once everything above is ready
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_SEQUENCER_H_
