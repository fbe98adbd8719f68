// Scrubbing (issue 11, finding 7): the newest events are checked against the
// tree before a log is served, and a background pass re-hashes the whole log,
// naming the first position whose stored bytes or tree nodes were changed.
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "storage/event_log.h"
#include "storage/format.h"
#include "storage/log_scrubber.h"
#include "tests/log_test_util.h"
#include "tests/raw_log.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using testing::MakeAppend;
using testing::OpenOrDie;
using testing::RawLog;
using testing::TempDir;

constexpr uint64_t kEvents = 600;

class ScrubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::unique_ptr<EventLog> log = OpenOrDie(path_);
    for (uint64_t i = 0; i < kEvents; ++i) {
      ASSERT_TRUE(log->Append(MakeAppend(i % 2 ? "a" : "b", ExpectedVersion::Any())).ok());
    }
  }
  void FlipLastByteOf(uint64_t position) {
    RawLog raw(path_);
    std::string bytes = raw.Get(format::kEventsCf, format::EventKey(position));
    ASSERT_FALSE(bytes.empty());
    bytes.back() ^= 0x01;
    raw.Put(format::kEventsCf, format::EventKey(position), bytes);
  }
  // Runs one background pass and returns what it found.
  std::optional<ScrubMismatch> ScrubOnce() {
    std::unique_ptr<EventLog> log = OpenOrDie(path_);
    absl::Notification passed;
    LogScrubber::Options options;
    options.bytes_per_second = 64 << 20;
    options.rest = absl::Hours(1);
    LogScrubber scrubber(log.get(), options);
    while (scrubber.passes() == 0) absl::SleepFor(absl::Milliseconds(5));
    return scrubber.mismatch();
  }

  TempDir dir_;
  const std::string path_ = dir_.Sub("log");
};

TEST_F(ScrubTest, Finding7_AnHonestLogPassesTheTailCheckAndAWholePass) {
  std::unique_ptr<EventLog> log = OpenOrDie(path_);
  EXPECT_TRUE(CheckTail(*log, 1000).ok());
  log.reset();
  EXPECT_EQ(ScrubOnce(), std::nullopt);
}

TEST_F(ScrubTest, Finding7_TheTailCheckNamesAChangedRecentEvent) {
  FlipLastByteOf(kEvents - 3);
  std::unique_ptr<EventLog> log = OpenOrDie(path_);
  absl::Status tail = CheckTail(*log, 100);
  EXPECT_EQ(tail.code(), absl::StatusCode::kDataLoss) << tail;
  EXPECT_NE(tail.message().find("position 597"), absl::string_view::npos) << tail;
  EXPECT_NE(tail.message().find("restore"), absl::string_view::npos) << tail;
  // An older change is outside the tail: that is the background pass's work.
  EXPECT_TRUE(CheckTail(*log, 2).ok());
}

TEST_F(ScrubTest, Finding7_TheBackgroundPassNamesAChangedOldEvent) {
  FlipLastByteOf(7);
  std::unique_ptr<EventLog> log = OpenOrDie(path_);
  EXPECT_TRUE(CheckTail(*log, 100).ok());
  log.reset();
  std::optional<ScrubMismatch> found = ScrubOnce();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->position, 7u);
  EXPECT_NE(found->problem.find("position 7"), std::string::npos) << found->problem;
}

TEST_F(ScrubTest, Finding7_TheBackgroundPassNamesAChangedTreeNode) {
  {
    RawLog raw(path_);
    // Node (3, 5) covers positions 40..47; its leaves are intact.
    std::string node = raw.Get(format::kTreeCf, format::TreeKey(3, 5));
    ASSERT_EQ(node.size(), 32u);
    node[0] ^= 0x01;
    raw.Put(format::kTreeCf, format::TreeKey(3, 5), node);
  }
  std::optional<ScrubMismatch> found = ScrubOnce();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->position, 40u);
  EXPECT_NE(found->problem.find("level 3, index 5"), std::string::npos) << found->problem;
}

TEST_F(ScrubTest, Finding7_TheScrubKeepsToItsRate) {
  std::unique_ptr<EventLog> log = OpenOrDie(path_);
  uint64_t bytes = 0;
  const std::vector<StoredEvent> events = log->ReadAll(0, kEvents).value();
  for (const StoredEvent& event : events) bytes += event.raw.size();
  LogScrubber::Options options;
  options.bytes_per_second = bytes;  // one pass should take about a second
  options.rest = absl::Hours(1);
  const absl::Time start = absl::Now();
  LogScrubber scrubber(log.get(), options);
  absl::SleepFor(absl::Milliseconds(300));
  // Not a timing assertion on the machine's speed: a rate limit keeps the
  // pass from finishing early however fast the machine is.
  EXPECT_EQ(scrubber.passes(), 0u) << "a 1-second pass finished within " << absl::Now() - start;
  EXPECT_LT(scrubber.position(), kEvents);
}

}  // namespace
}  // namespace minhbach::storage
