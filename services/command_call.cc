#include "services/command_call.h"

#include "absl/strings/str_cat.h"
#include "services/call_auth.h"
#include "services/grpc_status.h"

namespace minhbach::services {

grpc::ServerUnaryReactor* RunCommand(grpc::CallbackServerContext* context, const TokenStore& tokens,
                                     absl::string_view method, v1::CommandResult* response,
                                     const CommandBody& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<Identity> who = AuthorizeCall(*context, tokens, method);
  if (!who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  absl::StatusOr<v1::CommandResult> result = body(*who);
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

std::vector<std::string> ToStrings(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return {field.begin(), field.end()};
}

std::string MethodName(absl::string_view service, absl::string_view method) {
  return absl::StrCat("/minhbach.v1.", service, "/", method);
}

}  // namespace minhbach::services
