#include "services/web/http_server.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/auth/authorization.h"
#include "services/rpc/log_line.h"
#include "services/web/connect_error.h"
#include "services/web/schema_json.h"
#include "services/web/security_headers.h"
#include "services/web/static_files.h"

namespace minhbach::services::web {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr char kJson[] = "application/json";
constexpr char kCookie[] = "mb_session";
// The path of every RPC: "/minhbach.v1.ProgramStatus/GetDashboard".
constexpr char kRpcPattern[] = R"(/[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+/[A-Za-z_]\w*)";

void ReplyError(httplib::Response& response, grpc::StatusCode code, absl::string_view message,
                int http_status = 0) {
  response.status = http_status != 0 ? http_status : ConnectHttpStatus(code);
  response.set_content(ConnectErrorJson(code, message), kJson);
}

std::string ToJson(const Struct& object) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(object, &json).ok()) return "{}";
  return json;
}

Value StringList(const std::vector<std::string>& items) {
  Value list;
  list.mutable_list_value();
  for (const std::string& item : items)
    list.mutable_list_value()->add_values()->set_string_value(item);
  return list;
}

bool IsJson(const httplib::Request& request) {
  const std::string type = absl::AsciiStrToLower(request.get_header_value("Content-Type"));
  const absl::string_view bare = absl::string_view(type).substr(0, type.find(';'));
  return absl::StripAsciiWhitespace(bare) == kJson;
}

// The value of cookie `name` in the request's Cookie headers; empty if none.
std::string CookieValue(const httplib::Request& request, absl::string_view name) {
  const size_t count = request.get_header_value_count("Cookie");
  for (size_t i = 0; i < count; ++i) {
    for (absl::string_view pair : absl::StrSplit(request.get_header_value("Cookie", i), ';')) {
      pair = absl::StripAsciiWhitespace(pair);
      if (absl::ConsumePrefix(&pair, name) && absl::ConsumePrefix(&pair, "=")) {
        return std::string(pair);
      }
    }
  }
  return "";
}

// The HTTP status cpp-httplib answered by itself (no handler, body too
// large, ...) as a Connect error.
grpc::StatusCode CodeOfHttpStatus(int status) {
  switch (status) {
    case 400:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case 401:
      return grpc::StatusCode::UNAUTHENTICATED;
    case 403:
      return grpc::StatusCode::PERMISSION_DENIED;
    case 404:
      return grpc::StatusCode::UNIMPLEMENTED;
    case 413:
    case 429:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case 503:
      return grpc::StatusCode::UNAVAILABLE;
    default:
      return grpc::StatusCode::UNKNOWN;
  }
}

// Refuses, before its body is read, a request whose body this server would
// read differently from a proxy in front of it (both Content-Length and
// Transfer-Encoding, two lengths: request smuggling), or would have to
// inflate (Content-Encoding: a small gzip body can inflate to gigabytes,
// beyond the body limit, which counts the bytes received). The connection
// closes after the refusal: the unread body must not pass for a request.
bool RefuseAmbiguousBody(const httplib::Request& request, httplib::Response& response) {
  const std::string encoding = absl::AsciiStrToLower(request.get_header_value("Content-Encoding"));
  const std::string transfer = absl::AsciiStrToLower(request.get_header_value("Transfer-Encoding"));
  std::string refusal;
  int status = 400;
  if (request.get_header_value_count("Content-Length") > 1 ||
      request.get_header_value_count("Transfer-Encoding") > 1 ||
      (request.has_header("Content-Length") && request.has_header("Transfer-Encoding"))) {
    refusal = "a request may give one Content-Length or Transfer-Encoding: chunked, not both";
  } else if (request.has_header("Transfer-Encoding") && transfer != "chunked") {
    refusal = "the only Transfer-Encoding this server reads is chunked";
  } else if (!encoding.empty() && encoding != "identity") {
    refusal = "request bodies are read as sent, not compressed: send them without Content-Encoding";
    status = 415;
  }
  if (refusal.empty()) return false;
  GuardedServer::CloseConnectionAfterThisRequest();
  response.set_header("Connection", "close");
  ReplyError(response, grpc::StatusCode::INVALID_ARGUMENT, refusal, status);
  return true;
}

}  // namespace

