#include "storage/sequencer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
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

// A staged group: its batch and overlay (in the stager) and every outcome to
// report once the batch is written.
struct Sequencer::StagedGroup {
  std::unique_ptr<GroupStager> stager;
  std::vector<std::pair<Done, absl::StatusOr<AppendResult>>> outcomes;
};

Sequencer::Sequencer(const LogDatabase* database, const LogOptions& options,
                     SequencerState initial, CommitListener on_commit)
    : database_(database),
      reader_(database),
      options_(options),
      on_commit_(std::move(on_commit)),
      staged_state_(initial),
      version_cache_(std::make_unique<StreamVersionCache>()),
      committed_(std::move(initial)),
      staging_thread_([this] { RunStaging(); }),
      writing_thread_([this] { RunWriting(); }) {}

Sequencer::~Sequencer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  staging_thread_.join();
  writing_thread_.join();
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

void Sequencer::RunStaging() {
  for (;;) {
    std::deque<Pending> group = TakeGroup();
    if (group.empty()) break;  // stopping, and nothing left to stage
    HandOver(Stage(std::move(group)));
  }
  absl::MutexLock lock(&mu_);
  staging_done_ = true;
}

std::shared_ptr<Sequencer::StagedGroup> Sequencer::Stage(std::deque<Pending> group) {
  Clock* clock = options_.clock != nullptr ? options_.clock : Clock::Real();
  auto staged = std::make_shared<StagedGroup>();
  staged->stager = std::make_unique<GroupStager>(
      database_, &reader_, previous_ ? previous_->stager.get() : nullptr, version_cache_.get(),
      staged_state_, std::max(clock->Now(), staged_state_.last_recorded));
  for (Pending& pending : group) {
    staged->outcomes.emplace_back(std::move(pending.done),
                                  staged->stager->Stage(pending.request));
  }
  return staged;
}

// Waits for the writer to finish the group before, so that at most one group
// is in flight and `previous_` is the only one not yet in the database.
void Sequencer::HandOver(std::shared_ptr<StagedGroup> group) {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Sequencer* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
        return self->in_flight_ == nullptr;
      },
      this));
  if (!write_failure_.ok()) {
    // The group was staged on top of one that never reached the disk.
    const absl::Status failed = absl::UnavailableError(absl::StrCat(
        "not appended: an earlier write failed (", write_failure_.message(), "); retry"));
    for (auto& [done, outcome] : group->outcomes) done(failed);
    staged_state_ = committed_;
    version_cache_->Clear();
    previous_ = nullptr;
    write_failure_ = absl::OkStatus();
    return;
  }
  staged_state_ = group->stager->staged_state();
  previous_ = group;
  in_flight_ = std::move(group);
}

void Sequencer::RunWriting() {
  for (;;) {
    std::shared_ptr<StagedGroup> group;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Sequencer* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
            return self->in_flight_ != nullptr || self->staging_done_;
          },
          this));
      if (in_flight_ == nullptr) return;  // staging is done and everything is written
      group = in_flight_;
    }
    Write(*group);
    absl::MutexLock lock(&mu_);
    in_flight_ = nullptr;
  }
}

void Sequencer::Write(StagedGroup& group) {
  absl::Status written = absl::OkStatus();
  if (group.stager->batch()->Count() > 0) {
    rocksdb::WriteOptions write;
    write.sync = options_.durability == Durability::kSync;
    written = FromRocks(database_->db()->Write(write, group.stager->batch()), "appending");
  }
  if (written.ok()) {
    {
      absl::MutexLock lock(&mu_);
      committed_ = group.stager->staged_state();
    }
    on_commit_(group.stager->staged_state().size);
  } else {
    absl::MutexLock lock(&mu_);
    write_failure_ = written;
  }
  for (auto& [done, outcome] : group.outcomes) {
    // Errors and duplicates stand as staged; new events stand or fall with the write.
    const bool wrote_this = outcome.ok() && !outcome->duplicate;
    done(written.ok() || !wrote_this ? std::move(outcome) : absl::StatusOr<AppendResult>(written));
  }
}

}  // namespace minhbach::storage
