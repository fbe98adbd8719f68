#include "services/program/projection.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/domain/dates.h"
#include "services/program/program_streams.h"
#include "services/program/snapshot_codec.h"
#include "storage/log_search.h"
#include "storage/status_macros.h"

namespace minhbach::program {

absl::StatusOr<std::unique_ptr<Projection>> Projection::Open(storage::EventLog* log,
                                                             const std::string& path,
                                                             ProjectionOptions options) {
  if (options.rebuild) RETURN_IF_ERROR(ProjectionStore::Destroy(path));
  ASSIGN_OR_RETURN(std::unique_ptr<ProjectionStore> store, ProjectionStore::Open(path));
  if (!store->replaced_format().empty() && options.report) {
    options.report("warning",
                   absl::StrCat(path, " held projections of format ", store->replaced_format(),
                                ", which this minhbachd does not read; rebuilding them"));
  }
  std::unique_ptr<Projection> projection(new Projection(log, std::move(store), std::move(options)));
  RETURN_IF_ERROR(projection->Resume(path));
  return projection;
}

absl::Status Projection::Resume(const std::string& path) {
  ASSIGN_OR_RETURN(std::optional<StoredSnapshot> latest, store_->SnapshotAtOrBefore(UINT64_MAX));
  if (latest) {
    const uint64_t position = latest->state.position;
    absl::StatusOr<storage::merkle::Hash> root =
        position <= log_->Size() ? log_->RootAt(position)
                                 : absl::StatusOr<storage::merkle::Hash>(absl::OutOfRangeError(""));
    const bool matches =
        (root.ok() && *root == latest->root) || absl::IsFailedPrecondition(root.status());
    if (!matches) {
      Report("warning", absl::StrCat("projections in ", path, " were folded from another log (",
                                     "snapshot at ", position, ", log of ", log_->Size(),
                                     " events); rebuilding them from position 0"));
      store_.reset();
      RETURN_IF_ERROR(ProjectionStore::Destroy(path));
      ASSIGN_OR_RETURN(store_, ProjectionStore::Open(path));
      latest.reset();
    }
  }
  // The events after the snapshot are indexed again as they are folded again.
  RETURN_IF_ERROR(store_->ForgetIndexFrom(latest ? latest->state.position : 0));
  absl::MutexLock fold(&fold_mu_);
  absl::MutexLock lock(&mu_);
  state_ = latest ? std::move(latest->state) : ProgramState();
  index_running_max_ = state_.max_business_time_micros;
  last_snapshot_position_ = state_.position;
  changed_.clear();
  Report("info",
         absl::StrCat("projections resume at position ", state_.position, " of ", log_->Size()));
  return absl::OkStatus();
}

Projection::~Projection() { Stop(); }

void Projection::Start() { follower_.Start(); }

void Projection::Stop() {
  follower_.Stop();
  absl::MutexLock fold(&fold_mu_);
  if (position() == last_snapshot_position_) return;
  if (absl::Status written = WriteSnapshot(); !written.ok()) {
    Report("warning", absl::StrCat("no snapshot at shutdown: ", written.message()));
  }
}

void Projection::Report(absl::string_view level, absl::string_view message) const {
  if (options_.report) options_.report(level, message);
}

absl::Status Projection::CatchUp() {
  const uint64_t end = log_->Size();
  absl::MutexLock fold(&fold_mu_);
  while (position() < end) {
    ASSIGN_OR_RETURN(bool folded, Step());
    if (!folded) break;
  }
  return absl::OkStatus();
}

absl::Status Projection::WaitForPosition(uint64_t target, absl::Time deadline) const {
  absl::ReaderMutexLock lock(&mu_);
  auto reached = [this, target]()
                     ABSL_SHARED_LOCKS_REQUIRED(mu_) { return state_.position >= target; };
  if (!mu_.AwaitWithDeadline(absl::Condition(&reached), deadline)) {
    return absl::DeadlineExceededError(
        absl::StrCat("the projections have folded ", state_.position, " events, not yet ", target));
  }
  return absl::OkStatus();
}

uint64_t Projection::position() const {
  absl::ReaderMutexLock lock(&mu_);
  return state_.position;
}

absl::StatusOr<bool> Projection::Step() {
  const uint64_t from = position();
  RETURN_IF_ERROR(log_->ReadRecordsInto(from, options_.batch, batch_));
  if (batch_.empty()) return false;
  std::vector<const v1::EventRecord*> records;
  records.reserve(batch_.size());
  for (const v1::EventRecord& record : batch_) records.push_back(&record);

  // Indexes first: when their write fails nothing has moved, and the step
  // is simply tried again.
  ASSIGN_OR_RETURN(index_running_max_, store_->Index(records, index_running_max_, nullptr));
  for (const v1::EventRecord* record : records) {
    if (ParseProgramStream(record->stream())) changed_.insert(record->stream());
  }
  {
    absl::MutexLock lock(&mu_);
    for (v1::EventRecord& record : batch_) FoldRecordInPlace(state_, record);
  }
  if (position() - last_snapshot_position_ >= options_.snapshot_interval) {
    // A failed snapshot loses nothing: the next one is tried a batch later.
    if (absl::Status written = WriteSnapshot(); !written.ok()) {
      Report("warning", absl::StrCat("projection snapshot not written: ", written.message()));
    }
  }
  return true;
}

absl::Status Projection::WriteSnapshot() {
  // Only this thread (holding fold_mu_) changes the state: readers may go on.
  SnapshotToWrite snapshot;
  Read([this, &snapshot](const ProgramState& s) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    snapshot.position = s.position;
    snapshot.max_business_time_micros = s.max_business_time_micros;
    snapshot.header_bytes = DeterministicBytes(HeaderSnapshot(s));
    // In key order, as the store will hold them.
    std::vector<absl::string_view> streams(changed_.begin(), changed_.end());
    std::sort(streams.begin(), streams.end());
    for (absl::string_view stream : streams) {
      const v1::snapshot::ProgramSnapshot aggregate = AggregateSnapshot(s, stream);
      if (aggregate.ByteSizeLong() > 0) {
        snapshot.changed.emplace_back(stream, DeterministicBytes(aggregate));
      }
    }
  });
  ASSIGN_OR_RETURN(snapshot.root, log_->RootAt(snapshot.position));
  RETURN_IF_ERROR(store_->Index({}, index_running_max_, &snapshot).status());
  last_snapshot_position_ = snapshot.position;
  changed_.clear();
  return absl::OkStatus();
}

