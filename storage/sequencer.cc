#include "storage/sequencer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "storage/group_stager.h"
#include "storage/rocks_status.h"

namespace minhbach::storage {
namespace {

// A group stops growing at this many payload bytes, so that one huge burst
// cannot make one huge WriteBatch.
constexpr size_t kMaxGroupBytes = 64 << 20;

size_t PayloadBytes(const AppendRequest& request) {
  size_t bytes = 0;
  for (const NewEvent& event : request.events) bytes += event.payload.size();
  return bytes;
}

}  // namespace

Sequencer::Sequencer(const LogDatabase* database, const LogOptions& options,
                     SequencerState initial, CommitListener on_commit)
    : database_(database),
      reader_(database),
      options_(options),
      on_commit_(std::move(on_commit)),
      state_(std::move(initial)),
      thread_([this] { Run(); }) {}

Sequencer::~Sequencer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void Sequencer::Submit(AppendRequest request, Done done) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    done(absl::FailedPreconditionError("the log is closing; retry against the reopened log"));
    return;
  }
  queue_.push_back(Pending{std::move(request), std::move(done)});
}

std::deque<Sequencer::Pending> Sequencer::TakeGroup() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Sequencer* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
        return !self->queue_.empty() || self->stopping_;
      },
      this));
  std::deque<Pending> group;
  size_t bytes = 0;
  while (!queue_.empty() && (group.empty() || bytes < kMaxGroupBytes)) {
    bytes += PayloadBytes(queue_.front().request);
    group.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return group;
}

void Sequencer::Run() {
  for (;;) {
    std::deque<Pending> group = TakeGroup();
    if (group.empty()) return;  // stopping, and nothing left to commit
    CommitGroup(std::move(group));
  }
}

void Sequencer::CommitGroup(std::deque<Pending> group) {
  Clock* clock = options_.clock != nullptr ? options_.clock : Clock::Real();
  GroupStager stager(database_, &reader_, state_, std::max(clock->Now(), state_.last_recorded));
  std::vector<std::pair<Done, AppendResult>> staged;
  for (Pending& pending : group) {
    absl::StatusOr<AppendResult> result = stager.Stage(pending.request);
    // Errors, and retries of events already written, owe nothing to this batch.
    if (!result.ok() || (result->duplicate && result->first_position < state_.size)) {
      pending.done(std::move(result));
    } else {
      staged.emplace_back(std::move(pending.done), *result);
    }
  }
  if (staged.empty()) return;
  rocksdb::WriteOptions write;
  write.sync = options_.durability == Durability::kSync;
  absl::Status written = FromRocks(database_->db()->Write(write, stager.batch()), "appending");
  if (written.ok()) {
    state_ = stager.staged_state();
    on_commit_(state_.size);
  }
  for (auto& [done, result] : staged) {
    if (written.ok()) {
      done(result);
    } else {
      done(written);
    }
  }
}

}  // namespace minhbach::storage
