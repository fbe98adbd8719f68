// One unary call by method name with serialized request bytes: for callers
// that pick the method at run time (the importer, the web server's Connect
// JSON dispatch) and for tests that send what no typed stub would.
#ifndef MINHBACH_SERVICES_RPC_RAW_UNARY_CALL_H_
#define MINHBACH_SERVICES_RPC_RAW_UNARY_CALL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace minhbach::services {

// Calls `method` ("/package.Service/Method") with `request` bytes in
// `context`; on success the response bytes are in `response`.
grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                          grpc::ClientContext* context, const std::string& method,
                          const std::string& request, std::string* response);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_RPC_RAW_UNARY_CALL_H_
