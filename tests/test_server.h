// A real minhbachd on a free loopback port, in its own temporary directory,
// with the quick-start tokens of every role: the fixture of every end-to-end test.
#ifndef MINHBACH_TESTS_TEST_SERVER_H_
#define MINHBACH_TESTS_TEST_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/connection.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/rpc/raw_unary_call.h"
#include "services/server/server.h"
#include "storage/uuid.h"
#include "tests/temp_dir.h"

namespace minhbach::testing {

class TestServer {
 public:
  // The data directory is <data_dir_parent>/data: in the server's own
  // temporary directory unless the test names another parent (say, a small
  // filesystem it mounted), which the test then cleans up itself.
  explicit TestServer(services::ServerOptions options = {}, const std::string& data_dir_parent = "")
      : data_dir_parent_(data_dir_parent.empty() ? dir_.path() : data_dir_parent) {
    options.listen = "127.0.0.1:0";
    options.data_dir = data_dir();
    absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return;
    server_ = *std::move(server);
    tokens_ = clients::ReadClientTokens(data_dir() + "/client-tokens");
  }

  services::Server& server() { return *server_; }
  storage::EventLog& log() { return *server_->log(); }
  std::string address() const { return absl::StrCat("127.0.0.1:", server_->port()); }
  const std::string& data_dir_parent() const { return data_dir_parent_; }
  std::string data_dir() const { return data_dir_parent_ + "/data"; }

  std::shared_ptr<grpc::Channel> Channel() {
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(64 << 20);
    arguments.SetMaxSendMessageSize(64 << 20);
    return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), arguments);
  }

  // The quick-start token of `role` ("coordinator", "service", ...).
  std::string Token(const std::string& role) { return tokens_.at(role); }

  // A client context carrying `role`'s token, with a deadline.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& role,
                                               absl::Duration timeout = absl::Seconds(30)) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!role.empty()) context->AddMetadata("authorization", "Bearer " + Token(role));
    context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    return context;
  }

 private:
  TempDir dir_;
  const std::string data_dir_parent_;
  std::unique_ptr<services::Server> server_;
  std::map<std::string, std::string> tokens_;
};

// An append request of `count` fresh events to `stream`.
inline v1::AppendRequest NewAppend(const std::string& stream, int count = 1) {
  v1::AppendRequest request;
  request.set_stream(stream);
  for (int i = 0; i < count; ++i) {
    v1::NewEvent* event = request.add_events();
    event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
    event->set_event_type("Tested");
    event->mutable_business_time()->set_seconds(1704067200);
    event->set_payload(absl::StrCat("payload ", i));
  }
  return request;
}

// Calls `method` with raw request bytes (anything, even garbage) in
// `context` and returns the status, with the raw response bytes in `response`.
inline grpc::Status RawUnaryCallInContext(const std::shared_ptr<grpc::Channel>& channel,
                                          grpc::ClientContext* context, const std::string& method,
                                          const std::string& request, std::string* response) {
  return services::RawUnaryCall(channel, context, method, request, response);
}

// As RawUnaryCallInContext, with `token` (if any) and a 30 s deadline.
inline grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& method, const std::string& request,
                                 std::string* response, const std::string& token = "") {
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return RawUnaryCallInContext(channel, &context, method, request, response);
}

// The standard health check, answered within `timeout` or DEADLINE_EXCEEDED.
inline grpc::Status HealthCheck(const std::shared_ptr<grpc::Channel>& channel,
                                absl::Duration timeout) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  std::string response;
  return RawUnaryCallInContext(channel, &context, "/grpc.health.v1.Health/Check", "", &response);
}

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_TEST_SERVER_H_
