// The shape every command RPC shares: authenticate the caller, check the
// role table for the method, run the command as that caller, finish the
// call with its result or its status.
#ifndef MINHBACH_SERVICES_COMMAND_CALL_H_
#define MINHBACH_SERVICES_COMMAND_CALL_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/program_service.pb.h"
#include "services/identity.h"
#include "services/token_store.h"

namespace minhbach::services {

using CommandBody = std::function<absl::StatusOr<v1::CommandResult>(const Identity& who)>;

// Runs `body` for the caller of `context` when its role may call `method`.
// The command runs on the calling thread: it reads its aggregate's stream
// and waits for its append to be durable.
grpc::ServerUnaryReactor* RunCommand(grpc::CallbackServerContext* context, const TokenStore& tokens,
                                     absl::string_view method, v1::CommandResult* response,
                                     const CommandBody& body);

// The entries of a repeated string field, for a domain command.
std::vector<std::string> ToStrings(const google::protobuf::RepeatedPtrField<std::string>& field);

// "/minhbach.v1.<service>/<method>".
std::string MethodName(absl::string_view service, absl::string_view method);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_COMMAND_CALL_H_
