// Many threads appending at once: the sequencer must serialise them exactly.
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/event_log.h"
#include "storage/subscription.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using ::minhbach::testing::MakeAppend;
using ::minhbach::testing::OpenOrDie;
using ::minhbach::testing::TempDir;

TEST(LogConcurrencyTest, EightThreadsRacingOnOneStreamTakeEachVersionExactlyOnce) {
  TempDir dir;
  std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"));
  constexpr int kThreads = 8, kAttemptsPerThread = 500;
  std::atomic<int> successes{0}, conflicts{0}, other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kAttemptsPerThread; ++i) {
        std::optional<uint64_t> current = log->StreamVersion("race").value();
        ExpectedVersion expected =
            current.has_value() ? ExpectedVersion::Exact(*current) : ExpectedVersion::NoStream();
        absl::StatusOr<AppendResult> result = log->Append(MakeAppend("race", expected));
        if (result.ok()) {
          ++successes;
        } else if (result.status().code() == absl::StatusCode::kAborted) {
          ++conflicts;
        } else {
          ++other_errors;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(successes + conflicts, kThreads * kAttemptsPerThread);
  EXPECT_EQ(other_errors, 0);
  EXPECT_GT(conflicts, 0) << "the threads never raced; the test proves nothing";
  ASSERT_EQ(log->Size(), static_cast<uint64_t>(successes.load()));
  std::vector<StoredEvent> events =
      log->ReadStream("race", 0, ReadDirection::kForward, kThreads * kAttemptsPerThread).value();
  ASSERT_EQ(events.size(), static_cast<size_t>(successes.load()));
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].record.stream_version(), i);  // no gap, no version taken twice
    EXPECT_EQ(events[i].record.position(), i);
  }
}

TEST(LogConcurrencyTest, ConcurrentRetriesOfOneAppendWriteItOnce) {
  TempDir dir;
  std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"));
  const AppendRequest request = MakeAppend("once", ExpectedVersion::Any(), 3);
  std::vector<std::thread> threads;
  std::atomic<int> fresh{0}, duplicates{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      absl::StatusOr<AppendResult> result = log->Append(request);
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_EQ(result->first_position, 0u);
      (result->duplicate ? duplicates : fresh)++;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(duplicates, 7);
  EXPECT_EQ(log->Size(), 3u);
}

TEST(LogConcurrencyTest, AnAcknowledgedAppendIsReadableAtOnceFromAnyThread) {
  TempDir dir;
  LogOptions options;
  options.durability = Durability::kNotDurable;  // many groups, quickly
  std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"), options);
  std::atomic<int> unreadable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        absl::StatusOr<AppendResult> result =
            log->Append(MakeAppend(absl::StrCat("s", t), ExpectedVersion::Any()));
        ASSERT_TRUE(result.ok()) << result.status();
        if (!log->GetEvent(result->first_position).ok() || log->Size() <= result->first_position) {
          ++unreadable;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(unreadable, 0) << "an acknowledged event was not yet visible to reads";
  EXPECT_EQ(log->Size(), 8000u);
}

TEST(SubscriptionTest, CatchesUpThenFollowsLiveWithoutGapOrDuplicate) {
  TempDir dir;
  std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"));
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(log->Append(MakeAppend("s", ExpectedVersion::Any(), 4)).ok());
  constexpr uint64_t kTotal = 200 + 4 * 300;
  std::thread writer([&] {
    for (int i = 0; i < 300; ++i) {
      ASSERT_TRUE(log->Append(MakeAppend(i % 2 ? "x" : "y", ExpectedVersion::Any(), 4)).ok());
    }
  });
  Subscription subscription(log.get(), 10);
  uint64_t expected = 10;
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (expected < kTotal && absl::Now() < give_up) {
    std::vector<StoredEvent> events =
        subscription.Next(7, absl::Now() + absl::Milliseconds(200)).value();
    for (const StoredEvent& event : events) ASSERT_EQ(event.record.position(), expected++);
  }
  writer.join();
  EXPECT_EQ(expected, kTotal);
  EXPECT_TRUE(subscription.Next(10, absl::Now() + absl::Milliseconds(20)).value().empty());
  ASSERT_TRUE(log->Append(MakeAppend("late", ExpectedVersion::Any())).ok());
  std::vector<StoredEvent> late = subscription.Next(10, absl::Now() + absl::Seconds(5)).value();
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].record.position(), kTotal);
}

}  // namespace
}  // namespace minhbach::storage
