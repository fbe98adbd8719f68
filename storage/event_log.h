// minhbach's event log: an append-only, durable, verifiable log of events on
// RocksDB. It knows streams, versions, positions and bytes; nothing of the
// domain.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<EventLog> log, EventLog::Open("./data", {}));
//   AppendRequest request;
//   request.stream = "subproject-DA3-TDA3";
//   request.expected = ExpectedVersion::NoStream();
//   request.events.push_back({NewRandomUuid(), "SubProjectRegistered", ...});
//   ASSIGN_OR_RETURN(AppendResult result, log->Append(std::move(request)));
//
// Every event gets a dense global position (0, 1, 2, ...) and a version in its
// stream (0 for a stream's first event). Appends from many threads are gathered
// by one sequencer into one RocksDB WriteBatch per group; in the default
// durable mode the batch is synced before any append in it is acknowledged.
// Reads never wait for the sequencer. The log also keeps an RFC 6962 Merkle
// tree over all positions (see merkle.h), updated in the same WriteBatch.
//
// Thread safety: every method may be called from any thread.
#ifndef MINHBACH_STORAGE_EVENT_LOG_H_
#define MINHBACH_STORAGE_EVENT_LOG_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "minhbach/v1/event_record.pb.h"
#include "storage/clock.h"
#include "storage/merkle.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace minhbach::storage {

enum class Durability {
  kSync,        // default: acknowledged appends survive kill -9 and power loss
  kNotDurable,  // NOT DURABLE: acknowledged appends may be lost on an OS crash or power loss
};

struct LogOptions {
  // Create an empty log when the directory is missing or empty.
  bool create_if_missing = true;
  Durability durability = Durability::kSync;
  // Limits on what one append may carry; beyond them: ResourceExhausted.
  size_t max_payload_bytes = 1 << 20;
  size_t max_events_per_append = 10000;
  size_t max_append_bytes = 32 << 20;
  // Source of recorded times. nullptr: the system clock. Must outlive the log.
  Clock* clock = nullptr;
  // Keep the Merkle tree. Only for measuring its cost: a log created without
  // the tree can produce no proofs and never gains one.
  bool maintain_merkle_tree = true;
  // Open without writing anything: appends fail with FailedPrecondition.
  bool read_only = false;
  // A commit group stops growing at this many payload bytes, so that one
  // huge burst cannot make one huge WriteBatch.
  size_t max_group_bytes = 64 << 20;
  // Where RocksDB's files go. nullptr: the machine's file system. Tests pass
  // an Env that injects faults and simulates power loss. Must outlive the log.
  rocksdb::Env* env = nullptr;
};

// What the caller expects a stream's current version to be.
class ExpectedVersion {
 public:
  static ExpectedVersion Any() { return ExpectedVersion(kAny, 0); }
  static ExpectedVersion NoStream() { return ExpectedVersion(kNoStream, 0); }
  // The stream's last event has version `version`.
  static ExpectedVersion Exact(uint64_t version) { return ExpectedVersion(kExact, version); }

  bool is_any() const { return kind_ == kAny; }
  bool is_no_stream() const { return kind_ == kNoStream; }
  std::optional<uint64_t> exact() const {
    return kind_ == kExact ? std::optional<uint64_t>(version_) : std::nullopt;
  }

 private:
  enum Kind { kAny, kNoStream, kExact };
  ExpectedVersion(Kind kind, uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  uint64_t version_;
};

// One event as the caller gives it; the log adds position, version, recorded time.
struct NewEvent {
  std::string event_id;  // 16 raw bytes (a UUID); the idempotency key
  std::string event_type;
  absl::Time business_time = absl::UnixEpoch();
  std::string correlation_id;
  std::string causation_id;
  std::string payload;
};

struct AppendRequest {
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::string actor;  // the authenticated identity, set by the server
  std::vector<NewEvent> events;
};

struct AppendResult {
  uint64_t first_position = 0;  // positions first_position .. first_position + count - 1
  uint64_t first_version = 0;   // stream versions first_version .. first_version + count - 1
  uint64_t count = 0;
  bool duplicate = false;  // true: these events were appended before; nothing was written
};

// What the log's writer has done since the log was opened; each figure only
// grows. A group is one RocksDB write (and, when durable, one fdatasync)
// holding every append that queued while the group before it was written.
struct CommitStats {
  uint64_t groups = 0;       // groups whose write was tried
  uint64_t appends = 0;      // appends in them, refused ones and retries included
  absl::Duration writing;    // in RocksDB's Write for them
  absl::Duration logging;    // of that, writing the write-ahead log, its sync included
  absl::Duration syncing;    // of that, in fdatasync
  absl::Duration inserting;  // of `writing`, inserting into the memtables
};

// One stored event: the decoded record and its exact stored bytes.
struct StoredEvent {
  minhbach::v1::EventRecord record;
  std::string raw;  // the Merkle leaf input of record.position()
};

enum class ReadDirection { kForward, kBackward };

class EventLog {
 public:
  // Opens the log in directory `path`, creating it when missing or empty (and
  // options.create_if_missing). Errors, none of which touch the directory:
  // NotFound (missing and not creating), FailedPrecondition (not a minhbach
  // log, written by a newer format, or in use by another process), DataLoss
  // (the stored tree does not cover the stored events), Unavailable (I/O).
  static absl::StatusOr<std::unique_ptr<EventLog>> Open(const std::string& path,
                                                        const LogOptions& options);

