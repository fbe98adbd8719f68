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

// The value of the sample `name` (with its labels) in `text`, or -1.
double Sample(const std::string& text, const std::string& name) {
  const std::string line_start = "\n" + name + " ";
  const size_t at = text.find(line_start);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + line_start.size()));
}

TEST_F(MetricsTest, ShowsHowAppendsShareCommitGroupsAndWhereTheirWriteGoes) {
  auto stub = v1::EventLog::NewStub(server_.Channel());
  v1::AppendResponse response;
  for (int i = 0; i < 3; ++i) {  // one at a time: a group each
    ASSERT_TRUE(
        stub->Append(server_.Context("service").get(), NewAppend("ext/g", 2), &response).ok());
  }
  v1::AppendRequest conflict = NewAppend("ext/g");
  conflict.set_expect_no_stream(true);  // refused while staging: nothing to write
  EXPECT_FALSE(stub->Append(server_.Context("service").get(), conflict, &response).ok());

  const std::string text = Scrape();
  EXPECT_EQ(Sample(text, "minhbach_log_groups_total"), 3) << text;
  EXPECT_EQ(Sample(text, "minhbach_log_group_appends_total"), 3) << text;
  const double write = Sample(text, "minhbach_log_write_seconds_total{part=\"write\"}");
  const double wal = Sample(text, "minhbach_log_write_seconds_total{part=\"wal\"}");
  const double sync = Sample(text, "minhbach_log_write_seconds_total{part=\"wal_sync\"}");
  const double memtable = Sample(text, "minhbach_log_write_seconds_total{part=\"memtable\"}");
  // Durable appends: every group was synced, and each part lies within the write.
  EXPECT_GT(sync, 0) << text;
  EXPECT_GE(wal, sync) << text;
  EXPECT_GT(memtable, 0) << text;
  EXPECT_GE(write, wal + memtable) << text;
  EXPECT_LT(write, 60) << text;
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
