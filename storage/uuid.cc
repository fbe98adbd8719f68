#include "storage/uuid.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace minhbach::storage {
namespace {

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

absl::StatusOr<std::string> ParseUuid(absl::string_view text) {
  std::string hex;
  if (text.size() == 36) {
    for (size_t i = 0; i < text.size(); ++i) {
      const bool dash_here = (i == 8 || i == 13 || i == 18 || i == 23);
      if (dash_here ? text[i] != '-' : !IsHexDigit(text[i])) {
        hex.clear();
        break;
      }
      if (!dash_here) hex.push_back(text[i]);
    }
  }
  if (hex.size() != 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", absl::CHexEscape(text.substr(0, 64)),
                     "' is not a UUID; expected the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"));
  }
  return absl::HexStringToBytes(hex);
}

std::string FormatUuid(absl::string_view bytes) {
  const std::string hex = absl::BytesToHexString(bytes);
  if (bytes.size() != 16) return absl::StrCat("invalid:", hex);
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20, 12));
}

std::string NewRandomUuid() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // no entropy: nothing safe to do
  bytes[6] = (bytes[6] & 0x0f) | 0x40;                     // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;                     // RFC 4122 variant
  return std::string(reinterpret_cast<char*>(bytes), sizeof bytes);
}

}  // namespace minhbach::storage
