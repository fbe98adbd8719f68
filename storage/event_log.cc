#include "storage/event_log.h"

#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/utilities/checkpoint.h"
#include "storage/append_validation.h"
#include "storage/log_database.h"
#include "storage/log_reader.h"
#include "storage/rocks_status.h"
#include "storage/sequencer.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

class RocksEventLog final : public EventLog {
 public:
  RocksEventLog(std::unique_ptr<LogDatabase> database, const LogOptions& options, uint64_t size)
      : database_(std::move(database)), reader_(database_.get()), options_(options), size_(size) {}

  ~RocksEventLog() override { sequencer_.reset(); }  // drain appends before RocksDB closes

  // Starts the sequencer (not for read-only logs) on the recovered state.
  void StartSequencer(SequencerState initial) {
    sequencer_ = std::make_unique<Sequencer>(database_.get(), options_, std::move(initial),
                                             [this](uint64_t size) { PublishSize(size); });
  }

  absl::StatusOr<AppendResult> Append(AppendRequest request) override {
    RETURN_IF_ERROR(CheckAppendable(request));
    return sequencer_->Commit(std::move(request));
  }

  void AppendAsync(AppendRequest request,
                   std::function<void(absl::StatusOr<AppendResult>)> done) override {
    Queue(std::move(request), std::move(done), /*inline_when_idle=*/false);
  }

  void AppendAsyncOrInline(AppendRequest request,
                           std::function<void(absl::StatusOr<AppendResult>)> done) override {
    Queue(std::move(request), std::move(done), /*inline_when_idle=*/true);
  }

  uint64_t Size() const override {
    absl::MutexLock lock(&size_mu_);
    return size_;
  }

  CommitStats GetCommitStats() const override {
    return sequencer_ != nullptr ? sequencer_->stats() : CommitStats();
  }

  uint64_t WaitForSizeAbove(uint64_t position, absl::Time deadline) const override {
    absl::MutexLock lock(&size_mu_);
    auto grown = [this, position]()
                     ABSL_EXCLUSIVE_LOCKS_REQUIRED(size_mu_) { return size_ > position; };
    size_mu_.AwaitWithDeadline(absl::Condition(&grown), deadline);
    return size_;
  }

  std::optional<uint64_t> WatchSizeAbove(uint64_t position, std::function<void()> ready) override {
    absl::MutexLock lock(&size_mu_);
    if (size_ > position) return std::nullopt;
    const uint64_t id = next_watch_id_++;
    watches_.emplace(id, Watch{position, std::move(ready)});
    return id;
  }

  void CancelWatch(uint64_t watch_id) override {
    absl::MutexLock lock(&size_mu_);
    watches_.erase(watch_id);
    // A watch already taken by PublishSize may still be running: wait it out.
    size_mu_.Await(absl::Condition(
        +[](int* firing) { return *firing == 0; }, &firing_watches_));
  }

  absl::StatusOr<std::vector<StoredEvent>> ReadAll(uint64_t from_position,
                                                   size_t limit) const override {
    return reader_.ReadRange(from_position, Size(), limit);
  }

  absl::Status ReadRecordsInto(uint64_t from_position, size_t limit,
                               std::vector<v1::EventRecord>& records) const override {
    return reader_.ReadRecordsInto(from_position, Size(), limit, records);
  }

  absl::StatusOr<std::vector<StoredEvent>> ReadStream(absl::string_view stream,
                                                      uint64_t from_version,
                                                      ReadDirection direction,
                                                      size_t limit) const override {
    ASSIGN_OR_RETURN(std::vector<uint64_t> positions,
                     reader_.StreamPositions(stream, from_version, direction, limit, Size()));
    std::vector<StoredEvent> events;
    events.reserve(positions.size());
    for (uint64_t position : positions) {
      ASSIGN_OR_RETURN(StoredEvent event, reader_.ReadEvent(position));
      events.push_back(std::move(event));
    }
    return events;
  }

  absl::StatusOr<StoredEvent> GetEvent(uint64_t position) const override {
    const uint64_t size = Size();
    if (position >= size) {
      return absl::NotFoundError(
          absl::StrCat("no event at position ", position, "; the log has ", size, " events"));
    }
    return reader_.ReadEvent(position);
  }

  absl::StatusOr<std::vector<StoredEvent>> GetEvents(absl::Span<const uint64_t> positions,
                                                     size_t max_bytes) const override {
    const uint64_t size = Size();
    for (uint64_t position : positions) {
      if (position >= size) {
        return absl::NotFoundError(
            absl::StrCat("no event at position ", position, "; the log has ", size, " events"));
      }
    }
    return reader_.ReadEvents(positions, max_bytes);
  }

  absl::StatusOr<StoredEvent> GetEventById(absl::string_view event_id) const override {
    ASSIGN_OR_RETURN(std::optional<uint64_t> position, reader_.PositionOfEventId(event_id));
    if (!position.has_value() || *position >= Size()) {
      return absl::NotFoundError("no event has that id");
    }
    return reader_.ReadEvent(*position);
  }

  absl::StatusOr<std::optional<uint64_t>> StreamVersion(absl::string_view stream) const override {
    return reader_.StreamVersion(stream);
  }

  absl::StatusOr<merkle::Hash> RootAt(uint64_t size) const override {
    RETURN_IF_ERROR(CheckTreeSize(size));
    StoredNodeReader nodes(database_.get());
    return merkle::RootAt(nodes, size);
  }

