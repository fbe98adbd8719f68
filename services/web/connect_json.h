// The Connect protocol's unary JSON form of the gRPC API, dispatched
// generically: the method is looked up among the compiled-in descriptors, the
// JSON request becomes that method's request message, and the call goes to
// the very services gRPC clients reach, through the server's in-process
// channel, with the caller's token as its "authorization: Bearer" metadata,
// so tokens, roles and refusals are exactly the gRPC ones.
#ifndef MINHBACH_SERVICES_WEB_CONNECT_JSON_H_
#define MINHBACH_SERVICES_WEB_CONNECT_JSON_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace minhbach::services::web {

// What to send back: the HTTP status and a JSON body (the response message,
// or a Connect error).
struct ConnectReply {
  int http_status = 200;
  std::string body;
};

// Thread-safe.
class ConnectJson {
 public:
  // `channel`: to the server itself (Server's in-process channel). Each call
  // gets `timeout` as its deadline, or less when the caller asks for less.
  ConnectJson(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
      : channel_(std::move(channel)), timeout_(timeout) {}

  // Calls `path` ("/minhbach.v1.ProgramStatus/GetDashboard") with `json`, a
  // request in the proto3 JSON mapping ("" counts as "{}"), on behalf of
  // `token` (empty: none, and the service says unauthenticated), with at
  // most `timeout` (Connect-Timeout-Ms; zero or less: the default). Errors as
  // Connect errors: unimplemented (404) for a path that names no minhbach.v1
  // method, (501) for a streaming method; invalid_argument with the parser's
  // words for JSON that is not the request; otherwise the service's status.
  ConnectReply Call(absl::string_view path, absl::string_view json, const std::string& token,
                    absl::Duration timeout = absl::ZeroDuration()) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  absl::Duration timeout_;
};

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_CONNECT_JSON_H_
