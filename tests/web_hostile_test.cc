// minhbachd's web server against hostile clients, over raw loopback sockets:
// slow headers (slowloris), endless headers, compressed and ambiguous bodies,
// a stop with a slow request in flight, and what the log says (never a
// secret). Each test is named for the defect it once showed.
#include <arpa/inet.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/server/server.h"
#include "services/web/http_server.h"
#include "services/web/web_sessions.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;
namespace web = ::minhbach::services::web;

std::string MakeWebRoot(const TempDir& dir) {
  const std::string root = dir.path() + "/site";
  std::filesystem::create_directories(root);
  std::ofstream(root + "/index.html") << "<!doctype html><meta charset=\"utf-8\"><title>x</title>";
  return root;
}

services::ServerOptions WebOptions(const std::string& web_root) {
  services::ServerOptions options;
  options.http_listen = "127.0.0.1:0";
  options.web_root = web_root;
  return options;
}

// A TCP connection to 127.0.0.1:port from `source` (any 127.x.y.z: loopback
// takes them all, and the server sees them as different clients).
class RawClient {
 public:
  RawClient(int port, const std::string& source = "127.0.0.1") {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    connected_ = bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof(from)) == 0 &&
                 connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0;
  }
  ~RawClient() { close(fd_); }
  bool connected() const { return connected_; }

  // False once the server has closed the connection (or reset it).
  bool Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }
  // Everything the server sends until it closes the connection or is quiet
  // for `quiet`.
  std::string ReadAll(absl::Duration quiet = absl::Seconds(10)) {
    std::string text;
    char buffer[65536];
    while (true) {
      pollfd entry{fd_, POLLIN, 0};
      if (poll(&entry, 1, static_cast<int>(absl::ToInt64Milliseconds(quiet))) <= 0) {
        timed_out_ = true;
        return text;
      }
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) return text;
      text.append(buffer, static_cast<size_t>(n));
    }
  }
  bool timed_out() const { return timed_out_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool timed_out_ = false;
};

// Clients that send the start of a request and then one byte a while, for
// ever, as slowloris does, until destroyed.
class Slowloris {
 public:
  Slowloris(int port, int connections, absl::Duration every) {
    for (int i = 0; i < connections; ++i) {
      clients_.push_back(std::make_unique<RawClient>(port));
      clients_.back()->Send("GET / HTTP/1.1\r\nHost: x\r\n");
    }
    thread_ = std::thread([this, every] {
      while (!stop_.load()) {
        for (auto& client : clients_) client->Send("X");
        absl::SleepFor(every);
      }
    });
  }
  ~Slowloris() {
    stop_.store(true);
    thread_.join();
  }

