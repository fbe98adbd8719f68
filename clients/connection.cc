#include "clients/connection.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "UNKNOWN";
}

}  // namespace

std::map<std::string, std::string> ReadClientTokens(const std::string& path) {
  std::map<std::string, std::string> tokens;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string role, token;
    if (fields >> role >> token && role[0] != '#') tokens[role] = token;
  }
  return tokens;
}

absl::StatusOr<std::string> ResolveToken(const std::string& token, const std::string& role,
                                         const std::string& client_tokens_file) {
  if (!token.empty()) return token;
  if (const char* from_env = std::getenv("MINHBACH_TOKEN"); from_env && *from_env) {
    return std::string(from_env);
  }
  const std::map<std::string, std::string> tokens = ReadClientTokens(client_tokens_file);
  if (auto found = tokens.find(role); found != tokens.end()) return found->second;
  return absl::InvalidArgumentError(
      Say(absl::StrCat("chưa có mã truy cập: hãy cho --token hoặc MINHBACH_TOKEN, hoặc chạy cạnh ",
                       client_tokens_file, " của phần khởi động nhanh (vai trò '", role, "')"),
          absl::StrCat("no token: give --token or MINHBACH_TOKEN, or run beside the quick start's ",
                       client_tokens_file, " (role '", role, "')")));
}

namespace {

// Names the log every call on the channel is for (metadata "minhbach-log"),
// for a server that hosts many.
class NameTheLog final : public grpc::experimental::Interceptor {
 public:
  explicit NameTheLog(const std::string* log) : log_(log) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"minhbach-log", *log_});
    }
    methods->Proceed();
  }

 private:
  const std::string* log_;
};

class NameTheLogFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit NameTheLogFactory(std::string log) : log_(std::move(log)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new NameTheLog(&log_);
  }

 private:
  const std::string log_;  // lives as long as the channel
};

std::shared_ptr<grpc::Channel> NewChannel(const ConnectionSettings& settings,
                                          const std::shared_ptr<grpc::ChannelCredentials>& creds) {
  if (settings.log.empty()) return grpc::CreateChannel(settings.server, creds);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> named;
  named.push_back(std::make_unique<NameTheLogFactory>(settings.log));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      settings.server, creds, grpc::ChannelArguments(), std::move(named));
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ConnectionSettings& settings) {
  if (settings.tls_ca.empty()) return NewChannel(settings, grpc::InsecureChannelCredentials());
  grpc::SslCredentialsOptions ssl;
  absl::StatusOr<std::string> ca = ReadPem(settings.tls_ca);
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *ca;
  if (!settings.tls_cert.empty()) {
    absl::StatusOr<std::string> cert = ReadPem(settings.tls_cert);
    absl::StatusOr<std::string> key = ReadPem(settings.tls_key);
    if (!cert.ok()) return cert.status();
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return NewChannel(settings, grpc::SslCredentials(ssl));
}

std::unique_ptr<grpc::ClientContext> CallContext(const ConnectionSettings& settings,
                                                 int timeout_seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + settings.token);
  if (timeout_seconds > 0) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(timeout_seconds));
  }
  return context;
}

namespace {

// What a status code means to a person, in Vietnamese; the code and the
// server's own words follow it.
absl::string_view VietnameseMeaning(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "dữ liệu gửi lên không hợp lệ";
    case grpc::StatusCode::NOT_FOUND:
      return "không tìm thấy";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "đã có";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "không có quyền";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "chưa xác thực được (token thiếu, sai hoặc đã bị thu hồi)";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "quy tắc không cho phép";
    case grpc::StatusCode::ABORTED:
      return "bị lệnh khác chen ngang, hãy gửi lại";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "máy chủ đang quá tải hoặc câu trả lời quá lớn";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "hết thời gian chờ";
    case grpc::StatusCode::UNAVAILABLE:
      return "không kết nối được máy chủ";
    case grpc::StatusCode::DATA_LOSS:
      return "dữ liệu bị hỏng";
    case grpc::StatusCode::CANCELLED:
      return "đã hủy";
    default:
      return "lỗi";
  }
}

}  // namespace

std::string DescribeStatus(const grpc::Status& status) {
  // The code and the server's message stay as they are (scripts match them);
  // in Vietnamese, the code's meaning comes first.
  std::string text = absl::StrCat(CodeName(status.error_code()), ": ", status.error_message());
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    absl::StrAppend(&text, Say(" (minhbachd có đang chạy không, và --server có đúng không?)",
                               " (is minhbachd running, and is --server right?)"));
  }
  if (CurrentLanguage() == Language::kVietnamese) {
    text = absl::StrCat(VietnameseMeaning(status.error_code()), " — ", text);
  }
  return text;
}

absl::Status StatusFromGrpc(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", DescribeStatus(status)));
}

}  // namespace minhbach::clients
