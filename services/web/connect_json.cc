#include "services/web/connect_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/rpc/raw_unary_call.h"
#include "services/web/connect_error.h"

namespace minhbach::services::web {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::Message;
using google::protobuf::MessageFactory;
using google::protobuf::MethodDescriptor;

constexpr absl::string_view kPackage = "minhbach.v1.";

ConnectReply Error(grpc::StatusCode code, absl::string_view message, int http_status = 0) {
  return {http_status != 0 ? http_status : ConnectHttpStatus(code),
          ConnectErrorJson(code, message)};
}

}  // namespace

ConnectReply ConnectJson::Call(absl::string_view path, absl::string_view json,
                               const std::string& token, absl::Duration timeout) const {
  const size_t slash = path.rfind('/');
  const absl::string_view service =
      slash == absl::string_view::npos || slash == 0 ? "" : path.substr(1, slash - 1);
  const absl::string_view method_name =
      slash == absl::string_view::npos ? "" : path.substr(slash + 1);
  const MethodDescriptor* method = absl::StartsWith(service, kPackage)
                                       ? DescriptorPool::generated_pool()->FindMethodByName(
                                             absl::StrCat(service, ".", method_name))
                                       : nullptr;
  if (method == nullptr) {
    return Error(grpc::StatusCode::UNIMPLEMENTED,
                 absl::StrCat("no method ", path, ": the API's methods are /minhbach.v1.",
                              "<Service>/<Method> (see proto/minhbach/v1)"),
                 404);
  }
  if (method->client_streaming() || method->server_streaming()) {
    return Error(grpc::StatusCode::UNIMPLEMENTED,
                 absl::StrCat(path, " streams; it is served over gRPC only, not Connect JSON"));
  }
  MessageFactory* factory = MessageFactory::generated_factory();
  const Message* request_prototype = factory->GetPrototype(method->input_type());
  const Message* response_prototype = factory->GetPrototype(method->output_type());
  if (request_prototype == nullptr || response_prototype == nullptr) {
    return Error(grpc::StatusCode::INTERNAL,
                 absl::StrCat(path, ": its messages are not compiled in"));
  }
  std::unique_ptr<Message> request(request_prototype->New());
  google::protobuf::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;
  const absl::string_view body = absl::StripAsciiWhitespace(json);
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      body.empty() ? std::string("{}") : std::string(body), request.get(), parse);
  if (!parsed.ok()) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT,
                 absl::StrCat("the request is not a ", method->input_type()->full_name(),
                              " in JSON: ", parsed.message().as_string()));
  }
  std::string request_bytes;
  if (!request->SerializeToString(&request_bytes)) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT, "the request cannot be encoded");
  }

  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  if (timeout <= absl::ZeroDuration() || timeout > timeout_) timeout = timeout_;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  std::string response_bytes;
  const grpc::Status status = RawUnaryCall(
      channel_, &context, absl::StrCat("/", method->service()->full_name(), "/", method->name()),
      request_bytes, &response_bytes);
  if (!status.ok()) return Error(status.error_code(), status.error_message());

  std::unique_ptr<Message> response(response_prototype->New());
  if (!response->ParseFromString(response_bytes)) {
    return Error(grpc::StatusCode::INTERNAL, absl::StrCat("the service's answer is not a ",
                                                          method->output_type()->full_name()));
  }
  google::protobuf::util::JsonPrintOptions print;
  print.always_print_primitive_fields = true;
  ConnectReply reply;
  const auto printed = google::protobuf::util::MessageToJsonString(*response, &reply.body, print);
  if (!printed.ok()) {
    return Error(grpc::StatusCode::INTERNAL, absl::StrCat("the answer cannot be printed as JSON: ",
                                                          printed.message().as_string()));
  }
  return reply;
}

}  // namespace minhbach::services::web
