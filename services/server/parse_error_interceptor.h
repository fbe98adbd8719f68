// gRPC 1.51's callback API answers a request whose bytes do not parse
// (truncated, not protobuf, or a string field that is not UTF-8) with
// UNIMPLEMENTED and no message, before any handler runs. This interceptor
// turns that answer, on the methods this server implements, into
// INVALID_ARGUMENT with a message a person can act on.
#ifndef MINHBACH_SERVICES_SERVER_PARSE_ERROR_INTERCEPTOR_H_
#define MINHBACH_SERVICES_SERVER_PARSE_ERROR_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

namespace minhbach::services {

class ParseErrorInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_PARSE_ERROR_INTERCEPTOR_H_
