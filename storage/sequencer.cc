#include "storage/sequencer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "rocksdb/iostats_context.h"
#include "rocksdb/perf_context.h"
#include "rocksdb/perf_level.h"
#include "storage/group_stager.h"
#include "storage/rocks_status.h"

namespace minhbach::storage {
namespace {

// Two committers: one stages while the other writes.
constexpr int kCommitters = 2;

absl::Status ClosingError() {
  return absl::FailedPreconditionError("the log is closing; retry against the reopened log");
}

size_t PayloadBytes(const AppendRequest& request) {
  size_t bytes = 0;
  for (const NewEvent& event : request.events) bytes += event.payload.size();
  return bytes;
}

}  // namespace

// One group on its way through the pipeline.
struct Sequencer::StagedGroup {
  std::deque<Pending> pending;
  uint64_t ticket = 0;  // its place in write order
  uint64_t epoch = 0;   // the epoch it was staged in
  std::unique_ptr<GroupStager> stager;
  std::vector<absl::StatusOr<AppendResult>> outcomes;  // one per pending append
};

Sequencer::Sequencer(const LogDatabase* database, const LogOptions& options, SequencerState initial,
                     CommitListener on_commit)
    : database_(database),
      reader_(database),
      options_(options),
      on_commit_(std::move(on_commit)),
      staged_state_(initial),
      version_cache_(std::make_unique<StreamVersionCache>()),
      committed_(std::move(initial)) {
  for (int i = 0; i < kCommitters; ++i) committers_.emplace_back([this] { RunCommitter(); });
}

Sequencer::~Sequencer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& committer : committers_) committer.join();
}

void Sequencer::Submit(AppendRequest request, Done done) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    done(ClosingError());
    return;
  }
  queue_.push_back(Pending{std::move(request), std::move(done)});
}

void Sequencer::RunCommitter() {
  while (std::shared_ptr<StagedGroup> group = TakeStagingTurn()) {
    Stage(group);
    WriteInTurn(*group);
  }
}

std::shared_ptr<Sequencer::StagedGroup> Sequencer::TakeStagingTurn() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Sequencer* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
        if (self->staging_busy_) return false;
        if (self->queue_.empty()) return self->stopping_;
        return self->GroupsInFlightLocked() <= 1;
      },
      this));
  if (queue_.empty()) return nullptr;  // stopping, and nothing left
  return StartGroupLocked();
}

std::shared_ptr<Sequencer::StagedGroup> Sequencer::StartGroupLocked() {
  // A group is checked against the database and the one group staged before
  // it (GroupStager looks back only that far), so every group before that
  // one must be written already. Callers wait for this; it must never fail.
  if (GroupsInFlightLocked() > 1) {
    std::fprintf(stderr, "minhbach: sequencer invariant broken: %llu groups unwritten\n",
                 static_cast<unsigned long long>(GroupsInFlightLocked()));
    std::abort();
  }
  auto group = std::make_shared<StagedGroup>();
  size_t bytes = 0;
  while (!queue_.empty() && (group->pending.empty() || bytes < options_.max_group_bytes)) {
    bytes += PayloadBytes(queue_.front().request);
    group->pending.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  staging_busy_ = true;
  group->ticket = next_ticket_++;
  group->epoch = epoch_;
  if (restage_from_committed_) {
    staged_state_ = committed_;
    version_cache_->Clear();
    previous_ = nullptr;
    restage_from_committed_ = false;
  }
  return group;
}

void Sequencer::SubmitOrCommit(AppendRequest request, Done done) {
  std::shared_ptr<StagedGroup> group;
  bool queued = false;
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queued = true;
      queue_.push_back(Pending{std::move(request), std::move(done)});
      // An idle pipeline: commit on this thread, sparing two thread hand-offs.
      if (!staging_busy_ && next_to_write_ == next_ticket_) group = StartGroupLocked();
    }
  }
  if (!queued) {
    done(ClosingError());
  } else if (group != nullptr) {
    Stage(group);
    WriteInTurn(*group);
  }
}

absl::StatusOr<AppendResult> Sequencer::Commit(AppendRequest request) {
  absl::StatusOr<AppendResult> outcome;
  absl::Notification done;
  SubmitOrCommit(std::move(request), [&](absl::StatusOr<AppendResult> result) {
    outcome = std::move(result);
    done.Notify();
  });
  done.WaitForNotification();
  return outcome;
}

