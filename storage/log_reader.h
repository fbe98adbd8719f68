// Reads of a log's column families, shared by the live log and the offline
// verifier. Reads never pass through the sequencer.
//
// Thread-safe: a LogReader holds no mutable state.
#ifndef MINHBACH_STORAGE_LOG_READER_H_
#define MINHBACH_STORAGE_LOG_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "storage/event_log.h"
#include "storage/log_database.h"
#include "storage/merkle.h"

namespace minhbach::storage {

class LogReader {
 public:
  // `database` must outlive the reader.
  explicit LogReader(const LogDatabase* database) : database_(database) {}

  // Number of stored events: the last position + 1, or 0.
  absl::StatusOr<uint64_t> StoredEventCount() const;

  // Up to `limit` events with positions in [from, end), in order.
  absl::StatusOr<std::vector<StoredEvent>> ReadRange(uint64_t from, uint64_t end,
                                                     size_t limit) const;
  // The records of the same events, parsed into `records` in place
  // (EventLog::ReadRecordsInto).
  absl::Status ReadRecordsInto(uint64_t from, uint64_t end, size_t limit,
                               std::vector<v1::EventRecord>& records) const;
  // The event at `position`; NotFound when none is stored there.
  absl::StatusOr<StoredEvent> ReadEvent(uint64_t position) const;
  // The stored bytes at `position`, undecoded; NotFound when none.
  absl::StatusOr<std::string> ReadRaw(uint64_t position) const;
  // The events at `positions`, in that order, in one MultiGet; a shorter
  // prefix (never empty) once the values read pass `max_bytes`. NotFound
  // when any is not stored.
  absl::StatusOr<std::vector<StoredEvent>> ReadEvents(absl::Span<const uint64_t> positions,
                                                      size_t max_bytes) const;

  // Positions of up to `limit` events of `stream` from `from_version`,
  // stopping before any position >= end.
  absl::StatusOr<std::vector<uint64_t>> StreamPositions(absl::string_view stream,
                                                        uint64_t from_version,
                                                        ReadDirection direction, size_t limit,
                                                        uint64_t end) const;
  absl::StatusOr<std::optional<uint64_t>> StreamVersion(absl::string_view stream) const;
  absl::StatusOr<std::optional<uint64_t>> PositionOfEventId(absl::string_view event_id) const;

 private:
  template <typename Visit>
  absl::Status ForEachStored(uint64_t from, uint64_t end, size_t limit, Visit visit) const;

  const LogDatabase* database_;
};

// Reads stored Merkle nodes from the tree column family.
class StoredNodeReader final : public merkle::NodeReader {
 public:
  explicit StoredNodeReader(const LogDatabase* database) : database_(database) {}
  // DataLoss when the stored value is not 32 bytes.
  absl::StatusOr<merkle::Hash> GetNode(int level, uint64_t index) override;

 private:
  const LogDatabase* database_;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_LOG_READER_H_