 private:
  std::vector<std::unique_ptr<RawClient>> clients_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string FirstLine(const std::string& text) { return text.substr(0, text.find("\r\n")); }

std::string Gzip(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

class WebHostileTest : public ::testing::Test {
 protected:
  WebHostileTest() : server_(WebOptions(MakeWebRoot(dir_))) {}
  int port() { return server_.server().http_port(); }

  TempDir dir_;
  TestServer server_;
};

// Before: 60 connections sending their headers a byte a second held all 48
// threads, and every other client waited for ever. Now one peer holds at
// most a few threads; another is answered at once, and gRPC is unaffected.
TEST_F(WebHostileTest, SlowHeadersFromOneClientDoNotLockOthersOut) {
  Slowloris slow(port(), 60, absl::Milliseconds(500));
  absl::SleepFor(absl::Milliseconds(300));  // the slow ones are taken first
  RawClient other(port(), "127.0.0.2");
  ASSERT_TRUE(other.connected());
  ASSERT_TRUE(other.Send("GET /api/log-key HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string answer = other.ReadAll();
  EXPECT_EQ(FirstLine(answer), "HTTP/1.1 200 OK") << answer;

  v1::Dashboard dashboard;
  EXPECT_TRUE(
      v1::ProgramStatus::NewStub(server_.Channel())
          ->GetDashboard(server_.Context("coordinator").get(), v1::StatusRequest(), &dashboard)
          .ok());
}

// The bound per peer does not refuse a client's burst: its connections over
// the bound wait their turn (a first version closed them).
TEST_F(WebHostileTest, ABurstOfRequestsFromOneClientIsAllAnswered) {
  std::vector<int> statuses(60, 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([this, &statuses, i] {
      httplib::Client client("127.0.0.1", port());
      client.set_read_timeout(30, 0);
      httplib::Result result = client.Get("/api/log-key");
      statuses[i] = result ? result->status : -1;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t i = 0; i < statuses.size(); ++i) EXPECT_EQ(statuses[i], 200) << "request " << i;
}

// Before: header lines were read as long as they came (each under 8 KB, any
// number of them), into memory, and answered 200.
TEST_F(WebHostileTest, EndlessHeaderLinesEndTheRequest) {
  RawClient client(port());
  std::string request = "GET /api/log-key HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 100000; ++i) request += "X-Padding: a\r\n";
  client.Send(request + "\r\n");
  const std::string answer = client.ReadAll();
  EXPECT_FALSE(client.timed_out());
  EXPECT_FALSE(absl::StartsWith(answer, "HTTP/1.1 200")) << FirstLine(answer);
}

// Before: a 40 KB gzip body was inflated to 40 MB (and larger ones without
// bound) before the body limit, which counts bytes received, was checked.
TEST_F(WebHostileTest, ACompressedBodyIsRefusedUninflated) {
  const std::string bomb = Gzip(absl::StrCat("{\"entity\":\"", std::string(40 << 20, 'x'), "\"}"));
  ASSERT_LT(bomb.size(), 1u << 20);
  httplib::Client client("127.0.0.1", port());
  httplib::Headers headers = {{"Authorization", "Bearer " + server_.Token("coordinator")},
                              {"Content-Encoding", "gzip"}};
  httplib::Result result =
      client.Post("/minhbach.v1.Timeline/GetTimeline", headers, bomb, "application/json");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 415) << result->body;
  EXPECT_TRUE(absl::StrContains(result->body, "Content-Encoding")) << result->body;
}

// Before: Content-Length and Transfer-Encoding together were read by the
// chunked rule (a proxy in front may read the length), and the rest of the
// bytes were answered as a second request: request smuggling.
TEST_F(WebHostileTest, ContentLengthWithTransferEncodingIsRefused) {
  RawClient client(port());
  client.Send(absl::StrCat(
      "POST /minhbach.v1.ProgramStatus/GetDashboard HTTP/1.1\r\nHost: x\r\n",
      "Authorization: Bearer ", server_.Token("coordinator"), "\r\n",
      "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n",
      "0\r\n\r\nGET /api/log-key HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string answer = client.ReadAll();
  EXPECT_EQ(FirstLine(answer), "HTTP/1.1 400 Bad Request") << answer;
  EXPECT_FALSE(absl::StrContains(answer, "logVerifierKey")) << "the smuggled request was answered";

  RawClient twice(port());
  twice.Send(absl::StrCat("POST /api/session HTTP/1.1\r\nHost: x\r\n",
                          "Content-Type: application/json\r\nContent-Length: 2\r\n",
                          "Content-Length: 40\r\n\r\n{}"));
  EXPECT_EQ(FirstLine(twice.ReadAll()), "HTTP/1.1 400 Bad Request");
}

// Before: no sign-in failure was logged (token guessing went unseen). Now it
// is, and no line ever says a token, a session id or a CSRF token.
TEST_F(WebHostileTest, AFailedSignInIsLoggedAndNoSecretEverIs) {
  ::testing::internal::CaptureStderr();
  httplib::Client client("127.0.0.1", port());
  const std::string guess = "mbt_guessedguessedguessedguessedguessedguess";
  httplib::Result refused =
      client.Post("/api/session", absl::StrCat("{\"token\":\"", guess, "\"}"), "application/json");
  const std::string token = server_.Token("coordinator");
  httplib::Result signed_in =
      client.Post("/api/session", absl::StrCat("{\"token\":\"", token, "\"}"), "application/json");
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(refused && signed_in);
  EXPECT_EQ(refused->status, 401);
  ASSERT_EQ(signed_in->status, 200);
  google::protobuf::Struct session;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(signed_in->body, &session).ok());
  const std::string cookie = signed_in->get_header_value("Set-Cookie");
  const std::string session_id = cookie.substr(11, cookie.find(';') - 11);  // "mb_session="
  ASSERT_FALSE(session_id.empty());

  EXPECT_TRUE(absl::StrContains(log, "web sign-in refused")) << log;
  EXPECT_TRUE(absl::StrContains(log, "web sign-in")) << log;
  EXPECT_FALSE(absl::StrContains(log, guess)) << log;
  EXPECT_FALSE(absl::StrContains(log, token)) << log;
  EXPECT_FALSE(absl::StrContains(log, session_id)) << log;
  EXPECT_FALSE(absl::StrContains(log, session.fields().at("csrfToken").string_value())) << log;
}

// Before: a request read a byte at a time held Stop (and so SIGTERM) for as
// long as its client kept sending. Now a stop ends reads in flight.
TEST(WebHostileStopTest, StopEndsASlowRequestInFlight) {
  TempDir dir;
  web::WebServerOptions options;
  options.listen = "127.0.0.1:0";
  options.web_root = MakeWebRoot(dir);
  absl::StatusOr<std::unique_ptr<web::WebServer>> server =
      web::WebServer::Start(options, web::WebServerContext{});
  ASSERT_TRUE(server.ok()) << server.status();
  auto slow = std::make_unique<Slowloris>((*server)->port(), 1, absl::Milliseconds(100));
  absl::SleepFor(absl::Milliseconds(300));
  std::future<void> stopped = std::async(std::launch::async, [&] { (*server)->Stop(); });
  const bool in_time = stopped.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  slow.reset();  // lets a stop that waited for the client end now
  EXPECT_TRUE(in_time) << "Stop waited for the slow client";
}

// Before: a request could take as long as its client liked, if each byte came
// within the read timeout. Now it has a deadline.
TEST(WebHostileStopTest, ARequestMustArriveWithinTheDeadline) {
  TempDir dir;
  web::WebServerOptions options;
  options.listen = "127.0.0.1:0";
  options.web_root = MakeWebRoot(dir);
  options.connections.request_deadline = absl::Seconds(1);
  absl::StatusOr<std::unique_ptr<web::WebServer>> server =
      web::WebServer::Start(options, web::WebServerContext{});
  ASSERT_TRUE(server.ok()) << server.status();
  RawClient client((*server)->port());
  client.Send("GET / HTTP/1.1\r\n");
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {  // a byte every 100 ms, for at most 10 s
    absl::SleepFor(absl::Milliseconds(100));
    closed = !client.Send("X");
  }
  if (!closed) closed = client.ReadAll(absl::Seconds(1)).empty() && !client.timed_out();
  EXPECT_TRUE(closed) << "the server still reads a request begun 10 s ago";
}

// Before: PUT, DELETE, OPTIONS were answered 404 "HTTP 404 for PUT /...",
// as if the path did not exist. Now 405, saying what is served.
TEST_F(WebHostileTest, OtherMethodsThanGetAndPostAreAnswered405) {
  for (const char* method : {"PUT", "DELETE", "OPTIONS", "PATCH"}) {
    for (const char* path : {"/", "/minhbach.v1.ProgramStatus/GetDashboard"}) {
      RawClient client(port());
      client.Send(absl::StrCat(method, " ", path,
                               " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                               "Connection: close\r\n\r\n"));
      const std::string answer = client.ReadAll();
      EXPECT_EQ(FirstLine(answer), "HTTP/1.1 405 Method Not Allowed") << method << " " << path;
      EXPECT_TRUE(absl::StrContains(answer, "Allow: GET, HEAD, POST")) << answer;
    }
  }
}

// Before: one token signing in again and again (a script with a valid token)
// pushed every other person's session out once the bound was reached.
TEST(WebHostileSessionsTest, OneTokenSigningInOverAndOverPushesNoOneElseOut) {
  web::WebSessions sessions(absl::Hours(1), /*max_sessions=*/1000);
  const auto [other_id, other] = sessions.Create("mbt_other");
  for (int i = 0; i < 3000; ++i) sessions.Create("mbt_script");
  std::optional<web::WebSession> found = sessions.Find(other_id);
  ASSERT_TRUE(found.has_value()) << "the other person's session was pushed out";
  EXPECT_EQ(found->token, "mbt_other");
  EXPECT_LT(sessions.size(), 1000u);
}

}  // namespace
}  // namespace minhbach
