// The projection's own RocksDB, beside the log (<data_dir>/projections):
// snapshots of the folded program state at positions of the log, and the
// index of "late" events that, with them, answers "what had happened by date
// D" without refolding the whole log. Everything here is derived from the log
// and can be thrown away and rebuilt from position 0.
//
// Keys (one column family; numbers are 8-byte big-endian so keys sort):
//   "v"                      format version
//   "p"                      position the late index covers: [0, p)
//   "s" pos                  snapshot at pos: Merkle root of the log's first
//                            pos events (32 bytes) + HeaderSnapshot bytes
//   "a" stream 0x00 pos      one aggregate as it stood at pos (its
//                            AggregateSnapshot bytes), written by the first
//                            snapshot after it changed: a snapshot at P is
//                            its header and, for each aggregate, its latest
//                            row at or before P, so a snapshot costs what
//                            changed since the last one, not the whole state
//   "m" pos                  the snapshot's largest business time
//   "l" pos                  the "late" program events of the batch that
//                            Index was given starting at pos, as (position,
//                            business time) pairs of 8 + 8 bytes. An event is
//                            late when its business time is before that of an
//                            earlier program event (a fact recorded after
//                            later facts). One row a batch, not one an event:
//                            a rebuild writes a thousand times fewer keys.
//                            A resume from a snapshot drops what the rows
//                            hold from there on (ForgetIndexFrom), so no two
//                            rows ever list the same event.
// Business times are stored offset by 2^63 so negative times sort first.
//
// Thread-safe (RocksDB is).
#ifndef MINHBACH_SERVICES_PROGRAM_PROJECTION_STORE_H_
#define MINHBACH_SERVICES_PROGRAM_PROJECTION_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "minhbach/v1/event_record.pb.h"
#include "services/program/program_state.h"
#include "storage/merkle.h"
#include "storage/side_store.h"

namespace minhbach::program {

struct StoredSnapshot {
  storage::merkle::Hash root;  // of the log's first state.position events
  ProgramState state;
};

// A snapshot as Index writes it, already serialized: its header and the
// aggregates that changed since the previous snapshot.
struct SnapshotToWrite {
  storage::merkle::Hash root;  // of the log's first `position` events
  uint64_t position = 0;
  int64_t max_business_time_micros = 0;
  std::string header_bytes;                                  // HeaderSnapshot
  std::vector<std::pair<std::string, std::string>> changed;  // stream, AggregateSnapshot
};

class ProjectionStore {
 public:
  // Opens (creating when missing) the store in directory `path`. A store
  // written in another format (by another version of minhbachd) is thrown
  // away and opened empty; replaced_format() then names the old format.
  // Unavailable for I/O errors, FailedPrecondition when another process
  // holds the store.
  static absl::StatusOr<std::unique_ptr<ProjectionStore>> Open(const std::string& path);
  // Deletes the store in `path` (nothing when missing).
  static absl::Status Destroy(const std::string& path);

  // The position the indexes cover (0 for a new store).
  absl::StatusOr<uint64_t> IndexedPosition() const;

  // Records the late events among `records` (one batch: consecutive, starting
  // at IndexedPosition(), or at the same start as a batch indexed before whose
  // write may have failed) and moves the indexed position past them;
  // with `snapshot`, stores it in the same atomic write.
  // `running_max_business_time` is the largest business time of the program
  // events before records[0]; returns it advanced past them.
  absl::StatusOr<int64_t> Index(const std::vector<const v1::EventRecord*>& records,
                                int64_t running_max_business_time, const SnapshotToWrite* snapshot);

  // Drops what the index holds from `position` on and moves the indexed
  // position back there, for a fold that resumes at `position` (a snapshot's)
  // and will index those events again, perhaps in other batches.
  absl::Status ForgetIndexFrom(uint64_t position);

  // The latest snapshot at or before `position`; nullopt when there is none.
  absl::StatusOr<std::optional<StoredSnapshot>> SnapshotAtOrBefore(uint64_t position) const;
  // The latest snapshot whose largest business time is below `end_micros`.
  absl::StatusOr<std::optional<StoredSnapshot>> SnapshotBeforeBusinessTime(
      int64_t end_micros) const;

  // The format of the store Open found and replaced; empty when none was.
  const std::string& replaced_format() const { return replaced_format_; }

  // Bytes written by Index for snapshots since the store was opened.
  uint64_t snapshot_bytes_written() const { return snapshot_bytes_written_; }

  // Positions, in order, of the late events at positions in [from, to)
  // whose business time is below `end_micros`.
  absl::StatusOr<std::vector<uint64_t>> LateEventsBefore(uint64_t from, uint64_t to,
                                                         int64_t end_micros) const;

  // Snapshots stored, for tests and metrics.
  absl::StatusOr<uint64_t> SnapshotCount() const;

 private:
  explicit ProjectionStore(std::unique_ptr<storage::SideStore> db) : db_(std::move(db)) {}

  absl::StatusOr<std::optional<StoredSnapshot>> ReadSnapshot(uint64_t position) const;

  std::unique_ptr<storage::SideStore> db_;
  std::atomic<uint64_t> snapshot_bytes_written_{0};
  std::string replaced_format_;
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_PROJECTION_STORE_H_
