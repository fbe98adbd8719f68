// AES-256-GCM through OpenSSL's EVP interface: the one cipher the vault uses,
// for household data (envelopes) and for wrapping data keys with the master key.
#ifndef MINHBACH_SERVICES_PRIVACY_AES_GCM_H_
#define MINHBACH_SERVICES_PRIVACY_AES_GCM_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::privacy {

inline constexpr size_t kAesKeySize = 32;    // AES-256
inline constexpr size_t kGcmNonceSize = 12;  // 96-bit nonces, random per message
inline constexpr size_t kGcmTagSize = 16;

// `n` bytes from OpenSSL's RAND_bytes; Internal when the generator fails.
absl::StatusOr<std::string> RandomBytes(size_t n);

// ciphertext || tag. `key` is kAesKeySize bytes, `nonce` kGcmNonceSize bytes.
absl::StatusOr<std::string> AesGcmSeal(const uint8_t* key, absl::string_view nonce,
                                       absl::string_view aad, absl::string_view plaintext);

// The plaintext of ciphertext || tag: DataLoss when the tag does not verify
// (wrong key, wrong AAD, any changed byte) or the input is shorter than a tag.
absl::StatusOr<std::string> AesGcmOpen(const uint8_t* key, absl::string_view nonce,
                                       absl::string_view aad, absl::string_view ciphertext_and_tag);

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_AES_GCM_H_
