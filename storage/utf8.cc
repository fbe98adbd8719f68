#include "storage/utf8.h"

namespace minhbach::storage {

bool DecodeCodePoint(absl::string_view text, size_t* i, uint32_t* code_point) {
  const uint8_t lead = static_cast<uint8_t>(text[*i]);
  if (lead < 0x80) {
    *code_point = lead;
    ++*i;
    return true;
  }
  int length;
  uint32_t value;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, value = lead & 0x1f;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, value = lead & 0x0f;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, value = lead & 0x07;
  } else {
    ++*i;
    return false;
  }
  if (text.size() - *i < static_cast<size_t>(length)) {
    ++*i;
    return false;
  }
  for (int k = 1; k < length; ++k) {
    const uint8_t next = static_cast<uint8_t>(text[*i + k]);
    if ((next & 0xc0) != 0x80) {
      ++*i;
      return false;
    }
    value = (value << 6) | (next & 0x3f);
  }
  static constexpr uint32_t kMinimum[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMinimum[length] || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
    ++*i;
    return false;
  }
  *code_point = value;
  *i += length;
  return true;
}

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  uint32_t code_point;
  while (i < text.size()) {
    if (!DecodeCodePoint(text, &i, &code_point)) return false;
  }
  return true;
}

bool IsControlCodePoint(uint32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

std::optional<uint32_t> FindControlCodePoint(absl::string_view text) {
  size_t i = 0;
  uint32_t code_point;
  while (i < text.size()) {
    if (DecodeCodePoint(text, &i, &code_point) && IsControlCodePoint(code_point)) {
      return code_point;
    }
  }
  return std::nullopt;
}

}  // namespace minhbach::storage
