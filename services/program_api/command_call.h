// The shape every command RPC shares: authenticate the caller, check the
// role table for the method, run the command as that caller, finish the
// call with its result or its status.
//
// A command reads its aggregate's stream and waits for its append to be
// durable, so its body never runs on the gRPC callback thread that received
// it: RunCommand queues it on the TaskPool and returns at once, and the
// pool's thread finishes the call.
#ifndef MINHBACH_SERVICES_PROGRAM_API_COMMAND_CALL_H_
#define MINHBACH_SERVICES_PROGRAM_API_COMMAND_CALL_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/program_service.pb.h"
#include "services/auth/identity.h"
#include "services/auth/token_store.h"
#include "services/program_api/task_pool.h"
#include "storage/clock.h"

namespace minhbach::services {

// What every command service shares. Plain pointers, none owned: all must
// outlive the server that serves the services.
struct CommandEnv {
  const TokenStore* tokens = nullptr;
  TaskPool* pool = nullptr;
  // The one clock of commands (the business day of a command that states
  // none) and of status judgements ("today").
  storage::Clock* clock = storage::Clock::Real();
  // Test only: runs on the pool's thread just before each command body (a
  // test holds it on a gate to stand for a slow disk). Empty in production.
  std::function<void()> before_body_for_test;
};

// Runs `body` for the caller of `context` when its role may call `method`.
// The body runs on a thread of env.pool (never on the calling thread), so it
// must own what it captures, except `context` and `response`, which live
// until the call is finished. RESOURCE_EXHAUSTED, without running the body,
// when the pool's queue is full; CANCELLED when the caller has gone away
// before the body's turn came.
using CommandBody = std::function<absl::StatusOr<v1::CommandResult>(const Identity& who)>;
grpc::ServerUnaryReactor* RunCommand(grpc::CallbackServerContext* context, const CommandEnv& env,
                                     absl::string_view method, v1::CommandResult* response,
                                     CommandBody body);

// As RunCommand, for a call whose body fills in its own response (which, as
// `context`, lives until the call is finished): a read that must append
// first (the access event of a personal-data read) or that decrypts.
using CallBody = std::function<absl::Status(const Identity& who)>;
grpc::ServerUnaryReactor* RunCall(grpc::CallbackServerContext* context, const CommandEnv& env,
                                  absl::string_view method, CallBody body);

// The entries of a repeated string field, for a domain command.
std::vector<std::string> ToStrings(const google::protobuf::RepeatedPtrField<std::string>& field);

// "/minhbach.v1.<service>/<method>".
std::string MethodName(absl::string_view service, absl::string_view method);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_COMMAND_CALL_H_
