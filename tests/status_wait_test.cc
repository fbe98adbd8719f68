// Reading your own writes without sleeping, waiting on no gRPC callback
// thread: ProgramStatus with min_position (issue 11, finding 14), and
// status calls and timelines without it, which wait briefly for the log's
// size when they were asked (a page opened right after a write shows it).
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TestServer;

class StatusWaitTest : public ::testing::Test {
 protected:
  // The projection stands still (until CatchUp) one event behind the log.
  void SetUp() override {
    server_.server().projection().Stop();
    v1::AppendResponse response;
    ASSERT_TRUE(v1::EventLog::NewStub(server_.Channel())
                    ->Append(server_.Context("service").get(), NewAppend("ext/notes"), &response)
                    .ok());
    size_ = server_.log().Size();
    ASSERT_LT(server_.server().projection().position(), size_);
  }

  grpc::Status Dashboard(uint64_t min_position, absl::Duration timeout, v1::Dashboard* answer) {
    v1::StatusRequest request;
    request.set_min_position(min_position);
    return v1::ProgramStatus::NewStub(server_.Channel())
        ->GetDashboard(server_.Context("district", timeout).get(), request, answer);
  }

  TestServer server_;
  uint64_t size_ = 0;
};

TEST_F(StatusWaitTest, Finding14_AProjectionBehindMinPositionIsWaitedForUntilTheDeadline) {
  v1::Dashboard answer;
  const grpc::Status status = Dashboard(size_, absl::Milliseconds(400), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's answer, with its reason, not only the client's own deadline.
  EXPECT_TRUE(absl::StrContains(status.error_message(),
                                absl::StrCat("of the log's ", size_, " events, not yet the ", size_,
                                             " asked for (min_position)")))
      << status.error_message();
  // Without min_position: after a short wait, as far as the projection is.
  ASSERT_TRUE(Dashboard(0, absl::Seconds(10), &answer).ok());
  EXPECT_LT(answer.basis().position(), size_);
  EXPECT_EQ(answer.basis().log_size(), size_);
}

TEST_F(StatusWaitTest, WithoutMinPositionAnAnswerWaitsForTheLogItsCallSaw) {
  v1::Dashboard answer;
  grpc::Status status;
  std::thread caller([&] { status = Dashboard(0, absl::Seconds(30), &answer); });
  absl::SleepFor(absl::Milliseconds(300));
  ASSERT_TRUE(server_.server().projection().CatchUp().ok());
  caller.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Answered at once, it would have folded one event fewer.
  EXPECT_EQ(answer.basis().position(), size_);
}

TEST_F(StatusWaitTest, Finding14_MinPositionBeyondTheLogIsOutOfRangeAtOnce) {
  v1::Dashboard answer;
  const grpc::Status status = Dashboard(size_ + 1, absl::Seconds(30), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "is beyond the log"))
      << status.error_message();
}

TEST_F(StatusWaitTest, Finding14_WaitingCallsHoldNoCallbackThreadAndAnswerOnceFolded) {
  constexpr int kWaiting = 64;
  std::vector<grpc::Status> statuses(kWaiting);
  std::vector<v1::Dashboard> answers(kWaiting);
  std::vector<std::thread> callers;
  for (int i = 0; i < kWaiting; ++i) {
    callers.emplace_back(
        [&, i] { statuses[i] = Dashboard(size_, absl::Seconds(30), &answers[i]); });
  }
  // While they wait, other calls are answered (each with a short deadline).
  for (int i = 0; i < 20; ++i) {
    v1::SignedCheckpoint checkpoint;
    EXPECT_TRUE(
        v1::Audit::NewStub(server_.Channel())
            ->GetCheckpoint(server_.Context("district", absl::Seconds(2)).get(), {}, &checkpoint)
            .ok());
  }
  ASSERT_TRUE(server_.server().projection().CatchUp().ok());
  for (std::thread& caller : callers) caller.join();
  for (int i = 0; i < kWaiting; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_GE(answers[i].basis().position(), size_);
  }
}

// The timeline index stands still one event behind the log: the second
// append to ext/notes is in the log, not in the index.
class TimelineWaitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Append().ok());
    ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
    server_.server().timeline().Stop();
    ASSERT_TRUE(Append().ok());
    size_ = server_.log().Size();
    ASSERT_EQ(server_.server().timeline().position(), size_ - 1);
  }

  grpc::Status Append() {
    v1::AppendResponse response;
    return v1::EventLog::NewStub(server_.Channel())
        ->Append(server_.Context("service").get(), NewAppend("ext/notes"), &response);
  }

  grpc::Status Notes(v1::TimelinePage* page) {
    v1::TimelineRequest request;
    request.set_entity("ext/notes");
    return v1::Timeline::NewStub(server_.Channel())
        ->GetTimeline(server_.Context("supervisor", absl::Seconds(30)).get(), request, page);
  }

  TestServer server_;
  uint64_t size_ = 0;
};

TEST_F(TimelineWaitTest, APageAskedRightAfterAnAppendWaitsForTheIndexToHoldIt) {
  v1::TimelinePage page;
  grpc::Status status;
  std::thread caller([&] { status = Notes(&page); });
  absl::SleepFor(absl::Milliseconds(300));
  ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
  caller.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(page.indexed(), size_);
  EXPECT_EQ(page.items_size(), 2);
}

TEST_F(TimelineWaitTest, AnIndexThatStaysBehindAnswersAsFarAsItIsAndSaysSo) {
  v1::TimelinePage page;
  const grpc::Status status = Notes(&page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(page.indexed(), size_ - 1);
  EXPECT_EQ(page.items_size(), 1);
}

TEST_F(TimelineWaitTest, AnEntitysReplayWaitsForTheIndexTooAndElseCoversWhatItHolds) {
  const auto replay = [&] {
    v1::ReplayRequest request;
    request.set_entity("ext/notes");
    std::unique_ptr<grpc::ClientContext> context = server_.Context("supervisor", absl::Seconds(30));
    auto reader = v1::Timeline::NewStub(server_.Channel())->Replay(context.get(), request);
    std::vector<uint64_t> positions;
    v1::Event event;
    while (reader->Read(&event)) positions.push_back(event.record().position());
    EXPECT_TRUE(reader->Finish().ok());
    return positions;
  };
  // Left behind: after the wait, what the index holds.
  EXPECT_EQ(replay(), (std::vector<uint64_t>{size_ - 2}));
  // Caught up while it waits: both.
  std::vector<uint64_t> positions;
  std::thread caller([&] { positions = replay(); });
  absl::SleepFor(absl::Milliseconds(300));
  ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
  caller.join();
  EXPECT_EQ(positions, (std::vector<uint64_t>{size_ - 2, size_ - 1}));
}

TEST_F(TimelineWaitTest, ACallCancelledWhileItWaitsEndsCancelled) {
  v1::TimelineRequest request;
  request.set_entity("ext/notes");
  v1::TimelinePage page;
  std::unique_ptr<grpc::ClientContext> context = server_.Context("supervisor", absl::Seconds(30));
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(300));
    context->TryCancel();
  });
  const grpc::Status status =
      v1::Timeline::NewStub(server_.Channel())->GetTimeline(context.get(), request, &page);
  canceller.join();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  // The server is still whole: the index catches up and answers.
  ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
  ASSERT_TRUE(Notes(&page).ok());
  EXPECT_EQ(page.items_size(), 2);
}

}  // namespace
}  // namespace minhbach
