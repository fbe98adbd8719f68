// Many logs in one minhbachd: one per commune and program phase, each a data
// directory under `logs_dir` (the log "lien-chung/2021-2025" is
// <logs_dir>/lien-chung/2021-2025), each served by its own Server: its own
// origin and key, tokens and roles, projections and timeline index, its own
// RocksDB, and no port of its own. One front port relays each call to the
// log its "minhbach-log" metadata names (LogProxyService); a call that names
// none goes to the only log when there is one.
//
// Isolation: a log is a directory and a process-local server; a token is
// known only to its log's token file; a log that cannot open (a corrupt
// store, a missing key) is reported and its calls refused with why
// (FAILED_PRECONDITION) while the others serve. Logs created while the host runs
// (`minhbach-admin log create`) are found within `rescan_interval`.
//
// Thread-safe.
#ifndef MINHBACH_SERVICES_SERVER_LOG_HOST_H_
#define MINHBACH_SERVICES_SERVER_LOG_HOST_H_

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/server/log_proxy.h"
#include "services/server/server.h"

namespace minhbach::services {

// A log's name: one or two segments of [a-z0-9][a-z0-9._-]* (at most 64
// characters each) joined by '/', e.g. "lien-chung/2021-2025".
bool IsValidLogName(absl::string_view name);

// The logs under `logs_dir`, sorted: each directory holding a `log/`
// directory, at depth one or two, whose path is a valid log name. Names
// starting with '.' (a log being created) are skipped.
std::vector<std::string> FindLogs(const std::string& logs_dir);

struct LogHostOptions {
  std::string logs_dir;
  std::string listen = "127.0.0.1:50051";
  // Every log's options; the host sets listen (none), data_dir (the log's
  // directory) and turns off the web and /metrics ports. The front port
  // takes its TLS files and plaintext rule from here.
  ServerOptions log_options;
  absl::Duration rescan_interval = absl::Seconds(2);
  // Memory every log's RocksDB databases share (storage::ShareRocksMemory),
  // whatever the number of logs.
  size_t block_cache_bytes = 512 << 20;
  size_t memtable_bytes = 512 << 20;
};

class LogHost {
 public:
  // Opens every log found, then serves. A log that fails to open does not
  // stop the others; FailedPrecondition when `logs_dir` is not a directory;
  // Unavailable when the front port cannot be bound.
  static absl::StatusOr<std::unique_ptr<LogHost>> Start(LogHostOptions options);

  // Stops the front port (calls in flight finish for up to `grace`), then
  // each log. Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(5));
  ~LogHost();

  int port() const { return port_; }
  // The logs serving, sorted.
  std::vector<std::string> LogNames() const;
  // The named log's server; nullptr when it is not serving.
  Server* log(absl::string_view name) const;
  // Why a log found on disk is not serving; OK when it serves or is unknown.
  absl::Status problem(absl::string_view name) const;

 private:
  explicit LogHost(LogHostOptions options) : options_(std::move(options)) {}
  // Opens the logs found on disk that are neither serving nor known to fail
  // the same way again.
  void Scan();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Route(absl::string_view name) const;

  struct Hosted {
    std::unique_ptr<Server> server;
    std::shared_ptr<grpc::Channel> channel;
  };

  const LogHostOptions options_;
  mutable absl::Mutex mutex_;
  std::map<std::string, Hosted, std::less<>> logs_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, absl::Status, std::less<>> problems_ ABSL_GUARDED_BY(mutex_);
  std::unique_ptr<LogProxyService> proxy_;
  std::unique_ptr<grpc::Server> front_;
  int port_ = 0;
  absl::Notification stop_scanning_;
  std::thread scanner_;
  bool shut_down_ = false;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_LOG_HOST_H_
