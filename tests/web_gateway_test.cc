// minhbachd's web server end to end over loopback: the Connect JSON form of
// the gRPC API, browser sessions and their CSRF and cookie rules, the
// security headers, static files, live updates, the schema, and the start
// rules of --http_listen.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/program_import.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/auth/token_file_update.h"
#include "services/auth/token_store.h"
#include "services/server/server.h"
#include "services/web/connect_error.h"
#include "services/web/live_events.h"
#include "services/web/security_headers.h"
#include "storage/signed_note.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;
namespace web = ::minhbach::services::web;

constexpr int kMaxMessageBytes = 256 << 10;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// A web root with an index.html and a script, and a file beside the root
// (not under it) that no request may reach.
std::string MakeWebRoot(const TempDir& dir) {
  const std::string root = dir.path() + "/site";
  std::filesystem::create_directories(root + "/js");
  WriteFile(root + "/index.html",
            "<!doctype html><meta charset=\"utf-8\"><title>Minh bạch</title>");
  WriteFile(root + "/js/app.js", "export const app = 1;\n");
  WriteFile(dir.path() + "/secret.txt", "not for the web");
  return root;
}

services::ServerOptions WebOptions(const std::string& web_root) {
  services::ServerOptions options;
  options.http_listen = "127.0.0.1:0";
  options.web_root = web_root;
  options.max_message_bytes = kMaxMessageBytes;
  options.token_reload_interval = absl::Milliseconds(10);
  return options;
}

void ExpectSecurityHeaders(const httplib::Result& result, const std::string& what) {
  ASSERT_TRUE(result) << what << ": " << httplib::to_string(result.error());
  EXPECT_EQ(result->get_header_value("Content-Security-Policy"), web::kContentSecurityPolicy)
      << what;
  EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer") << what;
  EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY") << what;
  EXPECT_EQ(result->get_header_value("Cross-Origin-Opener-Policy"), "same-origin") << what;
}

// The Connect error in `result`: its HTTP status, and the code in its JSON.
void ExpectConnectError(const httplib::Result& result, int http_status, const std::string& code,
                        const std::string& what) {
  ASSERT_TRUE(result) << what;
  EXPECT_EQ(result->status, http_status) << what << ": " << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json") << what;
  google::protobuf::Struct error;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &error).ok())
      << what << ": " << result->body;
  EXPECT_EQ(error.fields().at("code").string_value(), code) << what << ": " << result->body;
  EXPECT_FALSE(error.fields().at("message").string_value().empty()) << what;
}

class WebGatewayTest : public ::testing::Test {
 protected:
  WebGatewayTest() : root_(MakeWebRoot(dir_)), server_(WebOptions(root_)) {}

  std::unique_ptr<httplib::Client> Http() {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server_.server().http_port());
    client->set_url_encode(false);  // paths go out exactly as written
    client->set_read_timeout(30, 0);
    return client;
  }
  std::string Origin() { return absl::StrCat("http://127.0.0.1:", server_.server().http_port()); }

  // POST /<service>/<method> with a bearer token (none when empty).
  httplib::Result Call(const std::string& path, const std::string& json, const std::string& role) {
    httplib::Headers headers;
    if (!role.empty()) headers.emplace("Authorization", "Bearer " + server_.Token(role));
    return Http()->Post(path.c_str(), headers, json, "application/json");
  }

  // Signs in with `role`'s token: the session cookie ("mb_session=...") and
  // the session JSON.
  std::pair<std::string, google::protobuf::Struct> SignIn(const std::string& role) {
    httplib::Result result =
        Http()->Post("/api/session", absl::StrCat("{\"token\":\"", server_.Token(role), "\"}"),
                     "application/json");
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, 200) << result->body;
    const std::string set_cookie = result->get_header_value("Set-Cookie");
    google::protobuf::Struct session;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &session).ok());
    return {set_cookie.substr(0, set_cookie.find(';')), session};
  }

  httplib::Result CookieCall(const std::string& path, const std::string& cookie,
                             const std::string& csrf) {
    httplib::Headers headers = {{"Cookie", cookie}};
    if (!csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    return Http()->Post(path.c_str(), headers, "{}", "application/json");
  }

  TempDir dir_;
  const std::string root_;
  TestServer server_;
};

