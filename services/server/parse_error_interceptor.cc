#include "services/server/parse_error_interceptor.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/auth/authorization.h"

namespace minhbach::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

class ParseErrorInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit ParseErrorInterceptor(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      // Our handlers never answer UNIMPLEMENTED: this one is gRPC's parse failure.
      if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
          status.error_message().empty()) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("the request is not a valid protobuf message for ", method_,
                         " (truncated, not protobuf, or a string field that is not UTF-8)")));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
};

bool Implemented(const char* method) {
  if (method == nullptr) return false;
  for (const MethodPolicy& policy : MethodPolicies()) {
    if (policy.method == method) return true;
  }
  return false;
}

}  // namespace

grpc::experimental::Interceptor* ParseErrorInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return Implemented(info->method()) ? new ParseErrorInterceptor(info->method()) : nullptr;
}

}  // namespace minhbach::services
