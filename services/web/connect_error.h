// Errors of the Connect protocol (connectrpc.com/docs/protocol, "Error
// codes"): a gRPC status as the HTTP status and the JSON body
// {"code":"permission_denied","message":"..."} a Connect client reads.
#ifndef MINHBACH_SERVICES_WEB_CONNECT_ERROR_H_
#define MINHBACH_SERVICES_WEB_CONNECT_ERROR_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::services::web {

// "invalid_argument", "permission_denied", ...; "unknown" for OK or a code
// outside gRPC's.
absl::string_view ConnectCodeName(grpc::StatusCode code);

// The HTTP status the Connect protocol gives `code` (400, 401, 403, 404, 409,
// 429, 499, 500, 501, 503, 504).
int ConnectHttpStatus(grpc::StatusCode code);

// {"code":"...","message":"..."} (the message JSON-escaped).
std::string ConnectErrorJson(grpc::StatusCode code, absl::string_view message);

// The same, from an absl::Status (their codes are gRPC's).
inline grpc::StatusCode GrpcCode(const absl::Status& status) {
  return static_cast<grpc::StatusCode>(status.code());
}

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_CONNECT_ERROR_H_
