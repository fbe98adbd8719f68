// The sealed form of a household's personal data, as it is stored in events:
//
//   "MBPD" | version (1 byte, 1) | key generation (varint, canonical, 1..2^32-1)
//   | nonce (12 bytes) | AES-256-GCM ciphertext | tag (16 bytes)
//
// The header (magic through nonce) is part of the AAD, with the household id,
// so neither can be changed or swapped without the envelope failing to open.
#ifndef MINHBACH_SERVICES_PRIVACY_ENVELOPE_H_
#define MINHBACH_SERVICES_PRIVACY_ENVELOPE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::privacy {

inline constexpr char kEnvelopeMagic[] = "MBPD";
inline constexpr uint8_t kEnvelopeVersion = 1;

// Views into the decoded bytes: valid while they are.
struct EnvelopeView {
  uint32_t generation = 0;
  absl::string_view header;              // magic .. nonce, for the AAD
  absl::string_view nonce;               // 12 bytes
  absl::string_view ciphertext_and_tag;  // at least 16 bytes
};

// The header for `generation` (>= 1) and a 12-byte `nonce`.
std::string EncodeEnvelopeHeader(uint32_t generation, absl::string_view nonce);

// Strict: DataLoss for a wrong magic or version, a varint that is
// over-long, non-canonical or out of range, or bytes too short for a nonce and
// a tag. Never reads past the end of `bytes`.
absl::StatusOr<EnvelopeView> DecodeEnvelope(absl::string_view bytes);

// The AAD of an envelope's ciphertext: a label, the household id (length
// prefixed) and the header.
std::string EnvelopeAad(absl::string_view household_id, absl::string_view header);

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_ENVELOPE_H_
