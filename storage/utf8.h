// UTF-8 validity, checked before any text reaches a protobuf string field,
// and the control characters that must never reach a terminal.
#ifndef MINHBACH_STORAGE_UTF8_H_
#define MINHBACH_STORAGE_UTF8_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace minhbach::storage {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view text);

// Decodes the code point at text[*i] (*i < text.size()) and moves *i past
// it. False, moving *i one byte on, when the bytes there are not well-formed.
bool DecodeCodePoint(absl::string_view text, size_t* i, uint32_t* code_point);

// True for code points that act on a terminal or on how the text around them
// is shown instead of showing a character: C0 controls (ESC among them), DEL,
// C1 controls (U+0080..U+009F, CSI among them) and the bidirectional embeddings,
// overrides and isolates (U+202A..U+202E, U+2066..U+2069).
bool IsControlCodePoint(uint32_t code_point);

// The first control code point (IsControlCodePoint) of `text`; bytes that
// are not well-formed UTF-8 are skipped.
std::optional<uint32_t> FindControlCodePoint(absl::string_view text);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_UTF8_H_
