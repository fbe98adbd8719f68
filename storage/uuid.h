// UUIDs as event ids: 16 raw bytes inside the log, canonical text at the edges.
#ifndef MINHBACH_STORAGE_UUID_H_
#define MINHBACH_STORAGE_UUID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::storage {

// Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex, either case) into 16 raw
// bytes. InvalidArgument on any other form.
absl::StatusOr<std::string> ParseUuid(absl::string_view text);

// Formats 16 raw bytes as lower-case canonical text; other lengths are shown
// as hex prefixed with "invalid:" so that a message never hides bad data.
std::string FormatUuid(absl::string_view bytes);

// A random (version 4) UUID as 16 raw bytes, from OpenSSL's CSPRNG.
std::string NewRandomUuid();

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_UUID_H_