WebServer::WebServer(const WebServerOptions& options, WebServerContext context)
    : options_(options),
      context_(std::move(context)),
      tls_(!options.tls_cert.empty()),
      connect_(context_.channel, options.call_timeout),
      sessions_(options.session_idle, options.max_sessions),
      live_(context_.log, options.live),
      schema_json_(SchemaJson(CompiledProtoFiles())),
      tiles_(options.serve_tiles && context_.log != nullptr && context_.log_signer != nullptr
                 ? std::make_unique<TilesHttp>(context_.log, context_.log_signer)
                 : nullptr) {}

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Start(const WebServerOptions& options,
                                                            WebServerContext context) {
  const size_t colon = options.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(options.listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http_listen '", options.listen, "' is not host:port"));
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::FailedPreconditionError("TLS needs both --tls_cert and --tls_key");
  }
  std::string host = options.listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::unique_ptr<WebServer> server(new WebServer(options, std::move(context)));
  if (server->tls_) {
    server->http_ = std::make_unique<httplib::SSLServer>(
        options.tls_cert.c_str(), options.tls_key.c_str(),
        options.tls_client_ca.empty() ? nullptr : options.tls_client_ca.c_str());
    if (!server->http_->is_valid()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the web server cannot use --tls_cert=", options.tls_cert,
          " and --tls_key=", options.tls_key,
          options.tls_client_ca.empty() ? "" : " and --tls_client_ca=", options.tls_client_ca,
          ": a file is missing or not PEM, or the key is not the certificate's"));
    }
  } else {
    server->http_ = std::make_unique<GuardedServer>(options.connections, options.threads);
  }
  server->Route();
  // cpp-httplib sets SO_REUSEPORT, which lets a second server share the
  // port; SO_REUSEADDR alone still allows a quick restart.
  server->http_->set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server->port_ = port == 0 ? server->http_->bind_to_any_port(host)
                            : (server->http_->bind_to_port(host, port) ? port : -1);
  if (server->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot serve the web app on ", options.listen,
        ": the port is in use (another minhbachd? stop it or give another --http_listen) or the "
        "address is not one of this host's; --http_listen= serves no web app"));
  }
  httplib::Server* http = server->http_.get();
  server->thread_ = std::thread([http] { http->listen_after_bind(); });
  return server;
}

