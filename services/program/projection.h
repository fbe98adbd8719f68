// The program projection: the fold of the log (program_state.h) kept up to
// date as the log grows, checkpointed in its own RocksDB (projection_store.h),
// and the "as of" answers built from its snapshots.
//
//   ASSIGN_OR_RETURN(auto projection, Projection::Open(log, dir, {}));
//   projection->Start();                         // follows the log on a thread
//   projection->Read([](const ProgramState& s) { ... });   // the current state
//   ASSIGN_OR_RETURN(ProgramState then, projection->AsOfPosition(1200));
//
// Checkpoints: a snapshot of the state is stored every `snapshot_interval`
// events, and at Stop(); it writes only what changed (projection_store.h). Open resumes from
// the latest snapshot, after checking that the log's Merkle root at that
// position is the one the snapshot was folded from; a store that does not
// match the log (another log, a restored backup), or that another version of
// minhbachd wrote in another format, is thrown away and rebuilt.
//
// As of a position p: the nearest snapshot at or before p, plus the events
// up to p. As of a recorded time: a binary search for the position (recorded
// time never decreases), then as of that position. As of a business date:
// the latest snapshot that holds only events that had happened by then,
// plus the later events that had too (a short forward scan, then the index
// of late events); folded in log order. None of them refolds the whole log.
//
// Thread-safe. The log must outlive the projection.
#ifndef MINHBACH_SERVICES_PROGRAM_PROJECTION_H_
#define MINHBACH_SERVICES_PROGRAM_PROJECTION_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/program/log_follower.h"
#include "services/program/program_state.h"
#include "services/program/projection_store.h"
#include "storage/event_log.h"

namespace minhbach::program {

struct ProjectionOptions {
  // Events between snapshots. A snapshot writes only the aggregates that
  // changed since the one before; an as-of answer folds at most this many
  // events after reading the nearest snapshot.
  uint64_t snapshot_interval = 1000;
  // Events read and folded per step.
  size_t batch = 1000;
  // Throw the store away and fold from position 0.
  bool rebuild = false;
  // Where progress and trouble are reported: (level, message).
  std::function<void(absl::string_view, absl::string_view)> report;
};

class Projection {
 public:
  static absl::StatusOr<std::unique_ptr<Projection>> Open(storage::EventLog* log,
                                                          const std::string& path,
                                                          ProjectionOptions options);
  // Stops following and stores a snapshot of where it got to.
  ~Projection();

  // Follows the log on a thread of its own until Stop().
  void Start();
  void Stop();

  // Folds, on the calling thread, every event the log holds now. For tools
  // and tests; safe beside the follower (they take turns).
  absl::Status CatchUp();
  // Blocks until the fold has passed `position` events or `deadline`;
  // DeadlineExceeded then.
  absl::Status WaitForPosition(uint64_t position, absl::Time deadline) const;

  // Runs `read` on the current state, under a reader lock.
  template <typename Reader>
  auto Read(Reader read) const {
    absl::ReaderMutexLock lock(&mu_);
    return read(state_);
  }
  uint64_t position() const;

  // The state of the log's first `position` events. InvalidArgument beyond
  // the log.
  absl::StatusOr<ProgramState> AsOfPosition(uint64_t position) const;
  // The state of the events recorded at or before `micros`.
  absl::StatusOr<ProgramState> AsOfRecordedTime(int64_t micros) const;
  // The state of the events (among those folded so far) whose business time
  // falls before the end of `date` (YYYY-MM-DD, UTC), in log order.
  // InvalidArgument for a malformed date.
  absl::StatusOr<ProgramState> AsOfBusinessDate(absl::string_view date) const;

  const ProjectionStore& store() const { return *store_; }

 private:
  Projection(storage::EventLog* log, std::unique_ptr<ProjectionStore> store,
             ProjectionOptions options)
      : log_(log),
        store_(std::move(store)),
        options_(std::move(options)),
        follower_(log, {[this]() -> absl::StatusOr<bool> {
                          absl::MutexLock fold(&fold_mu_);
                          return Step();
                        },
                        [this] { return position(); },
                        [this](const absl::Status& failed) {
                          Report("error",
                                 absl::StrCat("projection stopped at position ", position(), ": ",
                                              failed.message(), "; retrying"));
                        }}) {}

  // Loads the latest snapshot that matches the log.
  absl::Status Resume(const std::string& path);
  // Reads and folds one batch; false when there was nothing to fold.
  absl::StatusOr<bool> Step();
  // Stores a snapshot of the current state. Needs fold_mu_.
  absl::Status WriteSnapshot();
  void Report(absl::string_view level, absl::string_view message) const;
  // Folds the log's events [state.position, end) into `state`.
  absl::Status FoldUpTo(ProgramState& state, uint64_t end) const;

  storage::EventLog* const log_;
  std::unique_ptr<ProjectionStore> store_;
  const ProjectionOptions options_;

  mutable absl::Mutex mu_;
  ProgramState state_ ABSL_GUARDED_BY(mu_);

  absl::Mutex fold_mu_;  // one folder at a time: the follower or CatchUp
  int64_t index_running_max_ ABSL_GUARDED_BY(fold_mu_);
  uint64_t last_snapshot_position_ ABSL_GUARDED_BY(fold_mu_) = 0;
  // Program streams whose aggregates changed since the last snapshot.
  absl::flat_hash_set<std::string> changed_ ABSL_GUARDED_BY(fold_mu_);
  // The records of the batch being folded, parsed over batch after batch.
  std::vector<v1::EventRecord> batch_ ABSL_GUARDED_BY(fold_mu_);

  LogFollower follower_;  // last: stops before the members it uses go
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_PROJECTION_H_
