// The sequencer under failing and slow writes, with a fault-injecting file
// system: every answer judged against a group's staged state falls with that
// group's write (issue 11, finding 1), and no group is checked without the
// groups still being written before it (finding 2).
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "storage/event_log.h"
#include "tests/fault_injection_fs.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using testing::FaultInjectionFileSystem;
using testing::MakeAppend;
using testing::OpenOrDie;
using testing::TempDir;

// Collects an AppendAsync outcome, and the thread it was given on.
struct Outcome {
  absl::Notification done;
  absl::StatusOr<AppendResult> result;
  std::thread::id given_on;
  std::function<void(absl::StatusOr<AppendResult>)> Callback() {
    return [this](absl::StatusOr<AppendResult> r) {
      result = std::move(r);
      given_on = std::this_thread::get_id();
      done.Notify();
    };
  }
};

class SequencerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_ = std::make_shared<FaultInjectionFileSystem>();
    env_ = rocksdb::NewCompositeEnv(fs_);
    options_.env = env_.get();
  }
  // Starts an append on its own thread that will be group 0 and holds it in
  // its sync, so that what is submitted next gathers in the group after it.
  void HoldFirstGroup(EventLog* log) {
    fs_->HoldSyncs();
    first_ = std::thread(
        [log, this] { first_result_ = log->Append(MakeAppend("first", ExpectedVersion::Any())); });
    fs_->AwaitHeldSyncs(1);
  }
  void FinishFirstGroup() {
    fs_->ReleaseSyncs();
    first_.join();
    ASSERT_TRUE(first_result_.ok()) << first_result_.status();
  }

  TempDir dir_;
  std::shared_ptr<FaultInjectionFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
  LogOptions options_;
  std::thread first_;
  absl::StatusOr<AppendResult> first_result_;
};

TEST_F(SequencerFaultTest, Finding1_RetryInAFailedGroupFailsWithIt) {
  std::unique_ptr<EventLog> log = OpenOrDie(dir_.Sub("log"), options_);
  ASSERT_NE(log, nullptr);
  HoldFirstGroup(log.get());
  AppendRequest original = MakeAppend("budget", ExpectedVersion::NoStream());
  AppendRequest retry = original;
  Outcome original_outcome, retry_outcome;
  log->AppendAsync(original, original_outcome.Callback());
  log->AppendAsync(retry, retry_outcome.Callback());
  absl::SleepFor(absl::Milliseconds(50));  // both gather in the group after the held one
  fs_->SetFault(FaultInjectionFileSystem::Op::kWrite, rocksdb::IOStatus::NoSpace("injected ENOSPC"),
                ".log");
  FinishFirstGroup();
  original_outcome.done.WaitForNotification();
  retry_outcome.done.WaitForNotification();
  EXPECT_FALSE(original_outcome.result.ok());
  // The retry was judged a duplicate of an event staged in the same group: it
  // must not be acknowledged once that group's write failed.
  EXPECT_FALSE(retry_outcome.result.ok())
      << "a retry was acknowledged at position " << retry_outcome.result->first_position
      << " although its original was never written";
  EXPECT_EQ(retry_outcome.result.status().code(), original_outcome.result.status().code());

  // Once the disk works again, nothing of it is in the log and the retry appends it.
  fs_->ClearFaults();
  EXPECT_EQ(log->GetEventById(original.events[0].event_id).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<AppendResult> again = log->Append(retry);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->duplicate);
  EXPECT_EQ(again->first_position, 1u);
}

TEST_F(SequencerFaultTest, Finding1_ConflictInAFailedGroupFailsWithIt) {
  std::unique_ptr<EventLog> log = OpenOrDie(dir_.Sub("log"), options_);
  ASSERT_NE(log, nullptr);
  HoldFirstGroup(log.get());
  Outcome creates, conflicts;
  log->AppendAsync(MakeAppend("plan", ExpectedVersion::NoStream()), creates.Callback());
  log->AppendAsync(MakeAppend("plan", ExpectedVersion::NoStream()), conflicts.Callback());
  absl::SleepFor(absl::Milliseconds(50));
  fs_->SetFault(FaultInjectionFileSystem::Op::kWrite, rocksdb::IOStatus::NoSpace("injected ENOSPC"),
                ".log");
  FinishFirstGroup();
  creates.done.WaitForNotification();
  conflicts.done.WaitForNotification();
  EXPECT_FALSE(creates.result.ok());
  // "stream 'plan' is at version 0" would be false: the stream was never written.
  EXPECT_NE(conflicts.result.status().code(), absl::StatusCode::kAborted)
      << conflicts.result.status();
  EXPECT_EQ(conflicts.result.status().code(), creates.result.status().code());
  fs_->ClearFaults();
  EXPECT_EQ(log->StreamVersion("plan").value(), std::nullopt);
}

