// Encoding of stored event records (minhbach.v1.EventRecord, see
// proto/minhbach/v1/event_record.proto and storage/FORMAT.md).
#ifndef MINHBACH_STORAGE_EVENT_RECORD_H_
#define MINHBACH_STORAGE_EVENT_RECORD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_log.h"

namespace minhbach::storage {

// The bytes to store for `record`. Deterministic for a given record; but a
// stored record's bytes are never re-derived: they are returned as stored.
std::string EncodeEventRecord(const minhbach::v1::EventRecord& record);

// Decodes stored bytes. DataLoss when they are not a valid record (for
// example, when `expected_position` differs from the position inside).
absl::StatusOr<StoredEvent> DecodeEventRecord(std::string raw, uint64_t expected_position);
// The same, into `record` (cleared first, its strings' buffers kept).
absl::Status ParseEventRecord(absl::string_view raw, uint64_t expected_position,
                              minhbach::v1::EventRecord& record);

// The record a NewEvent becomes once the log has placed it.
minhbach::v1::EventRecord MakeEventRecord(const NewEvent& event, absl::string_view stream,
                                          absl::string_view actor, uint64_t position,
                                          uint64_t stream_version, absl::Time recorded_time);

// True when `stored` holds the same caller-given content as `event` appended
// by `actor` to `stream`: what makes a re-append a harmless retry.
bool SameContent(const minhbach::v1::EventRecord& stored, const NewEvent& event,
                 absl::string_view stream, absl::string_view actor);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_EVENT_RECORD_H_
