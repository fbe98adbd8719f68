// The stores kept beside the log (issue 11, finding 6) open with the log's
// options: a failed write (a full disk) does not stop them for good, a
// synced write survives a power loss, and a cursor over a prefix gives its
// keys, wherever they lie, with a prefix filter or without.
#include "storage/side_store.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "tests/fault_injection_fs.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using testing::FaultInjectionFileSystem;
using testing::TempDir;

class SideStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_ = std::make_shared<FaultInjectionFileSystem>();
    env_ = rocksdb::NewCompositeEnv(fs_);
    options_.env = env_.get();
  }
  std::unique_ptr<SideStore> Open() {
    absl::StatusOr<std::unique_ptr<SideStore>> store =
        SideStore::Open(dir_.Sub("store"), "the test store", options_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  TempDir dir_;
  std::shared_ptr<FaultInjectionFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
  SideStoreOptions options_;
};

TEST_F(SideStoreTest, Finding6_WritesResumeOnceAFullDiskHasRoomAgain) {
  std::unique_ptr<SideStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Put("before", "1").ok());
  fs_->SetFault(FaultInjectionFileSystem::Op::kWrite, rocksdb::IOStatus::NoSpace("disk full"));
  absl::Status full = store->Put("during", "2");
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted) << full;
  EXPECT_NE(full.message().find("the test store"), absl::string_view::npos) << full;
  // Still full: the resume fails too, and says so.
  EXPECT_FALSE(store->Put("during", "2").ok());
  fs_->ClearFaults();
  // RocksDB stops writing after such an error until resumed; the store resumes it.
  absl::Status after = store->Put("after", "3");
  ASSERT_TRUE(after.ok()) << after;
  EXPECT_EQ(store->Get("after").value(), "3");
  EXPECT_EQ(store->Get("before").value(), "1");
}

TEST_F(SideStoreTest, Finding6_ASyncedWriteSurvivesAPowerLoss) {
  std::unique_ptr<SideStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Put("kept", "synced", /*sync=*/true).ok());
  fs_->CutPower();
  store.reset();
  fs_->DropUnsyncedData();
  fs_ = std::make_shared<FaultInjectionFileSystem>();
  env_ = rocksdb::NewCompositeEnv(fs_);
  options_.env = env_.get();
  store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Get("kept").value(), "synced");
}

TEST_F(SideStoreTest, MissingKeysAreNotErrorsAndCursorsReadInOrder) {
  std::unique_ptr<SideStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Put("k", "v").ok());
  // Unknown keys are nullopt, not errors.
  EXPECT_EQ(store->Get("missing").value(), std::nullopt);
  SideStore::Cursor cursor = store->NewCursor();
  cursor.Seek("k");
  ASSERT_TRUE(cursor.Valid());
  EXPECT_EQ(cursor.key(), "k");
  EXPECT_EQ(cursor.value(), "v");
  EXPECT_TRUE(cursor.status().ok());
}

// Keys up to their first 0x00 after the first byte, as the timeline index's.
class UpToFirstZero final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "test.UpToFirstZero"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), absl::string_view(key.data(), key.size()).find('\0', 1) + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return key.size() > 1 &&
           absl::string_view(key.data(), key.size()).find('\0', 1) != absl::string_view::npos;
  }
};

std::vector<std::string> KeysFrom(const SideStore& store, absl::string_view prefix,
                                  absl::string_view from) {
  std::vector<std::string> keys;
  SideStore::Cursor cursor = store.NewCursor(prefix);
  for (cursor.Seek(from); cursor.Valid(); cursor.Next()) keys.emplace_back(cursor.key());
  EXPECT_TRUE(cursor.status().ok()) << cursor.status();
  return keys;
}

// A cursor over a prefix gives exactly the keys that start with it, from
// table files (written before the store had a prefix filter, and after) and
// the memtable alike; a cursor without one still sees every key in order.
TEST_F(SideStoreTest, PrefixCursorsGiveTheirPrefixsKeysWhereverTheyLie) {
  const std::string z("\0", 1);
  std::vector<std::string> all;
  auto put = [&](SideStore& store, std::string key) {
    ASSERT_TRUE(store.Put(key, "").ok());
    all.push_back(std::move(key));
  };
  {
    std::unique_ptr<SideStore> store = Open();  // no prefix filter yet
    ASSERT_NE(store, nullptr);
    put(*store, "ea" + z + "1");
    put(*store, "eab" + z + "1");
    EXPECT_EQ(KeysFrom(*store, "ea" + z, "ea" + z), std::vector<std::string>{"ea" + z + "1"});
  }
  options_.prefix_extractor = std::make_shared<UpToFirstZero>();
  {
    // Opening flushes what the write-ahead log held into a table file.
    std::unique_ptr<SideStore> store = Open();
    ASSERT_NE(store, nullptr);
    put(*store, "ea" + z + "2");
    put(*store, "eb" + z + "1");
    put(*store, "e\xff" + z + "1");
  }
  std::unique_ptr<SideStore> store = Open();
  ASSERT_NE(store, nullptr);
  int table_files = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir_.Sub("store"))) {
    table_files += file.path().extension() == ".sst" ? 1 : 0;
  }
  ASSERT_GE(table_files, 2) << "the keys written before were to lie in table files";
  put(*store, "ea" + z + "3");         // in the memtable
  put(*store, "eb" + z + "2");         // in the memtable
  put(*store, "ea" + z + "\xff\xff");  // ends in 0xff: the bound drops those bytes
  put(*store, "ea" + z + std::string("\xff\xff\x01"));
  std::sort(all.begin(), all.end());
  auto starting_with = [&](absl::string_view prefix, absl::string_view from) {
    std::vector<std::string> keys;
    for (const std::string& key : all) {
      if (absl::StartsWith(key, prefix) && key >= from) keys.push_back(key);
    }
    return keys;
  };
  for (std::string prefix : {"ea" + z, "eab" + z, "eb" + z, "ec" + z, "e\xff" + z, "ea" + z + "2",
                             "ea" + z + "\xff", "ea" + z + "\xff\xff"}) {
    SCOPED_TRACE(absl::CEscape(prefix));
    EXPECT_EQ(KeysFrom(*store, prefix, prefix), starting_with(prefix, prefix));
    EXPECT_EQ(KeysFrom(*store, prefix, prefix + "2"), starting_with(prefix, prefix + "2"));
  }
  // A prefix of 0xff bytes only has no key past it: the cursor ends with the store.
  EXPECT_EQ(KeysFrom(*store, "\xff", "\xff"), std::vector<std::string>{});
  EXPECT_EQ(KeysFrom(*store, "", ""), all);
  EXPECT_EQ(KeysFrom(*store, "", "eab"), starting_with("e", "eab"));
}

}  // namespace
}  // namespace minhbach::storage
