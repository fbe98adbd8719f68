// The Prometheus endpoint: GET /metrics on its own port (cpp-httplib from
// Debian: a small, maintained HTTP server, rather than hand-written HTTP).
#ifndef MINHBACH_SERVICES_SERVER_METRICS_HTTP_H_
#define MINHBACH_SERVICES_SERVER_METRICS_HTTP_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/server/metrics.h"
#include "storage/event_log.h"

namespace httplib {
class Server;
}

namespace minhbach::services {

// Serves until destroyed. Thread-safe.
class MetricsHttpServer {
 public:
  // Binds `listen` ("host:port"; port 0 picks one). `metrics` and `log` must
  // outlive the server. Unavailable when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(const std::string& listen,
                                                                  const Metrics* metrics,
                                                                  const storage::EventLog* log);
  ~MetricsHttpServer();

  int port() const { return port_; }

 private:
  MetricsHttpServer();

  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_METRICS_HTTP_H_