TEST_F(WebGatewayTest, ConnectCallAnswersWhatTheGrpcCallAnswers) {
  std::ifstream in(MINHBACH_SEED_PLAN);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<v1::ProgramImport> plan = clients::ParseImportFile(text.str());
  ASSERT_TRUE(plan.ok()) << plan.status();
  absl::StatusOr<clients::ImportSummary> imported = clients::ImportProgram(
      *plan, server_.Channel(), clients::ReadClientTokens(server_.data_dir() + "/client-tokens"),
      30, [](const auto&) {});
  ASSERT_TRUE(imported.ok()) << imported.status();

  v1::StatusRequest request;
  request.set_min_position(imported->end_position);
  request.set_reference_date("2024-11-30");
  v1::Dashboard by_grpc;
  const grpc::Status status =
      v1::ProgramStatus::NewStub(server_.Channel())
          ->GetDashboard(server_.Context("district").get(), request, &by_grpc);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GT(by_grpc.subprojects_size(), 0);

  httplib::Result result = Call("/minhbach.v1.ProgramStatus/GetDashboard",
                                absl::StrCat("{\"minPosition\":\"", imported->end_position,
                                             "\",\"referenceDate\":\"2024-11-30\"}"),
                                "district");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  v1::Dashboard by_connect;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &by_connect).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(by_grpc, by_connect))
      << by_grpc.DebugString() << "\n---\n"
      << by_connect.DebugString();
  // The contract's JSON: 64-bit numbers as strings, defaults printed.
  EXPECT_TRUE(absl::StrContains(
      result->body, absl::StrCat("\"allocatedDong\":\"", by_grpc.money().allocated_dong(), "\"")))
      << result->body;
  EXPECT_TRUE(absl::StrContains(result->body, "\"illustrativeData\":false")) << result->body;
}

TEST_F(WebGatewayTest, ErrorsAreConnectErrorsWithTheirHttpStatus) {
  const std::string dashboard = "/minhbach.v1.ProgramStatus/GetDashboard";
  ExpectConnectError(Call(dashboard, "{\"asOf\":", "district"), 400, "invalid_argument",
                     "bad JSON");
  httplib::Result unknown_field = Call(dashboard, "{\"nope\":1}", "district");
  ExpectConnectError(unknown_field, 400, "invalid_argument", "unknown field");
  EXPECT_TRUE(absl::StrContains(unknown_field->body, "nope")) << unknown_field->body;
  ExpectConnectError(Call("/minhbach.v1.ProgramStatus/NoSuchMethod", "{}", "district"), 404,
                     "unimplemented", "unknown method");
  ExpectConnectError(Call("/grpc.health.v1.Health/Check", "{}", "district"), 404, "unimplemented",
                     "a service outside minhbach.v1");
  ExpectConnectError(Call("/minhbach.v1.EventLog/Subscribe", "{}", "service"), 501, "unimplemented",
                     "a streaming method");
  ExpectConnectError(Call(dashboard, "{}", ""), 401, "unauthenticated", "no token");
  ExpectConnectError(Call("/minhbach.v1.Finance/AllocateBudget", "{}", "village"), 403,
                     "permission_denied", "a village allocating money");
  ExpectConnectError(Http()->Post(dashboard.c_str(), "{}", "text/plain"), 415, "invalid_argument",
                     "wrong content type");
  ExpectConnectError(Http()->Get(dashboard.c_str()), 405, "unimplemented", "GET on an RPC");

  // Domain refusals: the code gRPC gives, as Connect gives it.
  struct Refused {
    std::string method, json, role;
  };
  for (const Refused& refused : {
           Refused{"/minhbach.v1.ProgramStatus/GetSubProject", "{\"id\":\"khong-co\"}", "district"},
           Refused{"/minhbach.v1.Finance/RecordDisbursement",
                   "{\"meta\":{\"eventId\":\"AAECAwQFBgcICQoLDA0ODw==\"},\"body\":{}}",
                   "coordinator"},
       }) {
    google::protobuf::util::JsonParseOptions parse;
    std::string request_bytes;
    if (absl::StrContains(refused.method, "GetSubProject")) {
      v1::StatusRequest request;
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(refused.json, &request).ok());
      request_bytes = request.SerializeAsString();
    } else {
      v1::RecordDisbursementRequest request;
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(refused.json, &request).ok());
      request_bytes = request.SerializeAsString();
    }
    std::string ignored;
    const grpc::Status by_grpc = testing::RawUnaryCall(
        server_.Channel(), refused.method, request_bytes, &ignored, server_.Token(refused.role));
    ASSERT_FALSE(by_grpc.ok()) << refused.method;
    ASSERT_NE(by_grpc.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refused.method;
    httplib::Result result = Call(refused.method, refused.json, refused.role);
    ExpectConnectError(result, web::ConnectHttpStatus(by_grpc.error_code()),
                       std::string(web::ConnectCodeName(by_grpc.error_code())), refused.method);
    google::protobuf::Struct error;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &error).ok());
    EXPECT_EQ(error.fields().at("message").string_value(), by_grpc.error_message());
  }
}

