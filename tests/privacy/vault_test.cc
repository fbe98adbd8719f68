#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "services/privacy/personal_data_vault.h"
#include "tests/temp_dir.h"

namespace minhbach::privacy {
namespace {

namespace fs = std::filesystem;

MasterKey TestKey(char fill) {
  absl::StatusOr<MasterKey> key = MasterKey::FromBytes(std::string(32, fill));
  EXPECT_TRUE(key.ok());
  return *key;
}

std::unique_ptr<PersonalDataVault> OpenVault(const std::string& dir, char fill = 'k',
                                             VaultOptions options = {}) {
  absl::StatusOr<std::unique_ptr<PersonalDataVault>> vault =
      PersonalDataVault::Open(dir, TestKey(fill), options);
  EXPECT_TRUE(vault.ok()) << vault.status();
  return vault.ok() ? std::move(*vault) : nullptr;
}

// Every byte of every file under `dir`, concatenated (what a disk reader sees
// through the filesystem).
std::string AllFileBytes(const std::string& dir) {
  std::string all;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

TEST(VaultTest, SealOpenRoundTrip) {
  testing::TempDir dir;
  auto vault = OpenVault(dir.Sub("keys"));
  ASSERT_NE(vault, nullptr);
  const std::string plaintext = "Nguyễn Văn A, 0123456789";
  absl::StatusOr<std::string> envelope = vault->Seal("v1/H-0001", plaintext);
  ASSERT_TRUE(envelope.ok()) << envelope.status();
  EXPECT_EQ(envelope->substr(0, 4), "MBPD");
  EXPECT_EQ(envelope->find("Nguyễn"), std::string::npos);
  absl::StatusOr<std::string> opened = vault->Open("v1/H-0001", *envelope);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, plaintext);
  // Two seals of the same text differ (random nonces) and both open.
  absl::StatusOr<std::string> again = vault->Seal("v1/H-0001", plaintext);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *envelope);
  EXPECT_EQ(*vault->Open("v1/H-0001", *again), plaintext);
  // An empty plaintext is sealable too.
  absl::StatusOr<std::string> empty = vault->Seal("v1/H-0002", "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*vault->Open("v1/H-0002", *empty), "");
}

TEST(VaultTest, KeysSurviveRestart) {
  testing::TempDir dir;
  std::string envelope;
  {
    auto vault = OpenVault(dir.Sub("keys"));
    envelope = *vault->Seal("v1/H-0001", "data");
  }
  auto vault = OpenVault(dir.Sub("keys"));
  EXPECT_EQ(*vault->Open("v1/H-0001", envelope), "data");
}

TEST(VaultTest, EnvelopeMovedToAnotherHouseholdIsDataLoss) {
  testing::TempDir dir;
  auto vault = OpenVault(dir.Sub("keys"));
  const std::string envelope = *vault->Seal("v1/H-0001", "data");
  ASSERT_TRUE(vault->Seal("v1/H-0002", "other").ok());
  absl::StatusOr<std::string> moved = vault->Open("v1/H-0002", envelope);
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kDataLoss) << moved.status();
  // A household that has no key at all.
  EXPECT_EQ(vault->Open("v1/H-0003", envelope).status().code(), absl::StatusCode::kDataLoss);
}

TEST(VaultTest, EveryBitFlipFailsToOpen) {
  testing::TempDir dir;
  auto vault = OpenVault(dir.Sub("keys"));
  const std::string envelope = *vault->Seal("v1/H-0001", "short");
  for (size_t bit = 0; bit < envelope.size() * 8; ++bit) {
    std::string flipped = envelope;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    absl::StatusOr<std::string> opened = vault->Open("v1/H-0001", flipped);
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << "bit " << bit;
  }
  // Every truncation and an appended byte fail as well.
  for (size_t n = 0; n < envelope.size(); ++n) {
    EXPECT_EQ(vault->Open("v1/H-0001", envelope.substr(0, n)).status().code(),
              absl::StatusCode::kDataLoss)
        << "length " << n;
  }
  EXPECT_EQ(vault->Open("v1/H-0001", envelope + "x").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(*vault->Open("v1/H-0001", envelope), "short");
}

TEST(VaultTest, WrongMasterKeyIsRefusedAtOpen) {
  testing::TempDir dir;
  { ASSERT_NE(OpenVault(dir.Sub("keys"), 'a'), nullptr); }
  absl::StatusOr<std::unique_ptr<PersonalDataVault>> wrong =
      PersonalDataVault::Open(dir.Sub("keys"), TestKey('b'));
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kFailedPrecondition) << wrong.status();
  EXPECT_NE(OpenVault(dir.Sub("keys"), 'a'), nullptr);
}

TEST(VaultTest, EraseIsPermanentAndSurvivesRestart) {
  testing::TempDir dir;
  std::string envelope;
  {
    auto vault = OpenVault(dir.Sub("keys"));
    envelope = *vault->Seal("v1/H-0001", "data");
    const std::string other = *vault->Seal("v1/H-0002", "kept");
    EXPECT_FALSE(vault->IsErasedHousehold("v1/H-0001"));
    ASSERT_TRUE(vault->Erase("v1/H-0001").ok());
    EXPECT_TRUE(vault->IsErasedHousehold("v1/H-0001"));
    EXPECT_FALSE(vault->IsErasedHousehold("v1/H-0002"));
    absl::StatusOr<std::string> opened = vault->Open("v1/H-0001", envelope);
    EXPECT_TRUE(IsErased(opened.status())) << opened.status();
    absl::StatusOr<std::string> sealed = vault->Seal("v1/H-0001", "new");
    EXPECT_EQ(sealed.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(vault->Erase("v1/H-0001").ok());  // idempotent
    EXPECT_EQ(*vault->Open("v1/H-0002", other), "kept");
  }
  auto vault = OpenVault(dir.Sub("keys"));
  EXPECT_TRUE(vault->IsErasedHousehold("v1/H-0001"));
  EXPECT_TRUE(IsErased(vault->Open("v1/H-0001", envelope).status()));
  EXPECT_FALSE(IsErased(absl::NotFoundError("erased")));  // the status, not its words
}

TEST(VaultTest, EraseRemovesTheWrappedKeyBytesFromTheStoreFiles) {
  testing::TempDir dir;
  const std::string keys = dir.Sub("keys");
  std::string wrapped_h1, wrapped_h2;
  {
    auto vault = OpenVault(keys);
    ASSERT_TRUE(vault->Seal("v1/H-0001", "data").ok());
    ASSERT_TRUE(vault->Seal("v1/H-0002", "kept").ok());
  }
  // The wrapped keys as RocksDB stores them (the tail of each record: nonce,
  // wrapped key, tag), read back through a raw RocksDB handle.
  {
    auto read = [&](const std::string& id) {
      rocksdb::DB* db = nullptr;
      rocksdb::Options options;
      EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(options, keys, &db).ok());
      std::string value;
      EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "k/" + id, &value).ok());
      delete db;
      return value.substr(5);
    };
    wrapped_h1 = read("v1/H-0001");
    wrapped_h2 = read("v1/H-0002");
  }
  ASSERT_EQ(wrapped_h1.size(), 12u + 32 + 16);
  EXPECT_NE(AllFileBytes(keys).find(wrapped_h1), std::string::npos)
      << "the wrapped key is in the files before erasure (or the search is blind)";
  {
    auto vault = OpenVault(keys);
    ASSERT_TRUE(vault->Erase("v1/H-0001").ok());
    EXPECT_EQ(AllFileBytes(keys).find(wrapped_h1), std::string::npos)
        << "the erased household's wrapped key is still in the store's files";
    EXPECT_NE(AllFileBytes(keys).find(wrapped_h2), std::string::npos);
  }
  EXPECT_EQ(AllFileBytes(keys).find(wrapped_h1), std::string::npos);
}

