// DecodeEventRecord on arbitrary bytes. Invariants: it accepts exactly the
// bytes that parse as an EventRecord, and only at the position they carry;
// it returns the stored bytes unchanged; re-encoding a decoded record and
// decoding that again gives the same record, and encoding is deterministic.
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "minhbach/v1/event_record.pb.h"
#include "storage/event_record.h"
#include "tests/fuzz/fuzz_check.h"

using minhbach::storage::DecodeEventRecord;
using minhbach::storage::EncodeEventRecord;
using minhbach::storage::StoredEvent;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);  // invalid UTF-8 in a string field logs an error
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  minhbach::v1::EventRecord probe;
  const bool parses = probe.ParseFromString(raw);
  const uint64_t position = parses ? probe.position() : 0;

  absl::StatusOr<StoredEvent> decoded = DecodeEventRecord(raw, position);
  FUZZ_CHECK(decoded.ok() == parses);
  if (!decoded.ok()) {
    FUZZ_CHECK(absl::IsDataLoss(decoded.status()));
    return 0;
  }
  FUZZ_CHECK(decoded->raw == raw);
  FUZZ_CHECK(decoded->record.position() == position);
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(decoded->record, probe));
  // A record is accepted only at the position it says it has.
  absl::StatusOr<StoredEvent> elsewhere = DecodeEventRecord(raw, position + 1);
  FUZZ_CHECK(!elsewhere.ok() && absl::IsDataLoss(elsewhere.status()));

  const std::string encoded = EncodeEventRecord(decoded->record);
  absl::StatusOr<StoredEvent> again = DecodeEventRecord(encoded, position);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->raw == encoded);
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(again->record, decoded->record));
  FUZZ_CHECK(EncodeEventRecord(again->record) == encoded);
  return 0;
}
