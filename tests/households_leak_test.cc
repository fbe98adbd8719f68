// Issue 14: personal data never leaks. The 300-household generated
// (illustrative) review runs against a real minhbachd with a vault; then
// every output channel is searched for the generated heads' names and ID
// numbers: the server's log lines (stderr), /metrics, the raw bytes of every
// file of the data directory (the log's, projections' and timeline's RocksDB
// files among them), the error messages of refused commands, the CLI's
// status / timeline / household list / export for a role without access,
// and the Connect JSON answers of the web port for those roles. Only
// GetHouseholdPersonalData and the posting list, for roles that may read
// them, hold them, and this test checks that they do (so the search can fail).
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/connection.h"
#include "clients/program_import.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "minhbach/v1/household_service.grpc.pb.h"
#include "services/domain/poverty_standard.h"
#include "tests/server_process.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/tools/households_scenario.h"

namespace minhbach {
namespace {

using ::minhbach::testing::ReadWholeFile;
using ::minhbach::testing::ScenarioHousehold;
using ::minhbach::testing::ServerProcess;
using ::minhbach::testing::Shell;

v1::PovertyStandardPublished SeedStandard() {
  absl::StatusOr<v1::PovertyStandardPublished> standard =
      domain::ParseStandardJson(ReadWholeFile(MINHBACH_POVERTY_STANDARD));
  EXPECT_TRUE(standard.ok()) << standard.status();
  return standard.ok() ? *standard : v1::PovertyStandardPublished();
}

// What of `secrets` occurs in `text`, for the failure message.
std::vector<std::string> Found(const std::string& text, const std::vector<std::string>& secrets) {
  std::vector<std::string> found;
  for (const std::string& s : secrets) {
    if (absl::StrContains(text, s)) found.push_back(s);
  }
  return found;
}

class HouseholdsLeakTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = testing::MakeHouseholdsScenario(SeedStandard(), 300, 20251004);
    for (const ScenarioHousehold& h : scenario_.households) {
      secrets_.push_back(h.head_name);
      secrets_.push_back(h.head_id_number);
    }
    key_file_ = dir_.Sub("master-key");
    std::ofstream(key_file_, std::ios::binary) << std::string(32, 'm');
    chmod(key_file_.c_str(), 0600);
    data_dir_ = dir_.Sub("data");
    log_path_ = dir_.Sub("minhbachd.log");
    absl::StatusOr<ServerProcess> server =
        ServerProcess::Start(MINHBACH_SERVER_PATH, data_dir_, log_path_,
                             {"--master_key_file=" + key_file_, "--metrics_listen=127.0.0.1:0",
                              "--http_listen=127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *server;
    std::smatch match;
    const std::string started = ReadWholeFile(log_path_);
    const std::regex metrics("metrics_port=([0-9]+)");
    ASSERT_TRUE(std::regex_search(started, match, metrics)) << started;
    metrics_port_ = std::stoi(match[1]);
    tokens_ = clients::ReadClientTokens(data_dir_ + "/client-tokens");
    channel_ = grpc::CreateChannel(server_.address(), grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    if (server_.pid() > 0 && !stopped_) server_.Stop(SIGTERM);
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& role) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + tokens_.at(role));
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    return context;
  }