TEST(VaultTest, RestoredOlderBackupStaysErasedAfterApplyErasures) {
  testing::TempDir dir;
  const std::string keys = dir.Sub("keys");
  std::string envelope1, envelope2;
  {
    auto vault = OpenVault(keys);
    envelope1 = *vault->Seal("v1/H-0001", "one");
    envelope2 = *vault->Seal("v1/H-0002", "two");
    ASSERT_TRUE(vault->Backup(dir.Sub("backup")).ok());
    EXPECT_EQ(vault->Backup(dir.Sub("backup")).code(), absl::StatusCode::kFailedPrecondition);
    ASSERT_TRUE(vault->Erase("v1/H-0001").ok());
  }
  // The restore procedure: stop, replace the store by the backup, start.
  fs::remove_all(keys);
  fs::copy(dir.Sub("backup"), keys, fs::copy_options::recursive);
  {
    auto vault = OpenVault(keys);
    // Without the log's erasures the old key is back: what ApplyErasures is for.
    ASSERT_EQ(*vault->Open("v1/H-0001", envelope1), "one");
    ASSERT_TRUE(vault->ApplyErasures({"v1/H-0001", "v1/H-0009"}).ok());
    EXPECT_TRUE(IsErased(vault->Open("v1/H-0001", envelope1).status()));
    EXPECT_EQ(*vault->Open("v1/H-0002", envelope2), "two");
    // A household erased before it had a key never gets one.
    EXPECT_TRUE(vault->IsErasedHousehold("v1/H-0009"));
    EXPECT_EQ(vault->Seal("v1/H-0009", "x").status().code(), absl::StatusCode::kFailedPrecondition);
  }
  auto vault = OpenVault(keys);
  EXPECT_TRUE(IsErased(vault->Open("v1/H-0001", envelope1).status()));
}

