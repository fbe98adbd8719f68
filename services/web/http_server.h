// minhbachd's web server (cpp-httplib, plain or TLS): the web app's static
// files, the Connect JSON form of the gRPC API, browser sign-in, live
// updates, the log's keys and the schema. See the "HTTP surface" of the web
// app's contract (README, "The web app").
#ifndef MINHBACH_SERVICES_WEB_HTTP_SERVER_H_
#define MINHBACH_SERVICES_WEB_HTTP_SERVER_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "services/auth/token_store.h"
#include "services/web/connect_json.h"
#include "services/web/guarded_server.h"
#include "services/web/live_events.h"
#include "services/web/tiles_http.h"
#include "services/web/web_sessions.h"
#include "storage/event_log.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace minhbach::services::web {

struct WebServerOptions {
  std::string listen;    // host:port; port 0 picks a free one
  std::string web_root;  // the web app's files (index.html, js/, ...)
  // PEM files: with both, HTTPS only (and the session cookie is Secure);
  // with tls_client_ca too, browsers must present a certificate it signed.
  std::string tls_cert, tls_key, tls_client_ca;
  size_t max_body_bytes = 4 << 20;  // larger request bodies: 413
  absl::Duration call_timeout = absl::Seconds(60);
  absl::Duration session_idle = absl::Hours(12);
  size_t max_sessions = 10000;
  LiveOptions live;
  ConnectionLimits connections;  // slow, oversized and greedy clients (plain HTTP)
  int threads = 48;              // must exceed live.max_streams, which each hold one
  // The log as C2SP tlog-tiles under /tiles/, to anyone (services/web/tiles_http.h).
  bool serve_tiles = false;
};

// What the web server serves beside the services themselves.
struct WebServerContext {
  std::shared_ptr<grpc::Channel> channel;             // in-process, to the gRPC services
  const TokenStore* tokens = nullptr;                 // sign-in; must outlive the server
  const storage::EventLog* log = nullptr;             // live updates; must outlive the server
  std::string log_verifier_key;                       // the log's signed-note verifier key
  const storage::note::Signer* log_signer = nullptr;  // the tiles' checkpoints; outlives it
  std::vector<std::string> witness_keys;              // the witnesses' verifier keys
};

// Serves until Stop or destruction. Thread-safe.
class WebServer {
 public:
  // Binds `listen` (SO_REUSEPORT off: another server on the port is an
  // error). Unavailable when the address cannot be bound; FailedPrecondition
  // when the TLS files do not load. Does not check the loopback rule (the
  // caller does, as for the gRPC port).
  static absl::StatusOr<std::unique_ptr<WebServer>> Start(const WebServerOptions& options,
                                                          WebServerContext context);
  // Ends live streams, stops accepting, and waits for requests in flight.
  // Idempotent.
  void Stop();
  ~WebServer();

  int port() const { return port_; }
  bool tls() const { return tls_; }
  size_t sessions() const { return sessions_.size(); }

 private:
  WebServer(const WebServerOptions& options, WebServerContext context);
  void Route();

  // The handlers, one per endpoint.
  void SignIn(const httplib::Request& request, httplib::Response& response);
  void GetSession(const httplib::Request& request, httplib::Response& response);
  void SignOut(const httplib::Request& request, httplib::Response& response);
  void LogKey(const httplib::Request& request, httplib::Response& response);
  void Live(const httplib::Request& request, httplib::Response& response);
  void Connect(const httplib::Request& request, httplib::Response& response);
  void Static(const httplib::Request& request, httplib::Response& response);

  // Whether the request's Origin, if any, is this server's; otherwise a 403.
  bool SameOrigin(const httplib::Request& request, httplib::Response& response) const;
  // The session of the request's cookie, if it is live.
  std::optional<std::pair<std::string, WebSession>> CookieSession(const httplib::Request& request);
  std::string SessionCookie(const std::string& value, bool clear) const;
  std::string SessionJson(const Identity& who, const WebSession& session) const;

  const WebServerOptions options_;
  const WebServerContext context_;
  const bool tls_;
  const ConnectJson connect_;
  WebSessions sessions_;
  LiveEvents live_;
  const std::string schema_json_;
  std::unique_ptr<TilesHttp> tiles_;  // with serve_tiles
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_HTTP_SERVER_H_