void WebServer::Route() {
  httplib::Server& http = *http_;
  if (tls_) {  // (plain HTTP: GuardedServer has its own pool of options_.threads)
    const int threads = options_.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  }
  httplib::Headers headers;
  for (auto& [name, value] : SecurityHeaders(tls_)) headers.emplace(name, value);
  http.set_default_headers(std::move(headers));
  http.set_payload_max_length(options_.max_body_bytes);
  // Short waits for idle and slow connections: Stop waits for them.
  http.set_keep_alive_timeout(2);
  http.set_read_timeout(5);
  http.set_write_timeout(5);

  http.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    return RefuseAmbiguousBody(request, response) ? httplib::Server::HandlerResponse::Handled
                                                  : httplib::Server::HandlerResponse::Unhandled;
  });

  auto bind = [this](void (WebServer::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& request, httplib::Response& response) {
      (this->*handler)(request, response);
    };
  };
  http.Post("/api/session", bind(&WebServer::SignIn));
  http.Get("/api/session", bind(&WebServer::GetSession));
  http.Post("/api/session/end", bind(&WebServer::SignOut));
  http.Get("/api/log-key", bind(&WebServer::LogKey));
  http.Get("/api/schema", [this](const httplib::Request& request, httplib::Response& response) {
    if (!SameOrigin(request, response)) return;
    response.set_content(schema_json_, kJson);
  });
  http.Get("/api/live", bind(&WebServer::Live));
  http.Post(kRpcPattern, bind(&WebServer::Connect));
  http.Get(kRpcPattern, [](const httplib::Request& request, httplib::Response& response) {
    response.set_header("Allow", "POST");
    ReplyError(response, grpc::StatusCode::UNIMPLEMENTED,
               absl::StrCat(request.path, " is an RPC: call it with POST and a JSON body"), 405);
  });
  if (tiles_ != nullptr) {
    http.Get(absl::StrCat(kTilesPrefix, ".*"),
             [this](const httplib::Request& request, httplib::Response& response) {
               tiles_->Serve(request, response);
             });
  }
  http.Get(".*", bind(&WebServer::Static));

  http.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty() || response.content_provider_) return;
    if (response.status == 413) {
      ReplyError(response, grpc::StatusCode::RESOURCE_EXHAUSTED,
                 absl::StrCat("the request is larger than this server's limit of ",
                              options_.max_body_bytes, " bytes (--max_message_bytes)"),
                 413);
      return;
    }
    if (response.status == 404 && request.method != "GET" && request.method != "HEAD" &&
        request.method != "POST") {
      response.set_header("Allow", "GET, HEAD, POST");
      ReplyError(response, grpc::StatusCode::UNIMPLEMENTED,
                 absl::StrCat(request.method, " is not served here: the web app's files are read ",
                              "with GET, the API is called with POST"),
                 405);
      return;
    }
    ReplyError(response, CodeOfHttpStatus(response.status),
               absl::StrCat("HTTP ", response.status, " for ", request.method, " ", request.path),
               response.status);
  });
  http.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
        LogLine("error", "web request failed", {{"path", request.path}});
        ReplyError(response, grpc::StatusCode::INTERNAL, "the server failed on this request");
      });
}

bool WebServer::SameOrigin(const httplib::Request& request, httplib::Response& response) const {
  if (!request.has_header("Origin")) return true;
  const std::string origin = absl::AsciiStrToLower(request.get_header_value("Origin"));
  const std::string self = absl::AsciiStrToLower(
      absl::StrCat(tls_ ? "https://" : "http://", request.get_header_value("Host")));
  if (!request.get_header_value("Host").empty() && origin == self) return true;
  ReplyError(response, grpc::StatusCode::PERMISSION_DENIED,
             absl::StrCat("requests from another site (Origin ", request.get_header_value("Origin"),
                          ") are refused; open the web app from this server itself"));
  return false;
}

std::optional<std::pair<std::string, WebSession>> WebServer::CookieSession(
    const httplib::Request& request) {
  const std::string id = CookieValue(request, kCookie);
  if (id.empty()) return std::nullopt;
  std::optional<WebSession> session = sessions_.Find(id);
  if (!session.has_value()) return std::nullopt;
  return std::make_pair(id, *std::move(session));
}