TEST_F(WebGatewayTest, SignInSetsAStrictHttpOnlyCookieAndCookieCallsNeedTheCsrfToken) {
  httplib::Result bad =
      Http()->Post("/api/session", "{\"token\":\"mbt_not-a-token\"}", "application/json");
  ExpectConnectError(bad, 401, "unauthenticated", "an unknown token");
  EXPECT_FALSE(bad->has_header("Set-Cookie"));

  httplib::Result result = Http()->Post(
      "/api/session", absl::StrCat("{\"token\":\"", server_.Token("coordinator"), "\"}"),
      "application/json");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const std::string set_cookie = result->get_header_value("Set-Cookie");
  EXPECT_TRUE(absl::StartsWith(set_cookie, "mb_session=")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; HttpOnly")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; SameSite=Strict")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; Path=/")) << set_cookie;
  EXPECT_FALSE(absl::StrContains(set_cookie, "Secure")) << set_cookie;
  google::protobuf::Struct session;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &session).ok());
  const auto& fields = session.fields();
  EXPECT_EQ(fields.at("role").string_value(), "coordinator");
  EXPECT_EQ(fields.at("identity").string_value(), "local-coordinator");
  EXPECT_EQ(fields.at("logVerifierKey").string_value(), server_.server().verifier_key());
  EXPECT_EQ(fields.at("tls").bool_value(), false);
  EXPECT_EQ(fields.at("witnessKeys").list_value().values_size(), 0);
  bool may_disburse = false, may_import_admin = false;
  for (const auto& method : fields.at("methods").list_value().values()) {
    may_disburse |= method.string_value() == "/minhbach.v1.Finance/RecordDisbursement";
    may_import_admin |= absl::StartsWith(method.string_value(), "/minhbach.v1.Admin/");
  }
  EXPECT_TRUE(may_disburse);
  EXPECT_FALSE(may_import_admin);
  const std::string csrf = fields.at("csrfToken").string_value();
  ASSERT_GE(csrf.size(), 40u);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));

  const std::string dashboard = "/minhbach.v1.ProgramStatus/GetDashboard";
  ExpectConnectError(CookieCall(dashboard, cookie, ""), 403, "permission_denied", "no CSRF token");
  ExpectConnectError(CookieCall(dashboard, cookie, csrf + "x"), 403, "permission_denied",
                     "a wrong CSRF token");
  httplib::Result ok = CookieCall(dashboard, cookie, csrf);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  // The session's calls carry the signed-in token's role.
  ExpectConnectError(CookieCall("/minhbach.v1.Admin/CreateBackup", cookie, csrf), 403,
                     "permission_denied", "an admin call as the coordinator");

  httplib::Result again = Http()->Get("/api/session", httplib::Headers{{"Cookie", cookie}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_TRUE(absl::StrContains(again->body, csrf));
  ExpectConnectError(Http()->Get("/api/session"), 401, "unauthenticated", "no cookie");
}

TEST_F(WebGatewayTest, ARequestFromAnotherOriginIsRefused) {
  const std::string dashboard = "/minhbach.v1.ProgramStatus/GetDashboard";
  httplib::Headers foreign = {{"Origin", "http://evil.example"},
                              {"Authorization", "Bearer " + server_.Token("district")}};
  ExpectConnectError(Http()->Post(dashboard.c_str(), foreign, "{}", "application/json"), 403,
                     "permission_denied", "a foreign origin");
  ExpectConnectError(Http()->Post("/api/session", {{"Origin", "http://evil.example"}},
                                  absl::StrCat("{\"token\":\"", server_.Token("district"), "\"}"),
                                  "application/json"),
                     403, "permission_denied", "a sign-in from a foreign origin");
  httplib::Headers own = {{"Origin", Origin()},
                          {"Authorization", "Bearer " + server_.Token("district")}};
  httplib::Result result = Http()->Post(dashboard.c_str(), own, "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
}

TEST_F(WebGatewayTest, SignOutEndsTheSession) {
  auto [cookie, session] = SignIn("supervisor");
  const std::string csrf = session.fields().at("csrfToken").string_value();
  ExpectConnectError(CookieCall("/api/session/end", cookie, ""), 403, "permission_denied",
                     "sign-out without the CSRF token");
  httplib::Result out = CookieCall("/api/session/end", cookie, csrf);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(out->body, "{}");
  EXPECT_TRUE(absl::StrContains(out->get_header_value("Set-Cookie"), "Max-Age=0"));
  ExpectConnectError(Http()->Get("/api/session", httplib::Headers{{"Cookie", cookie}}), 401,
                     "unauthenticated", "the ended session");
  ExpectConnectError(CookieCall("/minhbach.v1.ProgramStatus/GetDashboard", cookie, csrf), 401,
                     "unauthenticated", "a call with the ended session");
  EXPECT_EQ(server_.server().http_port() > 0, true);
}

TEST_F(WebGatewayTest, ARevokedTokenEndsItsSessions) {
  auto [cookie, session] = SignIn("district");
  const std::string csrf = session.fields().at("csrfToken").string_value();
  httplib::Result before = CookieCall("/minhbach.v1.ProgramStatus/GetDashboard", cookie, csrf);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);

  const std::string id = services::HashToken(server_.Token("district")).substr(0, 8);
  ASSERT_TRUE(services::AppendToTokenFile(server_.data_dir() + "/tokens",
                                          [&](const auto&) -> absl::StatusOr<std::string> {
                                            return absl::StrCat("revoked ", id, "\n");
                                          })
                  .ok());
  // The server looks at the token file at most every 10 ms.
  httplib::Result after = CookieCall("/minhbach.v1.ProgramStatus/GetDashboard", cookie, csrf);
  for (const absl::Time give_up = absl::Now() + absl::Seconds(10);
       after && after->status == 200 && absl::Now() < give_up;) {
    absl::SleepFor(absl::Milliseconds(20));
    after = CookieCall("/minhbach.v1.ProgramStatus/GetDashboard", cookie, csrf);
  }
  ExpectConnectError(after, 401, "unauthenticated", "a call with a revoked token's session");
  EXPECT_TRUE(absl::StrContains(after->body, "revoked")) << after->body;
  ExpectConnectError(Http()->Get("/api/session", httplib::Headers{{"Cookie", cookie}}), 401,
                     "unauthenticated", "the revoked token's session");
  ExpectConnectError(Http()->Get("/api/session", httplib::Headers{{"Cookie", cookie}}), 401,
                     "unauthenticated", "the revoked token's session, ended");
}

TEST_F(WebGatewayTest, EveryKindOfResponseCarriesTheSecurityHeaders) {
  httplib::Result index = Http()->Get("/");
  ExpectSecurityHeaders(index, "index.html");
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  EXPECT_TRUE(absl::StrContains(index->body, "Minh bạch"));
  EXPECT_FALSE(index->has_header("Strict-Transport-Security"));

  httplib::Result script = Http()->Get("/js/app.js");
  ExpectSecurityHeaders(script, "a script");
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script->body, "export const app = 1;\n");

  ExpectSecurityHeaders(Call("/minhbach.v1.ProgramStatus/GetDashboard", "{}", "district"),
                        "an API answer");
  ExpectSecurityHeaders(Call("/minhbach.v1.ProgramStatus/GetDashboard", "{", "district"),
                        "an API error");
  ExpectSecurityHeaders(Http()->Get("/khong-co.js"), "a missing file");
  ExpectSecurityHeaders(Http()->Get("/api/log-key"), "the log key");
  ExpectSecurityHeaders(Http()->Post("/minhbach.v1.ProgramStatus/GetDashboard",
                                     std::string(kMaxMessageBytes + 1, ' '), "application/json"),
                        "a body over the limit");
  ExpectSecurityHeaders(Http()->Delete("/api/session"), "a method nothing serves");

  // Compressed when the client accepts it.
  httplib::Result compressed =
      Http()->Get("/api/schema", httplib::Headers{{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->get_header_value("Content-Encoding"), "gzip");
}

TEST_F(WebGatewayTest, NoPathLeavesTheWebRoot) {
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/js/../../secret.txt",
                           "/js/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/./index.html",
                           "/js", "/js/", "//secret.txt"}) {
    httplib::Result result = Http()->Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 404) << path << ": " << result->body;
    EXPECT_FALSE(absl::StrContains(result->body, "not for the web")) << path;
    ExpectSecurityHeaders(result, path);
  }
}

