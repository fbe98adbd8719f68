#include "services/privacy/envelope.h"

#include "absl/strings/str_cat.h"
#include "services/privacy/aes_gcm.h"

namespace minhbach::privacy {
namespace {

constexpr size_t kMagicSize = 4;
constexpr size_t kMaxVarintBytes = 5;  // enough for 32 bits

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

absl::Status Malformed(absl::string_view why) {
  return absl::DataLossError(absl::StrCat("personal data envelope: ", why));
}

}  // namespace

std::string EncodeEnvelopeHeader(uint32_t generation, absl::string_view nonce) {
  std::string header(kEnvelopeMagic, kMagicSize);
  header.push_back(static_cast<char>(kEnvelopeVersion));
  AppendVarint(generation, &header);
  header.append(nonce.data(), nonce.size());
  return header;
}

absl::StatusOr<EnvelopeView> DecodeEnvelope(absl::string_view bytes) {
  if (bytes.size() < kMagicSize + 1 || bytes.substr(0, kMagicSize) != kEnvelopeMagic) {
    return Malformed("not an envelope (no MBPD magic)");
  }
  if (static_cast<uint8_t>(bytes[kMagicSize]) != kEnvelopeVersion) {
    return Malformed("unknown version");
  }
  size_t pos = kMagicSize + 1;
  uint64_t generation = 0;
  for (size_t i = 0;; ++i) {
    if (i == kMaxVarintBytes) return Malformed("key generation too long");
    if (pos >= bytes.size()) return Malformed("truncated key generation");
    const uint8_t b = static_cast<uint8_t>(bytes[pos++]);
    generation |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) return Malformed("non-canonical key generation");
      break;
    }
  }
  if (generation == 0 || generation > UINT32_MAX) return Malformed("key generation out of range");
  if (bytes.size() - pos < kGcmNonceSize + kGcmTagSize) return Malformed("truncated");
  EnvelopeView view;
  view.generation = static_cast<uint32_t>(generation);
  view.nonce = bytes.substr(pos, kGcmNonceSize);
  view.header = bytes.substr(0, pos + kGcmNonceSize);
  view.ciphertext_and_tag = bytes.substr(pos + kGcmNonceSize);
  return view;
}

std::string EnvelopeAad(absl::string_view household_id, absl::string_view header) {
  std::string aad = "minhbach personal data v1";
  aad.push_back('\0');
  AppendVarint(household_id.size(), &aad);
  absl::StrAppend(&aad, household_id, header);
  return aad;
}

}  // namespace minhbach::privacy