TEST_F(SequencerFaultTest, Finding2_NoThirdGroupIsCheckedWithoutTheFirst) {
  options_.max_group_bytes = 1024;  // so that one append ends its group's staging
  std::unique_ptr<EventLog> log = OpenOrDie(dir_.Sub("log"), options_);
  ASSERT_NE(log, nullptr);
  // Group 0: written by the caller's own thread, then held in its sync.
  fs_->HoldSyncs();
  AppendRequest first = MakeAppend("plan", ExpectedVersion::NoStream());
  absl::StatusOr<AppendResult> first_result;
  std::thread writer([&] { first_result = log->Append(first); });
  fs_->AwaitHeldSyncs(1);
  // Group 1: large enough to leave staging as soon as anything else arrives.
  AppendRequest large = MakeAppend("bulk", ExpectedVersion::Any());
  large.events[0].payload = std::string(2048, 'x');
  Outcome large_outcome;
  log->AppendAsync(large, large_outcome.Callback());
  absl::SleepFor(absl::Milliseconds(50));
  // Group 2: reuses group 0's event id with other content, and re-creates its stream.
  AppendRequest reused = MakeAppend("other", ExpectedVersion::Any());
  reused.events[0].event_id = first.events[0].event_id;
  Outcome reused_outcome;
  log->AppendAsync(reused, reused_outcome.Callback());
  absl::SleepFor(absl::Milliseconds(200));  // time for a third group to be staged, were it allowed
  fs_->ReleaseSyncs();
  writer.join();
  large_outcome.done.WaitForNotification();
  reused_outcome.done.WaitForNotification();

  ASSERT_TRUE(first_result.ok()) << first_result.status();
  ASSERT_TRUE(large_outcome.result.ok()) << large_outcome.result.status();
  EXPECT_EQ(reused_outcome.result.status().code(), absl::StatusCode::kAlreadyExists)
      << "an event id written in a group still syncing was reused: "
      << reused_outcome.result.status();
  absl::StatusOr<StoredEvent> by_id = log->GetEventById(first.events[0].event_id);
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  EXPECT_EQ(by_id->record.position(), first_result->first_position);
  EXPECT_EQ(log->Size(), 2u);
}

// AppendAsyncOrInline spares a lone append the hand-off to a committer: on an
// idle log the caller writes it and hears the outcome before the call
// returns; while another group is being written it only queues.
TEST_F(SequencerFaultTest, AppendAsyncOrInlineCommitsOnTheCallerOnlyWhenIdle) {
  std::unique_ptr<EventLog> log = OpenOrDie(dir_.Sub("log"), options_);
  ASSERT_NE(log, nullptr);
  Outcome idle;
  log->AppendAsyncOrInline(MakeAppend("idle", ExpectedVersion::NoStream()), idle.Callback());
  ASSERT_TRUE(idle.done.HasBeenNotified()) << "an idle log did not commit on the caller";
  EXPECT_EQ(idle.given_on, std::this_thread::get_id());
  ASSERT_TRUE(idle.result.ok()) << idle.result.status();
  EXPECT_EQ(log->Size(), 1u);

  HoldFirstGroup(log.get());  // a group held in its sync: the pipeline is busy
  Outcome busy;
  log->AppendAsyncOrInline(MakeAppend("busy", ExpectedVersion::NoStream()), busy.Callback());
  EXPECT_FALSE(busy.done.HasBeenNotified()) << "a busy log blocked the caller for a write";
  FinishFirstGroup();
  busy.done.WaitForNotification();
  ASSERT_TRUE(busy.result.ok()) << busy.result.status();
  EXPECT_NE(busy.given_on, std::this_thread::get_id());
  EXPECT_EQ(busy.result->first_position, 2u);
  // Refused before any write, as AppendAsync refuses, and on the caller.
  Outcome refused;
  log->AppendAsyncOrInline(MakeAppend("", ExpectedVersion::Any()), refused.Callback());
  ASSERT_TRUE(refused.done.HasBeenNotified());
  EXPECT_EQ(refused.given_on, std::this_thread::get_id());
  EXPECT_EQ(refused.result.status().code(), absl::StatusCode::kInvalidArgument);
}

// The size is published before the acks: a reader who asks once an append is
// acknowledged (even from its ack, on the committer) sees it at once, and a
// thread already waiting for the log to grow is woken.
TEST_F(SequencerFaultTest, AnAcknowledgedAppendIsVisibleToWaitersFromItsAck) {
  std::unique_ptr<EventLog> log = OpenOrDie(dir_.Sub("log"), options_);
  ASSERT_NE(log, nullptr);
  uint64_t seen_in_ack = 0;
  absl::Time deadline;
  Outcome appended;
  log->AppendAsync(MakeAppend("plan", ExpectedVersion::NoStream()),
                   [&](absl::StatusOr<AppendResult> result) {
                     deadline = absl::Now() + absl::Seconds(60);
                     seen_in_ack = log->WaitForSizeAbove(0, deadline);
                     appended.Callback()(std::move(result));
                   });
  appended.done.WaitForNotification();
  ASSERT_TRUE(appended.result.ok()) << appended.result.status();
  EXPECT_EQ(seen_in_ack, 1u);
  EXPECT_LT(absl::Now(), deadline) << "the ack waited for its own wake-up";

  // A waiter already waiting is woken once the acks have run.
  std::thread waiter([&] { seen_in_ack = log->WaitForSizeAbove(1, absl::InfiniteFuture()); });
  absl::SleepFor(absl::Milliseconds(20));
  ASSERT_TRUE(log->Append(MakeAppend("plan", ExpectedVersion::Exact(0))).ok());
  waiter.join();
  EXPECT_EQ(seen_in_ack, 2u);
}

}  // namespace
}  // namespace minhbach::storage
