// Bad input through the wire: every RPC of EventLog and Audit gets truncated
// protobuf, random garbage, invalid UTF-8 in string fields, oversized
// messages and absurd numbers. Each must fail with its documented status (or
// gRPC's own, for bytes that never reach a handler), write nothing, and leave
// the server serving.
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/merkle.h"
#include "storage/uuid.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::RawUnaryCall;
using ::minhbach::testing::TestServer;

constexpr uint64_t kUint64Max = std::numeric_limits<uint64_t>::max();
constexpr uint32_t kUint32Max = std::numeric_limits<uint32_t>::max();
// The server's default largest request (ServerOptions::max_message_bytes).
constexpr size_t kMaxMessageBytes = 4 << 20;

// gRPC 1.51's callback API answers request bytes that do not parse as the
// method's request type (truncated, garbage, or a proto3 string field that is
// not UTF-8) with UNIMPLEMENTED and no message, before any handler runs
// (grpcpp/impl/codegen/server_callback_handlers.h); the server's
// ParseErrorInterceptor turns that into INVALID_ARGUMENT with a message.
constexpr grpc::StatusCode kGrpcParseFailure = grpc::StatusCode::INVALID_ARGUMENT;

// Protobuf wire format, by hand.
std::string Varint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

std::string VarintField(int field, uint64_t value) {
  return absl::StrCat(Varint(static_cast<uint64_t>(field) << 3), Varint(value));
}

std::string BytesField(int field, absl::string_view bytes) {
  return absl::StrCat(Varint(static_cast<uint64_t>(field) << 3 | 2), Varint(bytes.size()), bytes);
}

// One RPC, called with raw bytes.
struct RawMethod {
  std::string path;
  std::string role;                               // a token allowed to call it
  const google::protobuf::Message* request_type;  // to tell what parses
  std::string valid_request;                      // well-formed request bytes
};

bool Parses(const RawMethod& method, const std::string& bytes) {
  std::unique_ptr<google::protobuf::Message> message(method.request_type->New());
  return message->ParseFromString(bytes);
}

// A valid NewEvent, serialized, without the string field `skip_field`.
std::string NewEventBytesWithout(int skip_field) {
  v1::NewEvent event = NewAppend("ext/x").events(0);
  const google::protobuf::FieldDescriptor* field =
      event.GetDescriptor()->FindFieldByNumber(skip_field);
  event.GetReflection()->ClearField(&event, field);
  return event.SerializeAsString();
}

class WireInputTest : public ::testing::Test {
 protected:
  struct Snapshot {
    uint64_t size;
    storage::merkle::Hash root;
  };

  WireInputTest()
      : channel_(server_.Channel()),
        log_stub_(v1::EventLog::NewStub(channel_)),
        audit_stub_(v1::Audit::NewStub(channel_)) {}

  void SetUp() override {
    // A log that is not empty, so that its root means something.
    v1::AppendResponse response;
    ASSERT_TRUE(Append(NewAppend("ext/wire", 3), &response).ok());
  }

  grpc::Status Append(const v1::AppendRequest& request, v1::AppendResponse* response,
                      const std::string& role = "service") {
    return log_stub_->Append(server_.Context(role).get(), request, response);
  }

  grpc::Status Raw(const RawMethod& method, const std::string& bytes) {
    std::string response;
    return RawUnaryCall(channel_, method.path, bytes, &response, server_.Token(method.role));
  }

