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
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "storage/format.h"
#include "storage/signed_note.h"
#include "tests/raw_log.h"
#include "tests/server_process.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::RawLog;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

using ClientRun = ::minhbach::testing::ShellRun;
using ::minhbach::testing::Shell;

class AuditorCliTest : public ::testing::Test {
 protected:
  ClientRun Client(TestServer& server, const std::string& arguments) {
    return Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server.address(),
                              " --role=supervisor --client_tokens=", server.data_dir(),
                              "/client-tokens --log_key=", server.data_dir(), "/log.pub ",
                              "--lang=en ", arguments));
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
  // The server checks only its newest event before serving (its background
  // scrub would name position 7 later): what is tested here is that the
  // auditor's own client finds the change, trusting nothing the server says.
  services::ServerOptions options;
  options.scrub_tail_events = 1;
  options.scrub_bytes_per_second = 0;
  TestServer server(options, dir_.path());
  ClientRun tampered = Client(server, "verify --all --trusted=" + head_);
  EXPECT_EQ(tampered.exit_code, 1) << tampered.output;
  EXPECT_TRUE(absl::StrContains(tampered.output, "NOT VERIFIED: first mismatch at position 7"))
      << tampered.output;
  ClientRun unproven = Client(server, "timeline --entity=ext/notes --proofs --limit=100");
  EXPECT_EQ(unproven.exit_code, 1) << unproven.output;
  EXPECT_TRUE(absl::StrContains(unproven.output, "NOT PROVEN: event 7")) << unproven.output;
}

// Runs the client without a server (witness keygen).
ClientRun Offline(const std::string& arguments) {
  return Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " ", arguments));
}

void WriteFile(const std::string& path, const std::string& text) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  ASSERT_NE(out, nullptr);
  std::fputs(text.c_str(), out);
  std::fclose(out);
}

TEST_F(AuditorCliTest, AWitnessCosignsWhatItVerifiedAndAVerifierCanDemandIt) {
  const std::string front_key = dir_.path() + "/front.key", rogue_key = dir_.path() + "/rogue.key";
  ClientRun front = Offline("witness keygen --name=mttq.lienchung/w1 --out=" + front_key);
  ASSERT_EQ(front.exit_code, 0) << front.output;
  ClientRun rogue = Offline("witness keygen --name=rogue.example/w --out=" + rogue_key);
  ASSERT_EQ(rogue.exit_code, 0) << rogue.output;
  WriteFile(dir_.path() + "/front.pub", front.output);
  WriteFile(dir_.path() + "/rogue.pub", rogue.output);
  WriteFile(dir_.path() + "/witnesses", "# the Front's witness\n" + front.output);

  services::ServerOptions options;
  options.witness_keys = dir_.path() + "/witnesses";
  TestServer server(options, dir_.path());
  Append(server, 5);
  ASSERT_EQ(Client(server, "verify --trusted=" + head_).exit_code, 0);
  ClientRun cosigned =
      Client(server, "witness cosign --witness_key=" + front_key + " --trusted=" + head_);
  EXPECT_EQ(cosigned.exit_code, 0) << cosigned.output;
  EXPECT_TRUE(absl::StrContains(cosigned.output,
                                "cosigned the checkpoint of 5 events as mttq.lienchung/w1"))
      << cosigned.output;

  // The district demands the Front's cosignature: it checks the cosigned
  // head (5 events), not the newer one the server would give.
  Append(server, 3);
  const std::string district_head = dir_.path() + "/district-head.txt";
  ClientRun demanded = Client(server, "verify --all --trusted=" + district_head +
                                          " --require_cosigner=" + dir_.path() + "/front.pub");
  EXPECT_EQ(demanded.exit_code, 0) << demanded.output;
  EXPECT_TRUE(absl::StrContains(demanded.output, "head: 5 events")) << demanded.output;
  EXPECT_TRUE(absl::StrContains(demanded.output, "cosigned by the witness mttq.lienchung/w1"))
      << demanded.output;

  // A key the server was not configured with is refused, and changes nothing.
  ClientRun refused =
      Client(server, "witness cosign --witness_key=" + rogue_key + " --trusted=" + head_);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(absl::StrContains(
      refused.output, "PERMISSION_DENIED: no cosignature by a witness this server trusts"))
      << refused.output;
  // The key given as text, with the flag spelled as the guide spells it.
  ClientRun none = Client(server, "verify --trusted=" + dir_.path() + "/other-head.txt" +
                                      " --require-cosigner " +
                                      std::string(absl::StripAsciiWhitespace(rogue.output)));
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_TRUE(absl::StrContains(none.output, "no checkpoint has been cosigned by rogue.example/w"))
      << none.output;

  // A forged cosignature (a changed byte) by the configured key is refused.
  const storage::note::Signer witness =
      storage::note::Signer::Parse(absl::StripAsciiWhitespace(testing::ReadWholeFile(front_key)))
          .value();
  const storage::note::Verifier log_key =
      storage::note::Verifier::Parse(server.server().verifier_key()).value();
  storage::note::Note head = storage::note::Open(testing::ReadWholeFile(head_), {log_key}).value();
  std::string forged = storage::note::Sign(head, {&witness}).value();
  forged[forged.size() - 6] = forged[forged.size() - 6] == 'A' ? 'B' : 'A';
  v1::AddCosignatureRequest request;
  request.set_signed_note(forged);
  v1::SignedCheckpoint response;
  const grpc::Status status =
      v1::Audit::NewStub(server.Channel())
          ->AddCosignature(server.Context("supervisor").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  // What the server serves for that head carries only the genuine cosignature.
  v1::GetCheckpointRequest get;
  get.set_cosigned_by("mttq.lienchung/w1");
  ASSERT_TRUE(v1::Audit::NewStub(server.Channel())
                  ->GetCheckpoint(server.Context("district").get(), get, &response)
                  .ok());
  EXPECT_EQ(response.tree_size(), 5u);
  EXPECT_TRUE(storage::note::Open(response.signed_note(), {log_key, witness.verifier()}).ok());
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
