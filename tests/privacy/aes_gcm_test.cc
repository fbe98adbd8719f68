// AES-256-GCM as the vault uses it: the one-shot functions against a published
// test vector, and GcmKey (a key schedule reused across messages) giving the
// same bytes, message after message, in both directions and from many threads.
#include "services/privacy/aes_gcm.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace minhbach::privacy {
namespace {

std::string Hex(absl::string_view hex) { return absl::HexStringToBytes(hex); }

const uint8_t* KeyBytes(const std::string& key) {
  return reinterpret_cast<const uint8_t*>(key.data());
}

// "The Galois/Counter Mode of Operation (GCM)", McGrew and Viega, test case 16
// (AES-256, 96-bit IV, 60-byte plaintext, 20-byte AAD).
struct Vector {
  std::string key = Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  std::string nonce = Hex("cafebabefacedbaddecaf888");
  std::string aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  std::string plaintext =
      Hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
          "49a6b525b16aedf5aa0de657ba637b39");
  std::string sealed =
      Hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b10"
          "56828838c5f61e6393ba7a0abcc9f662"
          "76fc6ece0f4e1768cddf8853bb2d551b");
};

TEST(AesGcmTest, OneShotMatchesThePublishedVector) {
  const Vector v;
  EXPECT_EQ(*AesGcmSeal(KeyBytes(v.key), v.nonce, v.aad, v.plaintext), v.sealed);
  EXPECT_EQ(*AesGcmOpen(KeyBytes(v.key), v.nonce, v.aad, v.sealed), v.plaintext);
  std::string changed = v.sealed;
  changed[3] ^= 1;
  EXPECT_TRUE(absl::IsDataLoss(AesGcmOpen(KeyBytes(v.key), v.nonce, v.aad, changed).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(AesGcmOpen(KeyBytes(v.key), "short", v.aad, v.sealed).status()));
}

TEST(AesGcmTest, AReusedKeyGivesTheSameBytesMessageAfterMessage) {
  const Vector v;
  auto key = GcmKey::Create(KeyBytes(v.key));
  ASSERT_TRUE(key.ok()) << key.status();
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(*(*key)->Seal(v.nonce, v.aad, v.plaintext), v.sealed);
    EXPECT_EQ(*(*key)->Open(v.nonce, v.aad, v.sealed), v.plaintext);
  }
  // Other nonces and lengths, against the one-shot functions, both ways.
  for (int i = 0; i < 50; ++i) {
    const std::string nonce = std::string(11, static_cast<char>(i)) + "n";
    const std::string text(static_cast<size_t>(i * 7), static_cast<char>('a' + i % 26));
    const std::string aad = i % 2 == 0 ? "" : "aad " + std::to_string(i);
    absl::StatusOr<std::string> sealed = (*key)->Seal(nonce, aad, text);
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(*sealed, *AesGcmSeal(KeyBytes(v.key), nonce, aad, text));
    EXPECT_EQ(*AesGcmOpen(KeyBytes(v.key), nonce, aad, *sealed), text);
    EXPECT_EQ(*(*key)->Open(nonce, aad, *sealed), text);
  }
}

TEST(AesGcmTest, AFailedOpenLeavesTheReusedKeyWorking) {
  const Vector v;
  auto key = GcmKey::Create(KeyBytes(v.key));
  ASSERT_TRUE(key.ok());
  std::string changed = v.sealed;
  changed.back() ^= 0x80;  // the tag
  EXPECT_TRUE(absl::IsDataLoss((*key)->Open(v.nonce, v.aad, changed).status()));
  EXPECT_TRUE(absl::IsDataLoss((*key)->Open(v.nonce, "other aad", v.sealed).status()));
  EXPECT_TRUE(absl::IsDataLoss((*key)->Open(v.nonce, v.aad, "short").status()));
  EXPECT_TRUE(absl::IsInvalidArgument((*key)->Open("bad nonce", v.aad, v.sealed).status()));
  EXPECT_EQ(*(*key)->Open(v.nonce, v.aad, v.sealed), v.plaintext);
  EXPECT_EQ(*(*key)->Seal(v.nonce, v.aad, v.plaintext), v.sealed);

  auto other = GcmKey::Create(KeyBytes(std::string(32, 'x')));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(absl::IsDataLoss((*other)->Open(v.nonce, v.aad, v.sealed).status()));
}

TEST(AesGcmTest, ThreadsShareOneKey) {
  const Vector v;
  auto key = GcmKey::Create(KeyBytes(v.key));
  ASSERT_TRUE(key.ok());
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        absl::StatusOr<std::string> opened = (*key)->Open(v.nonce, v.aad, v.sealed);
        absl::StatusOr<std::string> sealed = (*key)->Seal(v.nonce, v.aad, v.plaintext);
        if (!opened.ok() || *opened != v.plaintext || !sealed.ok() || *sealed != v.sealed) {
          ++wrong[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace minhbach::privacy
