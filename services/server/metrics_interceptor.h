// A gRPC server interceptor that feeds Metrics (the method, status code and
// latency of every RPC, and the number of Subscribe calls in progress) and
// writes a log line for each call that failed on the server's side.
#ifndef MINHBACH_SERVICES_SERVER_METRICS_INTERCEPTOR_H_
#define MINHBACH_SERVICES_SERVER_METRICS_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "services/server/metrics.h"

namespace minhbach::services {

class MetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` must outlive the server.
  explicit MetricsInterceptorFactory(Metrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Metrics* const metrics_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_METRICS_INTERCEPTOR_H_
