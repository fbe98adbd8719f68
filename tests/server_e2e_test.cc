// The real server, called through generated stubs over loopback.
#include <grpcpp/grpcpp.h>

#include <thread>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/checkpoint.h"
#include "storage/merkle.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TestServer;

class ServerTest : public ::testing::Test {
 protected:
  ServerTest()
      : log_stub_(v1::EventLog::NewStub(server_.Channel())),
        audit_stub_(v1::Audit::NewStub(server_.Channel())) {}

  grpc::Status Append(const v1::AppendRequest& request, v1::AppendResponse* response,
                      const std::string& role = "service") {
    return log_stub_->Append(server_.Context(role).get(), request, response);
  }

  TestServer server_;
  std::unique_ptr<v1::EventLog::Stub> log_stub_;
  std::unique_ptr<v1::Audit::Stub> audit_stub_;
};

TEST_F(ServerTest, AppendThenReadRoundTripsEveryField) {
  v1::AppendRequest request = NewAppend("ext/a", 3);
  request.mutable_events(1)->set_correlation_id("corr-1");
  v1::AppendResponse appended;
  ASSERT_TRUE(Append(request, &appended).ok());
  EXPECT_EQ(appended.first_position(), 0u);
  EXPECT_EQ(appended.count(), 3u);

  v1::ReadStreamRequest read;
  read.set_stream("ext/a");
  v1::ReadEventsResponse page;
  ASSERT_TRUE(log_stub_->ReadStream(server_.Context("district").get(), read, &page).ok());
  ASSERT_EQ(page.events_size(), 3);
  EXPECT_FALSE(page.has_next());
  const v1::EventRecord& record = page.events(1).record();
  EXPECT_EQ(record.stream_version(), 1u);
  EXPECT_EQ(storage::FormatUuid(record.event_id()), request.events(1).event_id());
  EXPECT_EQ(record.correlation_id(), "corr-1");
  EXPECT_EQ(record.actor(), "local-service");  // the token's identity, never the body
  EXPECT_EQ(record.business_time_micros(), 1704067200LL * 1000000);
  EXPECT_EQ(page.events(1).raw_record(), record.SerializeAsString());

  v1::GetEventRequest get;
  get.set_event_id(request.events(2).event_id());
  v1::Event event;
  ASSERT_TRUE(log_stub_->GetEvent(server_.Context("supervisor").get(), get, &event).ok());
  EXPECT_EQ(event.record().position(), 2u);

  v1::ReadStreamRequest backward;
  backward.set_stream("ext/a");
  backward.set_backward(true);
  backward.set_limit(2);
  ASSERT_TRUE(log_stub_->ReadStream(server_.Context("coordinator").get(), backward, &page).ok());
  ASSERT_EQ(page.events_size(), 2);
  EXPECT_EQ(page.events(0).record().stream_version(), 2u);
  EXPECT_EQ(page.next(), 0u);
}

TEST_F(ServerTest, RetriedAppendIsDuplicateAndWritesNothing) {
  const v1::AppendRequest request = NewAppend("ext/a", 2);
  v1::AppendResponse first, retry;
  ASSERT_TRUE(Append(request, &first).ok());
  ASSERT_TRUE(Append(request, &retry).ok());
  EXPECT_TRUE(retry.duplicate());
  EXPECT_EQ(retry.first_position(), first.first_position());
  EXPECT_EQ(server_.log().Size(), 2u);
}

