// Tampering with a closed log directly in RocksDB is always found: offline
// verification names the damaged position, and a checkpoint signed before the
// tampering no longer matches the events.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/checkpoint.h"
#include "storage/event_record.h"
#include "storage/format.h"
#include "storage/log_checkpoint.h"
#include "storage/log_verifier.h"
#include "tests/log_test_util.h"
#include "tests/raw_log.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using ::minhbach::testing::MakeAppend;
using ::minhbach::testing::OpenOrDie;
using ::minhbach::testing::RawLog;
using ::minhbach::testing::TempDir;

constexpr uint64_t kEvents = 50;

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = note::Signer::Generate("minhbach.test/log").value();
    std::unique_ptr<EventLog> log = OpenOrDie(path_);
    for (uint64_t i = 0; i < kEvents; ++i) {
      ASSERT_TRUE(log->Append(MakeAppend(i % 3 ? "a" : "b", ExpectedVersion::Any())).ok());
    }
    signed_checkpoint_ = SignedLogCheckpoint(*log, *key_, kEvents).value();
    log.reset();
    VerifyReport honest = Verify();
    ASSERT_TRUE(honest.ok) << honest.problem;
    ASSERT_EQ(honest.verified, kEvents);
  }

  VerifyReport Verify() {
    VerifyOptions options;
    options.trusted_checkpoints.push_back(
        OpenCheckpoint(signed_checkpoint_, key_->verifier()).value());
    return VerifyLogDirectory(path_, options).value();
  }

  // Applies `tamper`, then expects verification to name `position` and the
  // signed checkpoint to no longer match the events.
  void ExpectDetected(const std::function<void(RawLog&)>& tamper, uint64_t position,
                      const std::string& words) {
    {
      RawLog raw(path_);
      tamper(raw);
      auto [size, root] = raw.RootOfEvents();
      const Checkpoint before = OpenCheckpoint(signed_checkpoint_, key_->verifier()).value();
      EXPECT_TRUE(size != before.size || root != before.root)
          << "the signed tree head still matches the tampered events";
    }
    VerifyReport report = Verify();
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.first_bad_position, position) << report.problem;
    EXPECT_TRUE(absl::StrContains(report.problem, words)) << report.problem;
  }

  TempDir dir_;
  const std::string path_ = dir_.Sub("log");
  std::optional<note::Signer> key_;
  std::string signed_checkpoint_;
};

TEST_F(TamperTest, OneChangedByteOfAnEventIsNamed) {
  ExpectDetected(
      [](RawLog& raw) {
        std::string bytes = raw.Get(format::kEventsCf, format::EventKey(17));
        bytes[bytes.size() - 1] ^= 0x01;  // last byte of the payload
        raw.Put(format::kEventsCf, format::EventKey(17), bytes);
      },
      17, "position 17");
}

// The live log's reads name a record that no longer decodes and a position
// that is gone, whichever way they read: fresh records or parsed in place.
TEST_F(TamperTest, ReadsNameARecordThatNoLongerDecodesAndAMissingPosition) {
  {
    RawLog raw(path_);
    raw.Put(format::kEventsCf, format::EventKey(17), std::string("\xff\xff\xff", 3));
    raw.Delete(format::kEventsCf, format::EventKey(23));
  }
  std::unique_ptr<EventLog> log = OpenOrDie(path_);
  std::vector<v1::EventRecord> records(40);
  absl::Status garbled = log->ReadRecordsInto(0, 100, records);
  EXPECT_EQ(garbled.code(), absl::StatusCode::kDataLoss) << garbled;
  EXPECT_TRUE(absl::StrContains(garbled.message(), "position 17 does not decode")) << garbled;
  EXPECT_TRUE(records.empty()) << "a failed read left records behind";
  EXPECT_EQ(log->ReadAll(0, 100).status().code(), absl::StatusCode::kDataLoss);
  absl::Status missing = log->ReadRecordsInto(18, 100, records);
  EXPECT_EQ(missing.code(), absl::StatusCode::kDataLoss) << missing;
  EXPECT_TRUE(absl::StrContains(missing.message(), "position 23 is missing")) << missing;
  EXPECT_TRUE(
      absl::StrContains(log->ReadAll(18, 100).status().message(), "position 23 is missing"));
  // What lies before the damage still reads.
  ASSERT_TRUE(log->ReadRecordsInto(0, 17, records).ok());
  EXPECT_EQ(records.size(), 17u);
}

TEST_F(TamperTest, DeletedEventIsNamed) {
  ExpectDetected([](RawLog& raw) { raw.Delete(format::kEventsCf, format::EventKey(23)); }, 23,
                 "position 23 is missing");
}

TEST_F(TamperTest, DeletedLastEventIsNamed) {
  ExpectDetected([](RawLog& raw) { raw.Delete(format::kEventsCf, format::EventKey(kEvents - 1)); },
                 kEvents - 1, "removed");
}

TEST_F(TamperTest, SwappedEventsAreNamed) {
  ExpectDetected(
      [](RawLog& raw) {
        const std::string five = raw.Get(format::kEventsCf, format::EventKey(5));
        const std::string nine = raw.Get(format::kEventsCf, format::EventKey(9));
        raw.Put(format::kEventsCf, format::EventKey(5), nine);
        raw.Put(format::kEventsCf, format::EventKey(9), five);
      },
      5, "position 5");
}

TEST_F(TamperTest, ChangedTreeNodeIsNamed) {
  {
    RawLog raw(path_);
    std::string node = raw.Get(format::kTreeCf, format::TreeKey(2, 3));
    node[0] ^= 0x80;
    raw.Put(format::kTreeCf, format::TreeKey(2, 3), node);
  }
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_position, 12u) << report.problem;  // node (2, 3) covers 12..15
  EXPECT_TRUE(absl::StrContains(report.problem, "tree node (level 2, index 3)")) << report.problem;
}

TEST_F(TamperTest, RewriteWithARebuiltTreeStillBreaksTheSignedCheckpoint) {
  ExpectDetected(
      [](RawLog& raw) {
        StoredEvent event =
            DecodeEventRecord(raw.Get(format::kEventsCf, format::EventKey(30)), 30).value();
        event.record.set_payload("a different amount");
        raw.Put(format::kEventsCf, format::EventKey(30), EncodeEventRecord(event.record));
        raw.RebuildTree();
      },
      kEvents - 1, "no longer reproduce the signed checkpoint of size 50");
}

// Every file of the directory, with its size and modification time.
std::map<std::string, std::pair<uintmax_t, std::filesystem::file_time_type>> Files(
    const std::string& path) {
  std::map<std::string, std::pair<uintmax_t, std::filesystem::file_time_type>> files;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    files[entry.path().filename().string()] = {entry.file_size(), entry.last_write_time()};
  }
  return files;
}

TEST_F(TamperTest, VerificationChangesNothing) {
  const auto before = RawLog(path_).RootOfEvents();
  const auto files = Files(path_);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(Verify().ok);
  EXPECT_EQ(Files(path_), files) << "verification wrote into the directory it checks";
  EXPECT_EQ(RawLog(path_).RootOfEvents(), before);
}

}  // namespace
}  // namespace minhbach::storage
