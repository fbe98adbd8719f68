// Authentication and authorization of one call, from its metadata.
#ifndef MINHBACH_SERVICES_AUTH_CALL_AUTH_H_
#define MINHBACH_SERVICES_AUTH_CALL_AUTH_H_

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "services/auth/identity.h"
#include "services/auth/token_store.h"

namespace minhbach::services {

// The identity behind the call's "authorization: Bearer <token>" metadata,
// if it may call `method`. Unauthenticated for a missing, malformed or
// unknown token; PermissionDenied when its role may not call `method`.
absl::StatusOr<Identity> AuthorizeCall(const grpc::CallbackServerContext& context,
                                       const TokenStore& tokens, absl::string_view method);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_CALL_AUTH_H_
