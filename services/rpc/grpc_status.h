// The one place where absl::Status becomes grpc::Status.
#ifndef MINHBACH_SERVICES_RPC_GRPC_STATUS_H_
#define MINHBACH_SERVICES_RPC_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace minhbach::services {

// Same code, same message.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_RPC_GRPC_STATUS_H_
