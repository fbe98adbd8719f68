#include "services/auth/call_auth.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "services/auth/authorization.h"
#include "storage/status_macros.h"

namespace minhbach::services {

absl::StatusOr<Identity> AuthorizeCall(const grpc::CallbackServerContext& context,
                                       const TokenStore& tokens, absl::string_view method) {
  const auto& metadata = context.client_metadata();
  auto header = metadata.find("authorization");
  if (header == metadata.end()) {
    return absl::UnauthenticatedError(
        "no token: send metadata 'authorization: Bearer <token>' (see the token file)");
  }
  absl::string_view value(header->second.data(), header->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") || value.empty()) {
    return absl::UnauthenticatedError("malformed authorization: expected 'Bearer <token>'");
  }
  ASSIGN_OR_RETURN(Identity identity, tokens.Authenticate(value));
  RETURN_IF_ERROR(Authorize(identity, method));
  return identity;
}

}  // namespace minhbach::services
