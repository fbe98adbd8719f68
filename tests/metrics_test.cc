// The Prometheus endpoint reports what the server did.
#include <httplib.h>

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TestServer;

services::ServerOptions WithMetrics() {
  services::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  return options;
}

class MetricsTest : public ::testing::Test {
 protected:
  std::string Scrape() {
    httplib::Client client("127.0.0.1", server_.server().metrics_port());
    httplib::Result result = client.Get("/metrics");
    EXPECT_TRUE(result) << "no answer from /metrics";
    if (!result) return "";
    EXPECT_EQ(result->status, 200);
    return result->body;
  }

  TestServer server_{WithMetrics()};
};

TEST_F(MetricsTest, CountsAppendsLatencySizeErrorsAndSubscribers) {
  auto stub = v1::EventLog::NewStub(server_.Channel());
  for (int i = 0; i < 5; ++i) {
    v1::AppendResponse response;
    ASSERT_TRUE(
        stub->Append(server_.Context("service").get(), NewAppend("ext/m", 2), &response).ok());
  }
  v1::AppendRequest conflict = NewAppend("ext/m");
  conflict.set_expect_no_stream(true);
  v1::AppendResponse ignored;
  EXPECT_FALSE(stub->Append(server_.Context("service").get(), conflict, &ignored).ok());

  auto context = server_.Context("service");
  auto reader = stub->Subscribe(context.get(), v1::SubscribeRequest());
  v1::Event event;
  ASSERT_TRUE(reader->Read(&event));  // the subscription is in progress

  const std::string text = Scrape();
  EXPECT_TRUE(absl::StrContains(text, "\nminhbach_log_events 10\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\nminhbach_tree_size 10\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\nminhbach_subscribers 1\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\nminhbach_append_latency_seconds_count 5\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "minhbach_append_latency_seconds_bucket{le=\"+Inf\"} 5\n"));
  EXPECT_TRUE(absl::StrContains(
      text, "minhbach_rpcs_total{method=\"/minhbach.v1.EventLog/Append\",code=\"OK\"} 5\n"));
  EXPECT_TRUE(absl::StrContains(
      text, "minhbach_rpcs_total{method=\"/minhbach.v1.EventLog/Append\",code=\"ABORTED\"} 1\n"));

  context->TryCancel();
  reader->Finish();
  for (int i = 0; i < 100 && !absl::StrContains(Scrape(), "\nminhbach_subscribers 0\n"); ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(absl::StrContains(Scrape(), "\nminhbach_subscribers 0\n"));
}

TEST_F(MetricsTest, ShowsHowFarTheFollowersOfTheLogHaveGot) {
  v1::AppendResponse ignored;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(v1::EventLog::NewStub(server_.Channel())
                    ->Append(server_.Context("service").get(), NewAppend("ext/m"), &ignored)
                    .ok());
  }
  ASSERT_TRUE(
      server_.server().projection().WaitForPosition(4, absl::Now() + absl::Seconds(10)).ok());
  ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
  const std::string text = Scrape();
  EXPECT_TRUE(absl::StrContains(text, "minhbach_follower_position{follower=\"projections\"} 4\n"))
      << text;
  EXPECT_TRUE(absl::StrContains(text, "minhbach_follower_lag_events{follower=\"projections\"} 0\n"))
      << text;
  EXPECT_TRUE(absl::StrContains(text, "minhbach_follower_position{follower=\"timeline\"} 4\n"))
      << text;
}

TEST(MetricsPortTest, NoEndpointUnlessAsked) {
  TestServer server;
  EXPECT_EQ(server.server().metrics_port(), 0);
}

}  // namespace
}  // namespace minhbach