  absl::StatusOr<std::vector<merkle::Hash>> InclusionProof(uint64_t index,
                                                           uint64_t size) const override {
    RETURN_IF_ERROR(CheckTreeSize(size));
    StoredNodeReader nodes(database_.get());
    return merkle::InclusionProof(nodes, index, size);
  }

  absl::StatusOr<std::vector<merkle::Hash>> ConsistencyProof(uint64_t old_size,
                                                             uint64_t new_size) const override {
    RETURN_IF_ERROR(CheckTreeSize(new_size));
    StoredNodeReader nodes(database_.get());
    return merkle::ConsistencyProof(nodes, old_size, new_size);
  }

  absl::Status Checkpoint(const std::string& destination) const override {
    rocksdb::Checkpoint* raw = nullptr;
    RETURN_IF_ERROR(
        FromRocks(rocksdb::Checkpoint::Create(database_->db(), &raw), "preparing a backup"));
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    return FromRocks(checkpoint->CreateCheckpoint(destination, /*log_size_for_flush=*/0),
                     absl::StrCat("writing a backup to ", destination));
  }

  absl::StatusOr<merkle::Hash> TreeNode(int level, uint64_t index) const override {
    RETURN_IF_ERROR(CheckTreeSize(0));
    StoredNodeReader nodes(database_.get());
    return nodes.GetNode(level, index);
  }

 private:
  absl::Status CheckAppendable(const AppendRequest& request) const {
    if (sequencer_ == nullptr) {
      return absl::FailedPreconditionError("the log is open read-only; appends are refused");
    }
    return ValidateAppendRequest(request, options_);
  }

  void PublishSize(uint64_t size) {
    std::vector<std::function<void()>> ready;
    {
      absl::MutexLock lock(&size_mu_);
      size_ = size;
      for (auto it = watches_.begin(); it != watches_.end();) {
        if (it->second.position < size) {
          ready.push_back(std::move(it->second.ready));
          watches_.erase(it++);
        } else {
          ++it;
        }
      }
      firing_watches_ += static_cast<int>(ready.size());
    }
    for (std::function<void()>& fire : ready) {
      fire();
      absl::MutexLock lock(&size_mu_);
      --firing_watches_;
    }
  }

  void Queue(AppendRequest request, std::function<void(absl::StatusOr<AppendResult>)> done,
             bool inline_when_idle) {
    if (absl::Status appendable = CheckAppendable(request); !appendable.ok()) {
      done(std::move(appendable));
    } else if (inline_when_idle) {
      sequencer_->SubmitOrCommit(std::move(request), std::move(done));
    } else {
      sequencer_->Submit(std::move(request), std::move(done));
    }
  }

  absl::Status CheckTreeSize(uint64_t size) const {
    if (!database_->has_merkle_tree()) {
      return absl::FailedPreconditionError("this log was created without a Merkle tree");
    }
    const uint64_t log_size = Size();
    if (size > log_size) {
      return absl::InvalidArgumentError(
          absl::StrCat("tree size ", size, " is beyond the log's ", log_size, " events"));
    }
    return absl::OkStatus();
  }

  const std::unique_ptr<LogDatabase> database_;
  const LogReader reader_;
  const LogOptions options_;

  struct Watch {
    uint64_t position;
    std::function<void()> ready;
  };

  mutable absl::Mutex size_mu_;
  uint64_t size_ ABSL_GUARDED_BY(size_mu_);
  uint64_t next_watch_id_ ABSL_GUARDED_BY(size_mu_) = 1;
  std::map<uint64_t, Watch> watches_ ABSL_GUARDED_BY(size_mu_);
  int firing_watches_ ABSL_GUARDED_BY(size_mu_) = 0;

  std::unique_ptr<Sequencer> sequencer_;  // null for a read-only log
};

// The state the sequencer needs, read back from a log of `size` events.
absl::StatusOr<SequencerState> RecoverState(const LogDatabase* database, uint64_t size) {
  SequencerState state;
  state.size = size;
  if (database->has_merkle_tree()) {
    StoredNodeReader nodes(database);
    absl::StatusOr<merkle::CompactRange> tree = merkle::CompactRange::Load(nodes, size);
    if (!tree.ok()) {
      return absl::DataLossError(absl::StrCat("the stored Merkle tree does not cover the ", size,
                                              " stored events (", tree.status().message(),
                                              "); run offline verification"));
    }
    state.tree = *std::move(tree);
  }
  if (size > 0) {
    ASSIGN_OR_RETURN(StoredEvent last, LogReader(database).ReadEvent(size - 1));
    state.last_recorded = absl::FromUnixMicros(last.record.recorded_time_micros());
  }
  return state;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventLog>> EventLog::Open(const std::string& path,
                                                         const LogOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<LogDatabase> database, LogDatabase::Open(path, options));
  ASSIGN_OR_RETURN(uint64_t size, LogReader(database.get()).StoredEventCount());
  ASSIGN_OR_RETURN(SequencerState state, RecoverState(database.get(), size));
  auto log = std::make_unique<RocksEventLog>(std::move(database), options, size);
  if (!options.read_only) log->StartSequencer(std::move(state));
  return log;
}

}  // namespace minhbach::storage
