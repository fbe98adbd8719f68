// Opening directories that are not (or not yet, or no longer) readable logs.
#include <fstream>
#include <memory>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/event_log.h"
#include "storage/format.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using ::minhbach::testing::MakeAppend;
using ::minhbach::testing::OpenOrDie;
using ::minhbach::testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(LogOpenTest, DirectoryWithOtherFilesIsRefusedAndLeftUntouched) {
  TempDir dir;
  { std::ofstream(dir.Sub("notes.txt")) << "precious"; }
  absl::Status status = EventLog::Open(dir.path(), {}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "not a minhbach log")) << status;
  EXPECT_EQ(ReadFile(dir.Sub("notes.txt")), "precious");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(LogOpenTest, OtherRocksDbIsRefused) {
  TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "k", "v").ok());
    delete db;
  }
  absl::Status status = EventLog::Open(dir.path(), {}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "not a minhbach log")) << status;
}

TEST(LogOpenTest, NewerFormatVersionIsRefused) {
  TempDir dir;
  OpenOrDie(dir.Sub("log")).reset();
  {
    // Pretend a future minhbach wrote this log.
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : format::kColumnFamilyNames)
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(
        rocksdb::DB::Open(rocksdb::DBOptions(), dir.Sub("log"), families, &handles, &db).ok());
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), handles[format::kMetaCf], "format_version", "2").ok());
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    delete db;
  }
  absl::Status status = EventLog::Open(dir.Sub("log"), {}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "newer minhbach")) << status;
}

TEST(LogOpenTest, MissingLogIsNotFoundWhenNotCreating) {
  TempDir dir;
  LogOptions options;
  options.create_if_missing = false;
  EXPECT_EQ(EventLog::Open(dir.Sub("none"), options).status().code(), absl::StatusCode::kNotFound);
  options.create_if_missing = true;
  options.read_only = true;
  EXPECT_EQ(EventLog::Open(dir.Sub("none"), options).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("none")));
}

TEST(LogOpenTest, SecondWriterOnSameDirectoryIsRefused) {
  TempDir dir;
  std::unique_ptr<EventLog> first = OpenOrDie(dir.Sub("log"));
  absl::Status status = EventLog::Open(dir.Sub("log"), {}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "another process")) << status;
}

TEST(LogOpenTest, ReadOnlyLogReadsButRefusesAppends) {
  TempDir dir;
  {
    std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"));
    ASSERT_TRUE(log->Append(MakeAppend("a", ExpectedVersion::Any(), 3)).ok());
  }
  LogOptions options;
  options.read_only = true;
  std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"), options);
  EXPECT_EQ(log->Size(), 3u);
  EXPECT_EQ(log->ReadAll(0, 10).value().size(), 3u);
  EXPECT_EQ(log->Append(MakeAppend("a", ExpectedVersion::Any())).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LogOpenTest, PathThatIsAFileIsRefused) {
  TempDir dir;
  { std::ofstream(dir.Sub("file")) << "x"; }
  EXPECT_EQ(EventLog::Open(dir.Sub("file"), {}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace minhbach::storage
