// EventLog.BatchAppend end to end: order, per-append errors, idempotent
// retries, a client that stops reading, cancellation and the size limit.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/log_api/batch_append_reactor.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TestServer;
using Stream = grpc::ClientReaderWriter<v1::BatchAppendRequest, v1::BatchAppendResponse>;

class BatchAppendTest : public ::testing::Test {
 protected:
  std::unique_ptr<Stream> Open(grpc::ClientContext* context) {
    return v1::EventLog::NewStub(server_.Channel())->BatchAppend(context);
  }

  // Sends `request` on a fresh call and returns its one answer.
  v1::BatchAppendResponse SendOne(const v1::BatchAppendRequest& request) {
    auto context = server_.Context("service");
    auto stream = Open(context.get());
    EXPECT_TRUE(stream->Write(request));
    v1::BatchAppendResponse response;
    EXPECT_TRUE(stream->Read(&response));
    stream->WritesDone();
    const grpc::Status status = stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<std::string> StreamEventIds(const std::string& stream) {
    std::vector<std::string> ids;
    auto events = server_.log().ReadStream(stream, 0, storage::ReadDirection::kForward, 100000);
    EXPECT_TRUE(events.ok()) << events.status();
    for (const storage::StoredEvent& event : *events) ids.push_back(event.record.event_id());
    return ids;
  }

  TestServer server_;
};

TEST_F(BatchAppendTest, AppendsLandAndAreAnsweredInTheOrderSent) {
  auto context = server_.Context("service");
  auto stream = Open(context.get());
  std::vector<std::string> sent_ids;
  for (int message = 0; message < 3; ++message) {
    v1::BatchAppendRequest request;
    for (int i = 0; i < 5; ++i) {
      *request.add_appends() = NewAppend("ext/ordered");
      sent_ids.push_back(request.appends(i).events(0).event_id());
    }
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  uint64_t expected_version = 0;
  v1::BatchAppendResponse response;
  int answers = 0;
  while (stream->Read(&response)) {
    ++answers;
    ASSERT_EQ(response.results_size(), 5);
    for (const v1::BatchAppendResult& result : response.results()) {
      EXPECT_EQ(result.error_code(), 0) << result.error_message();
      EXPECT_EQ(result.appended().first_version(), expected_version++);
    }
  }
  EXPECT_EQ(answers, 3);
  EXPECT_TRUE(stream->Finish().ok());
  std::vector<std::string> stored = StreamEventIds("ext/ordered");
  std::vector<std::string> canonical;
  for (const std::string& id : sent_ids) {
    canonical.push_back(storage::FormatUuid(*storage::ParseUuid(id)));
  }
  ASSERT_EQ(stored.size(), canonical.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(storage::FormatUuid(stored[i]), canonical[i]) << i;
  }
}

TEST_F(BatchAppendTest, AConflictMidBatchRefusesThatAppendAloneWithItsCode) {
  v1::BatchAppendRequest request;
  *request.add_appends() = NewAppend("ext/conflict");
  request.mutable_appends(0)->set_expect_no_stream(true);
  *request.add_appends() = NewAppend("ext/conflict");
  request.mutable_appends(1)->set_expect_version(0);
  *request.add_appends() = NewAppend("ext/conflict");
  request.mutable_appends(2)->set_expect_version(7);               // the stream is at 1 by then
  *request.add_appends() = NewAppend("program/not-for-services");  // outside the prefixes
  *request.add_appends() = NewAppend("ext/conflict");
  request.mutable_appends(4)->set_expect_version(1);
  const uint64_t size_before = server_.log().Size();

  const v1::BatchAppendResponse response = SendOne(request);

  ASSERT_EQ(response.results_size(), 5);
  EXPECT_EQ(response.results(0).error_code(), 0) << response.results(0).error_message();
  EXPECT_EQ(response.results(1).error_code(), 0) << response.results(1).error_message();
  EXPECT_EQ(response.results(2).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_TRUE(absl::StartsWith(response.results(2).error_message(), "appends[2]: "))
      << response.results(2).error_message();
  EXPECT_EQ(response.results(3).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(response.results(4).error_code(), 0) << response.results(4).error_message();
  EXPECT_EQ(response.results(4).appended().first_version(), 2u);
  EXPECT_EQ(server_.log().Size(), size_before + 3);
}

TEST_F(BatchAppendTest, ARetriedMessageIsDuplicateAndWritesNothing) {
  v1::BatchAppendRequest request;
  *request.add_appends() = NewAppend("ext/retried", 2);
  *request.add_appends() = NewAppend("ext/retried-too");
  const v1::BatchAppendResponse first = SendOne(request);
  const uint64_t size = server_.log().Size();

  const v1::BatchAppendResponse again = SendOne(request);

  ASSERT_EQ(again.results_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(first.results(i).appended().duplicate());
    EXPECT_TRUE(again.results(i).appended().duplicate()) << i;
    EXPECT_EQ(again.results(i).appended().first_position(),
              first.results(i).appended().first_position());
  }
  EXPECT_EQ(server_.log().Size(), size);
}

TEST_F(BatchAppendTest, AClientThatStopsReadingStopsTheServerReading) {
  // A client that takes at most 64 KiB of answers unread (no window growth).
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 64 << 10);
  arguments.SetMaxSendMessageSize(64 << 20);
  auto channel =
      grpc::CreateCustomChannel(server_.address(), grpc::InsecureChannelCredentials(), arguments);
  auto context = server_.Context("service");
  auto stream = v1::EventLog::NewStub(channel)->BatchAppend(context.get());
  constexpr int kMessages = 200;
  constexpr int kAppends = services::kMaxAppendsPerMessage;
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int m = 0; m < kMessages; ++m) {
      v1::BatchAppendRequest request;
      for (int i = 0; i < kAppends; ++i) *request.add_appends() = NewAppend("ext/stalled");
      if (!stream->Write(request)) return;  // the call was cancelled below
      ++written;
    }
  });
  // Never read: once the answers fill the client's window, the server stops.
  uint64_t size = 0;
  for (int settled = 0; settled < 10;) {
    absl::SleepFor(absl::Milliseconds(200));
    const uint64_t now = server_.log().Size();
    settled = now == size ? settled + 1 : 0;
    size = now;
  }
  EXPECT_LT(size, static_cast<uint64_t>(kMessages) * kAppends / 2);
  EXPECT_LT(written.load(), kMessages);  // the server stopped reading, so writes stopped too

