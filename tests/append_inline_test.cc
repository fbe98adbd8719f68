// A lone unary Append is written on the gRPC callback thread that received it
// (no hand-off to a committer). So a slow disk must hold that one thread and
// nothing else: while its fsync hangs, the server still answers health
// checks, reads and checkpoints, further appends queue for the committers,
// and every one of them is acknowledged, in order, once the disk answers
// (issue 11, finding 9's promise, kept for appends).
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "rocksdb/env.h"
#include "tests/fault_injection_fs.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::FaultInjectionFileSystem;
using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TestServer;

constexpr int kQueuedAppends = 8;

services::ServerOptions WithLogEnv(rocksdb::Env* env) {
  services::ServerOptions options;
  options.log_env = env;
  return options;
}

class AppendInlineTest : public ::testing::Test {
 protected:
  AppendInlineTest()
      : fs_(std::make_shared<FaultInjectionFileSystem>()),
        env_(rocksdb::NewCompositeEnv(fs_)),
        server_(WithLogEnv(env_.get())) {}

  ~AppendInlineTest() override {
    fs_->ReleaseSyncs();  // never leave the server's shutdown waiting on the disk
    for (std::thread& append : appends_) append.join();
  }

  // Sends one Append to `stream` on a thread of its own; its response lands
  // in responses_[slot].
  void SendAppend(const std::string& stream, size_t slot) {
    appends_.emplace_back([this, stream, slot] {
      statuses_[slot] = v1::EventLog::NewStub(server_.Channel())
                            ->Append(server_.Context("service", absl::Seconds(60)).get(),
                                     NewAppend(stream), &responses_[slot]);
    });
  }

  std::shared_ptr<FaultInjectionFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
  TestServer server_;
  std::vector<std::thread> appends_;
  grpc::Status statuses_[1 + kQueuedAppends];
  v1::AppendResponse responses_[1 + kQueuedAppends];
};

TEST_F(AppendInlineTest, ALoneAppendHeldInItsFsyncHoldsNothingElse) {
  v1::AppendResponse first;
  ASSERT_TRUE(v1::EventLog::NewStub(server_.Channel())
                  ->Append(server_.Context("service").get(), NewAppend("ext/before"), &first)
                  .ok());

  fs_->HoldSyncs();
  SendAppend("ext/held", 0);
  fs_->AwaitHeldSyncs(1);  // the lone append is in its fsync, on a callback thread
  for (int i = 1; i <= kQueuedAppends; ++i) SendAppend("ext/queued", i);

  // Each call within a deadline far above its normal latency.
  EXPECT_TRUE(testing::HealthCheck(server_.Channel(), absl::Seconds(5)).ok());
  for (int i = 0; i < 3; ++i) {  // more reads than gRPC has callback threads
    v1::GetEventRequest get;
    get.set_position(0);
    v1::Event event;
    grpc::Status read =
        v1::EventLog::NewStub(server_.Channel())
            ->GetEvent(server_.Context("service", absl::Seconds(5)).get(), get, &event);
    ASSERT_TRUE(read.ok()) << read.error_message();
    EXPECT_EQ(event.record().stream(), "ext/before");
  }
  v1::SignedCheckpoint head;
  ASSERT_TRUE(v1::Audit::NewStub(server_.Channel())
                  ->GetCheckpoint(server_.Context("supervisor", absl::Seconds(5)).get(), {}, &head)
                  .ok());
  EXPECT_EQ(server_.log().Size(), 1u) << "nothing is acknowledged before its fsync";

  fs_->ReleaseSyncs();
  for (std::thread& append : appends_) append.join();
  appends_.clear();
  ASSERT_TRUE(statuses_[0].ok()) << statuses_[0].error_message();
  EXPECT_EQ(responses_[0].first_position(), 1u) << "the held append keeps its place";
  std::vector<uint64_t> queued;
  for (int i = 1; i <= kQueuedAppends; ++i) {
    ASSERT_TRUE(statuses_[i].ok()) << statuses_[i].error_message();
    queued.push_back(responses_[i].first_position());
  }
  std::sort(queued.begin(), queued.end());
  for (int i = 0; i < kQueuedAppends; ++i) EXPECT_EQ(queued[i], 2u + i);
  EXPECT_EQ(server_.log().Size(), 2u + kQueuedAppends);
}

}  // namespace
}  // namespace minhbach