// Runs with the staging turn. Until the group's write turn comes, appends
// that arrive join it: they would otherwise wait for a whole extra fsync.
// Hands the staging turn on at the end.
void Sequencer::Stage(const std::shared_ptr<StagedGroup>& staged) {
  StagedGroup& group = *staged;
  Clock* clock = options_.clock != nullptr ? options_.clock : Clock::Real();
  group.stager = std::make_unique<GroupStager>(
      database_, &reader_, previous_ ? previous_->stager.get() : nullptr, version_cache_.get(),
      staged_state_, std::max(clock->Now(), staged_state_.last_recorded));
  size_t bytes = 0;
  for (;;) {
    for (size_t i = group.outcomes.size(); i < group.pending.size(); ++i) {
      group.outcomes.push_back(group.stager->Stage(group.pending[i].request));
      bytes += PayloadBytes(group.pending[i].request);
    }
    absl::MutexLock lock(&mu_);
    auto turn_or_arrival = [this, &group]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return next_to_write_ == group.ticket || !queue_.empty();
    };
    mu_.Await(absl::Condition(&turn_or_arrival));
    if (next_to_write_ == group.ticket || bytes >= options_.max_group_bytes) break;
    while (!queue_.empty()) {
      group.pending.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
  }
  staged_state_ = group.stager->staged_state();
  previous_ = staged;
  absl::MutexLock lock(&mu_);
  staging_busy_ = false;
}

void Sequencer::WriteInTurn(StagedGroup& group) {
  absl::Status written;
  bool stale = false;  // staged on top of a group whose write failed
  bool resume = false;
  {
    absl::MutexLock lock(&mu_);
    auto my_turn = [this, &group]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return next_to_write_ == group.ticket;
    };
    mu_.Await(absl::Condition(&my_turn));
    stale = group.epoch != epoch_;
    if (stale) {
      written = absl::UnavailableError(absl::StrCat("not appended: an earlier write failed (",
                                                    last_write_failure_.message(), "); retry"));
    }
    resume = resume_before_write_;
  }
  if (written.ok() && group.stager->batch()->Count() > 0) {
    // After a failed write (a full disk, say) RocksDB refuses writes until
    // resumed, even once the cause is gone. Resuming flushes the memtables,
    // so it fails, and this group with it, for as long as the cause lasts.
    if (resume) {
      written = FromRocks(database_->db()->Resume(), "resuming after a failed write");
      resume = !written.ok();
    }
    if (written.ok()) written = WriteGroup(group);
  }
  // Published before the write turn passes on, so that sizes are published
  // in order and an append acknowledged in a later group is never hidden
  // behind an earlier group's smaller size.
  if (written.ok()) on_commit_(group.stager->staged_state().size);
  {
    absl::MutexLock lock(&mu_);
    if (written.ok()) {
      committed_ = group.stager->staged_state();
      resume_before_write_ = resume;  // false once resumed; unchanged if nothing was written
    } else if (group.epoch == epoch_) {
      ++epoch_;  // everything staged on top of this group fails in its turn
      restage_from_committed_ = true;
      last_write_failure_ = written;
      resume_before_write_ = true;
    }
    ++next_to_write_;
  }
  // Every outcome was judged against the log as it would be once this group
  // (and the one before) were written: a retry found in this group, a version
  // conflict with an event staged here. So all of them stand or fall with the
  // write, errors and duplicates included.
  const bool stands = !stale && written.ok();
  for (size_t i = 0; i < group.pending.size(); ++i) {
    group.pending[i].done(stands ? std::move(group.outcomes[i])
                                 : absl::StatusOr<AppendResult>(written));
  }
}

// RocksDB's timers are on for this write only: the thread (a committer, or
// a gRPC thread committing inline) reads with them off, as before.
absl::Status Sequencer::WriteGroup(StagedGroup& group) {
  rocksdb::WriteOptions write;
  write.sync = options_.durability == Durability::kSync;
  const rocksdb::PerfLevel level = rocksdb::GetPerfLevel();
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableTimeExceptForMutex);
  rocksdb::get_perf_context()->Reset();
  rocksdb::get_iostats_context()->Reset();
  const absl::Time start = absl::Now();
  const rocksdb::Status written = database_->db()->Write(write, group.stager->batch());
  writing_ns_ += absl::ToInt64Nanoseconds(absl::Now() - start);
  logging_ns_ += rocksdb::get_perf_context()->write_wal_time;
  inserting_ns_ += rocksdb::get_perf_context()->write_memtable_time;
  syncing_ns_ += rocksdb::get_iostats_context()->fsync_nanos;
  rocksdb::SetPerfLevel(level);
  ++groups_;
  appends_ += group.pending.size();
  return FromRocks(written, "appending");
}

CommitStats Sequencer::stats() const {
  CommitStats stats;
  stats.groups = groups_.load();
  stats.appends = appends_.load();
  stats.writing = absl::Nanoseconds(writing_ns_.load());
  stats.logging = absl::Nanoseconds(logging_ns_.load());
  stats.syncing = absl::Nanoseconds(syncing_ns_.load());
  stats.inserting = absl::Nanoseconds(inserting_ns_.load());
  return stats;
}

}  // namespace minhbach::storage
