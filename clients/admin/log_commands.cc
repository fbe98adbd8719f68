#include "clients/admin/log_commands.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "clients/terminal_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/server/log_host.h"
#include "services/server/server.h"
#include "storage/signed_note.h"
#include "storage/uuid.h"

namespace minhbach::clients::admin {
namespace {

namespace fs = std::filesystem;

constexpr int kFailed = 1;
constexpr int kUsage = 2;

std::string JsonText(const google::protobuf::Message& message) {
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(message, &text);
  return text;
}

std::string Trimmed(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return std::string(absl::StripAsciiWhitespace(text.str()));
}

// Who runs the command, for the creation event: the login, else the uid.
std::string Operator() {
  const char* user = std::getenv("USER");
  return absl::StrCat("minhbach-admin/", user && *user ? user : absl::StrCat("uid-", getuid()));
}

}  // namespace

int CreateLog(const AdminArgs& args, absl::Time now, std::ostream& out, std::ostream& err) {
  if (args.words.size() != 3) {
    err << Say(
        "cho tên sổ cái: minhbach-admin log create TÊN --logs_dir=THƯ_MỤC (ví dụ "
        "lien-chung/2026-2030)\n",
        "give the log's name: minhbach-admin log create NAME --logs_dir=DIR (e.g. "
        "lien-chung/2026-2030)\n");
    return kUsage;
  }
  const std::string name = args.words[2];
  if (!services::IsValidLogName(name)) {
    err << Say("tên sổ cái không hợp lệ '", "not a valid log name '") << TerminalSafe(name)
        << Say("': một hoặc hai đoạn chữ thường, số, '.', '_', '-', nối bằng '/' (ví dụ "
               "lien-chung/2026-2030)\n",
               "': one or two segments of lower-case letters, digits, '.', '_', '-', joined by "
               "'/' (e.g. lien-chung/2026-2030)\n");
    return kUsage;
  }
  const std::string origin = args.Get("origin", name);
  if (!storage::note::IsValidKeyName(origin)) {
    err << Say("--origin không hợp lệ (không dấu cách, không '+'): '",
               "--origin is not valid (no spaces, no '+'): '")
        << TerminalSafe(origin) << "'\n";
    return kUsage;
  }
  const fs::path logs_dir = args.Get("logs_dir", "logs");
  const fs::path target = logs_dir / name;
  std::error_code error;
  if (fs::exists(target, error)) {
    err << Say("sổ cái đã có: ", "the log exists already: ") << TerminalSafe(target.string())
        << "\n";
    return kFailed;
  }
  // Made aside ('.' hides it from the host's scan), then moved in whole.
  const fs::path staging =
      logs_dir / absl::StrCat(".creating-", absl::StrReplaceAll(name, {{"/", "+"}}), "-", getpid());
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  if (error) {
    err << Say("không tạo được thư mục ", "cannot create the directory ")
        << TerminalSafe(staging.string()) << ": " << error.message() << "\n";
    return kFailed;
  }
  services::ServerOptions options;
  options.listen.clear();
  options.http_listen.clear();
  options.metrics_listen.clear();
  options.data_dir = staging.string();
  options.log_name = origin;
  options.scrub_bytes_per_second = 0;
  options.command_threads = 1;
  std::string public_key;
  absl::Status made = [&]() -> absl::Status {
    absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
    if (!server.ok()) return server.status();
    public_key = (*server)->verifier_key();
    google::protobuf::Struct created;
    auto& fields = *created.mutable_fields();
    fields["log"].set_string_value(name);
    fields["origin"].set_string_value(origin);
    fields["public_key"].set_string_value(public_key);
    fields["created_by"].set_string_value(Operator());
    storage::AppendRequest request;
    request.stream = "host/log";
    request.expected = storage::ExpectedVersion::NoStream();
    request.actor = Operator();
    request.events.push_back(
        {storage::NewRandomUuid(), "LogCreated", now, "", "", JsonText(created)});
    absl::StatusOr<storage::AppendResult> appended = (*server)->log()->Append(std::move(request));
    (*server)->Shutdown();
    return appended.status();
  }();
  if (made.ok()) {
    fs::create_directories(target.parent_path(), error);
    fs::rename(staging, target, error);
    if (error) made = absl::InternalError(error.message());
  }
  if (!made.ok()) {
    fs::remove_all(staging, error);
    err << Say("không tạo được sổ cái ", "cannot create the log ") << TerminalSafe(name) << ": "
        << TerminalSafe(made.message()) << "\n";
    return kFailed;
  }
  const std::string tokens = (target / "client-tokens").string();
  out << Say(absl::StrCat("Đã tạo sổ cái ", name, " (nguồn gốc ", origin, ")\n",
                          "Khóa công khai (trao cho người kiểm toán): ", public_key, "\n",
                          "Tệp khóa công khai: ", (target / "log.pub").string(), "\n",
                          "Token khởi động nhanh của sổ này: ", tokens, "\n",
                          "minhbachd --logs_dir=", logs_dir.string(),
                          " nhận sổ này trong khoảng 2 giây, không cần khởi động lại.\n",
                          "Dùng: minhbach --log=", name, " --client_tokens=", tokens, " status\n"),
             absl::StrCat("Created the log ", name, " (origin ", origin, ")\n",
                          "Public key (give it to auditors): ", public_key, "\n",
                          "Public key file: ", (target / "log.pub").string(), "\n",
                          "This log's quick-start tokens: ", tokens, "\n",
                          "minhbachd --logs_dir=", logs_dir.string(),
                          " serves it within about 2 seconds, without a restart.\n",
                          "Use: minhbach --log=", name, " --client_tokens=", tokens, " status\n"));
  return 0;
}

int ListLogs(const AdminArgs& args, std::ostream& out, std::ostream& err) {
  const fs::path logs_dir = args.Get("logs_dir", "logs");
  std::error_code error;
  if (!fs::is_directory(logs_dir, error)) {
    err << Say("không có thư mục ", "no directory ") << TerminalSafe(logs_dir.string())
        << Say(" (--logs_dir)\n", " (--logs_dir)\n");
    return kFailed;
  }
  const std::vector<std::string> names = services::FindLogs(logs_dir.string());
  if (args.Has("json")) {
    google::protobuf::Struct list;
    auto& logs = *(*list.mutable_fields())["logs"].mutable_list_value();
    for (const std::string& name : names) {
      auto& fields = *logs.add_values()->mutable_struct_value()->mutable_fields();
      fields["log"].set_string_value(name);
      fields["public_key"].set_string_value(Trimmed(logs_dir / name / "log.pub"));
    }
    out << JsonText(list) << "\n";
    return 0;
  }
  for (const std::string& name : names) {
    out << PadRight(name, 32) << " " << TerminalSafe(Trimmed(logs_dir / name / "log.pub")) << "\n";
  }
  out << Say(absl::StrCat(names.size(), " sổ cái trong ", logs_dir.string(), "\n"),
             absl::StrCat(names.size(), " logs in ", logs_dir.string(), "\n"));
  return 0;
}

}  // namespace minhbach::clients::admin