  // Finishes every append already queued, then closes RocksDB.
  virtual ~EventLog() = default;

  // Appends request.events to request.stream, atomically, after every event
  // already acknowledged. Blocks until the group holding it is durable (in
  // kSync mode). Re-appending the same event ids with the same content returns
  // the original positions with duplicate=true and writes nothing. Errors, none
  // of which write anything: InvalidArgument (a field, named), ResourceExhausted
  // (over a size limit, or the disk is full), Aborted (the stream is not at the
  // expected version; the message gives its current version), AlreadyExists
  // (an event id already used with other content), FailedPrecondition (read-only
  // or closed log), Unavailable (I/O).
  virtual absl::StatusOr<AppendResult> Append(AppendRequest request) = 0;

  // As Append, but returns at once; `done` runs on the sequencer thread when
  // the outcome is known, so it must be short and must not call Append.
  virtual void AppendAsync(AppendRequest request,
                           std::function<void(absl::StatusOr<AppendResult>)> done) = 0;

  // As AppendAsync, but when no other group is being staged or written the
  // calling thread commits the append itself (fsync included) and runs
  // `done` before returning: a lone append costs no thread hand-off. Under
  // load it only queues. So the caller must hold no lock `done` takes, and
  // must be allowed to block for one write.
  virtual void AppendAsyncOrInline(AppendRequest request,
                                   std::function<void(absl::StatusOr<AppendResult>)> done) = 0;

  // Number of events acknowledged so far, which is also the Merkle tree size
  // and the position the next event will get.
  virtual uint64_t Size() const = 0;

  // Where the writer's time went (all zero for a read-only log).
  virtual CommitStats GetCommitStats() const = 0;

  // Blocks until Size() > position or `deadline`; returns Size() then.
  virtual uint64_t WaitForSizeAbove(uint64_t position, absl::Time deadline) const = 0;

  // Arranges for `ready` to be called once, as soon as Size() > position, on
  // the thread that commits that growth (so `ready` must be short and must
  // not append). Returns the watch's id for CancelWatch, or nullopt, without
  // calling `ready`, when Size() > position already.
  virtual std::optional<uint64_t> WatchSizeAbove(uint64_t position,
                                                 std::function<void()> ready) = 0;
  // Forgets a watch that has not fired yet. Once this returns, its `ready`
  // is not running and will not run.
  virtual void CancelWatch(uint64_t watch_id) = 0;

  // Up to `limit` events of all streams from `from_position` on, in order.
  // Empty when from_position >= Size().
  virtual absl::StatusOr<std::vector<StoredEvent>> ReadAll(uint64_t from_position,
                                                           size_t limit) const = 0;
  // The same events' records, without their stored bytes, parsed into
  // `records` in place: it is resized to the number read, and each record
  // parsed over reuses the strings it held. A reader of the whole log (a
  // projection folding it) passes the same vector again and again, and a
  // read then allocates next to nothing.
  virtual absl::Status ReadRecordsInto(uint64_t from_position, size_t limit,
                                       std::vector<v1::EventRecord>& records) const = 0;

  // Up to `limit` events of `stream` starting at `from_version` (inclusive),
  // forward or backward. Backward from UINT64_MAX starts at the last event.
  // Empty for a stream with no events there.
  virtual absl::StatusOr<std::vector<StoredEvent>> ReadStream(absl::string_view stream,
                                                              uint64_t from_version,
                                                              ReadDirection direction,
                                                              size_t limit) const = 0;

  // One event. NotFound when position >= Size() or no event has that id.
  virtual absl::StatusOr<StoredEvent> GetEvent(uint64_t position) const = 0;
  virtual absl::StatusOr<StoredEvent> GetEventById(absl::string_view event_id) const = 0;
  // The events at `positions`, in that order, read together (one RocksDB
  // MultiGet: cheaper than a read each once the log is in table files). Once
  // the stored bytes read pass `max_bytes`, the rest are left unread: the
  // answer is then a shorter prefix, never empty (so a caller with a byte
  // budget reads what fits plus one event at most, as reading one at a time
  // would). NotFound when any position >= Size().
  virtual absl::StatusOr<std::vector<StoredEvent>> GetEvents(absl::Span<const uint64_t> positions,
                                                             size_t max_bytes = SIZE_MAX) const = 0;

  // Version of the last event of `stream`; nullopt when it has none.
  virtual absl::StatusOr<std::optional<uint64_t>> StreamVersion(absl::string_view stream) const = 0;

  // Merkle tree of the first `size` events (size <= Size()); InvalidArgument
  // for a size beyond the log, FailedPrecondition when the log keeps no tree.
  virtual absl::StatusOr<merkle::Hash> RootAt(uint64_t size) const = 0;
  virtual absl::StatusOr<std::vector<merkle::Hash>> InclusionProof(uint64_t index,
                                                                   uint64_t size) const = 0;
  virtual absl::StatusOr<std::vector<merkle::Hash>> ConsistencyProof(uint64_t old_size,
                                                                     uint64_t new_size) const = 0;
  // Writes a consistent copy of the whole log (a RocksDB checkpoint) to the
  // directory `destination`, which must not exist, while appends go on.
  // Errors as BackupLog (storage/backup.h), which is what callers use.
  virtual absl::Status Checkpoint(const std::string& destination) const = 0;

  // The stored node (level, index) of the tree, for offline verification.
  virtual absl::StatusOr<merkle::Hash> TreeNode(int level, uint64_t index) const = 0;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_EVENT_LOG_H_