std::string WebServer::SessionCookie(const std::string& value, bool clear) const {
  return absl::StrCat(kCookie, "=", value, "; HttpOnly; SameSite=Strict; Path=/",
                      tls_ ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

std::string WebServer::SessionJson(const Identity& who, const WebSession& session) const {
  std::vector<std::string> methods;
  for (const MethodPolicy& policy : MethodPolicies()) {
    if (std::find(policy.allowed.begin(), policy.allowed.end(), who.role) != policy.allowed.end()) {
      methods.emplace_back(policy.method);
    }
  }
  Struct json;
  auto& fields = *json.mutable_fields();
  fields["identity"].set_string_value(who.name);
  fields["role"].set_string_value(std::string(RoleName(who.role)));
  fields["csrfToken"].set_string_value(session.csrf);
  fields["methods"] = StringList(methods);
  fields["scopes"] = StringList(who.scopes);
  fields["logVerifierKey"].set_string_value(context_.log_verifier_key);
  fields["witnessKeys"] = StringList(context_.witness_keys);
  fields["tls"].set_bool_value(tls_);
  return ToJson(json);
}

void WebServer::SignIn(const httplib::Request& request, httplib::Response& response) {
  if (!SameOrigin(request, response)) return;
  if (!IsJson(request)) {
    ReplyError(response, grpc::StatusCode::INVALID_ARGUMENT,
               "sign in with Content-Type: application/json and {\"token\":\"mbt_...\"}", 415);
    return;
  }
  Struct body;
  const auto parsed = google::protobuf::util::JsonStringToMessage(request.body, &body);
  const auto token = body.fields().find("token");
  if (!parsed.ok() || token == body.fields().end() ||
      token->second.kind_case() != Value::kStringValue) {
    ReplyError(response, grpc::StatusCode::INVALID_ARGUMENT,
               "sign in with the JSON {\"token\":\"mbt_...\"}: your personal token");
    return;
  }
  absl::StatusOr<Identity> who = context_.tokens->Authenticate(token->second.string_value());
  if (!who.ok()) {
    // Said for the operator (someone guessing tokens shows here), never
    // the token itself.
    LogLine("warning", "web sign-in refused",
            {{"from", request.remote_addr}, {"reason", std::string(who.status().message())}});
    ReplyError(response, grpc::StatusCode::UNAUTHENTICATED, who.status().message());
    return;
  }
  auto [id, session] = sessions_.Create(token->second.string_value());
  response.set_header("Set-Cookie", SessionCookie(id, /*clear=*/false));
  response.set_header("Cache-Control", "no-store");
  response.set_content(SessionJson(*who, session), kJson);
  LogLine("info", "web sign-in",
          {{"identity", who->name}, {"role", std::string(RoleName(who->role))}});
}

void WebServer::GetSession(const httplib::Request& request, httplib::Response& response) {
  if (!SameOrigin(request, response)) return;
  std::optional<std::pair<std::string, WebSession>> session = CookieSession(request);
  if (!session.has_value()) {
    ReplyError(response, grpc::StatusCode::UNAUTHENTICATED,
               "not signed in (or the session ended): sign in with your personal token");
    return;
  }
  // The token is looked up again: a revoked token ends its sessions.
  absl::StatusOr<Identity> who = context_.tokens->Authenticate(session->second.token);
  if (!who.ok()) {
    sessions_.End(session->first);
    response.set_header("Set-Cookie", SessionCookie("", /*clear=*/true));
    ReplyError(response, grpc::StatusCode::UNAUTHENTICATED, who.status().message());
    return;
  }
  response.set_header("Cache-Control", "no-store");
  response.set_content(SessionJson(*who, session->second), kJson);
}

void WebServer::SignOut(const httplib::Request& request, httplib::Response& response) {
  if (!SameOrigin(request, response)) return;
  std::optional<std::pair<std::string, WebSession>> session = CookieSession(request);
  if (session.has_value()) {
    if (!SameSecret(request.get_header_value("X-CSRF-Token"), session->second.csrf)) {
      ReplyError(response, grpc::StatusCode::PERMISSION_DENIED,
                 "the X-CSRF-Token header is missing or wrong; reload the page");
      return;
    }
    sessions_.End(session->first);
  }
  response.set_header("Set-Cookie", SessionCookie("", /*clear=*/true));
  response.set_content("{}", kJson);
}

void WebServer::LogKey(const httplib::Request& request, httplib::Response& response) {
  if (!SameOrigin(request, response)) return;
  Struct json;
  (*json.mutable_fields())["logVerifierKey"].set_string_value(context_.log_verifier_key);
  (*json.mutable_fields())["witnessKeys"] = StringList(context_.witness_keys);
  response.set_content(ToJson(json), kJson);
}

void WebServer::Live(const httplib::Request& request, httplib::Response& response) {
  if (!SameOrigin(request, response)) return;
  std::string token;
  if (request.has_header("Authorization")) {
    const std::string header = request.get_header_value("Authorization");
    absl::string_view value = header;
    if (absl::ConsumePrefix(&value, "Bearer ")) token = std::string(value);
  } else if (auto session = CookieSession(request); session.has_value()) {
    token = session->second.token;
  }
  absl::StatusOr<Identity> who = context_.tokens->Authenticate(token);
  if (token.empty() || !who.ok()) {
    ReplyError(response, grpc::StatusCode::UNAUTHENTICATED,
               token.empty() ? "live updates need a sign-in" : who.status().message());
    return;
  }
  // cpp-httplib compresses every text/* answer the client accepts
  // compressed, this stream too, and a compressor holds events back: this
  // answer is never compressed. (The request object is the server's own,
  // not const; handlers are only given a const view of it.)
  const_cast<httplib::Request&>(request).headers.erase("Accept-Encoding");
  if (!live_.Serve(&response)) {
    ReplyError(response, grpc::StatusCode::RESOURCE_EXHAUSTED,
               "too many live update streams are open; the page will retry");
  }
}

void WebServer::Connect(const httplib::Request& request, httplib::Response& response) {
  if (!SameOrigin(request, response)) return;
  if (!IsJson(request)) {
    response.set_header("Accept-Post", kJson);
    ReplyError(response, grpc::StatusCode::INVALID_ARGUMENT,
               "the API takes Content-Type: application/json (Connect's unary JSON form)", 415);
    return;
  }
  std::string token;
  if (request.has_header("Authorization")) {
    const std::string header = request.get_header_value("Authorization");
    absl::string_view value = header;
    if (!absl::ConsumePrefix(&value, "Bearer ") || value.empty()) {
      ReplyError(response, grpc::StatusCode::UNAUTHENTICATED,
                 "the Authorization header must be 'Bearer <token>'");
      return;
    }
    token = std::string(value);
  } else if (request.has_header("Cookie") && !CookieValue(request, kCookie).empty()) {
    std::optional<std::pair<std::string, WebSession>> session = CookieSession(request);
    if (!session.has_value()) {
      ReplyError(response, grpc::StatusCode::UNAUTHENTICATED,
                 "the session ended (signed out, or unused for too long): sign in again");
      return;
    }
    // A cookie comes with every request the browser makes to this server,
    // whoever asked for it; the CSRF token only with the app's own.
    if (!SameSecret(request.get_header_value("X-CSRF-Token"), session->second.csrf)) {
      ReplyError(response, grpc::StatusCode::PERMISSION_DENIED,
                 "the X-CSRF-Token header is missing or wrong; reload the page");
      return;
    }
    token = session->second.token;
  }
  // Connect's own deadline header, in milliseconds (connect-web sends it
  // when the caller sets a timeout).
  int64_t timeout_ms = 0;
  if (!absl::SimpleAtoi(request.get_header_value("Connect-Timeout-Ms"), &timeout_ms)) {
    timeout_ms = 0;
  }
  ConnectReply reply =
      connect_.Call(request.path, request.body, token, absl::Milliseconds(timeout_ms));
  response.status = reply.http_status;
  response.set_content(std::move(reply.body), kJson);
}

void WebServer::Static(const httplib::Request& request, httplib::Response& response) {
  StaticReply reply = ServeStatic(options_.web_root, request.path);
  response.status = reply.http_status;
  if (!reply.cache_control.empty()) response.set_header("Cache-Control", reply.cache_control);
  response.set_content(std::move(reply.body), reply.content_type);
}

void WebServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  live_.Shutdown();
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

WebServer::~WebServer() {
  if (http_ != nullptr) Stop();
}

}  // namespace minhbach::services::web
