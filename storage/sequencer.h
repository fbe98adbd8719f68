// The single writer of a log: gathers appends from many threads into groups,
// writes each group as one RocksDB WriteBatch (synced in durable mode), then
// acknowledges every append in it. Appends that arrive while a group is being
// written wait for the next group, so one fsync serves all of them.
//
// Thread-safe: Submit may be called from any thread.
#ifndef MINHBACH_STORAGE_SEQUENCER_H_
#define MINHBACH_STORAGE_SEQUENCER_H_

#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/event_log.h"
#include "storage/log_database.h"
#include "storage/log_reader.h"
#include "storage/merkle.h"

namespace minhbach::storage {

// What the sequencer knows of the log between groups.
struct SequencerState {
  uint64_t size = 0;             // next position
  merkle::CompactRange tree;     // right edge of the Merkle tree over [0, size)
  absl::Time last_recorded = absl::InfinitePast();
};

class Sequencer {
 public:
  using Done = std::function<void(absl::StatusOr<AppendResult>)>;
  // Called on the sequencer thread after each durable group, before its acks.
  using CommitListener = std::function<void(uint64_t new_size)>;

  // `database` must outlive the sequencer; `initial` is the recovered state.
  Sequencer(const LogDatabase* database, const LogOptions& options, SequencerState initial,
            CommitListener on_commit);
  // Commits everything already submitted, then stops.
  ~Sequencer();

  // Queues a validated request; `done` runs on the sequencer thread.
  void Submit(AppendRequest request, Done done);

 private:
  struct Pending {
    AppendRequest request;
    Done done;
  };

  void Run();
  std::deque<Pending> TakeGroup();
  void CommitGroup(std::deque<Pending> group);

  // Constant after construction.
  const LogDatabase* const database_;
  const LogReader reader_;
  const LogOptions options_;
  const CommitListener on_commit_;

  // Owned by the sequencer thread.
  SequencerState state_;

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_SEQUENCER_H_
