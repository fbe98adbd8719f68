#include "storage/append_validation.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"
#include "storage/utf8.h"
#include "storage/uuid.h"

namespace minhbach::storage {
namespace {

// Text fields: valid UTF-8, bounded, and (when `required`) not empty.
absl::Status CheckText(absl::string_view field, absl::string_view value, bool required) {
  if (required && value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  if (value.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", value.size(), " bytes; the limit is ", kMaxNameBytes));
  }
  if (!IsValidUtf8(value)) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not valid UTF-8"));
  }
  return absl::OkStatus();
}

// Names shown to people (stream, event type): text with no control
// characters, which would act on an auditor's terminal.
absl::Status CheckName(absl::string_view field, absl::string_view name) {
  RETURN_IF_ERROR(CheckText(field, name, /*required=*/true));
  if (const std::optional<uint32_t> control = FindControlCodePoint(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must not contain control characters (it holds U+",
                     absl::Hex(*control, absl::kZeroPad4), "); use printable text"));
  }
  return absl::OkStatus();
}

absl::Status CheckEventId(absl::string_view field, absl::string_view id) {
  if (id.size() != 16) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be a UUID (16 bytes); got ", id.size(), " bytes"));
  }
  if (id == absl::string_view("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16)) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not be the nil UUID"));
  }
  return absl::OkStatus();
}

absl::Status CheckEvent(const NewEvent& event, size_t index, const LogOptions& options) {
  const std::string field = absl::StrCat("events[", index, "]");
  RETURN_IF_ERROR(CheckEventId(absl::StrCat(field, ".event_id"), event.event_id));
  RETURN_IF_ERROR(CheckName(absl::StrCat(field, ".event_type"), event.event_type));
  RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".correlation_id"), event.correlation_id, false));
  RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".causation_id"), event.causation_id, false));
  if (event.business_time == absl::InfinitePast() ||
      event.business_time == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".business_time must be finite"));
  }
  if (event.payload.size() > options.max_payload_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(field, ".payload is ", event.payload.size(),
                                                     " bytes; the limit is ",
                                                     options.max_payload_bytes));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAppendRequest(const AppendRequest& request, const LogOptions& options) {
  RETURN_IF_ERROR(CheckName("stream", request.stream));
  RETURN_IF_ERROR(CheckText("actor", request.actor, /*required=*/false));
  if (request.events.empty()) return absl::InvalidArgumentError("events must not be empty");
  if (request.events.size() > options.max_events_per_append) {
    return absl::ResourceExhaustedError(absl::StrCat("append carries ", request.events.size(),
                                                     " events; the limit is ",
                                                     options.max_events_per_append));
  }
  size_t total_bytes = 0;
  absl::flat_hash_set<absl::string_view> ids;
  for (size_t i = 0; i < request.events.size(); ++i) {
    const NewEvent& event = request.events[i];
    RETURN_IF_ERROR(CheckEvent(event, i, options));
    if (!ids.insert(event.event_id).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "events[", i, "].event_id ", FormatUuid(event.event_id), " appears twice in one append"));
    }
    total_bytes += event.payload.size() + event.event_type.size() + event.correlation_id.size() +
                   event.causation_id.size();
  }
  if (total_bytes > options.max_append_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "append carries ", total_bytes, " bytes; the limit is ", options.max_append_bytes));
  }
  return absl::OkStatus();
}

}  // namespace minhbach::storage