  std::vector<RawMethod> AllMethods() const {
    v1::ReadStreamRequest read_stream;
    read_stream.set_stream("ext/wire");
    read_stream.set_from_version(300);
    read_stream.set_limit(70000);
    v1::ReadAllRequest read_all;
    read_all.set_from_position(300);
    read_all.set_limit(70000);
    v1::GetEventRequest get_event;
    get_event.set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
    v1::SubscribeRequest subscribe;
    subscribe.set_from_position(123456);
    v1::GetInclusionProofRequest inclusion;
    inclusion.set_position(300);
    inclusion.set_tree_size(70000);
    v1::GetConsistencyProofRequest consistency;
    consistency.set_old_size(300);
    consistency.set_new_size(70000);
    return {
        {"/minhbach.v1.EventLog/Append", "service", &v1::AppendRequest::default_instance(),
         NewAppend("ext/wire", 2).SerializeAsString()},
        {"/minhbach.v1.EventLog/ReadStream", "district", &v1::ReadStreamRequest::default_instance(),
         read_stream.SerializeAsString()},
        {"/minhbach.v1.EventLog/ReadAll", "district", &v1::ReadAllRequest::default_instance(),
         read_all.SerializeAsString()},
        {"/minhbach.v1.EventLog/GetEvent", "district", &v1::GetEventRequest::default_instance(),
         get_event.SerializeAsString()},
        {"/minhbach.v1.EventLog/Subscribe", "district", &v1::SubscribeRequest::default_instance(),
         subscribe.SerializeAsString()},
        // GetCheckpointRequest has no fields: an unknown field 1 gives it bytes to cut.
        {"/minhbach.v1.Audit/GetCheckpoint", "district",
         &v1::GetCheckpointRequest::default_instance(), BytesField(1, "hello")},
        {"/minhbach.v1.Audit/GetInclusionProof", "district",
         &v1::GetInclusionProofRequest::default_instance(), inclusion.SerializeAsString()},
        {"/minhbach.v1.Audit/GetConsistencyProof", "district",
         &v1::GetConsistencyProofRequest::default_instance(), consistency.SerializeAsString()},
    };
  }

  Snapshot Take() {
    const uint64_t size = server_.log().Size();
    absl::StatusOr<storage::merkle::Hash> root = server_.log().RootAt(size);
    EXPECT_TRUE(root.ok()) << root.status();
    return {size, root.value_or(storage::merkle::Hash{})};
  }

  // Nothing was written since `before`, and the server still appends and reads.
  void ExpectUnchangedAndServing(const Snapshot& before) {
    const Snapshot now = Take();
    EXPECT_EQ(now.size, before.size);
    EXPECT_EQ(now.root, before.root);

    const v1::AppendRequest request = NewAppend("ext/still-serving");
    v1::AppendResponse appended;
    grpc::Status status = Append(request, &appended);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(appended.first_position(), before.size);
    v1::ReadAllRequest read;
    read.set_from_position(appended.first_position());
    v1::ReadEventsResponse page;
    status = log_stub_->ReadAll(server_.Context("district").get(), read, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(page.events_size(), 1);
    EXPECT_EQ(storage::FormatUuid(page.events(0).record().event_id()),
              request.events(0).event_id());
  }

  // `bytes` do not parse as `method`'s request, and gRPC refuses them.
  void ExpectParseFailure(const RawMethod& method, const std::string& bytes) {
    ASSERT_FALSE(Parses(method, bytes)) << "the test's bytes parse; pick others";
    const grpc::Status status = Raw(method, bytes);
    EXPECT_FALSE(status.ok()) << method.path << " accepted " << bytes.size() << " bad bytes";
    EXPECT_EQ(status.error_code(), kGrpcParseFailure)
        << method.path << ": " << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(),
                                  "not a valid protobuf message for " + std::string(method.path)))
        << status.error_message();
  }

  static void ExpectStatus(const grpc::Status& status, grpc::StatusCode code,
                           absl::string_view message_prefix) {
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_FALSE(status.error_message().empty());
    EXPECT_TRUE(absl::StartsWith(status.error_message(), message_prefix))
        << "'" << status.error_message() << "' should start with '" << message_prefix << "'";
  }

  TestServer server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventLog::Stub> log_stub_;
  std::unique_ptr<v1::Audit::Stub> audit_stub_;
};

