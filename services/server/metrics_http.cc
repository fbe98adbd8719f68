#include "services/server/metrics_http.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace minhbach::services {

MetricsHttpServer::MetricsHttpServer() : http_(std::make_unique<httplib::Server>()) {}

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen, const Metrics* metrics, const storage::EventLog* log) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address '", listen, "' is not host:port"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::unique_ptr<MetricsHttpServer> server(new MetricsHttpServer());
  server->http_->Get("/metrics", [metrics, log](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics->Render(*log), "text/plain; version=0.0.4");
  });
  // cpp-httplib sets SO_REUSEPORT, which lets a second server share the
  // port; SO_REUSEADDR alone still allows a quick restart.
  server->http_->set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server->port_ = port == 0 ? server->http_->bind_to_any_port(host)
                            : (server->http_->bind_to_port(host, port) ? port : -1);
  if (server->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen,
                     ": the port is in use or the address is not one of this host's; give another "
                     "--metrics_listen, or --metrics_listen= for none"));
  }
  httplib::Server* http = server->http_.get();
  server->thread_ = std::thread([http] { http->listen_after_bind(); });
  return server;
}

MetricsHttpServer::~MetricsHttpServer() {
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace minhbach::services
