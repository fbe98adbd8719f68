#include "services/privacy/aes_gcm.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <cstring>
#include <memory>

namespace minhbach::privacy {
namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status Failed(const char* step) {
  return absl::InternalError(std::string("AES-256-GCM: OpenSSL ") + step + " failed");
}

// AES-256-GCM, fetched from OpenSSL's default provider once: EVP_aes_256_gcm()
// alone would make every EVP_*Init_ex fetch it again (OpenSSL 3's implicit
// fetch), a measurable share of a short message's cost.
const EVP_CIPHER* Cipher() {
  static const EVP_CIPHER* const cipher = [] {
    EVP_CIPHER* fetched = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    return fetched != nullptr ? static_cast<const EVP_CIPHER*>(fetched) : EVP_aes_256_gcm();
  }();
  return cipher;
}

// A context keyed with `key` (no nonce yet): cipher, 12-byte IVs, key.
absl::StatusOr<CipherCtx> Keyed(const uint8_t* key) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return Failed("EVP_CIPHER_CTX_new");
  if (EVP_CipherInit_ex(ctx.get(), Cipher(), nullptr, nullptr, nullptr, 1) != 1) {
    return Failed("init");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonceSize, nullptr) != 1) {
    return Failed("set IV length");
  }
  if (EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key, nullptr, 1) != 1) {
    return Failed("set key");
  }
  return ctx;
}

// Starts one message on a keyed context: direction, nonce, AAD.
absl::Status Start(EVP_CIPHER_CTX* ctx, bool encrypt, absl::string_view nonce,
                   absl::string_view aad) {
  if (nonce.size() != kGcmNonceSize) {
    return absl::InvalidArgumentError("AES-256-GCM: the nonce is not 12 bytes");
  }
  if (aad.size() > INT_MAX) return absl::InvalidArgumentError("AES-256-GCM: AAD too long");
  if (EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, Bytes(nonce), encrypt ? 1 : 0) != 1) {
    return Failed("set nonce");
  }
  int unused = 0;
  if (!aad.empty() &&
      EVP_CipherUpdate(ctx, nullptr, &unused, Bytes(aad), static_cast<int>(aad.size())) != 1) {
    return Failed("AAD");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SealWith(EVP_CIPHER_CTX* ctx, absl::string_view nonce,
                                     absl::string_view aad, absl::string_view plaintext) {
  if (plaintext.size() > INT_MAX - kGcmTagSize) {
    return absl::InvalidArgumentError("AES-256-GCM: plaintext too long");
  }
  if (absl::Status started = Start(ctx, true, nonce, aad); !started.ok()) return started;
  std::string out(plaintext.size() + kGcmTagSize, '\0');
  unsigned char* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx, dst, &len, Bytes(plaintext),
                                              static_cast<int>(plaintext.size())) != 1) {
    return Failed("encrypt");
  }
  int final_len = 0;
  if (EVP_EncryptFinal_ex(ctx, dst + len, &final_len) != 1) return Failed("final");
  if (static_cast<size_t>(len + final_len) != plaintext.size()) return Failed("length");
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kGcmTagSize, dst + plaintext.size()) != 1) {
    return Failed("get tag");
  }
  return out;
}

absl::StatusOr<std::string> OpenWith(EVP_CIPHER_CTX* ctx, absl::string_view nonce,
                                     absl::string_view aad, absl::string_view ciphertext_and_tag) {
  if (ciphertext_and_tag.size() < kGcmTagSize || ciphertext_and_tag.size() > INT_MAX) {
    return absl::DataLossError("AES-256-GCM: the sealed bytes are shorter than a tag");
  }
  const size_t text_size = ciphertext_and_tag.size() - kGcmTagSize;
  if (absl::Status started = Start(ctx, false, nonce, aad); !started.ok()) return started;
  std::string out(text_size, '\0');
  unsigned char* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (text_size > 0 && EVP_DecryptUpdate(ctx, dst, &len, Bytes(ciphertext_and_tag),
                                         static_cast<int>(text_size)) != 1) {
    return Failed("decrypt");
  }
  // OpenSSL's ctrl takes a non-const pointer but only reads the expected tag.
  unsigned char tag[kGcmTagSize];
  std::memcpy(tag, ciphertext_and_tag.data() + text_size, kGcmTagSize);
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kGcmTagSize, tag) != 1) {
    return Failed("set tag");
  }
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx, dst + len, &final_len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::DataLossError("AES-256-GCM: authentication failed (tampered, or another key)");
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > INT_MAX ||
      RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return absl::InternalError("OpenSSL RAND_bytes failed: no random bytes for a key or nonce");
  }
  return out;
}

absl::StatusOr<std::string> AesGcmSeal(const uint8_t* key, absl::string_view nonce,
                                       absl::string_view aad, absl::string_view plaintext) {
  absl::StatusOr<CipherCtx> ctx = Keyed(key);
  if (!ctx.ok()) return ctx.status();
  return SealWith(ctx->get(), nonce, aad, plaintext);
}

absl::StatusOr<std::string> AesGcmOpen(const uint8_t* key, absl::string_view nonce,
                                       absl::string_view aad,
                                       absl::string_view ciphertext_and_tag) {
  absl::StatusOr<CipherCtx> ctx = Keyed(key);
  if (!ctx.ok()) return ctx.status();
  return OpenWith(ctx->get(), nonce, aad, ciphertext_and_tag);
}

absl::StatusOr<std::unique_ptr<GcmKey>> GcmKey::Create(const uint8_t* key) {
  absl::StatusOr<CipherCtx> ctx = Keyed(key);
  if (!ctx.ok()) return ctx.status();
  return std::unique_ptr<GcmKey>(new GcmKey(ctx->release()));
}

GcmKey::~GcmKey() { EVP_CIPHER_CTX_free(ctx_); }

absl::StatusOr<std::string> GcmKey::Seal(absl::string_view nonce, absl::string_view aad,
                                         absl::string_view plaintext) const {
  absl::MutexLock lock(&mutex_);
  return SealWith(ctx_, nonce, aad, plaintext);
}

absl::StatusOr<std::string> GcmKey::Open(absl::string_view nonce, absl::string_view aad,
                                         absl::string_view ciphertext_and_tag) const {
  absl::MutexLock lock(&mutex_);
  return OpenWith(ctx_, nonce, aad, ciphertext_and_tag);
}

}  // namespace minhbach::privacy
