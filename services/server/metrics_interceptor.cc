#include "services/server/metrics_interceptor.h"

#include <string>

#include "absl/time/clock.h"
#include "services/rpc/log_line.h"

namespace minhbach::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Failures of the server rather than of the request: worth a log line each.
// (A caller's mistakes are counted in the metrics, not logged.)
bool IsServerSide(grpc::StatusCode code) {
  return code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::DATA_LOSS || code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::UNKNOWN;
}

class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(Metrics* metrics, const char* method)
      : metrics_(metrics), method_(method != nullptr ? method : ""), start_(absl::Now()) {
    if (IsSubscribe()) metrics_->SubscriberStarted();
  }
  ~MetricsInterceptor() override {
    if (IsSubscribe()) metrics_->SubscriberEnded();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      metrics_->RecordRpc(method_, status.error_code(), absl::Now() - start_);
      if (IsServerSide(status.error_code())) {
        LogLine("error", "call failed",
                {{"method", method_},
                 {"code", std::to_string(static_cast<int>(status.error_code()))},
                 {"error", status.error_message()}});
      }
    }
    methods->Proceed();
  }

 private:
  bool IsSubscribe() const { return method_ == "/minhbach.v1.EventLog/Subscribe"; }

  Metrics* const metrics_;
  const std::string method_;
  const absl::Time start_;
};

}  // namespace

grpc::experimental::Interceptor* MetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MetricsInterceptor(metrics_, info->method());
}

}  // namespace minhbach::services