TEST_F(WireInputTest, TruncatedRequestsFailToParseOnEveryMethod) {
  const Snapshot before = Take();
  for (const RawMethod& method : AllMethods()) {
    ASSERT_TRUE(Parses(method, method.valid_request)) << method.path;
    int sent = 0;
    for (size_t length = 1; length < method.valid_request.size(); ++length) {
      const std::string cut = method.valid_request.substr(0, length);
      // A cut on a field boundary is a valid, shorter request, not a truncated one.
      if (Parses(method, cut)) continue;
      ExpectParseFailure(method, cut);
      ++sent;
    }
    EXPECT_GT(sent, 0) << method.path;
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, RandomGarbageFailsToParseOnEveryMethod) {
  const Snapshot before = Take();
  std::mt19937 random(20240229);
  for (const RawMethod& method : AllMethods()) {
    for (size_t length : {1, 2, 3, 5, 16, 100, 1000, 65536}) {
      std::string garbage;
      // Draws again (deterministically) in the rare case the bytes happen to
      // be a well-formed request.
      do {
        garbage.clear();
        for (size_t i = 0; i < length; ++i) garbage.push_back(static_cast<char>(random() & 0xff));
      } while (Parses(method, garbage));
      ExpectParseFailure(method, garbage);
    }
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, InvalidUtf8InAnyStringFieldFailsToParse) {
  const Snapshot before = Take();
  const std::vector<RawMethod> methods = AllMethods();
  const RawMethod& append = methods[0];
  const RawMethod& read_stream = methods[1];
  const RawMethod& get_event = methods[3];
  ASSERT_EQ(append.path, "/minhbach.v1.EventLog/Append");
  ASSERT_EQ(read_stream.path, "/minhbach.v1.EventLog/ReadStream");
  ASSERT_EQ(get_event.path, "/minhbach.v1.EventLog/GetEvent");

  // Not UTF-8: bytes UTF-8 never uses, a truncated sequence, a
  // surrogate, an overlong NUL and a code point above U+10FFFF.
  for (const std::string& bad :
       {std::string("\xff\xfe"), std::string("ok\xc3"), std::string("\xed\xa0\x80"),
        std::string("\xc0\x80"), std::string("\xf4\x90\x80\x80")}) {
    SCOPED_TRACE(absl::CHexEscape(bad));
    // AppendRequest.stream (field 1), under a prefix the token may write.
    v1::AppendRequest events_only = NewAppend("ext/wire");
    events_only.clear_stream();
    ExpectParseFailure(append,
                       BytesField(1, absl::StrCat("ext/", bad)) + events_only.SerializeAsString());
    // NewEvent.event_id (1), event_type (2), correlation_id (4), causation_id (5).
    for (int field : {1, 2, 4, 5}) {
      SCOPED_TRACE(absl::StrCat("NewEvent field ", field));
      const std::string event = NewEventBytesWithout(field) + BytesField(field, bad);
      ExpectParseFailure(append, BytesField(1, "ext/wire") + BytesField(5, event));
    }
    // ReadStreamRequest.stream (1) and GetEventRequest.event_id (2).
    ExpectParseFailure(read_stream, BytesField(1, bad));
    ExpectParseFailure(get_event, BytesField(2, bad));
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, InvalidUtf8InUnknownFieldsIsIgnored) {
  // Requests without string fields: bytes in a field they do not know are skipped.
  const Snapshot before = Take();
  for (const RawMethod& method : AllMethods()) {
    if (absl::StrContains(method.path, "Append") || absl::StrContains(method.path, "Subscribe")) {
      continue;  // Append would write; Subscribe would never end
    }
    const std::string request = BytesField(15, "\xff\xfe");
    const grpc::Status status = Raw(method, request);
    if (method.path == "/minhbach.v1.EventLog/GetEvent") {
      ExpectStatus(status, grpc::StatusCode::INVALID_ARGUMENT, "give position or event_id");
    } else {
      EXPECT_TRUE(status.ok()) << method.path << ": " << status.error_message();
    }
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, MessagesOverFourMebibytesAreResourceExhaustedOnEveryMethod) {
  const Snapshot before = Take();
  for (const RawMethod& method : AllMethods()) {
    // The valid request plus one unknown field, one byte over the limit in all.
    const size_t header = 1 + Varint(kMaxMessageBytes).size();
    std::string request = method.valid_request;
    request += BytesField(15, std::string(kMaxMessageBytes + 1 - request.size() - header, 'x'));
    ASSERT_EQ(request.size(), kMaxMessageBytes + 1);
    const grpc::Status status = Raw(method, request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << method.path << ": " << status.error_message();
    EXPECT_FALSE(status.error_message().empty()) << method.path;
  }
  // The same through the generated stub: one 5 MiB payload.
  v1::AppendRequest huge = NewAppend("ext/wire");
  huge.mutable_events(0)->set_payload(std::string(5 << 20, 'x'));
  v1::AppendResponse response;
  const grpc::Status status = Append(huge, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();

  // Exactly at the limit is still read.
  const RawMethod read_all = AllMethods()[2];
  ASSERT_EQ(read_all.path, "/minhbach.v1.EventLog/ReadAll");
  std::string at_limit = read_all.valid_request;
  at_limit += BytesField(
      15,
      std::string(kMaxMessageBytes - at_limit.size() - 1 - Varint(kMaxMessageBytes).size(), 'x'));
  ASSERT_EQ(at_limit.size(), kMaxMessageBytes);
  const grpc::Status at_limit_status = Raw(read_all, at_limit);
  EXPECT_TRUE(at_limit_status.ok()) << at_limit_status.error_message();
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, OutOfRangeTimestampsAreInvalidArgumentNamingTheField) {
  const Snapshot before = Take();
  struct BadTime {
    int64_t seconds;
    int32_t nanos;
  };
  for (const BadTime time : {
           BadTime{0, -1},
           BadTime{0, 1000000000},
           BadTime{0, std::numeric_limits<int32_t>::min()},
           BadTime{0, std::numeric_limits<int32_t>::max()},
           BadTime{-62135596801, 0},  // 0000-12-31T23:59:59Z
           BadTime{253402300800, 0},  // 10000-01-01T00:00:00Z
           BadTime{std::numeric_limits<int64_t>::min(), 0},
           BadTime{std::numeric_limits<int64_t>::max(), 999999999},
       }) {
    SCOPED_TRACE(absl::StrCat(time.seconds, "s ", time.nanos, "ns"));
    v1::AppendRequest request = NewAppend("ext/wire", 2);
    request.mutable_events(1)->mutable_business_time()->set_seconds(time.seconds);
    request.mutable_events(1)->mutable_business_time()->set_nanos(time.nanos);
    v1::AppendResponse response;
    ExpectStatus(Append(request, &response), grpc::StatusCode::INVALID_ARGUMENT,
                 "events[1].business_time");
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, TimestampsAtTheEdgesOfTheRangeAreAccepted) {
  v1::AppendRequest request = NewAppend("ext/wire", 2);
  request.mutable_events(0)->mutable_business_time()->set_seconds(-62135596800);
  request.mutable_events(0)->mutable_business_time()->set_nanos(0);
  request.mutable_events(1)->mutable_business_time()->set_seconds(253402300799);
  request.mutable_events(1)->mutable_business_time()->set_nanos(999999999);
  v1::AppendResponse response;
  const grpc::Status status = Append(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.count(), 2u);
}

TEST_F(WireInputTest, PageLimitsOfZeroAndUint32MaxAreCoerced) {
  v1::AppendResponse response;
  ASSERT_TRUE(Append(NewAppend("ext/many", 600), &response).ok());
  ASSERT_TRUE(Append(NewAppend("ext/many", 600), &response).ok());
  const Snapshot before = Take();
  ASSERT_EQ(before.size, 1203u);

  struct Case {
    uint32_t limit;
    int expected;
  };
  for (const Case c : {Case{0, 100}, Case{1001, 1000}, Case{kUint32Max, 1000}}) {
    SCOPED_TRACE(absl::StrCat("limit ", c.limit));
    v1::ReadAllRequest read_all;
    read_all.set_limit(c.limit);
    v1::ReadEventsResponse page;
    grpc::Status status = log_stub_->ReadAll(server_.Context("district").get(), read_all, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(page.events_size(), c.expected);
    EXPECT_EQ(page.next(), static_cast<uint64_t>(c.expected));

    v1::ReadStreamRequest read_stream;
    read_stream.set_stream("ext/many");
    read_stream.set_limit(c.limit);
    status = log_stub_->ReadStream(server_.Context("district").get(), read_stream, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(page.events_size(), c.expected);
    EXPECT_EQ(page.next(), static_cast<uint64_t>(c.expected));

    read_stream.set_backward(true);
    status = log_stub_->ReadStream(server_.Context("district").get(), read_stream, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(page.events_size(), c.expected);
    EXPECT_EQ(page.events(0).record().stream_version(), 1199u);
    EXPECT_EQ(page.next(), static_cast<uint64_t>(1199 - c.expected));
  }

  // A negative limit on the wire: -1 as a ten-byte varint, which a uint32
  // field reads as 4294967295.
  const std::string negative_limit = VarintField(2, static_cast<uint64_t>(int64_t{-1}));
  ASSERT_EQ(negative_limit.size(), 11u);
  v1::ReadAllRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(negative_limit));
  ASSERT_EQ(parsed.limit(), kUint32Max);
  std::string raw_page;
  const grpc::Status status = RawUnaryCall(channel_, "/minhbach.v1.EventLog/ReadAll",
                                           negative_limit, &raw_page, server_.Token("district"));
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::ReadEventsResponse page;
  ASSERT_TRUE(page.ParseFromString(raw_page));
  EXPECT_EQ(page.events_size(), 1000);
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, PositionsBeyondTheLogGiveEmptyPagesOrNotFound) {
  const Snapshot before = Take();
  for (const uint64_t beyond : {before.size, before.size + 1, kUint64Max - 1, kUint64Max}) {
    SCOPED_TRACE(absl::StrCat("position ", beyond));
    v1::ReadAllRequest read_all;
    read_all.set_from_position(beyond);
    read_all.set_limit(kUint32Max);
    v1::ReadEventsResponse page;
    grpc::Status status = log_stub_->ReadAll(server_.Context("district").get(), read_all, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(page.events_size(), 0);
    EXPECT_FALSE(page.has_next());

    v1::ReadStreamRequest read_stream;
    read_stream.set_stream("ext/wire");
    read_stream.set_from_version(beyond);
    status = log_stub_->ReadStream(server_.Context("district").get(), read_stream, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(page.events_size(), 0);
    EXPECT_FALSE(page.has_next());

    v1::GetEventRequest get;
    get.set_position(beyond);
    v1::Event event;
    ExpectStatus(log_stub_->GetEvent(server_.Context("district").get(), get, &event),
                 grpc::StatusCode::NOT_FOUND, "no event at position");
  }

  // Backward from UINT64_MAX means "from the stream's last event".
  v1::ReadStreamRequest backward;
  backward.set_stream("ext/wire");
  backward.set_from_version(kUint64Max);
  backward.set_backward(true);
  v1::ReadEventsResponse page;
  grpc::Status status = log_stub_->ReadStream(server_.Context("district").get(), backward, &page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(page.events_size(), 3);
  EXPECT_EQ(page.events(0).record().stream_version(), 2u);

  // A subscription from beyond the end waits (there is nothing to send) until its deadline.
  auto context = server_.Context("district", absl::Milliseconds(300));
  v1::SubscribeRequest subscribe;
  subscribe.set_from_position(kUint64Max);
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader =
      log_stub_->Subscribe(context.get(), subscribe);
  v1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, ProofRequestsBeyondTheTreeAreInvalidArgumentNamingTheField) {
  const Snapshot before = Take();
  ASSERT_EQ(before.size, 3u);
  struct Inclusion {
    uint64_t position, tree_size;
    const char* names;
  };
  for (const Inclusion c : {
           Inclusion{3, 0, "position"},
           Inclusion{kUint64Max, 0, "position"},
           Inclusion{2, 2, "position"},
           Inclusion{0, 4, "tree_size"},
           Inclusion{0, kUint64Max, "tree_size"},
           Inclusion{kUint64Max, kUint64Max, "tree_size"},
       }) {
    SCOPED_TRACE(absl::StrCat("position ", c.position, " tree_size ", c.tree_size));
    v1::GetInclusionProofRequest request;
    request.set_position(c.position);
    request.set_tree_size(c.tree_size);
    v1::InclusionProof proof;
    ExpectStatus(audit_stub_->GetInclusionProof(server_.Context("district").get(), request, &proof),
                 grpc::StatusCode::INVALID_ARGUMENT, c.names);
  }
  struct Consistency {
    uint64_t old_size, new_size;
    const char* names;
  };
  for (const Consistency c : {
           Consistency{3, 2, "old_size"},
           Consistency{4, 0, "old_size"},
           Consistency{kUint64Max, 0, "old_size"},
           Consistency{kUint64Max, 3, "old_size"},
           Consistency{1, 4, "new_size"},
           Consistency{0, kUint64Max, "new_size"},
           Consistency{kUint64Max, kUint64Max, "new_size"},
       }) {
    SCOPED_TRACE(absl::StrCat("old_size ", c.old_size, " new_size ", c.new_size));
    v1::GetConsistencyProofRequest request;
    request.set_old_size(c.old_size);
    request.set_new_size(c.new_size);
    v1::ConsistencyProof proof;
    ExpectStatus(
        audit_stub_->GetConsistencyProof(server_.Context("district").get(), request, &proof),
        grpc::StatusCode::INVALID_ARGUMENT, c.names);
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, ExpectVersionUint64MaxIsAborted) {
  const Snapshot before = Take();
  for (const char* stream : {"ext/wire", "ext/never-written"}) {
    SCOPED_TRACE(stream);
    v1::AppendRequest request = NewAppend(stream);
    request.set_expect_version(kUint64Max);
    v1::AppendResponse response;
    ExpectStatus(Append(request, &response), grpc::StatusCode::ABORTED,
                 absl::StrCat("stream '", stream, "'"));
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, AppendOfTenThousandAndOneEventsIsResourceExhausted) {
  const Snapshot before = Take();
  v1::AppendResponse response;
  const grpc::Status status = Append(NewAppend("ext/wire", 10001), &response);
  ExpectStatus(status, grpc::StatusCode::RESOURCE_EXHAUSTED, "append carries 10001 events");
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, StreamNamesThatCannotExistAreNotAppendedTo) {
  const Snapshot before = Take();
  v1::AppendResponse response;
  // Authorization comes first: no token's prefix matches the empty name.
  ExpectStatus(Append(NewAppend(""), &response), grpc::StatusCode::PERMISSION_DENIED, "");
  for (const std::string& control : {std::string(1, '\0'), std::string("\x01"), std::string("\t"),
                                     std::string("\n"), std::string("\x1f"), std::string("\x7f")}) {
    SCOPED_TRACE(absl::CHexEscape(control));
    ExpectStatus(Append(NewAppend(absl::StrCat("ext/a", control, "b")), &response),
                 grpc::StatusCode::INVALID_ARGUMENT, "stream must not contain control characters");
    ExpectStatus(Append(NewAppend(absl::StrCat("ext/wire", control)), &response),
                 grpc::StatusCode::INVALID_ARGUMENT, "stream must not contain control characters");
  }
  ExpectStatus(Append(NewAppend("ext/" + std::string(600, 'x')), &response),
               grpc::StatusCode::INVALID_ARGUMENT, "stream is 604 bytes");
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, ReadStreamOfANameThatCannotExistReturnsNoEvents) {
  // Stored stream keys are name, 0x00, version (8 bytes): a name ending in
  // 0x00 used to read the events of the stream it extends ("ext/wire\0"
  // forward gave versions 1 and 2 of "ext/wire", backward all three).
  const Snapshot before = Take();
  for (const std::string& stream :
       {std::string(""), std::string("ext/wire\0", 9), std::string("ext/wire\0\0", 10),
        std::string("ext/wire\x01"), std::string("ext/wi\nre")}) {
    SCOPED_TRACE(absl::CHexEscape(stream));
    for (const bool backward : {false, true}) {
      v1::ReadStreamRequest request;
      request.set_stream(stream);
      request.set_backward(backward);
      v1::ReadEventsResponse page;
      const grpc::Status status =
          log_stub_->ReadStream(server_.Context("district").get(), request, &page);
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(page.events_size(), 0)
          << "backward " << backward << ": read " << page.events(0).record().stream();
      EXPECT_FALSE(page.has_next());
    }
  }
  ExpectUnchangedAndServing(before);
}

TEST_F(WireInputTest, MalformedOrNilEventIdsAreRejected) {
  const Snapshot before = Take();
  const std::string nil = "00000000-0000-0000-0000-000000000000";
  for (const std::string& id : {
           std::string(""),
           std::string("not-a-uuid"),
           std::string("0123456789abcdef0123456789abcdef"),           // no dashes
           std::string("01234567-89ab-cdef-0123-456789abcde"),        // 35 characters
           std::string("01234567-89ab-cdef-0123-456789abcdef0"),      // 37 characters
           std::string("0123456g-89ab-cdef-0123-456789abcdef"),       // not hex
           std::string("0123456789-ab-cdef-0123-456789abcdef"),       // dash misplaced
           std::string("{1234567-89ab-cdef-0123-456789abcdef}"),      // braces
           std::string("01234567-89ab-cdef-0123-456789abcd\0f", 36),  // NUL
           std::string(100000, 'a'),
       }) {
    SCOPED_TRACE(absl::CHexEscape(id.substr(0, 40)));
    v1::AppendRequest append = NewAppend("ext/wire", 2);
    append.mutable_events(1)->set_event_id(id);
    v1::AppendResponse response;
    ExpectStatus(Append(append, &response), grpc::StatusCode::INVALID_ARGUMENT,
                 "events[1].event_id");

    v1::GetEventRequest get;
    get.set_event_id(id);
    v1::Event event;
    ExpectStatus(log_stub_->GetEvent(server_.Context("district").get(), get, &event),
                 grpc::StatusCode::INVALID_ARGUMENT, "event_id");
  }

  // The nil UUID parses but is never an event's id.
  v1::AppendRequest append = NewAppend("ext/wire", 2);
  append.mutable_events(0)->set_event_id(nil);
  v1::AppendResponse response;
  const grpc::Status status = Append(append, &response);
  ExpectStatus(status, grpc::StatusCode::INVALID_ARGUMENT, "events[0].event_id");
  EXPECT_TRUE(absl::StrContains(status.error_message(), "nil UUID")) << status.error_message();
  v1::GetEventRequest get;
  get.set_event_id(nil);
  v1::Event event;
  ExpectStatus(log_stub_->GetEvent(server_.Context("district").get(), get, &event),
               grpc::StatusCode::NOT_FOUND, "no event has that id");

  // Neither position nor event_id.
  ExpectStatus(
      log_stub_->GetEvent(server_.Context("district").get(), v1::GetEventRequest(), &event),
      grpc::StatusCode::INVALID_ARGUMENT, "give position or event_id");
  ExpectUnchangedAndServing(before);
}

}  // namespace
}  // namespace minhbach
