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

// Both directions share the setup: cipher, 12-byte IV, key and nonce, AAD.
absl::StatusOr<CipherCtx> Start(bool encrypt, const uint8_t* key, absl::string_view nonce,
                                absl::string_view aad) {
  if (nonce.size() != kGcmNonceSize) {
    return absl::InvalidArgumentError("AES-256-GCM: the nonce is not 12 bytes");
  }
  if (aad.size() > INT_MAX) return absl::InvalidArgumentError("AES-256-GCM: AAD too long");
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return Failed("EVP_CIPHER_CTX_new");
  auto init = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
  if (init(ctx.get(), Cipher(), nullptr, nullptr, nullptr) != 1) return Failed("init");
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmNonceSize, nullptr) != 1) {
    return Failed("set IV length");
  }
  if (init(ctx.get(), nullptr, nullptr, key, Bytes(nonce)) != 1) return Failed("set key");
  int unused = 0;
  if (!aad.empty()) {
    auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
    if (update(ctx.get(), nullptr, &unused, Bytes(aad), static_cast<int>(aad.size())) != 1) {
      return Failed("AAD");
    }
  }
  return ctx;
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
  if (plaintext.size() > INT_MAX - kGcmTagSize) {
    return absl::InvalidArgumentError("AES-256-GCM: plaintext too long");
  }
  absl::StatusOr<CipherCtx> ctx = Start(true, key, nonce, aad);
  if (!ctx.ok()) return ctx.status();
  std::string out(plaintext.size() + kGcmTagSize, '\0');
  unsigned char* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx->get(), dst, &len, Bytes(plaintext),
                                              static_cast<int>(plaintext.size())) != 1) {
    return Failed("encrypt");
  }
  int final_len = 0;
  if (EVP_EncryptFinal_ex(ctx->get(), dst + len, &final_len) != 1) return Failed("final");
  if (static_cast<size_t>(len + final_len) != plaintext.size()) return Failed("length");
  if (EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_GCM_GET_TAG, kGcmTagSize, dst + plaintext.size()) !=
      1) {
    return Failed("get tag");
  }
  return out;
}

absl::StatusOr<std::string> AesGcmOpen(const uint8_t* key, absl::string_view nonce,
                                       absl::string_view aad,
                                       absl::string_view ciphertext_and_tag) {
  if (ciphertext_and_tag.size() < kGcmTagSize || ciphertext_and_tag.size() > INT_MAX) {
    return absl::DataLossError("AES-256-GCM: the sealed bytes are shorter than a tag");
  }
  const size_t text_size = ciphertext_and_tag.size() - kGcmTagSize;
  absl::StatusOr<CipherCtx> ctx = Start(false, key, nonce, aad);
  if (!ctx.ok()) return ctx.status();
  std::string out(text_size, '\0');
  unsigned char* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (text_size > 0 && EVP_DecryptUpdate(ctx->get(), dst, &len, Bytes(ciphertext_and_tag),
                                         static_cast<int>(text_size)) != 1) {
    return Failed("decrypt");
  }
  // OpenSSL's ctrl takes a non-const pointer but only reads the expected tag.
  unsigned char tag[kGcmTagSize];
  std::memcpy(tag, ciphertext_and_tag.data() + text_size, kGcmTagSize);
  if (EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_GCM_SET_TAG, kGcmTagSize, tag) != 1) {
    return Failed("set tag");
  }
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx->get(), dst + len, &final_len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::DataLossError("AES-256-GCM: authentication failed (tampered, or another key)");
  }
  return out;
}

}  // namespace minhbach::privacy
