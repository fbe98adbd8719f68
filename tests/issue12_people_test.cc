// Issue 12, "People, not roles", against a real server: each defect named
// there, through the quick start's tokens and the token file an operator
// edits. Written with the APIs of before the fix, so that it runs (and
// fails) there too.
#include <fstream>
#include <sstream>

#include "clients/program_import.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/auth/token_store.h"
#include "services/rpc/raw_unary_call.h"
#include "storage/uuid.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::TestServer;

class Issue12PeopleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(MINHBACH_SEED_PLAN);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<v1::ProgramImport> plan = clients::ParseImportFile(text.str());
    ASSERT_TRUE(plan.ok()) << plan.status();
    absl::StatusOr<clients::ImportSummary> imported = clients::ImportProgram(
        *plan, server_.Channel(), clients::ReadClientTokens(server_.data_dir() + "/client-tokens"),
        30, [](const auto&) {});
    ASSERT_TRUE(imported.ok()) << imported.status();
  }

  // Sends `body` as the command `method` ("Service/Method") with `token`.
  template <typename Body>
  grpc::Status Send(const std::string& token, const std::string& method, const std::string& date,
                    const Body& body, v1::CommandResult* result) {
    v1::CommandMeta meta;
    meta.set_event_id(storage::NewRandomUuid());
    meta.set_business_date(date);
    // Every command request is {meta = 1, body = 2}: build it field by field.
    std::string request;
    google::protobuf::io::StringOutputStream stream(&request);
    {
      google::protobuf::io::CodedOutputStream out(&stream);
      out.WriteTag(10);
      out.WriteVarint32(meta.ByteSizeLong());
      meta.SerializeWithCachedSizes(&out);
      out.WriteTag(18);
      out.WriteVarint32(body.ByteSizeLong());
      body.SerializeWithCachedSizes(&out);
    }
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    std::string response;
    grpc::Status status = services::RawUnaryCall(server_.Channel(), &context,
                                                 "/minhbach.v1." + method, request, &response);
    if (status.ok()) {
      EXPECT_TRUE(result->ParseFromString(response));
    }
    return status;
  }

  std::string ActorAt(uint64_t position) {
    absl::StatusOr<storage::StoredEvent> event = server_.log().GetEvent(position);
    EXPECT_TRUE(event.ok()) << event.status();
    return event.ok() ? event->record.actor() : "";
  }

  // The token the quick start made for `key` ("implementer:khuyen-nong"), or
  // a failure saying there is none.
  std::string QuickStartToken(const std::string& key) {
    std::map<std::string, std::string> tokens =
        clients::ReadClientTokens(server_.data_dir() + "/client-tokens");
    auto found = tokens.find(key);
    EXPECT_NE(found, tokens.end()) << "the quick start made no token for " << key;
    return found == tokens.end() ? "" : found->second;
  }

  // Replaces the token file as an operator's tool would (a whole new file).
  void WriteTokenFile(const std::string& text) {
    const std::string path = server_.data_dir() + "/tokens";
    ASSERT_TRUE(services::WritePrivateFile(path, text).ok());
  }
  std::string TokenFileText() {
    std::ifstream in(server_.data_dir() + "/tokens");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // A progress report on assignment `id` with `token`.
  grpc::Status Progress(const std::string& token, const std::string& id,
                        v1::CommandResult* result) {
    v1::AssignmentProgressReported progress;
    progress.set_assignment_id(id);
    progress.set_text("đã họp giao ban");
    progress.set_quantity(1);
    return Send(token, "Assignments/ReportProgress", "2024-04-10", progress, result);
  }

  // A progress report on assignment `id` with `token`, retried until the
  // status is not `until_not` (a token file change takes the server's reload
  // interval, 1 s by default) or 10 s have passed.
  grpc::Status ProgressUntilNot(const std::string& token, const std::string& id,
                                grpc::StatusCode until_not, v1::CommandResult* result) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    for (;;) {
      grpc::Status status = Progress(token, id, result);
      if (status.error_code() != until_not || absl::Now() > give_up) return status;
      absl::SleepFor(absl::Milliseconds(50));
    }
  }

  // DA7-TDA2's assignment to its three leads, accepted by ldtbxh unless
  // `accepted` is false.
  void MakeMonitoringAssignment(bool accepted = true) {
    v1::AssignmentMade made;
    made.set_assignment_id("DA7-TDA2-01");
    made.set_subproject_id("DA7-TDA2");
    for (const char* lead : {"ldtbxh", "khuyen-nong", "vhxh"}) made.add_lead_units(lead);
    made.set_due_date("2024-12-31");
    made.set_description("giám sát, đánh giá");
    v1::CommandResult result;
    grpc::Status status = Send(server_.Token("coordinator"), "Assignments/MakeAssignment",
                               "2024-04-01", made, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
    if (!accepted) return;
    v1::AssignmentAccepted accept;
    accept.set_assignment_id("DA7-TDA2-01");
    accept.set_by_unit("ldtbxh");
    status = Send(server_.Token("coordinator"), "Assignments/AcceptAssignment", "2024-04-02",
                  accept, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  TestServer server_;
};

// The extension officer co-leads DA7-TDA2 (the plan's three leads), but the
// quick start had one implementer token, acting as vhxh: the extension
// officer could neither accept nor report on the monitoring assignment.
TEST_F(Issue12PeopleTest, Issue12_ExtensionOfficerCannotAct) {
  MakeMonitoringAssignment(/*accepted=*/false);
  const std::string officer = QuickStartToken("implementer:khuyen-nong");
  ASSERT_FALSE(officer.empty());
  v1::AssignmentAccepted accepted;
  accepted.set_assignment_id("DA7-TDA2-01");
  accepted.set_by_unit("khuyen-nong");
  v1::CommandResult result;
  grpc::Status status =
      Send(officer, "Assignments/AcceptAssignment", "2024-04-02", accepted, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ActorAt(result.position()), "khuyen-nong/Cán bộ khuyến nông");
  status = Progress(officer, "DA7-TDA2-01", &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ActorAt(result.position()), "khuyen-nong/Cán bộ khuyến nông");

  // Its token acts for its own unit only.
  accepted.set_by_unit("vhxh");
  status = Send(officer, "Assignments/AcceptAssignment", "2024-04-02", accepted, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

// Every event showed the role's token name ("local-coordinator"): a token
// issued to a person now records "<unit>/<person>", and an operator's new
// line is honoured without a restart.
TEST_F(Issue12PeopleTest, Issue12_EveryEventShowsLocalCoordinator) {
  MakeMonitoringAssignment();
  const std::string token = services::NewToken();
  WriteTokenFile(TokenFileText() + "implementer ldtbxh " + services::HashToken(token) +
                 " ldtbxh issued=2024-04-01T01:00:00Z name=Nguyễn Thị Bình\n");
  v1::CommandResult result;
  grpc::Status status =
      ProgressUntilNot(token, "DA7-TDA2-01", grpc::StatusCode::UNAUTHENTICATED, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ActorAt(result.position()), "ldtbxh/Nguyễn Thị Bình");
}

// A token taken off the file kept working until the server restarted.
TEST_F(Issue12PeopleTest, Issue12_RevocationNeedsRestart) {
  MakeMonitoringAssignment();
  const std::string officer = server_.Token("implementer");  // acts as vhxh, a lead
  v1::CommandResult result;
  ASSERT_TRUE(Progress(officer, "DA7-TDA2-01", &result).ok());

  const std::string id = services::HashToken(officer).substr(0, 8);
  WriteTokenFile(TokenFileText() + "revoked " + id + " 2024-05-01T00:00:00Z\n");
  grpc::Status status = ProgressUntilNot(officer, "DA7-TDA2-01", grpc::StatusCode::OK, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_NE(status.error_message().find("token " + id + " was revoked"), std::string::npos)
      << status.error_message();
  // The other tokens are untouched.
  EXPECT_TRUE(Progress(server_.Token("coordinator"), "DA7-TDA2-01", &result).ok());
}

// A typo in the edited file must not lock everyone out: the previous tokens
// stay in force, and a later fix is picked up.
TEST_F(Issue12PeopleTest, TokenReload_MalformedFileKeepsPreviousTokens) {
  MakeMonitoringAssignment();
  const std::string officer = QuickStartToken("implementer:khuyen-nong");
  const std::string good = TokenFileText();
  const std::string token = services::NewToken();
  WriteTokenFile(good + "implementer ldtbxh " + services::HashToken(token) +
                 " ldtbxh name=Trần Văn Cường\nvilage thon-2 oops\n");
  v1::CommandResult result;
  // The new token in the malformed file is never accepted, and the old ones
  // keep working while the server has seen (and refused) the file.
  for (int i = 0; i < 3; ++i) {
    absl::SleepFor(absl::Milliseconds(500));
    EXPECT_TRUE(Progress(officer, "DA7-TDA2-01", &result).ok());
    EXPECT_EQ(Send(token, "Assignments/ReportProgress", "2024-04-10",
                   v1::AssignmentProgressReported(), &result)
                  .error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  WriteTokenFile(good + "implementer ldtbxh " + services::HashToken(token) +
                 " ldtbxh name=Trần Văn Cường\n");
  EXPECT_TRUE(
      ProgressUntilNot(token, "DA7-TDA2-01", grpc::StatusCode::UNAUTHENTICATED, &result).ok());
  EXPECT_EQ(ActorAt(result.position()), "ldtbxh/Trần Văn Cường");
}

}  // namespace
}  // namespace minhbach