TEST_F(WebGatewayTest, ABodyOverTheLimitIsRefusedWith413) {
  httplib::Result result =
      Call("/minhbach.v1.ProgramStatus/GetDashboard",
           absl::StrCat("{\"id\":\"", std::string(kMaxMessageBytes, 'x'), "\"}"), "district");
  ExpectConnectError(result, 413, "resource_exhausted", "a body over the limit");
  EXPECT_TRUE(absl::StrContains(result->body, std::to_string(kMaxMessageBytes))) << result->body;
}

TEST_F(WebGatewayTest, TheSchemaDescribesTheEventRecord) {
  httplib::Result result = Http()->Get("/api/schema");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  google::protobuf::Struct schema;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &schema).ok());
  const auto& messages = schema.fields().at("messages").struct_value().fields();
  ASSERT_TRUE(messages.contains("minhbach.v1.EventRecord"));
  ASSERT_TRUE(messages.contains("google.protobuf.Timestamp"));
  ASSERT_TRUE(messages.contains("minhbach.v1.DisbursementRecorded"));
  bool payload = false;
  for (const auto& field : messages.at("minhbach.v1.EventRecord")
                               .struct_value()
                               .fields()
                               .at("fields")
                               .list_value()
                               .values()) {
    const auto& f = field.struct_value().fields();
    if (f.at("no").number_value() == 11) {
      payload = true;
      EXPECT_EQ(f.at("name").string_value(), "payload");
      EXPECT_EQ(f.at("type").string_value(), "bytes");
      EXPECT_FALSE(f.at("repeated").bool_value());
    }
  }
  EXPECT_TRUE(payload) << result->body.substr(0, 2000);
  // minhbach.v1 has no enums (yet): the map is there, empty.
  EXPECT_EQ(schema.fields().at("enums").kind_case(), google::protobuf::Value::kStructValue);
}