  testing::ShellRun Client(const std::string& role, const std::string& arguments) {
    return Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server_.address(), " --role=",
                              role, " --client_tokens=", data_dir_, "/client-tokens ", arguments));
  }

  std::string ConnectJson(const std::string& role, const std::string& path,
                          const std::string& json) {
    httplib::Client http("127.0.0.1", server_.http_port());
    http.set_read_timeout(60, 0);
    httplib::Headers headers = {{"Authorization", "Bearer " + tokens_.at(role)}};
    httplib::Result result = http.Post(path, headers, json, "application/json");
    EXPECT_TRUE(result) << path;
    return result ? result->body : "";
  }

  ::minhbach::testing::TempDir dir_;
  testing::HouseholdsScenario scenario_;
  std::vector<std::string> secrets_;
  std::string key_file_, data_dir_, log_path_;
  ServerProcess server_;
  bool stopped_ = false;
  int metrics_port_ = 0;
  std::map<std::string, std::string> tokens_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(HouseholdsLeakTest, NoGeneratedNameOrIdNumberInAnyChannelWithoutAccess) {
  std::map<std::string, std::string> import_tokens;
  for (const char* role : {"coordinator", "village", "supervisor", "district"}) {
    import_tokens[role] = tokens_.at(role);
  }
  absl::StatusOr<clients::ImportSummary> summary = clients::ImportProgram(
      scenario_.file, channel_, import_tokens, 60, [](const clients::ImportedStep&) {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->written, scenario_.file.steps_size());
  auto stub = v1::Households::NewStub(channel_);
  const ScenarioHousehold& first = scenario_.households[0];
  {
    // The projections follow the log a moment behind: read the import's own
    // writes, as a client does, by waiting for them to be folded.
    v1::RegisterRequest request;
    request.set_min_position(summary->end_position);
    v1::HouseholdRegister folded;
    grpc::Status waited = stub->GetRegister(Context("coordinator").get(), request, &folded);
    ASSERT_TRUE(waited.ok()) << waited.error_message();
  }

  // Refused commands and reads: their messages.
  std::string refusals;
  {
    v1::RegisterHouseholdRequest again;  // registered already, with its data
    again.mutable_meta()->set_event_id(std::string(16, 'a'));
    again.mutable_body()->set_household_id(first.household_id);
    again.mutable_body()->set_village_id(scenario_.village_id);
    again.mutable_body()->set_area("rural");
    again.mutable_body()->set_member_count(2);
    again.mutable_personal()->set_head_name(first.head_name);
    v1::HouseholdMember* member = again.mutable_personal()->add_members();
    member->set_name(first.head_name);
    member->set_id_number(first.head_id_number);
    v1::CommandResult result;
    for (const char* role : {"coordinator", "supervisor", "village"}) {
      grpc::Status status = stub->RegisterHousehold(Context(role).get(), again, &result);
      EXPECT_FALSE(status.ok()) << role;
      refusals += status.error_message() + "\n";
    }
    again.mutable_body()->set_household_id(first.head_name);  // a name where an id goes
    grpc::Status status = stub->RegisterHousehold(Context("coordinator").get(), again, &result);
    EXPECT_FALSE(status.ok());
    // The id the caller typed is echoed back to that caller only; it is not
    // one of the household's stored data, so it is not searched for here.
    v1::HouseholdPersonalDataRequest read;
    read.set_household_id(first.household_id);
    read.set_purpose("Kiểm tra (minh họa)");
    v1::HouseholdPersonalDataView view;
    for (const char* role : {"supervisor", "district", "implementer"}) {
      status = stub->GetHouseholdPersonalData(Context(role).get(), read, &view);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << role;
      refusals += status.error_message() + "\n";
    }
  }
  EXPECT_EQ(Found(refusals, secrets_), std::vector<std::string>()) << refusals;

  // The channels that may hold them, to roles with access: they do.
  {
    v1::HouseholdPersonalDataRequest read;
    read.set_household_id(first.household_id);
    read.set_purpose("Xác minh (minh họa)");
    v1::HouseholdPersonalDataView view;
    ASSERT_TRUE(stub->GetHouseholdPersonalData(Context("coordinator").get(), read, &view).ok());
    EXPECT_EQ(view.personal().head_name(), first.head_name);
    v1::PostingListRequest posting;
    posting.set_review_id(scenario_.review_id);
    posting.set_village_id(scenario_.village_id);
    posting.set_as_of_date(scenario_.posted_on);
    v1::PostingList list;
    ASSERT_TRUE(stub->GetPostingList(Context("supervisor").get(), posting, &list).ok());
    EXPECT_EQ(Found(list.SerializeAsString(), {first.head_name}).size(), 1u);
    EXPECT_EQ(Found(list.SerializeAsString(), {first.head_id_number}).size(), 0u);
  }

  // The CLI, for roles without access to personal data.
  std::string cli;
  const std::string csv = dir_.Sub("timeline.csv");
  const std::string status_csv = dir_.Sub("status.csv");
  for (const char* role : {"supervisor", "district"}) {
    for (const std::string& command :
         {std::string("status"), std::string("status --json"), std::string("timeline --limit=2000"),
          std::string("timeline --limit=2000 --json"),
          std::string("household list --village=thon-1"), std::string("household rates"),
          "export timeline --out=" + csv, "export status --out=" + status_csv,
          "household show " + first.household_id + " --purpose=x"}) {
      testing::ShellRun run = Client(role, command);
      cli += run.output;
      if (!absl::StartsWith(command, "household show")) {
        EXPECT_EQ(run.exit_code, 0) << role << " " << command << ": " << run.output;
      }
    }
    cli += ReadWholeFile(csv) + ReadWholeFile(status_csv);
  }
  EXPECT_GT(cli.size(), 10000u);  // the timeline was printed
  EXPECT_EQ(Found(cli, secrets_), std::vector<std::string>());

  // Connect JSON over the web port, for roles without access.
  std::string web;
  for (const char* role : {"supervisor", "district", "implementer"}) {
    web += ConnectJson(role, "/minhbach.v1.Timeline/GetTimeline", "{\"limit\":2000}");
    web += ConnectJson(role, "/minhbach.v1.Households/GetRegister", "{}");
    web += ConnectJson(role, "/minhbach.v1.Households/GetHouseholdTargets", "{}");
    web += ConnectJson(role, "/minhbach.v1.ProgramStatus/GetDashboard", "{}");
    web += ConnectJson(role, "/minhbach.v1.EventLog/ReadAll", "{\"limit\":2000}");
    web += ConnectJson(
        role, "/minhbach.v1.Households/GetHouseholdPersonalData",
        absl::StrCat("{\"householdId\":\"", first.household_id, "\",\"purpose\":\"x\"}"));
    web += ConnectJson(role, "/minhbach.v1.Households/GetPostingList",
                       absl::StrCat("{\"reviewId\":\"", scenario_.review_id,
                                    "\",\"villageId\":\"thon-1\",\"asOfDate\":\"2025-10-10\"}"));
  }
  EXPECT_TRUE(absl::StrContains(web, "auditors see pseudonyms")) << web.substr(0, 2000);
  EXPECT_GT(web.size(), 10000u);
  EXPECT_EQ(Found(web, secrets_), std::vector<std::string>());

  // /metrics.
  httplib::Client metrics("127.0.0.1", metrics_port_);
  httplib::Result scraped = metrics.Get("/metrics");
  ASSERT_TRUE(scraped);
  EXPECT_TRUE(absl::StrContains(scraped->body, "minhbach")) << scraped->body.substr(0, 500);
  EXPECT_EQ(Found(scraped->body, secrets_), std::vector<std::string>());

  // The server's own log lines, and every byte of its data directory once
  // it has stopped (RocksDB's WAL, tables and manifests included).
  server_.Stop(SIGTERM);
  stopped_ = true;
  const std::string lines = ReadWholeFile(log_path_);
  EXPECT_TRUE(absl::StrContains(lines, "minhbachd started"));
  EXPECT_EQ(Found(lines, secrets_), std::vector<std::string>());
  std::string disk;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir_)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    disk += ReadWholeFile(entry.path().string());
  }
  EXPECT_GT(files, 10);
  for (const char* part : {"/log", "/projections", "/timeline"}) {
    EXPECT_TRUE(std::filesystem::exists(data_dir_ + part)) << part;
  }
  // The search can find what is stored in plaintext: the review's id and
  // the households' pseudonyms are there.
  EXPECT_TRUE(absl::StrContains(disk, scenario_.review_id));
  EXPECT_TRUE(absl::StrContains(disk, scenario_.households[299].household_id));
  EXPECT_EQ(Found(disk, secrets_), std::vector<std::string>());
}

}  // namespace
}  // namespace minhbach
