#include "services/domain/text_fields.h"

#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace minhbach::domain {
namespace {

// The length of the control character `value` starts with, 0 for none.
// `text` allows line breaks and tabs.
size_t ControlLength(absl::string_view value, bool text) {
  const auto byte = [&value](size_t i) -> uint8_t {
    return i < value.size() ? static_cast<uint8_t>(value[i]) : 0;
  };
  const uint8_t b0 = byte(0);
  if (b0 < 0x20) return text && (b0 == '\n' || b0 == '\t') ? 0 : 1;
  if (b0 == 0x7F) return 1;
  if (b0 == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) return 2;  // C1: U+0080..U+009F
  if (b0 == 0xE2 && byte(1) == 0x80 && byte(2) >= 0xAA && byte(2) <= 0xAE) return 3;
  if (b0 == 0xE2 && byte(1) == 0x81 && byte(2) >= 0xA6 && byte(2) <= 0xA9) return 3;
  return 0;
}

absl::Status Validate(absl::string_view field, absl::string_view value, bool text, bool required) {
  if (required && value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not be empty"));
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const size_t length = ControlLength(value.substr(i), text);
    if (length == 0) continue;
    std::string bytes;
    for (size_t k = 0; k < length; ++k) {
      absl::StrAppendFormat(&bytes, "%s0x%02X", k == 0 ? "" : " ",
                            static_cast<uint8_t>(value[i + k]));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(field, " holds a control character (", bytes, ") at byte ", i,
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
