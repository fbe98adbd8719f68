// Ed25519 (RFC 8032) signing and verification through OpenSSL 3's EVP API.
//
//   ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
//   ASSIGN_OR_RETURN(Ed25519Signature sig, key.Sign("message"));
//   bool ok = VerifyEd25519(key.public_key(), "message", AsStringView(sig));
//
// Thread safety: VerifyEd25519 is thread-safe; an Ed25519PrivateKey may be used
// for Sign from many threads at once, but not moved or assigned meanwhile.
#ifndef MINHBACH_STORAGE_ED25519_H_
#define MINHBACH_STORAGE_ED25519_H_

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::storage {

inline constexpr size_t kEd25519SeedSize = 32;
inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

using Ed25519Seed = std::array<uint8_t, kEd25519SeedSize>;
using Ed25519PublicKey = std::array<uint8_t, kEd25519PublicKeySize>;
using Ed25519Signature = std::array<uint8_t, kEd25519SignatureSize>;

// Views the bytes of a fixed-size array as a string_view (no copy).
template <size_t N>
absl::string_view AsStringView(const std::array<uint8_t, N>& bytes) {
  return absl::string_view(reinterpret_cast<const char*>(bytes.data()), N);
}

// An Ed25519 private key: the 32-byte RFC 8032 seed and the public key derived
// from it. Move-only; the seed is wiped from memory on destruction.
// Thread safety: const methods are thread-safe; moves need external sync.
class Ed25519PrivateKey {
 public:
  // Returns a key from 32 bytes of OpenSSL's private CSPRNG, or Internal if the
  // generator or OpenSSL fails.
  static absl::StatusOr<Ed25519PrivateKey> Generate();

  // Returns the key whose RFC 8032 seed is `seed`. InvalidArgument unless seed
  // is exactly 32 bytes; Internal if OpenSSL fails.
  static absl::StatusOr<Ed25519PrivateKey> FromSeed(absl::string_view seed);

  Ed25519PrivateKey(Ed25519PrivateKey&&) noexcept = default;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&&) noexcept = default;
  ~Ed25519PrivateKey();

  // Returns the 64-byte RFC 8032 signature of `message` (deterministic: the
  // same key and message always give the same signature). Internal if OpenSSL
  // fails; FailedPrecondition on a moved-from key.
  absl::StatusOr<Ed25519Signature> Sign(absl::string_view message) const;

  // The 32-byte RFC 8032 public key.
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // The 32-byte secret seed. Anyone holding it can sign: keep it secret.
  const Ed25519Seed& seed() const { return seed_; }

 private:
  struct PkeyDeleter {
    void operator()(EVP_PKEY* pkey) const;
  };

  Ed25519PrivateKey() = default;

  std::unique_ptr<EVP_PKEY, PkeyDeleter> pkey_;
  Ed25519Seed seed_{};
  Ed25519PublicKey public_key_{};
};

// Returns true iff `signature` is a valid RFC 8032 Ed25519 signature of
// `message` under `public_key`. Returns false (never crashes) for a signature
// of the wrong length, a malformed public key or any OpenSSL failure.
bool VerifyEd25519(const Ed25519PublicKey& public_key, absl::string_view message,
                   absl::string_view signature);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_ED25519_H_
