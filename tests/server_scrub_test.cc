// The server and scrubbing (issue 11, finding 7): a log whose newest stored
// bytes were changed is not served, and a change further back is named by
// the background scrub in the metrics and the server's log.
#include <httplib.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/format.h"
#include "tests/raw_log.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::RawLog;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

class ServerScrubTest : public ::testing::Test {
 protected:
  // A server appends `events` events, stops, and the event at `position` is changed on disk.
  void WriteThenChange(int events, uint64_t position) {
    {
      TestServer server({}, dir_.path());
      auto stub = v1::EventLog::NewStub(server.Channel());
      for (int i = 0; i < events; ++i) {
        v1::AppendResponse response;
        ASSERT_TRUE(
            stub->Append(server.Context("service").get(), NewAppend("ext/s"), &response).ok());
      }
    }
    RawLog raw(data_dir() + "/log");
    std::string bytes =
        raw.Get(storage::format::kEventsCf, storage::format::EventKey(position));
    ASSERT_FALSE(bytes.empty());
    bytes.back() ^= 0x01;
    raw.Put(storage::format::kEventsCf, storage::format::EventKey(position), bytes);
  }
  std::string data_dir() const { return dir_.path() + "/data"; }

  TempDir dir_;
};

TEST_F(ServerScrubTest, Finding7_AServerDoesNotServeALogWhoseNewestEventsWereChanged) {
  WriteThenChange(10, 8);
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir();
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  ASSERT_FALSE(server.ok()) << "a server started on a log whose event 8 was changed";
  EXPECT_EQ(server.status().code(), absl::StatusCode::kDataLoss) << server.status();
  EXPECT_TRUE(absl::StrContains(server.status().message(), "position 8")) << server.status();
}

TEST_F(ServerScrubTest, Finding7_TheBackgroundScrubNamesAnOlderChangeInTheMetrics) {
  WriteThenChange(10, 2);
  services::ServerOptions options;
  options.metrics_listen = "127.0.0.1:0";
  options.scrub_tail_events = 3;  // position 2 is older than the tail
  TestServer server(options, dir_.path());
  httplib::Client client("127.0.0.1", server.server().metrics_port());
  std::string body;
  for (int i = 0; i < 500; ++i) {
    httplib::Result result = client.Get("/metrics");
    ASSERT_TRUE(result) << "no answer from /metrics";
    body = result->body;
    if (absl::StrContains(body, "minhbach_scrub_passes 1")) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(absl::StrContains(body, "minhbach_scrub_mismatch_position 2\n")) << body;
}

}  // namespace
}  // namespace minhbach
