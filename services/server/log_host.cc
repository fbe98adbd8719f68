#include "services/server/log_host.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/rpc/log_line.h"
#include "storage/rocks_options.h"
#include "storage/signed_note.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

namespace fs = std::filesystem;

bool IsValidSegment(absl::string_view segment) {
  if (segment.empty() || segment.size() > 64) return false;
  if (!absl::ascii_islower(segment[0]) && !absl::ascii_isdigit(segment[0])) return false;
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '_' || c == '-';
  });
}

bool IsLogDir(const fs::path& dir) {
  std::error_code error;
  return fs::is_directory(dir / "log", error);
}

// "a, b, c and 97 more": the logs named in a message, not all of them.
std::string SomeNames(const std::vector<std::string>& names) {
  constexpr size_t kShown = 5;
  std::string text =
      absl::StrJoin(names.begin(), names.begin() + std::min(names.size(), kShown), ", ");
  if (names.size() > kShown) absl::StrAppend(&text, " and ", names.size() - kShown, " more");
  return text;
}

// The key name in <dir>/log.pub, which is the log's origin.
std::optional<std::string> OriginOf(const std::string& dir) {
  std::ifstream in(fs::path(dir) / "log.pub");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<storage::note::Verifier> key =
      storage::note::Verifier::Parse(absl::StripAsciiWhitespace(text.str()));
  if (!key.ok()) return std::nullopt;
  return key->name();
}

}  // namespace

bool IsValidLogName(absl::string_view name) {
  std::vector<absl::string_view> segments = absl::StrSplit(name, '/');
  return segments.size() <= 2 && std::all_of(segments.begin(), segments.end(), IsValidSegment);
}

std::vector<std::string> FindLogs(const std::string& logs_dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const fs::directory_entry& first : fs::directory_iterator(logs_dir, error)) {
    const std::string first_name = first.path().filename().string();
    if (!first.is_directory(error) || !IsValidSegment(first_name)) continue;
    if (IsLogDir(first.path())) {
      names.push_back(first_name);
      continue;
    }
    std::error_code inner_error;
    for (const fs::directory_entry& second : fs::directory_iterator(first.path(), inner_error)) {
      const std::string name = absl::StrCat(first_name, "/", second.path().filename().string());
      if (second.is_directory(inner_error) && IsValidLogName(name) && IsLogDir(second.path())) {
        names.push_back(name);
      }
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::unique_ptr<LogHost>> LogHost::Start(LogHostOptions options) {
  std::error_code error;
  if (!fs::is_directory(options.logs_dir, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--logs_dir ", options.logs_dir,
                     " is not a directory; create it, then a log in it with `minhbach-admin log "
                     "create NAME --logs_dir=",
                     options.logs_dir, "`"));
  }
  ServerOptions front_options = options.log_options;
  front_options.listen = options.listen;
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ListenCredentials(front_options));
  storage::ShareRocksMemory(options.block_cache_bytes, options.memtable_bytes);
  std::unique_ptr<LogHost> host(new LogHost(std::move(options)));
  host->Scan();

  LogHost* self = host.get();
  host->proxy_ = std::make_unique<LogProxyService>(
      [self](absl::string_view name) { return self->Route(name); });
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(host->options_.listen, credentials, &host->port_);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);  // as Server: one server a port
  builder.SetMaxReceiveMessageSize(host->options_.log_options.max_message_bytes);
  builder.RegisterCallbackGenericService(host->proxy_.get());
  host->front_ = builder.BuildAndStart();
  if (host->front_ == nullptr || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", host->options_.listen,
        ": the port is in use (another minhbachd? stop it or give another --listen) or the "
        "address is not one of this host's"));
  }
  host->scanner_ = std::thread([self] {
    while (!self->stop_scanning_.WaitForNotificationWithTimeout(self->options_.rescan_interval)) {
      self->Scan();
    }
  });
  LogLine("info", "minhbachd started, hosting many logs",
          {{"listen", host->options_.listen},
           {"port", std::to_string(host->port_)},
           {"logs_dir", host->options_.logs_dir},
           {"logs", std::to_string(host->LogNames().size())}});
  return host;
}