absl::Status Projection::FoldUpTo(ProgramState& state, uint64_t end) const {
  std::vector<v1::EventRecord> records;
  while (state.position < end) {
    const size_t want = std::min<uint64_t>(options_.batch, end - state.position);
    RETURN_IF_ERROR(log_->ReadRecordsInto(state.position, want, records));
    if (records.empty()) {
      return absl::InternalError(
          absl::StrCat("the log ends at ", state.position, ", before ", end));
    }
    for (v1::EventRecord& record : records) FoldRecordInPlace(state, record);
  }
  return absl::OkStatus();
}

absl::StatusOr<ProgramState> Projection::AsOfPosition(uint64_t target) const {
  const uint64_t size = log_->Size();
  if (target > size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "as_of.position ", target, " is beyond the log, which holds ", size, " events"));
  }
  ASSIGN_OR_RETURN(std::optional<StoredSnapshot> snapshot, store_->SnapshotAtOrBefore(target));
  ProgramState state = snapshot ? std::move(snapshot->state) : ProgramState();
  // The live state is a closer start when it has not passed the target.
  Read([&state, target](const ProgramState& current) {
    if (current.position <= target && current.position > state.position) state = current;
  });
  RETURN_IF_ERROR(FoldUpTo(state, target));
  return state;
}

absl::StatusOr<ProgramState> Projection::AsOfRecordedTime(int64_t micros) const {
  ASSIGN_OR_RETURN(uint64_t position, storage::FirstRecordedAfter(*log_, micros, log_->Size()));
  return AsOfPosition(position);
}

absl::StatusOr<ProgramState> Projection::AsOfBusinessDate(absl::string_view date) const {
  absl::CivilDay day;
  if (!domain::IsValidDate(date) || !absl::ParseCivilTime(date, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("as_of.business_date must be a date YYYY-MM-DD, got \"", date, "\""));
  }
  const int64_t end = absl::ToUnixMicros(absl::FromCivil(day + 1, absl::UTCTimeZone()));
  ASSIGN_OR_RETURN(uint64_t indexed, store_->IndexedPosition());
  const uint64_t to = std::min(indexed, log_->Size());
  ASSIGN_OR_RETURN(std::optional<StoredSnapshot> snapshot, store_->SnapshotBeforeBusinessTime(end));
  ProgramState state;
  if (snapshot && snapshot->state.position <= to) state = std::move(snapshot->state);
  // Every event the snapshot holds had happened by then. After it, an event
  // that is not late has a business time at least the largest so far, so
  // once that reaches the end of the day only late events can still count:
  // scan forward until then (at most about one snapshot interval), and take
  // the late ones after it from their index.
  int64_t largest = state.max_business_time_micros;
  uint64_t position = state.position;
  std::vector<v1::EventRecord> records;
  while (position < to && largest < end) {
    const size_t want = std::min<uint64_t>(options_.batch, to - position);
    RETURN_IF_ERROR(log_->ReadRecordsInto(position, want, records));
    if (records.empty()) break;
    for (const v1::EventRecord& record : records) {
      ++position;
      if (!ParseProgramStream(record.stream())) continue;
      const int64_t micros = record.business_time_micros();
      if (micros < end) ApplyRecord(state, record);
      largest = std::max(largest, micros);
      if (largest >= end) break;
    }
  }
  ASSIGN_OR_RETURN(std::vector<uint64_t> late, store_->LateEventsBefore(position, to, end));
  for (uint64_t late_position : late) {
    ASSIGN_OR_RETURN(storage::StoredEvent event, log_->GetEvent(late_position));
    ApplyRecord(state, event.record);
  }
  state.position = to;
  return state;
}

}  // namespace minhbach::program
