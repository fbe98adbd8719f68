#include "storage/log_verifier.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "storage/event_record.h"
#include "storage/format.h"
#include "storage/log_database.h"
#include "storage/log_reader.h"
#include "storage/rocks_status.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

// Walks the events in position order, keeping only the tree's right edge.
class Verifier {
 public:
  Verifier(const LogDatabase* database, const VerifyOptions& options)
      : database_(database), reader_(database), nodes_(database), options_(options) {
    checkpoints_ = options.trusted_checkpoints;
    std::sort(checkpoints_.begin(), checkpoints_.end(),
              [](const Checkpoint& a, const Checkpoint& b) { return a.size < b.size; });
  }

  absl::StatusOr<VerifyReport> Run() {
    ASSIGN_OR_RETURN(report_.stored_events, reader_.StoredEventCount());
    RETURN_IF_ERROR(CheckCheckpoint());  // a checkpoint of size 0
    std::unique_ptr<rocksdb::Iterator> it(
        database_->db()->NewIterator(rocksdb::ReadOptions(), database_->cf(format::kEventsCf)));
    for (it->SeekToFirst(); it->Valid() && problem_.empty(); it->Next()) {
      RETURN_IF_ERROR(CheckEvent(it->key().ToString(), it->value().ToString()));
      if (problem_.empty()) RETURN_IF_ERROR(CheckCheckpoint());
      if (options_.progress && tree_.size() % options_.progress_every == 0) {
        options_.progress(tree_.size(), report_.stored_events);
      }
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "reading events"));
    if (problem_.empty()) RETURN_IF_ERROR(CheckEnd());
    report_.verified = problem_.empty() ? tree_.size() : report_.first_bad_position;
    report_.root = tree_.Root();
    report_.ok = problem_.empty();
    report_.problem = problem_;
    return report_;
  }

 private:
  void Fail(uint64_t position, std::string problem) {
    if (!problem_.empty()) return;
    report_.first_bad_position = position;
    problem_ = std::move(problem);
  }

  absl::Status CheckEvent(const std::string& key, std::string raw) {
    const uint64_t expected = tree_.size();
    if (format::DecodeUint64(key) != expected) {
      Fail(expected, absl::StrCat("position ", expected,
                                  " is missing: the next stored event comes after a gap "
                                  "(an event was deleted)"));
      return absl::OkStatus();
    }
    const merkle::Hash leaf = merkle::HashLeaf(raw);
    absl::StatusOr<StoredEvent> event = DecodeEventRecord(std::move(raw), expected);
    if (!event.ok()) {
      Fail(expected, absl::StrCat("position ", expected, ": ", event.status().message()));
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(CheckIndexes(event->record));
    absl::Status nodes = absl::OkStatus();
    tree_.Append(leaf, [&](int level, uint64_t index, const merkle::Hash& hash) {
      if (nodes.ok()) nodes = CheckNode(level, index, hash);
    });
    return nodes;
  }

  // The stream and event-id indexes must point back at this position.
  absl::Status CheckIndexes(const minhbach::v1::EventRecord& record) {
    ASSIGN_OR_RETURN(std::optional<uint64_t> by_id, reader_.PositionOfEventId(record.event_id()));
    ASSIGN_OR_RETURN(std::vector<uint64_t> by_stream,
                     reader_.StreamPositions(record.stream(), record.stream_version(),
                                             ReadDirection::kForward, 1, UINT64_MAX));
    if (by_id != record.position()) {
      Fail(record.position(), absl::StrCat("position ", record.position(),
                                           ": the event-id index does not point at it"));
    } else if (by_stream.empty() || by_stream[0] != record.position()) {
      Fail(record.position(),
           absl::StrCat("position ", record.position(), ": the stream index entry for '",
                        record.stream(), "' version ", record.stream_version(),
                        " does not point at it"));
    }
    return absl::OkStatus();
  }

  absl::Status CheckNode(int level, uint64_t index, const merkle::Hash& recomputed) {
    absl::StatusOr<merkle::Hash> stored = nodes_.GetNode(level, index);
    if (!stored.ok() && !absl::IsNotFound(stored.status()) && !absl::IsDataLoss(stored.status())) {
      return stored.status();
    }
    if (stored.ok() && *stored == recomputed) return absl::OkStatus();
    const uint64_t first = index << level;
    if (level == 0) {
      Fail(first, absl::StrCat("position ", first,
                               ": the stored event bytes do not hash to the tree's leaf "
                               "(the event was changed after it was written)"));
    } else {
      Fail(first,
           absl::StrCat(
               "tree node (level ", level, ", index ", index, ") covering positions ", first, "..",
               first + (uint64_t{1} << level) - 1,
               (stored.ok() ? " does not match the events under it" : " is missing or malformed"),
               " (the stored tree was changed)"));
    }
    return absl::OkStatus();
  }

  // Every checkpoint of the size reached so far must match the recomputed root.
  absl::Status CheckCheckpoint() {
    while (next_checkpoint_ < checkpoints_.size() &&
           checkpoints_[next_checkpoint_].size == tree_.size()) {
      const Checkpoint& checkpoint = checkpoints_[next_checkpoint_++];
      if (checkpoint.root != tree_.Root()) {
        Fail(tree_.size() == 0 ? 0 : tree_.size() - 1,
             absl::StrCat("the events no longer reproduce the signed checkpoint of size ",
                          checkpoint.size, " (root ", merkle::ToHex(checkpoint.root),
                          ", recomputed ", merkle::ToHex(tree_.Root()),
                          "): an event before that size was changed, removed or reordered"));
      }
    }
    return absl::OkStatus();
  }

  // After the last event: nothing of the tree or a checkpoint may reach beyond it.
  absl::Status CheckEnd() {
    const uint64_t size = tree_.size();
    absl::StatusOr<merkle::Hash> beyond = nodes_.GetNode(0, size);
    if (beyond.ok()) {
      Fail(size, absl::StrCat("position ", size,
                              " is missing: the tree has its leaf (events were removed from the "
                              "end)"));
    } else if (!absl::IsNotFound(beyond.status())) {
      return beyond.status();
    }
    if (next_checkpoint_ < checkpoints_.size()) {
      Fail(size, absl::StrCat("a checkpoint of size ", checkpoints_[next_checkpoint_].size,
                              " was signed, but only ", size,
                              " events are stored (events were removed)"));
    }
    return absl::OkStatus();
  }

  const LogDatabase* const database_;
  const LogReader reader_;
  StoredNodeReader nodes_;
  const VerifyOptions& options_;
  std::vector<Checkpoint> checkpoints_;
  size_t next_checkpoint_ = 0;
  merkle::CompactRange tree_;
  VerifyReport report_;
  std::string problem_;
};

}  // namespace

absl::StatusOr<VerifyReport> VerifyLogDirectory(const std::string& path,
                                                const VerifyOptions& options) {
  LogOptions open;
  open.read_only = true;
  open.create_if_missing = false;
  ASSIGN_OR_RETURN(std::unique_ptr<LogDatabase> database, LogDatabase::Open(path, open));
  if (!database->has_merkle_tree()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " was created without a Merkle tree; it cannot be verified"));
  }
  return Verifier(database.get(), options).Run();
}

}  // namespace minhbach::storage