// The events of an SSE stream, as they arrive, read on a thread of its own.
class LiveReader {
 public:
  LiveReader(int port, const std::string& cookie) : client_("127.0.0.1", port) {
    client_.set_read_timeout(60, 0);
    thread_ = std::thread([this, cookie] {
      // As a browser asks: compressed if possible (the stream must not be).
      httplib::Result result = client_.Get(
          "/api/live", {{"Cookie", cookie}, {"Accept-Encoding", "gzip, deflate, br"}},
          [this](const httplib::Response& response) {
            std::lock_guard<std::mutex> lock(mu_);
            content_type_ = response.get_header_value("Content-Type");
            content_encoding_ = response.get_header_value("Content-Encoding");
            return true;
          },
          [this](const char* data, size_t size) {
            std::lock_guard<std::mutex> lock(mu_);
            text_.append(data, size);
            changed_.notify_all();
            return !stop_;
          });
      std::lock_guard<std::mutex> lock(mu_);
      ended_ = true;
      changed_.notify_all();
    });
  }
  ~LiveReader() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    client_.stop();  // closes the socket: the read in progress ends
    thread_.join();
  }

  // Whether `text` arrives within 10 s.
  bool WaitFor(const std::string& text) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10),
                             [&] { return absl::StrContains(text_, text); });
  }
  // Whether the server ends the stream within 10 s.
  bool WaitEnded() {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return ended_; });
  }
  std::string text() {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }
  std::string content_type() {
    std::lock_guard<std::mutex> lock(mu_);
    return content_type_;
  }
  std::string content_encoding() {
    std::lock_guard<std::mutex> lock(mu_);
    return content_encoding_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::string text_, content_type_, content_encoding_;
  bool stop_ = false, ended_ = false;
  httplib::Client client_;
  std::thread thread_;
};

