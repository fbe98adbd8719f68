#include "storage/ed25519.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace minhbach::storage {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using PublicPkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// OpenSSL wants a non-null pointer even for an empty message.
const unsigned char* MessageBytes(absl::string_view message) {
  static const unsigned char kEmpty = 0;
  return message.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(message.data());
}

// An Internal error naming the failed OpenSSL call; clears the thread's error
// queue so that stale entries never leak into later calls.
absl::Status OpenSslError(absl::string_view what) {
  const unsigned long code = ERR_peek_last_error();
  char reason[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, reason, sizeof(reason));
  ERR_clear_error();
  return absl::InternalError(absl::StrCat("OpenSSL ", what, " failed: ", reason));
}

}  // namespace

void Ed25519PrivateKey::PkeyDeleter::operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }

Ed25519PrivateKey::~Ed25519PrivateKey() { OPENSSL_cleanse(seed_.data(), seed_.size()); }

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::Generate() {
  Ed25519Seed seed;
  if (RAND_priv_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
    return OpenSslError("RAND_priv_bytes");
  }
  absl::StatusOr<Ed25519PrivateKey> key = FromSeed(AsStringView(seed));
  OPENSSL_cleanse(seed.data(), seed.size());
  return key;
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(absl::string_view seed) {
  if (seed.size() != kEd25519SeedSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("Ed25519 seed must be ", kEd25519SeedSize, " bytes, got ", seed.size()));
  }
  Ed25519PrivateKey key;
  std::memcpy(key.seed_.data(), seed.data(), seed.size());
  key.pkey_.reset(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.seed_.data(), key.seed_.size()));
  if (key.pkey_ == nullptr) return OpenSslError("EVP_PKEY_new_raw_private_key");
  size_t public_size = key.public_key_.size();
  if (EVP_PKEY_get_raw_public_key(key.pkey_.get(), key.public_key_.data(), &public_size) != 1 ||
      public_size != kEd25519PublicKeySize) {
    return OpenSslError("EVP_PKEY_get_raw_public_key");
  }
  return key;
}

absl::StatusOr<Ed25519Signature> Ed25519PrivateKey::Sign(absl::string_view message) const {
  if (pkey_ == nullptr) return absl::FailedPreconditionError("Ed25519 key was moved from");
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) return OpenSslError("EVP_MD_CTX_new");
  // Ed25519 hashes internally: the digest must be NULL.
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_.get()) != 1) {
    return OpenSslError("EVP_DigestSignInit");
  }
  Ed25519Signature signature;
  size_t signature_size = signature.size();
  if (EVP_DigestSign(ctx.get(), signature.data(), &signature_size, MessageBytes(message),
                     message.size()) != 1 ||
      signature_size != kEd25519SignatureSize) {
    return OpenSslError("EVP_DigestSign");
  }
  return signature;
}

bool VerifyEd25519(const Ed25519PublicKey& public_key, absl::string_view message,
                   absl::string_view signature) {
  if (signature.size() != kEd25519SignatureSize) return false;
  PublicPkeyPtr pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok =
      pkey != nullptr && ctx != nullptr &&
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), MessageBytes(message), message.size()) == 1;
  // A rejected signature leaves an entry on the thread's error queue.
  ERR_clear_error();
  return ok;
}

}  // namespace minhbach::storage
