// The stores kept beside the log (issue 11, finding 6) open with the log's
// options: a failed write (a full disk) does not stop them for good, and a
// synced write survives a power loss.
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "storage/side_store.h"
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

}  // namespace
}  // namespace minhbach::storage