TEST_F(ServerTest, EachErrorHasItsStatusCodeAndChangesNothing) {
  v1::AppendResponse response;
  ASSERT_TRUE(Append(NewAppend("ext/a", 2), &response).ok());

  v1::AppendRequest conflict = NewAppend("ext/a");
  conflict.set_expect_version(0);
  grpc::Status status = Append(conflict, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "is at version 1"))
      << status.error_message();

  v1::AppendRequest reused = NewAppend("ext/b");
  ASSERT_TRUE(Append(reused, &response).ok());
  reused.mutable_events(0)->set_payload("other");
  EXPECT_EQ(Append(reused, &response).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  v1::AppendRequest bad_id = NewAppend("ext/a");
  bad_id.mutable_events(0)->set_event_id("not-a-uuid");
  status = Append(bad_id, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "events[0].event_id"))
      << status.error_message();

  v1::AppendRequest no_type = NewAppend("ext/a");
  no_type.mutable_events(0)->clear_event_type();
  status = Append(no_type, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "event_type")) << status.error_message();

  v1::AppendRequest huge = NewAppend("ext/a");
  huge.mutable_events(0)->set_payload(std::string((1 << 20) + 1, 'x'));
  EXPECT_EQ(Append(huge, &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  v1::AppendRequest too_big_message = NewAppend("ext/a");
  too_big_message.mutable_events(0)->set_payload(std::string(5 << 20, 'x'));
  EXPECT_EQ(Append(too_big_message, &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  v1::GetEventRequest missing;
  missing.set_position(999);
  v1::Event event;
  EXPECT_EQ(log_stub_->GetEvent(server_.Context("service").get(), missing, &event).error_code(),
            grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(Append(NewAppend("ext/a"), &response, "").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Append(NewAppend("program/x"), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Append(NewAppend("ext/a"), &response, "coordinator").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(server_.log().Size(), 3u);
}

TEST_F(ServerTest, PagesThroughOneHundredThousandEvents) {
  for (int i = 0; i < 100; ++i) {
    v1::AppendResponse response;
    ASSERT_TRUE(Append(NewAppend(absl::StrCat("ext/s", i % 7), 1000), &response).ok());
  }
  v1::ReadAllRequest request;
  request.set_limit(1000);
  uint64_t expected = 0;
  int pages = 0;
  for (;;) {
    v1::ReadEventsResponse page;
    ASSERT_TRUE(log_stub_->ReadAll(server_.Context("district").get(), request, &page).ok());
    for (const v1::Event& event : page.events()) ASSERT_EQ(event.record().position(), expected++);
    ++pages;
    if (!page.has_next()) break;
    request.set_from_position(page.next());
  }
  EXPECT_EQ(expected, 100000u);
  EXPECT_EQ(pages, 100);
}

TEST_F(ServerTest, SubscribeCatchesUpThenFollowsLive) {
  v1::AppendResponse response;
  ASSERT_TRUE(Append(NewAppend("ext/a", 50), &response).ok());
  auto context = server_.Context("service");
  v1::SubscribeRequest request;
  request.set_from_position(10);
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader =
      log_stub_->Subscribe(context.get(), request);
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) {
      v1::AppendResponse ignored;
      EXPECT_TRUE(Append(NewAppend("ext/b", 5), &ignored).ok());
    }
  });
  v1::Event event;
  uint64_t expected = 10;
  while (expected < 150 && reader->Read(&event)) {
    ASSERT_EQ(event.record().position(), expected++);
  }
  writer.join();
  EXPECT_EQ(expected, 150u);
  context->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(ServerTest, SubscriptionEndsAtItsDeadline) {
  auto context = server_.Context("service", absl::Milliseconds(300));
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader =
      log_stub_->Subscribe(context.get(), v1::SubscribeRequest());
  v1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(ServerTest, CheckpointAndProofsVerifyAgainstThePublicKey) {
  v1::AppendResponse response;
  ASSERT_TRUE(Append(NewAppend("ext/a", 7), &response).ok());
  v1::SignedCheckpoint old_head;
  ASSERT_TRUE(audit_stub_->GetCheckpoint(server_.Context("supervisor").get(), {}, &old_head).ok());
  ASSERT_TRUE(Append(NewAppend("ext/a", 6), &response).ok());
  v1::SignedCheckpoint new_head;
  ASSERT_TRUE(audit_stub_->GetCheckpoint(server_.Context("village").get(), {}, &new_head).ok());

  auto key = storage::note::Verifier::Parse(server_.server().verifier_key()).value();
  storage::Checkpoint old_checkpoint = storage::OpenCheckpoint(old_head.signed_note(), key).value();
  storage::Checkpoint new_checkpoint = storage::OpenCheckpoint(new_head.signed_note(), key).value();
  EXPECT_EQ(old_checkpoint.size, 7u);
  EXPECT_EQ(new_checkpoint.size, 13u);

  v1::GetConsistencyProofRequest consistency;
  consistency.set_old_size(7);
  v1::ConsistencyProof proof;
  ASSERT_TRUE(
      audit_stub_->GetConsistencyProof(server_.Context("district").get(), consistency, &proof)
          .ok());
  std::vector<storage::merkle::Hash> hashes;
  for (const std::string& bytes : proof.hashes()) {
    storage::merkle::Hash hash;
    ASSERT_EQ(bytes.size(), hash.size());
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    hashes.push_back(hash);
  }
  EXPECT_TRUE(
      storage::merkle::VerifyConsistency(7, 13, old_checkpoint.root, new_checkpoint.root, hashes)
          .ok());

  v1::GetInclusionProofRequest inclusion;
  inclusion.set_position(9);
  v1::InclusionProof included;
  ASSERT_TRUE(
      audit_stub_->GetInclusionProof(server_.Context("implementer").get(), inclusion, &included)
          .ok());
  hashes.clear();
  for (const std::string& bytes : included.hashes()) {
    storage::merkle::Hash hash;
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    hashes.push_back(hash);
  }
  EXPECT_TRUE(
      storage::merkle::VerifyInclusion(storage::merkle::HashLeaf(included.event().raw_record()), 9,
                                       13, hashes, new_checkpoint.root)
          .ok());
  inclusion.set_position(13);
  EXPECT_EQ(audit_stub_->GetInclusionProof(server_.Context("district").get(), inclusion, &included)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServerTest, HealthNeedsNoTokenAndSaysServing) {
  // grpc.health.v1.HealthCheckRequest{service: ""} is empty; SERVING is status = 1.
  std::string response;
  grpc::Status status =
      testing::RawUnaryCall(server_.Channel(), "/grpc.health.v1.Health/Check", "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response, std::string("\x08\x01", 2));
}

}  // namespace
}  // namespace minhbach