TEST_F(WebGatewayTest, LiveUpdatesSayTheHeadAtOnceAndWhenTheLogGrows) {
  auto [cookie, session] = SignIn("supervisor");
  ExpectConnectError(Http()->Get("/api/live"), 401, "unauthenticated", "live without a sign-in");
  const uint64_t size = server_.log().Size();
  LiveReader live(server_.server().http_port(), cookie);
  ASSERT_TRUE(live.WaitFor(absl::StrCat("event: head\ndata: {\"logSize\":\"", size, "\"}\n\n")))
      << live.text();
  EXPECT_TRUE(absl::StartsWith(live.content_type(), "text/event-stream")) << live.content_type();
  EXPECT_EQ(live.content_encoding(), "");

  v1::AppendResponse appended;
  ASSERT_TRUE(v1::EventLog::NewStub(server_.Channel())
                  ->Append(server_.Context("service").get(), NewAppend("ext/test", 2), &appended)
                  .ok());
  EXPECT_TRUE(live.WaitFor(absl::StrCat("event: head\ndata: {\"logSize\":\"", size + 2, "\"}\n\n")))
      << live.text();
}

TEST_F(WebGatewayTest, ShutdownEndsLiveStreams) {
  auto [cookie, session] = SignIn("supervisor");
  LiveReader live(server_.server().http_port(), cookie);
  ASSERT_TRUE(live.WaitFor("event: head")) << live.text();
  server_.server().Shutdown();
  EXPECT_TRUE(live.WaitEnded());
}

TEST_F(WebGatewayTest, TheLogKeyNeedsNoSignIn) {
  httplib::Result result = Http()->Get("/api/log-key");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  google::protobuf::Struct keys;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &keys).ok());
  EXPECT_EQ(keys.fields().at("logVerifierKey").string_value(), server_.server().verifier_key());
  EXPECT_EQ(keys.fields().at("witnessKeys").list_value().values_size(), 0);
}

TEST_F(WebGatewayTest, ASecondServerOnTheSameHttpPortDoesNotStart) {
  TempDir other;
  services::ServerOptions options = WebOptions(root_);
  options.listen = "127.0.0.1:0";
  options.data_dir = other.path() + "/data";
  options.http_listen = absl::StrCat("127.0.0.1:", server_.server().http_port());
  absl::StatusOr<std::unique_ptr<services::Server>> second = services::Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
  EXPECT_TRUE(absl::StrContains(second.status().message(), "--http_listen")) << second.status();
}

// Connect's Connect-Timeout-Ms becomes the call's deadline.
TEST(WebGatewayTimeoutTest, ACallEndsAtTheTimeoutTheClientAsksFor) {
  TempDir dir;
  services::ServerOptions options = WebOptions(MakeWebRoot(dir));
  std::mutex mu;
  std::condition_variable released_changed;
  bool released = false;
  options.before_command_for_test = [&] {  // holds every command until released
    std::unique_lock<std::mutex> lock(mu);
    released_changed.wait(lock, [&] { return released; });
  };
  TestServer server(options);
  httplib::Client client("127.0.0.1", server.server().http_port());
  httplib::Result result = client.Post(
      "/minhbach.v1.Finance/RecordDisbursement",
      {{"Authorization", "Bearer " + server.Token("coordinator")}, {"Connect-Timeout-Ms", "200"}},
      "{\"meta\":{\"eventId\":\"AAECAwQFBgcICQoLDA0ODw==\"},\"body\":{}}", "application/json");
  {
    std::lock_guard<std::mutex> lock(mu);
    released = true;
  }
  released_changed.notify_all();
  ExpectConnectError(result, 504, "deadline_exceeded", "a call past its Connect-Timeout-Ms");
}

TEST(WebGatewayWitnessTest, TheKeysNameTheConfiguredWitnesses) {
  TempDir dir;
  absl::StatusOr<storage::note::Signer> front =
      storage::note::Signer::Generate("mttq.lienchung/w1", storage::note::kAlgCosignatureV1);
  ASSERT_TRUE(front.ok()) << front.status();
  const std::string key = front->verifier().ToString();
  WriteFile(dir.path() + "/witnesses", "# the Front's witness\n\n" + key + "\n");
  services::ServerOptions options = WebOptions(MakeWebRoot(dir));
  options.witness_keys = dir.path() + "/witnesses";
  TestServer server(options);
  httplib::Client client("127.0.0.1", server.server().http_port());
  for (const char* path : {"/api/log-key", "/api/session"}) {
    httplib::Result result =
        std::string(path) == "/api/session"
            ? client.Post(path, absl::StrCat("{\"token\":\"", server.Token("supervisor"), "\"}"),
                          "application/json")
            : client.Get(path);
    ASSERT_TRUE(result) << path;
    ASSERT_EQ(result->status, 200) << path << ": " << result->body;
    google::protobuf::Struct json;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result->body, &json).ok());
    const auto& keys = json.fields().at("witnessKeys").list_value();
    ASSERT_EQ(keys.values_size(), 1) << path << ": " << result->body;
    EXPECT_EQ(keys.values(0).string_value(), key) << path;
  }
}

