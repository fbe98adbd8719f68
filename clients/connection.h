// How the command-line client reaches a server: address, TLS and token, from
// flags, then environment variables, then the quick-start files in ./data.
#ifndef MINHBACH_CLIENTS_CONNECTION_H_
#define MINHBACH_CLIENTS_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::clients {

struct ConnectionSettings {
  std::string server;    // host:port
  std::string log;       // the log, on a server that hosts many (metadata minhbach-log)
  std::string token;     // bearer token
  std::string tls_ca;    // PEM file: trust this CA (turns TLS on)
  std::string tls_cert;  // PEM files: client certificate for mutual TLS
  std::string tls_key;
};

// The "<role> <token>" lines of a client tokens file (comments skipped);
// empty when the file cannot be read.
std::map<std::string, std::string> ReadClientTokens(const std::string& path);

// Resolves the token: `token` if set, else MINHBACH_TOKEN, else the line of
// `role` in `client_tokens_file` (the quick start's <data>/client-tokens).
// InvalidArgument saying what to give when none is found.
absl::StatusOr<std::string> ResolveToken(const std::string& token, const std::string& role,
                                         const std::string& client_tokens_file);

// A channel to settings.server, with TLS when tls_ca is set.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ConnectionSettings& settings);

// A context carrying the token, with a deadline.
std::unique_ptr<grpc::ClientContext> CallContext(const ConnectionSettings& settings,
                                                 int timeout_seconds);

// One line for a person: "PERMISSION_DENIED: role 'district' may not ...".
std::string DescribeStatus(const grpc::Status& status);

// The same code, with `what` was asked before DescribeStatus's words:
// "reading the province log: PERMISSION_DENIED: ...". OK stays OK.
absl::Status StatusFromGrpc(const grpc::Status& status, absl::string_view what);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CONNECTION_H_