void LogHost::Scan() {
  for (const std::string& name : FindLogs(options_.logs_dir)) {
    {
      absl::MutexLock lock(&mutex_);
      if (logs_.count(name) > 0) continue;
    }
    ServerOptions log_options = options_.log_options;
    log_options.listen.clear();
    log_options.http_listen.clear();
    log_options.metrics_listen.clear();
    log_options.data_dir = (fs::path(options_.logs_dir) / name).string();
    // The log's key keeps the name it was created with (its origin).
    if (std::optional<std::string> origin = OriginOf(log_options.data_dir)) {
      log_options.log_name = *origin;
    }
    absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(log_options);
    absl::MutexLock lock(&mutex_);
    if (!server.ok()) {
      // Said once, not at every scan; it is tried again at each.
      auto [known, added] = problems_.try_emplace(name, server.status());
      if (added || known->second != server.status()) {
        known->second = server.status();
        LogLine("error", "a log cannot open; the others serve",
                {{"log", name}, {"error", std::string(server.status().message())}});
      }
      continue;
    }
    if (problems_.erase(name) > 0) LogLine("info", "the log opened", {{"log", name}});
    std::shared_ptr<grpc::Channel> channel = (*server)->InProcessChannel();
    logs_.emplace(name, Hosted{*std::move(server), std::move(channel)});
  }
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> LogHost::Route(absl::string_view name) const {
  absl::MutexLock lock(&mutex_);
  if (name.empty()) {
    if (logs_.size() == 1 && problems_.empty()) return logs_.begin()->second.channel;
    std::vector<std::string> names;
    for (const auto& [log_name, hosted] : logs_) names.push_back(log_name);
    for (const auto& [log_name, problem] : problems_) names.push_back(log_name);
    std::sort(names.begin(), names.end());
    return absl::InvalidArgumentError(absl::StrCat(
        "this server holds ", logs_.size() + problems_.size(), " logs: name one in the metadata \"",
        kLogMetadataKey, "\" (minhbach --log=NAME): ", SomeNames(names)));
  }
  if (auto hosted = logs_.find(name); hosted != logs_.end()) return hosted->second.channel;
  if (auto problem = problems_.find(name); problem != problems_.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the log ", name, " did not open (", problem->second.message(),
                     "); the operator must repair it; the other logs "
                     "serve"));
  }
  return absl::NotFoundError(absl::StrCat("this server holds no log named '", name,
                                          "'; ask its operator which server holds it"));
}

std::vector<std::string> LogHost::LogNames() const {
  absl::MutexLock lock(&mutex_);
  std::vector<std::string> names;
  for (const auto& [name, hosted] : logs_) names.push_back(name);
  return names;
}

Server* LogHost::log(absl::string_view name) const {
  absl::MutexLock lock(&mutex_);
  auto hosted = logs_.find(name);
  return hosted == logs_.end() ? nullptr : hosted->second.server.get();
}

absl::Status LogHost::problem(absl::string_view name) const {
  absl::MutexLock lock(&mutex_);
  auto found = problems_.find(name);
  return found == problems_.end() ? absl::OkStatus() : found->second;
}

void LogHost::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  stop_scanning_.Notify();
  if (scanner_.joinable()) scanner_.join();
  if (front_ != nullptr) {
    front_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    front_->Wait();
  }
  absl::MutexLock lock(&mutex_);
  for (auto& [name, hosted] : logs_) hosted.server->Shutdown(absl::ZeroDuration());
  logs_.clear();
  LogLine("info", "minhbachd stopped", {{"logs_dir", options_.logs_dir}});
}

LogHost::~LogHost() { Shutdown(); }

}  // namespace minhbach::services
