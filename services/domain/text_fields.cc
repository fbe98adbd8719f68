#include "services/domain/text_fields.h"

#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/utf8.h"

namespace minhbach::domain {
namespace {

// True when every character of `value` is white space: ASCII spaces, tabs and
// line breaks, the no-break space (U+00A0) and the ideographic space (U+3000).
bool IsBlank(absl::string_view value) {
  for (size_t i = 0; i < value.size();) {
    uint32_t code_point = 0;
    if (!storage::DecodeCodePoint(value, &i, &code_point)) return false;
    const bool space = code_point == ' ' || code_point == '\t' || code_point == '\n' ||
                       code_point == '\r' || code_point == 0xA0 || code_point == 0x3000;
    if (!space) return false;
  }
  return true;
}

absl::Status Validate(absl::string_view field, absl::string_view value, bool text, bool required) {
  if (!text && value.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " is ", value.size(), " bytes; a name (an id, a number, a title) holds at most ",
        kMaxNameBytes, ": shorten it and send the command again"));
  }
  if (required && value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not be empty"));
  }
  // Text that is only spaces says nothing: a reason of "   " is no reason.
  if (required && IsBlank(value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " must not be blank (only spaces, tabs or line breaks): write what it asks for"));
  }
  for (size_t i = 0; i < value.size();) {
    const size_t at = i;
    uint32_t code_point = 0;
    // Ill-formed bytes are refused where the request is parsed, not here.
    if (!storage::DecodeCodePoint(value, &i, &code_point)) continue;
    if (!storage::IsControlCodePoint(code_point)) continue;
    if (text && (code_point == '\n' || code_point == '\t')) continue;
    std::string bytes;
    for (size_t k = at; k < i; ++k) {
      absl::StrAppendFormat(&bytes, "%s0x%02X", k == at ? "" : " ", static_cast<uint8_t>(value[k]));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(field, " holds a control character (", bytes, ") at byte ", at,
                     text ? "; text may hold line breaks and tabs but no other control character"
                          : "; a name is one line of printable text, with no control character",
                     ": remove it and send the command again"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RequireName(absl::string_view field, absl::string_view value) {
  return Validate(field, value, /*text=*/false, /*required=*/true);
}
absl::Status RequireText(absl::string_view field, absl::string_view value) {
  return Validate(field, value, /*text=*/true, /*required=*/true);
}
absl::Status ValidateOptionalName(absl::string_view field, absl::string_view value) {
  return Validate(field, value, /*text=*/false, /*required=*/false);
}
absl::Status ValidateOptionalText(absl::string_view field, absl::string_view value) {
  return Validate(field, value, /*text=*/true, /*required=*/false);
}

}  // namespace minhbach::domain
