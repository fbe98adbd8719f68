#include "clients/cli/cli_support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/cli/cli_flags.h"
#include "clients/config_file.h"
#include "clients/log_audit.h"
#include "clients/terminal_text.h"
#include "clients/text/language.h"
#include "google/protobuf/util/json_util.h"

namespace minhbach::clients {

void Fail(const std::string& message) {
  std::fprintf(stderr, "minhbach: %s\n", message.c_str());
  std::exit(kExitError);
}

void Check(const grpc::Status& status) {
  if (!status.ok()) Fail(DescribeStatus(status));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Fail(Say(absl::StrCat("không đọc được ", path, " (kiểm tra đường dẫn và quyền đọc)"),
             absl::StrCat("cannot read ", path, " (check the path and permissions)")));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

storage::note::Verifier VerifierKeyFile(const std::string& path) {
  return Must(storage::note::Verifier::Parse(absl::StripAsciiWhitespace(ReadFile(path))));
}

storage::note::Verifier LogKey() { return VerifierKeyFile(absl::GetFlag(FLAGS_log_key)); }

std::vector<storage::merkle::Hash> ProofHashesOrFail(
    const google::protobuf::RepeatedPtrField<std::string>& in) {
  return Must(ProofHashes(in));
}

uint32_t LimitOr(uint32_t fallback) {
  const uint32_t limit = absl::GetFlag(FLAGS_limit);
  return limit > 0 ? limit : fallback;
}

ConnectionSettings Settings() {
  ConnectionSettings settings;
  settings.server = absl::GetFlag(FLAGS_server);
  if (settings.server.empty()) {
    const char* env = std::getenv("MINHBACH_SERVER");
    settings.server = env && *env ? env : "127.0.0.1:50051";
  }
  settings.log = absl::GetFlag(FLAGS_log);
  if (settings.log.empty()) {
    const char* env = std::getenv("MINHBACH_LOG");
    settings.log = env && *env ? env : "";
  }
  settings.token = Must(ResolveToken(absl::GetFlag(FLAGS_token), absl::GetFlag(FLAGS_role),
                                     absl::GetFlag(FLAGS_client_tokens)));
  settings.tls_ca = absl::GetFlag(FLAGS_tls_ca);
  settings.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  settings.tls_key = absl::GetFlag(FLAGS_tls_key);
  return settings;
}

ProvinceConnection ConnectProvince(const ConnectionSettings& settings) {
  const std::shared_ptr<grpc::Channel> channel = Must(OpenChannel(settings));
  ProvinceConnection connection{v1::EventLog::NewStub(channel), v1::Audit::NewStub(channel), {}};
  const int timeout = absl::GetFlag(FLAGS_timeout);
  connection.log = {connection.events.get(), connection.audit.get(),
                    [settings, timeout] { return CallContext(settings, timeout); }};
  return connection;
}

void ApplyConfigFile(const std::set<std::string>& given) {
  std::string path = absl::GetFlag(FLAGS_config);
  bool named = !path.empty();
  if (!named) {
    if (const char* env = std::getenv("MINHBACH_CONFIG"); env && *env) {
      path = env;
      named = true;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      path = absl::StrCat(home, "/.config/minhbach/client.conf");
    }
  }
  std::ifstream in(path);
  if (!in) {
    if (named) {
      Fail(Say(absl::StrCat("không đọc được tệp cấu hình ", path),
               absl::StrCat("cannot read the config file ", path)));
    }
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> settings =
      ParseConfig(text.str());
  if (!settings.ok()) Fail(absl::StrCat(path, ": ", settings.status().message()));
  for (const auto& [key, value] : *settings) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(key);
    if (flag == nullptr || given.count(key) > 0) continue;
    const char* env = key == "server"  ? std::getenv("MINHBACH_SERVER")
                      : key == "token" ? std::getenv("MINHBACH_TOKEN")
                                       : nullptr;
    if (env != nullptr && *env) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) Fail(absl::StrCat(path, ": ", key, ": ", error));
  }
}

std::string JsonOf(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void PrintJsonOr(const google::protobuf::Message& message, const std::string& text) {
  if (!absl::GetFlag(FLAGS_json)) {
    std::printf("%s", TerminalSafeLines(text).c_str());
    return;
  }
  std::printf("%s\n", JsonOf(message).c_str());
}

}  // namespace minhbach::clients
