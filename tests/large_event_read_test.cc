// Issue 11, finding 4: every RPC that returns events answers a client with
// gRPC's default limits (4 MiB per received message) for events of the
// largest size the server accepts, many of them, with every text field at its
// limit too, and for events whose stored bytes are exactly 1 MiB (a page of
// two is 2 MiB raw and over 4 MiB encoded): pages are bounded by their
// encoded size, never only by count or raw bytes, and a page always carries
// at least one event.
#include <sys/wait.h>

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "storage/append_validation.h"
#include "tests/shell_run.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::TestServer;

constexpr size_t kMaxPayload = 1 << 20;  // ServerOptions::max_event_bytes by default
constexpr int kEdgeEvents = 6;
constexpr int kMaxEvents = 6;
constexpr int kProbes = 2;
constexpr int kEvents = kProbes + kEdgeEvents + kMaxEvents;

// A stream name of the largest length the log takes, under the service's "ext/" scope.
std::string LongStream() { return "ext/" + std::string(storage::kMaxNameBytes - 4, 's'); }

// A client channel with gRPC's defaults: 4 MiB per received message.
std::shared_ptr<grpc::Channel> DefaultChannel(const TestServer& server) {
  return grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
}

// The log holds, in this order: two probe events; events whose stored record is
// exactly 1 MiB (two of them are exactly 2 MiB of raw bytes, and four times
// that encoded); events of the largest payload with every text field at its
// largest (the largest encoding of one event).
class LargeEventReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stub = v1::EventLog::NewStub(server_.Channel());
    const size_t probe = 1000000;
    for (int i = 0; i < kProbes; ++i) {
      ASSERT_NO_FATAL_FAILURE(Append(*stub, probe, /*largest_fields=*/false));
    }
    // Position and version 1, not 0 (a zero is not encoded), as the edge events have.
    v1::GetEventRequest first;
    first.set_position(1);
    v1::Event stored;
    ASSERT_TRUE(stub->GetEvent(server_.Context("supervisor").get(), first, &stored).ok());
    // Same fields, same varint lengths: only the payload's length changes the size.
    const size_t edge = probe + (1 << 20) - stored.raw_record().size();
    for (int i = 0; i < kEdgeEvents; ++i) {
      ASSERT_NO_FATAL_FAILURE(Append(*stub, edge, /*largest_fields=*/false));
    }
    for (int i = 0; i < kMaxEvents; ++i) {
      ASSERT_NO_FATAL_FAILURE(Append(*stub, kMaxPayload, /*largest_fields=*/true));
    }
    v1::GetEventRequest last_edge;
    last_edge.set_position(kProbes + kEdgeEvents - 1);
    ASSERT_TRUE(stub->GetEvent(server_.Context("supervisor").get(), last_edge, &stored).ok());
    ASSERT_EQ(stored.raw_record().size(), 1u << 20);
    ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
  }

  void Append(v1::EventLog::Stub& stub, size_t payload_bytes, bool largest_fields) {
    v1::AppendRequest request;
    request.set_stream(LongStream());
    v1::NewEvent* event = request.add_events();
    event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
    event->set_event_type(largest_fields ? std::string(storage::kMaxNameBytes, 't') : "Edge");
    if (largest_fields) {
      event->set_correlation_id(std::string(storage::kMaxNameBytes, 'c'));
      event->set_causation_id(std::string(storage::kMaxNameBytes, 'k'));
    }
    event->set_payload(std::string(payload_bytes, static_cast<char>('a' + payloads_.size())));
    v1::AppendResponse response;
    const grpc::Status status = stub.Append(server_.Context("service").get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids_.push_back(event->event_id());
    payloads_.push_back(payload_bytes);
  }

  // Checks that `events` are the appended ones, in order, whole.
  void ExpectEvents(const std::vector<v1::Event>& events) {
    ASSERT_EQ(events.size(), static_cast<size_t>(kEvents));
    for (int i = 0; i < kEvents; ++i) {
      EXPECT_EQ(events[i].record().position(), static_cast<uint64_t>(i));
      EXPECT_EQ(events[i].record().payload().size(), payloads_[i]);
      v1::EventRecord decoded;
      ASSERT_TRUE(decoded.ParseFromString(events[i].raw_record()));
      EXPECT_EQ(decoded.payload(), events[i].record().payload());
    }
  }

  TestServer server_;
  std::vector<std::string> ids_;
  std::vector<size_t> payloads_;
};

TEST_F(LargeEventReadTest, Finding4_ReadAllPagesFitADefaultClientAndCoverEveryEvent) {
  auto stub = v1::EventLog::NewStub(DefaultChannel(server_));
  std::vector<v1::Event> events;
  v1::ReadAllRequest request;
  request.set_limit(1000);
  for (int pages = 0; pages <= kEvents; ++pages) {
    v1::ReadEventsResponse page;
    const grpc::Status status = stub->ReadAll(server_.Context("supervisor").get(), request, &page);
    ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    ASSERT_GE(page.events_size(), 1) << "a page always carries an event";
    for (const v1::Event& event : page.events()) events.push_back(event);
    if (!page.has_next()) break;
    EXPECT_EQ(page.next(), events.size());
    request.set_from_position(page.next());
  }
  ExpectEvents(events);
}

