#include "services/privacy/log_erasures.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"

namespace minhbach::privacy {
namespace {

using google::protobuf::internal::WireFormatLite;

constexpr size_t kReadChunk = 1000;
constexpr size_t kMaxHouseholdIdBytes = 1024;

}  // namespace

std::optional<std::string> ErasedHouseholdOfPayload(absl::string_view payload) {
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(payload.data()),
                                               static_cast<int>(payload.size()));
  std::optional<std::string> household_id;
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) {
      // The end of the input, or a malformed tag (not a message).
      if (!input.ConsumedEntireMessage()) return std::nullopt;
      break;
    }
    if (WireFormatLite::GetTagFieldNumber(tag) == 1) {
      if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        return std::nullopt;
      }
      uint32_t length = 0;
      if (!input.ReadVarint32(&length) || length > kMaxHouseholdIdBytes) return std::nullopt;
      std::string value;
      if (!input.ReadString(&value, static_cast<int>(length))) return std::nullopt;
      household_id = std::move(value);
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      return std::nullopt;
    }
  }
  if (!household_id.has_value() || household_id->empty()) return std::nullopt;
  return household_id;
}

std::optional<std::string> ErasedHouseholdOf(const minhbach::v1::EventRecord& record) {
  if (record.event_type() != kPersonalDataErasedType) return std::nullopt;
  std::optional<std::string> id = ErasedHouseholdOfPayload(record.payload());
  if (!id.has_value() || record.stream() != std::string(kHouseholdStreamPrefix) + *id) {
    return std::nullopt;
  }
  return id;
}

absl::StatusOr<std::vector<std::string>> ErasedHouseholdsInLog(const storage::EventLog& log) {
  std::vector<std::string> erased;
  absl::flat_hash_set<std::string> seen;
  const uint64_t end = log.Size();
  for (uint64_t position = 0; position < end;) {
    absl::StatusOr<std::vector<storage::StoredEvent>> events = log.ReadAll(position, kReadChunk);
    if (!events.ok()) return events.status();
    if (events->empty()) break;
    for (const storage::StoredEvent& event : *events) {
      if (std::optional<std::string> id = ErasedHouseholdOf(event.record);
          id.has_value() && seen.insert(*id).second) {
        erased.push_back(*std::move(id));
      }
    }
    position += events->size();
  }
  return erased;
}

}  // namespace minhbach::privacy
