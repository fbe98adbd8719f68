// The auditor's command line against a real server: `minhbach verify`
// succeeds on an honest log, twice (the second time from the head the first
// saved), and fails naming the position after an event is changed on disk
// between two verifications; `minhbach timeline --proofs` proves each event
// it shows, and refuses one whose bytes were changed.
#include <sys/wait.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/format.h"
#include "tests/raw_log.h"
#include "tests/server_process.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::RawLog;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

struct ClientRun {
  int exit_code = -1;
  std::string output;
};

class AuditorCliTest : public ::testing::Test {
 protected:
  ClientRun Client(TestServer& server, const std::string& arguments) {
    const std::string command = absl::StrCat(
        MINHBACH_CLIENT_PATH, " --server=", server.address(), " --role=supervisor",
        " --client_tokens=", server.data_dir(), "/client-tokens --log_key=", server.data_dir(),
        "/log.pub ", arguments, " 2>&1");
    ClientRun run;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) run.output.append(buffer, n);
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
  }

  void Append(TestServer& server, int count) {
    for (int i = 0; i < count; ++i) {
      v1::AppendResponse response;
      ASSERT_TRUE(v1::EventLog::NewStub(server.Channel())
                      ->Append(server.Context("service").get(), NewAppend("ext/notes"), &response)
                      .ok());
    }
  }

  TempDir dir_;
  const std::string head_ = dir_.path() + "/head.txt";
};

TEST_F(AuditorCliTest, VerifyPassesOnAnHonestLogAndNamesTheEventChangedOnDisk) {
  {
    TestServer server({}, dir_.path());
    Append(server, 20);
    ClientRun first = Client(server, "verify --all --trusted=" + head_);
    EXPECT_EQ(first.exit_code, 0) << first.output;
    EXPECT_TRUE(
        absl::StrContains(first.output, "all 20 events re-hashed here rebuild the signed root"))
        << first.output;
    Append(server, 5);
    ClientRun second = Client(server, "verify --trusted=" + head_);
    EXPECT_EQ(second.exit_code, 0) << second.output;
    EXPECT_TRUE(absl::StrContains(second.output, "extends the saved head of 20 events"))
        << second.output;
    ClientRun proven = Client(server, "timeline --entity=ext/notes --proofs --limit=100");
    EXPECT_EQ(proven.exit_code, 0) << proven.output;
    EXPECT_TRUE(absl::StrContains(proven.output, "25 events, each proven included"))
        << proven.output;
  }
  {  // The server is down; someone with the disk changes event 7's bytes.
    RawLog raw(dir_.path() + "/data/log");
    std::string bytes = raw.Get(storage::format::kEventsCf, storage::format::EventKey(7));
    ASSERT_FALSE(bytes.empty());
    bytes.back() ^= 0x01;
    raw.Put(storage::format::kEventsCf, storage::format::EventKey(7), bytes);
  }
  TestServer server({}, dir_.path());
  ClientRun tampered = Client(server, "verify --all --trusted=" + head_);
  EXPECT_EQ(tampered.exit_code, 1) << tampered.output;
  EXPECT_TRUE(absl::StrContains(tampered.output, "NOT VERIFIED: first mismatch at position 7"))
      << tampered.output;
  ClientRun unproven = Client(server, "timeline --entity=ext/notes --proofs --limit=100");
  EXPECT_EQ(unproven.exit_code, 1) << unproven.output;
  EXPECT_TRUE(absl::StrContains(unproven.output, "NOT PROVEN: event 7")) << unproven.output;
}

TEST_F(AuditorCliTest, AHeadNotSignedByTheLogKeyIsRefused) {
  TestServer server({}, dir_.path());
  Append(server, 3);
  ASSERT_EQ(Client(server, "verify --trusted=" + head_).exit_code, 0);
  std::string forged = testing::ReadWholeFile(head_);
  forged[forged.find('\n') + 1] = forged[forged.find('\n') + 1] == '3' ? '4' : '3';
  std::FILE* out = std::fopen(head_.c_str(), "w");
  std::fputs(forged.c_str(), out);
  std::fclose(out);
  ClientRun run = Client(server, "verify --trusted=" + head_);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "the saved head is not signed by")) << run.output;
}

}  // namespace
}  // namespace minhbach
