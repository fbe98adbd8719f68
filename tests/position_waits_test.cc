// PositionWaits on its own: how many calls may wait, of each kind, and that
// the calls whose wait is over are answered side by side, not one by one.
#include "services/program_api/position_waits.h"

#include <atomic>
#include <deque>
#include <memory>
#include <optional>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach {
namespace {

using services::PositionWaits;

// A log of one event, and a fold of it that stands still until the test
// sets folded_.
class PositionWaitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = testing::OpenOrDie(dir_.Sub("log"));
    ASSERT_NE(log_, nullptr);
    ASSERT_TRUE(
        log_->Append(testing::MakeAppend("ext/notes", storage::ExpectedVersion::Any())).ok());
    waits_ = std::make_unique<PositionWaits>(log_.get());
  }

  // A context for one more waiting call (kept until the test ends).
  grpc::CallbackServerContext* Context() { return &contexts_.emplace_back(); }

  // Counts the answers with each status code.
  std::function<void(absl::Status)> Counted() {
    return [this](absl::Status status) {
      absl::MutexLock lock(&mu_);
      ++answers_[static_cast<int>(status.code())];
    };
  }
  int Answers(absl::StatusCode code) {
    absl::MutexLock lock(&mu_);
    return answers_[static_cast<int>(code)];
  }
  // Waits (at most 20 s) until `count` answers have the code.
  bool AwaitAnswers(absl::StatusCode code, int count) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return answers_[static_cast<int>(code)] >= count;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(20));
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::EventLog> log_;
  std::atomic<uint64_t> folded_{0};
  PositionWaits::Fold fold_{[this] { return folded_.load(); }, "the test has folded"};
  std::deque<grpc::CallbackServerContext> contexts_;
  absl::Mutex mu_;
  int answers_[17] ABSL_GUARDED_BY(mu_) = {};
  std::unique_ptr<PositionWaits> waits_;  // after what its calls use: destroyed first
};

// The status a callback was called with, if it was called before the call
// that took it returned.
struct AtOnce {
  std::optional<absl::Status> status;
  std::function<void(absl::Status)> Then() {
    return [this](absl::Status answered) { status = answered; };
  }
};

TEST_F(PositionWaitsTest, AFloodOfCatchUpWaitsNeverRefusesAStrictOne) {
  for (size_t i = 0; i < PositionWaits::kMaxWaiting; ++i) {
    waits_->WhenCaughtUp(fold_, Context(), Counted());
  }
  // Checked while the waits thread holds them too: they still count.
  absl::SleepFor(absl::Milliseconds(20));
  // One more catch-up is answered at once, as far as folded.
  AtOnce catch_up;
  waits_->WhenCaughtUp(fold_, Context(), catch_up.Then());
  ASSERT_TRUE(catch_up.status.has_value());
  EXPECT_TRUE(catch_up.status->ok());
  // A strict wait has its own room: it waits.
  for (size_t i = 0; i < PositionWaits::kMaxWaiting; ++i) {
    waits_->WhenReaches(fold_, Context(), 1, Counted());
  }
  EXPECT_EQ(Answers(absl::StatusCode::kResourceExhausted), 0);
  absl::SleepFor(absl::Milliseconds(20));
  AtOnce strict;
  waits_->WhenReaches(fold_, Context(), 1, strict.Then());
  ASSERT_TRUE(strict.status.has_value());
  EXPECT_EQ(strict.status->code(), absl::StatusCode::kResourceExhausted) << *strict.status;

  folded_ = 1;
  ASSERT_TRUE(AwaitAnswers(absl::StatusCode::kOk, 2 * PositionWaits::kMaxWaiting));
  // Answered calls no longer count: as many strict waits wait again.
  ASSERT_TRUE(log_->Append(testing::MakeAppend("ext/notes", storage::ExpectedVersion::Any())).ok());
  for (size_t i = 0; i < PositionWaits::kMaxWaiting; ++i) {
    waits_->WhenReaches(fold_, Context(), 2, Counted());
  }
  EXPECT_EQ(Answers(absl::StatusCode::kResourceExhausted), 0);
  folded_ = 2;
  EXPECT_TRUE(AwaitAnswers(absl::StatusCode::kOk, 3 * PositionWaits::kMaxWaiting));
}

TEST_F(PositionWaitsTest, CatchUpWaitsThatGiveUpFreeTheirRoom) {
  for (size_t i = 0; i < PositionWaits::kMaxWaiting; ++i) {
    waits_->WhenCaughtUp(fold_, Context(), Counted());
  }
  // The fold stays behind: after kCatchUpWait each is answered as far as it is.
  ASSERT_TRUE(AwaitAnswers(absl::StatusCode::kOk, PositionWaits::kMaxWaiting));
  waits_->WhenCaughtUp(fold_, Context(), Counted());
  // Answered at once, it would be counted already: the room was not freed.
  EXPECT_EQ(Answers(absl::StatusCode::kOk), PositionWaits::kMaxWaiting);
  folded_ = 1;
  EXPECT_TRUE(AwaitAnswers(absl::StatusCode::kOk, PositionWaits::kMaxWaiting + 1));
}

TEST_F(PositionWaitsTest, CallsWhoseWaitIsOverAreAnsweredSideBySide) {
  // Each answer waits for the other to have started: answered one after
  // another, the first would wait in vain.
  absl::Mutex mu;
  int started = 0;
  std::atomic<int> saw_the_other{0};
  auto answer = [&](absl::Status status) {
    EXPECT_TRUE(status.ok()) << status;
    absl::MutexLock lock(&mu);
    ++started;
    auto both = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return started == 2; };
    if (mu.AwaitWithTimeout(absl::Condition(&both), absl::Seconds(5))) ++saw_the_other;
  };
  waits_->WhenReaches(fold_, Context(), 1, answer);
  waits_->WhenReaches(fold_, Context(), 1, answer);
  folded_ = 1;
  waits_.reset();  // answers what is left and waits for the answers
  EXPECT_EQ(started, 2);
  EXPECT_EQ(saw_the_other, 2);
}

TEST_F(PositionWaitsTest, CallsStillWaitingWhenTheServerStopsAreToldToComeBack) {
  waits_->WhenReaches(fold_, Context(), 1, Counted());
  waits_->WhenCaughtUp(fold_, Context(), Counted());
  waits_.reset();
  EXPECT_EQ(Answers(absl::StatusCode::kUnavailable), 2);
}

}  // namespace
}  // namespace minhbach