TEST(VaultTest, KeyCacheIsBounded) {
  testing::TempDir dir;
  VaultOptions options;
  options.key_cache_capacity = 3;
  auto vault = OpenVault(dir.Sub("keys"), 'k', options);
  std::vector<std::string> envelopes;
  for (int i = 0; i < 10; ++i) {
    envelopes.push_back(*vault->Seal("v1/H-000" + std::to_string(i), std::to_string(i)));
    EXPECT_LE(vault->cached_keys(), 3u);
  }
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(*vault->Open("v1/H-000" + std::to_string(i), envelopes[i]), std::to_string(i));
  }
  EXPECT_EQ(vault->cached_keys(), 3u);
  ASSERT_TRUE(vault->Erase("v1/H-0009").ok());
  EXPECT_EQ(vault->cached_keys(), 2u);
}

TEST(VaultTest, ConcurrentReadsNeverOpenAHouseholdOnceItsErasureReturned) {
  testing::TempDir dir;
  VaultOptions options;
  options.key_cache_capacity = 8;  // reads both hit and miss the cache
  auto vault = OpenVault(dir.Sub("keys"), 'k', options);
  constexpr int kCount = 24;
  std::vector<std::string> ids, envelopes;
  for (int i = 0; i < kCount; ++i) {
    ids.push_back("v1/H-" + std::to_string(1000 + i));
    envelopes.push_back(*vault->Seal(ids.back(), "data"));
  }
  std::vector<std::atomic<bool>> erased(kCount);
  std::atomic<bool> done{false};
  std::atomic<int> violations{0}, opened{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int n = t; !done.load(); n = (n + 7) % kCount) {
        const bool erased_before = erased[n].load();
        absl::StatusOr<std::string> result = vault->Open(ids[n], envelopes[n]);
        if (result.ok()) {
          ++opened;
          if (erased_before) ++violations;
        } else if (!IsErased(result.status())) {
          ++violations;
        }
      }
    });
  }
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(vault->Erase(ids[i]).ok());
    erased[i] = true;
  }
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_GT(opened.load(), 0);
  EXPECT_EQ(vault->cached_keys(), 0u);
}

TEST(VaultTest, EmptyHouseholdIdIsInvalid) {
  testing::TempDir dir;
  auto vault = OpenVault(dir.Sub("keys"));
  EXPECT_EQ(vault->Seal("", "x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(vault->Erase("").code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace minhbach::privacy