// Each live stream holds one of the web server's threads: there is a bound.
TEST(LiveEventsTest, StreamsBeyondTheBoundAreRefusedUntilOneEnds) {
  TestServer server;
  web::LiveOptions options;
  options.max_streams = 2;
  web::LiveEvents live(&server.log(), options);
  auto first = std::make_unique<httplib::Response>();
  httplib::Response second, third;
  EXPECT_TRUE(live.Serve(first.get()));
  EXPECT_TRUE(live.Serve(&second));
  EXPECT_FALSE(live.Serve(&third));
  EXPECT_EQ(live.open_streams(), 2u);
  first.reset();  // the stream's connection is gone
  EXPECT_EQ(live.open_streams(), 1u);
  EXPECT_TRUE(live.Serve(&third));
  live.Shutdown();
  httplib::Response after_shutdown;
  EXPECT_FALSE(live.Serve(&after_shutdown));
}

TEST(WebGatewayStartTest, PlaintextBeyondLoopbackIsRefused) {
  TempDir dir;
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = dir.path() + "/data";
  options.http_listen = "0.0.0.0:0";
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition) << server.status();
  EXPECT_TRUE(absl::StrContains(server.status().message(), "--tls_cert")) << server.status();
}

TEST(WebGatewayStartTest, WithoutTheWebAppsFilesAPageSaysHowToBuildThem) {
  TempDir dir;
  services::ServerOptions options = WebOptions(dir.path() + "/no-such-site");
  TestServer server(options);
  httplib::Client client("127.0.0.1", server.server().http_port());
  for (const char* path : {"/", "/js/app.js"}) {
    httplib::Result result = client.Get(path);
    ExpectSecurityHeaders(result, path);
    EXPECT_EQ(result->status, 503) << path;
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_TRUE(absl::StrContains(result->body, "chưa được dựng")) << result->body;
    EXPECT_TRUE(absl::StrContains(result->body, "cmake --build build")) << result->body;
  }
  // The API works without them.
  httplib::Result api = client.Get("/api/log-key");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
}

// A self-signed certificate for 127.0.0.1, made with the openssl tool.
bool MakeCertificate(const std::string& dir) {
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc -keyout '", dir,
      "/server.key' -out '", dir,
      "/server.pem' -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
      ">/dev/null 2>&1");
  return std::system(command.c_str()) == 0;
}

TEST(WebGatewayTlsTest, UnderTlsTheCookieIsSecureAndHstsIsSent) {
  TempDir dir;
  ASSERT_TRUE(MakeCertificate(dir.path()));
  services::ServerOptions options = WebOptions(MakeWebRoot(dir));
  options.tls_cert = dir.path() + "/server.pem";
  options.tls_key = dir.path() + "/server.key";
  TestServer server(options);
  httplib::SSLClient client("127.0.0.1", server.server().http_port());
  client.set_ca_cert_path(dir.path() + "/server.pem");
  client.enable_server_certificate_verification(true);

  httplib::Result index = client.Get("/");
  ExpectSecurityHeaders(index, "index.html over TLS");
  EXPECT_EQ(index->get_header_value("Strict-Transport-Security"), "max-age=31536000");

  httplib::Result signed_in =
      client.Post("/api/session", absl::StrCat("{\"token\":\"", server.Token("coordinator"), "\"}"),
                  "application/json");
  ASSERT_TRUE(signed_in) << httplib::to_string(signed_in.error());
  ASSERT_EQ(signed_in->status, 200) << signed_in->body;
  const std::string set_cookie = signed_in->get_header_value("Set-Cookie");
  EXPECT_TRUE(absl::StrContains(set_cookie, "; Secure")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; HttpOnly")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(set_cookie, "; SameSite=Strict")) << set_cookie;
  EXPECT_TRUE(absl::StrContains(signed_in->body, "\"tls\":true")) << signed_in->body;

  // Plain HTTP on the TLS port gets nothing.
  httplib::Client plain("127.0.0.1", server.server().http_port());
  plain.set_read_timeout(5, 0);
  httplib::Result refused = plain.Get("/");
  EXPECT_TRUE(!refused || refused->status != 200);
}

}  // namespace
}  // namespace minhbach
