// The single writer of a log: gathers appends from many threads into groups,
// writes each group as one RocksDB WriteBatch (synced in durable mode), then
// acknowledges every append in it.
//
// Two threads form a pipeline: the staging thread checks and encodes group
// k+1 while the writing thread syncs group k, so the CPU work of one group
// hides behind the fsync of the one before. Appends that arrive meanwhile
// wait for the next group, and one fsync serves all of them.
//
// Thread-safe: Submit may be called from any thread.
#ifndef MINHBACH_STORAGE_SEQUENCER_H_
#define MINHBACH_STORAGE_SEQUENCER_H_

#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
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

class GroupStager;
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
  // Called on the writing thread after each durable group, before its acks.
  using CommitListener = std::function<void(uint64_t new_size)>;

  // `database` must outlive the sequencer; `initial` is the recovered state.
  Sequencer(const LogDatabase* database, const LogOptions& options, SequencerState initial,
            CommitListener on_commit);
  // Writes everything already submitted, then stops both threads.
  ~Sequencer();

  // Queues a validated request; `done` runs on the writing thread.
  void Submit(AppendRequest request, Done done);

 private:
  struct Pending {
    AppendRequest request;
    Done done;
  };
  struct StagedGroup;

  void RunStaging();
  void RunWriting();
  std::deque<Pending> TakeGroup();
  std::shared_ptr<StagedGroup> Stage(std::deque<Pending> group);
  void HandOver(std::shared_ptr<StagedGroup> group);
  void Write(StagedGroup& group);

  // Constant after construction.
  const LogDatabase* const database_;
  const LogReader reader_;
  const LogOptions options_;
  const CommitListener on_commit_;

  // Owned by the staging thread.
  SequencerState staged_state_;  // as if every staged group were written
  std::unique_ptr<StreamVersionCache> version_cache_;
  std::shared_ptr<StagedGroup> previous_;  // the last group handed over

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool staging_done_ ABSL_GUARDED_BY(mu_) = false;
  std::shared_ptr<StagedGroup> in_flight_ ABSL_GUARDED_BY(mu_);  // being written
  SequencerState committed_ ABSL_GUARDED_BY(mu_);                // after the last good write
  absl::Status write_failure_ ABSL_GUARDED_BY(mu_);  // not OK until the stager resets

  std::thread staging_thread_;  // last: they start once everything above is ready
  std::thread writing_thread_;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_SEQUENCER_H_
