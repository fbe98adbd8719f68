// AES-256-GCM through OpenSSL's EVP interface: the one cipher the vault uses,
// for household data (envelopes) and for wrapping data keys with the master key.
#ifndef MINHBACH_SERVICES_PRIVACY_AES_GCM_H_
#define MINHBACH_SERVICES_PRIVACY_AES_GCM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

struct evp_cipher_ctx_st;

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

// One key, its schedule computed once, for sealing and opening many messages:
// a cached household key, so that a read does not redo the AES key expansion
// and the GHASH tables per envelope (and allocates no cipher context). The
// same bytes as AesGcmSeal/AesGcmOpen. Thread-safe: calls on one key take
// turns. Destroying it wipes the schedule (OpenSSL frees GCM contexts with
// OPENSSL_clear_free).
class GcmKey {
 public:
  // `key` is kAesKeySize bytes; the caller wipes its own copy.
  static absl::StatusOr<std::unique_ptr<GcmKey>> Create(const uint8_t* key);
  ~GcmKey();
  GcmKey(const GcmKey&) = delete;
  GcmKey& operator=(const GcmKey&) = delete;

  absl::StatusOr<std::string> Seal(absl::string_view nonce, absl::string_view aad,
                                   absl::string_view plaintext) const;
  absl::StatusOr<std::string> Open(absl::string_view nonce, absl::string_view aad,
                                   absl::string_view ciphertext_and_tag) const;

 private:
  explicit GcmKey(evp_cipher_ctx_st* ctx) : ctx_(ctx) {}
  mutable absl::Mutex mutex_;
  evp_cipher_ctx_st* const ctx_ ABSL_PT_GUARDED_BY(mutex_);
};

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_AES_GCM_H_