TEST_F(LargeEventReadTest, Finding4_ReadStreamPagesFitADefaultClientForwardAndBackward) {
  auto stub = v1::EventLog::NewStub(DefaultChannel(server_));
  for (const bool backward : {false, true}) {
    SCOPED_TRACE(backward ? "backward" : "forward");
    std::vector<v1::Event> events;
    v1::ReadStreamRequest request;
    request.set_stream(LongStream());
    request.set_backward(backward);
    request.set_limit(1000);
    for (int pages = 0; pages <= kEvents; ++pages) {
      v1::ReadEventsResponse page;
      const grpc::Status status =
          stub->ReadStream(server_.Context("supervisor").get(), request, &page);
      ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
      ASSERT_GE(page.events_size(), 1);
      for (const v1::Event& event : page.events()) events.push_back(event);
      if (!page.has_next()) break;
      request.set_from_version(page.next());
    }
    if (backward) std::reverse(events.begin(), events.end());
    ExpectEvents(events);
  }
}

TEST_F(LargeEventReadTest, Finding4_SingleEventCallsFitADefaultClient) {
  auto channel = DefaultChannel(server_);
  for (int i = 0; i < kEvents; ++i) {
    v1::GetEventRequest by_id;
    by_id.set_event_id(ids_[i]);
    v1::Event event;
    grpc::Status status = v1::EventLog::NewStub(channel)->GetEvent(
        server_.Context("supervisor").get(), by_id, &event);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(event.record().position(), static_cast<uint64_t>(i));
    v1::GetInclusionProofRequest proof_request;
    proof_request.set_position(i);
    v1::InclusionProof proof;
    status = v1::Audit::NewStub(channel)->GetInclusionProof(server_.Context("supervisor").get(),
                                                            proof_request, &proof);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(proof.event().record().payload().size(), payloads_[i]);
  }
}

TEST_F(LargeEventReadTest, Finding4_SubscribeDeliversEveryLargeEventToADefaultClient) {
  auto context = server_.Context("supervisor");
  auto reader = v1::EventLog::NewStub(DefaultChannel(server_))->Subscribe(context.get(), {});
  std::vector<v1::Event> events;
  v1::Event event;
  while (events.size() < static_cast<size_t>(kEvents) && reader->Read(&event)) {
    events.push_back(event);
  }
  context->TryCancel();
  const grpc::Status status = reader->Finish();
  EXPECT_NE(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  ExpectEvents(events);
}

TEST_F(LargeEventReadTest, Finding4_TimelinePagesFitADefaultClientWithAndWithoutProofs) {
  auto stub = v1::Timeline::NewStub(DefaultChannel(server_));
  for (const bool proofs : {false, true}) {
    SCOPED_TRACE(proofs ? "with proofs" : "without proofs");
    for (const std::string& entity : {LongStream(), std::string()}) {
      std::vector<v1::Event> events;
      v1::TimelineRequest request;
      request.set_entity(entity);
      request.set_limit(1000);
      request.set_with_proofs(proofs);
      for (int pages = 0; pages <= kEvents; ++pages) {
        v1::TimelinePage page;
        const grpc::Status status =
            stub->GetTimeline(server_.Context("supervisor").get(), request, &page);
        ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
        ASSERT_GE(page.items_size(), 1);
        for (const v1::TimelineItem& item : page.items()) {
          events.push_back(item.event());
          if (proofs) {
            EXPECT_GT(item.proof().hashes_size(), 0);
          }
        }
        if (!page.has_next_position()) break;
        request.set_from_position(page.next_position());
      }
      ExpectEvents(events);
    }
  }
}

TEST_F(LargeEventReadTest, Finding4_ReplayDeliversEveryLargeEventToADefaultClient) {
  for (const std::string& entity : {LongStream(), std::string()}) {
    auto context = server_.Context("supervisor");
    v1::ReplayRequest request;
    request.set_entity(entity);
    auto reader = v1::Timeline::NewStub(DefaultChannel(server_))->Replay(context.get(), request);
    std::vector<v1::Event> events;
    v1::Event event;
    while (reader->Read(&event)) events.push_back(event);
    const grpc::Status status = reader->Finish();
    ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    ExpectEvents(events);
  }
}

using ClientRun = ::minhbach::testing::ShellRun;
using ::minhbach::testing::Shell;

TEST_F(LargeEventReadTest, Finding4_ClientReadAndVerifyAllWorkAfterLargeEvents) {
  const std::string client =
      absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server_.address(),
                   " --role=supervisor --client_tokens=", server_.data_dir(),
                   "/client-tokens --log_key=", server_.data_dir(), "/log.pub --lang=en ");
  ClientRun read = Shell(client + "read --limit=1000 --json > /dev/null");
  EXPECT_EQ(read.exit_code, 0) << read.output;
  read = Shell(client + "read --from=1 > /dev/null");
  EXPECT_EQ(read.exit_code, 0) << read.output;
  ClientRun stream = Shell(client + "read --stream=" + LongStream() + " --limit=1000 > /dev/null");
  EXPECT_EQ(stream.exit_code, 0) << stream.output;
  ClientRun verify =
      Shell(client + "verify --all --trusted=" + server_.data_dir() + "/../trusted-head.txt");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_TRUE(absl::StrContains(
      verify.output,
      absl::StrCat("all ", kEvents, " events re-hashed here rebuild the signed root")))
      << verify.output;
}

}  // namespace
}  // namespace minhbach