  context->TryCancel();
  writer.join();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  v1::AppendResponse response;  // the server still serves
  EXPECT_TRUE(v1::EventLog::NewStub(server_.Channel())
                  ->Append(server_.Context("service").get(), NewAppend("ext/after"), &response)
                  .ok());
}

TEST_F(BatchAppendTest, AfterACancelMidStreamARetryAppendsEachEventOnce) {
  v1::BatchAppendRequest request;
  for (int i = 0; i < services::kMaxAppendsPerMessage; ++i) {
    *request.add_appends() = NewAppend("ext/cancelled");
  }
  {
    auto context = server_.Context("service");
    auto stream = Open(context.get());
    ASSERT_TRUE(stream->Write(request));
    context->TryCancel();
    v1::BatchAppendResponse ignored;
    while (stream->Read(&ignored)) {
    }
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }

  const v1::BatchAppendResponse retried = SendOne(request);

  ASSERT_EQ(retried.results_size(), services::kMaxAppendsPerMessage);
  for (const v1::BatchAppendResult& result : retried.results()) {
    EXPECT_EQ(result.error_code(), 0) << result.error_message();
  }
  EXPECT_EQ(StreamEventIds("ext/cancelled").size(),
            static_cast<size_t>(services::kMaxAppendsPerMessage));
}

TEST_F(BatchAppendTest, AMessageOverFourMebibytesEndsTheCallAndAppendsNothing) {
  v1::BatchAppendRequest request;
  for (int i = 0; i < 5; ++i) {
    *request.add_appends() = NewAppend("ext/too-large");
    request.mutable_appends(i)->mutable_events(0)->set_payload(std::string(900 << 10, 'x'));
  }
  ASSERT_GT(request.ByteSizeLong(), 4u << 20);
  const uint64_t size = server_.log().Size();
  auto context = server_.Context("service");
  auto stream = Open(context.get());
  stream->Write(request);
  stream->WritesDone();
  v1::BatchAppendResponse response;
  EXPECT_FALSE(stream->Read(&response));
  const grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "larger than max"))
      << status.error_message();
  EXPECT_EQ(server_.log().Size(), size);
}

TEST_F(BatchAppendTest, MoreThanAThousandAppendsInAMessageIsRefusedWhole) {
  v1::BatchAppendRequest request;
  for (int i = 0; i <= services::kMaxAppendsPerMessage; ++i) {
    *request.add_appends() = NewAppend("ext/too-many");
  }
  const uint64_t size = server_.log().Size();
  auto context = server_.Context("service");
  auto stream = Open(context.get());
  stream->Write(request);
  stream->WritesDone();
  v1::BatchAppendResponse response;
  EXPECT_FALSE(stream->Read(&response));
  const grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "at most 1000")) << status.error_message();
  EXPECT_EQ(server_.log().Size(), size);
}

}  // namespace
}  // namespace minhbach
