#include "services/program_api/command_call.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/auth/call_auth.h"
#include "services/rpc/grpc_status.h"

namespace minhbach::services {

grpc::ServerUnaryReactor* RunCall(grpc::CallbackServerContext* context, const CommandEnv& env,
                                  absl::string_view method, CallBody body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *env.tokens, method);
  if (!who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  auto run = [context, reactor, before = env.before_body_for_test, body = std::move(body),
              who = *std::move(who)] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                                   "the call was cancelled (or its deadline passed) before the "
                                   "command ran; nothing was recorded"));
      return;
    }
    if (before) before();
    reactor->Finish(ToGrpcStatus(body(who)));
  };
  if (!env.pool->TrySchedule(std::move(run))) {
    reactor->Finish(ToGrpcStatus(absl::ResourceExhaustedError(absl::StrCat(
        "the server has ", env.pool->options().max_queued,
        " commands waiting for the disk already; nothing was recorded, send the same command "
        "(same event id) again in a moment"))));
  }
  return reactor;
}

grpc::ServerUnaryReactor* RunCommand(grpc::CallbackServerContext* context, const CommandEnv& env,
                                     absl::string_view method, v1::CommandResult* response,
                                     CommandBody body) {
  return RunCall(context, env, method,
                 [response, body = std::move(body)](const Identity& who) -> absl::Status {
                   absl::StatusOr<v1::CommandResult> result = body(who);
                   if (result.ok()) *response = *std::move(result);
                   return result.status();
                 });
}

std::vector<std::string> ToStrings(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return {field.begin(), field.end()};
}

std::string MethodName(absl::string_view service, absl::string_view method) {
  return absl::StrCat("/minhbach.v1.", service, "/", method);
}

}  // namespace minhbach::services
