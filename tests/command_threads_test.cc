// Issue 11, finding 9: a command reads its aggregate and waits for its fsync;
// while many commands wait on a slow disk, the server still answers health
// checks, checkpoints, raw appends and subscriptions, because command bodies
// run on their own bounded pool and never on a gRPC callback thread. Beyond
// the pool's queue, commands are refused at once with RESOURCE_EXHAUSTED.
//
// The slow disk is stood for by the test-only hook that runs before each
// command body (ServerOptions::before_command_for_test), held on a gate.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "storage/uuid.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TestServer;

constexpr int kThreads = 2;
constexpr int kQueued = 30;
constexpr int kCommands = 48;  // more than the pool holds: some are refused

// The gate every command body waits on while `holding`.
struct SlowDisk {
  absl::Notification open;
  std::atomic<bool> holding{false};
  std::atomic<int> waiting{0};

  void Wait() {
    if (!holding) return;
    ++waiting;
    open.WaitForNotification();
  }
};

services::ServerOptions Options(SlowDisk* disk) {
  services::ServerOptions options;
  options.command_threads = kThreads;
  options.max_queued_commands = kQueued;
  options.before_command_for_test = [disk] { disk->Wait(); };
  return options;
}

class Finding9CommandThreadsTest : public ::testing::Test {
 protected:
  Finding9CommandThreadsTest() : server_(Options(&disk_)) {}

  ~Finding9CommandThreadsTest() override {
    // Never leave a command (and so the server's shutdown) waiting.
    if (!disk_.open.HasBeenNotified()) disk_.open.Notify();
    for (std::thread& t : commands_) t.join();
  }

  // Sends PlanSupervision for supervision `n` on a thread of its own.
  void SendCommand(int n) {
    commands_.emplace_back([this, n] {
      v1::PlanSupervisionRequest request;
      request.mutable_meta()->set_event_id(storage::NewRandomUuid());
      request.mutable_body()->set_supervision_id("GS-" + std::to_string(n));
      request.mutable_body()->set_body("UBMTTQ xã");
      request.mutable_body()->set_scope("DA3-TDA3 disbursements");
      request.mutable_body()->set_planned_date("2024-09-01");
      v1::CommandResult result;
      auto context = server_.Context("supervisor", absl::Seconds(60));
      grpc::Status status = v1::Supervision::NewStub(server_.Channel())
                                ->PlanSupervision(context.get(), request, &result);
      absl::MutexLock lock(&mutex_);
      statuses_.push_back(status);
    });
  }

  // Holds the disk and sends `count` commands: first one for each of the
  // pool's threads (waiting until each holds one, so that the queue's room
  // is known), then the rest.
  void SendCommandsToAHeldDisk(int count) {
    disk_.holding = true;
    for (int n = 0; n < kThreads; ++n) SendCommand(n);
    WaitFor([this] { return disk_.waiting >= kThreads; });
    for (int n = kThreads; n < count; ++n) SendCommand(n);
  }

  // Polls `done` for up to 30 s (what is waited for takes milliseconds).
  template <typename Done>
  static void WaitFor(Done done) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (!done() && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(10));
  }

  int Count(grpc::StatusCode code) {
    absl::MutexLock lock(&mutex_);
    int count = 0;
    for (const grpc::Status& s : statuses_) count += s.error_code() == code ? 1 : 0;
    return count;
  }
  bool Answered(int n) {
    absl::MutexLock lock(&mutex_);
    return statuses_.size() >= static_cast<size_t>(n);
  }

  SlowDisk disk_;
  TestServer server_;
  std::vector<std::thread> commands_;
  absl::Mutex mutex_;
  std::vector<grpc::Status> statuses_ ABSL_GUARDED_BY(mutex_);
};

TEST_F(Finding9CommandThreadsTest, HealthReadsAppendsAndSubscriptionsStayResponsive) {
  // A subscriber from the start, before anything waits.
  auto subscribe_context = server_.Context("service", absl::Seconds(60));
  auto log_stub = v1::EventLog::NewStub(server_.Channel());
  std::unique_ptr<grpc::ClientReader<v1::Event>> subscription =
      log_stub->Subscribe(subscribe_context.get(), v1::SubscribeRequest());

  SendCommandsToAHeldDisk(kCommands);
  // The pool's threads hold a command each, its queue is full, the rest
  // were refused at once.
  WaitFor([this] {
    return Count(grpc::StatusCode::RESOURCE_EXHAUSTED) >= kCommands - kThreads - kQueued;
  });
  EXPECT_EQ(disk_.waiting, kThreads);
  EXPECT_EQ(Count(grpc::StatusCode::RESOURCE_EXHAUSTED), kCommands - kThreads - kQueued);

  // With every command waiting, the rest of the server answers, each call
  // within a deadline far above its normal latency.
  EXPECT_TRUE(testing::HealthCheck(server_.Channel(), absl::Seconds(5)).ok());
  v1::SignedCheckpoint head;
  EXPECT_TRUE(v1::Audit::NewStub(server_.Channel())
                  ->GetCheckpoint(server_.Context("supervisor", absl::Seconds(5)).get(), {}, &head)
                  .ok());
  v1::AppendResponse appended;
  ASSERT_TRUE(log_stub
                  ->Append(server_.Context("service", absl::Seconds(5)).get(),
                           NewAppend("ext/notes", 3), &appended)
                  .ok());
  v1::Event event;
  for (uint64_t position = 0; position < 3; ++position) {
    ASSERT_TRUE(subscription->Read(&event));
    EXPECT_EQ(event.record().position(), position);
  }
  EXPECT_EQ(Count(grpc::StatusCode::OK), 0) << "no command may finish while the disk is held";

  // Once the disk answers, every command the pool took is recorded.
  disk_.open.Notify();
  for (std::thread& t : commands_) t.join();
  commands_.clear();
  EXPECT_EQ(Count(grpc::StatusCode::OK), kThreads + kQueued);
  EXPECT_EQ(server_.log().Size(), 3u + kThreads + kQueued);
  subscribe_context->TryCancel();
}

TEST_F(Finding9CommandThreadsTest, ARefusedCommandSaysToSendItAgain) {
  SendCommandsToAHeldDisk(kThreads + kQueued + 1);
  WaitFor([this] { return Answered(1); });
  absl::MutexLock lock(&mutex_);
  ASSERT_EQ(statuses_.size(), 1u);
  EXPECT_EQ(statuses_[0].error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(statuses_[0].error_message().find("send the same command"), std::string::npos)
      << statuses_[0].error_message();
}

}  // namespace
}  // namespace minhbach
