#include "storage/format.h"

#include "absl/strings/str_cat.h"

namespace minhbach::storage::format {

std::string EncodeUint64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::optional<uint64_t> DecodeUint64(absl::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (unsigned char c : bytes) value = (value << 8) | c;
  return value;
}

std::string StreamPrefix(absl::string_view stream) {
  return absl::StrCat(stream, absl::string_view("\0", 1));
}

std::string StreamKey(absl::string_view stream, uint64_t version) {
  return absl::StrCat(StreamPrefix(stream), EncodeUint64(version));
}

std::optional<uint64_t> StreamKeyVersion(absl::string_view key) {
  if (key.size() < 9) return std::nullopt;
  return DecodeUint64(key.substr(key.size() - 8));
}

std::string TreeKey(int level, uint64_t index) {
  return absl::StrCat(std::string(1, static_cast<char>(level)), EncodeUint64(index));
}

}  // namespace minhbach::storage::format
