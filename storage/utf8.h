// UTF-8 validity, checked before any text reaches a protobuf string field.
#ifndef MINHBACH_STORAGE_UTF8_H_
#define MINHBACH_STORAGE_UTF8_H_

#include "absl/strings/string_view.h"

namespace minhbach::storage {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view text);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_UTF8_H_
