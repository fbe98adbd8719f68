// Issue 12, "views that agree, and that honour the date asked": the seed
// plan and the demo year imported into a real server, then the auditor's
// and supervisor's views through the minhbach client, each test named for
// the defect it pins.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "storage/uuid.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::Shell;
using ::minhbach::testing::ShellRun;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

class ViewsAgreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ShellRun imported =
        Client(absl::StrCat("import ", MINHBACH_SEED_PLAN, " ", MINHBACH_SEED_DEMO), "coordinator");
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
    WaitIndexed();
  }

  ShellRun Client(const std::string& arguments, const std::string& role = "supervisor") {
    return Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server_.address(),
                              " --role=", role, " --client_tokens=", server_.data_dir(),
                              "/client-tokens --log_key=", server_.data_dir(), "/log.pub ",
                              arguments));
  }

  // Until the timeline index covers every event of the log.
  void WaitIndexed() {
    auto stub = v1::Timeline::NewStub(server_.Channel());
    for (int i = 0; i < 500; ++i) {
      v1::TimelineRequest request;
      request.set_limit(1);
      v1::TimelinePage page;
      ASSERT_TRUE(stub->GetTimeline(server_.Context("supervisor").get(), request, &page).ok());
      if (page.indexed() >= server_.log().Size()) return;
      absl::SleepFor(absl::Milliseconds(20));
    }
    FAIL() << "the timeline index did not catch up";
  }

  TestServer server_;
  TempDir dir_;
};

// Defect 1: `replay --entity=DA7-TDA2 --as-of=2024-06-30` listed the payment
// CT-009 of 2024-07-15.
TEST_F(ViewsAgreeTest, Defect1ReplayOfAnEntityAsOfADateListsNothingOfALaterDate) {
  const ShellRun all = Client("replay --entity=DA7-TDA2 --json");
  ASSERT_EQ(all.exit_code, 0) << all.output;
  ASSERT_TRUE(absl::StrContains(all.output, "CT-009")) << all.output;
  const ShellRun then = Client("replay --entity=DA7-TDA2 --as-of=2024-06-30 --json");
  ASSERT_EQ(then.exit_code, 0) << then.output;
  EXPECT_FALSE(absl::StrContains(then.output, "CT-009")) << then.output;
  EXPECT_TRUE(absl::StrContains(then.output, "NS2024-05")) << then.output;  // of 2024-04-15
  const ShellRun text = Client("replay --entity=DA7-TDA2 --as-of=2024-06-30");
  EXPECT_TRUE(absl::StrContains(text.output,
                                "Tính đến 30/06/2024 · hạn được xét vào ngày "
                                "30/06/2024"))
      << text.output;
}

// Defect 1: the timeline (and so `finance`, `assignment`, `export timeline`)
// honours --as-of the same way.
TEST_F(ViewsAgreeTest, Defect1TimelineAndFinanceAsOfADateShowNothingOfALaterDate) {
  for (const char* view : {"timeline --entity=DA7-TDA2", "finance DA7-TDA2"}) {
    const ShellRun then = Client(absl::StrCat(view, " --as-of=2024-06-30 --json"));
    ASSERT_EQ(then.exit_code, 0) << then.output;
    EXPECT_FALSE(absl::StrContains(then.output, "CT-009")) << view << then.output;
    EXPECT_TRUE(absl::StrContains(then.output, "NS2024-05")) << view << then.output;
  }
}

// Defect 1: `replay --status --as-of=...` printed an empty reference date
// and judged deadlines on today ("745 days late").
TEST_F(ViewsAgreeTest, Defect1ReplayStatusAsOfJudgesDeadlinesOnTheAsOfDate) {
  const ShellRun json = Client("replay --status --as-of=2024-06-30 --json");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_TRUE(absl::StrContains(json.output, R"("reference_date":"2024-06-30")")) << json.output;
  // On 2024-06-30 no assignment of the demo was overdue (the first is due 2024-09-30).
  EXPECT_FALSE(absl::StrContains(json.output, "days_overdue")) << json.output;
  // Nor was CT-009 (2024-07-15) paid: 35 + 15 + 15 - 15 + 20 + 18 + 25 million by then.
  EXPECT_TRUE(absl::StrContains(json.output, R"("disbursed_dong":"113000000")")) << json.output;
  const ShellRun text = Client("replay --status --as-of=2024-06-30");
  EXPECT_TRUE(absl::StrContains(text.output, "hạn được xét vào ngày 30/06/2024")) << text.output;
}

// Defect 1: the status view states its point and reference date in its header.
TEST_F(ViewsAgreeTest, Defect1StatusHeaderStatesTheAsOfAndReferenceDates) {
  const ShellRun text =
      Client(absl::StrCat("status --as-of=2024-06-30 --min_position=", server_.log().Size()));
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_TRUE(absl::StartsWith(text.output,
                               "Tính đến 30/06/2024 · hạn được xét vào ngày "
                               "30/06/2024 · "))
      << text.output;
}

// Defect 2: `timeline --entity=DA7-TDA2` missed the assignment's acceptance
// and progress (they name only the assignment).
TEST_F(ViewsAgreeTest, Defect2SubProjectTimelineHoldsItsAssignmentsEvents) {
  const ShellRun run = Client("timeline --entity=DA7-TDA2 --json");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* type : {"AssignmentMade", "AssignmentAccepted", "AssignmentProgressReported",
                           "BudgetAllocated", "DisbursementRecorded"}) {
    EXPECT_TRUE(absl::StrContains(run.output, type)) << type << "\n" << run.output;
  }
  // And a finding about a sub-project brings its recommendation along.
  const ShellRun da6 = Client("timeline --entity=DA6-TDA2 --json");
  EXPECT_TRUE(absl::StrContains(da6.output, "RecommendationIssued")) << da6.output;
}

// Defect 2: `export timeline --entity=DA3-TDA3` missed five events.
TEST_F(ViewsAgreeTest, Defect2ExportOfASubProjectTimelineHoldsItsAssignmentsEvents) {
  const std::string out = dir_.path() + "/da3.csv";
  const ShellRun run = Client(absl::StrCat("export timeline --entity=DA3-TDA3 --out=", out));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream in(out);
  std::stringstream csv;
  csv << in.rdbuf();
  for (const char* type : {"AssignmentAccepted", "AssignmentProgressReported",
                           "AssignmentDueDateChanged", "ResponseSubmitted", "FindingResolved"}) {
    EXPECT_TRUE(absl::StrContains(csv.str(), type)) << type << "\n" << csv.str();
  }
}

// Defect 3: the finding id the dashboard prints found "0 events".
TEST_F(ViewsAgreeTest, Defect3FindingIdTheDashboardPrintsWorksInTimelineAndSupervision) {
  for (const char* view : {"timeline --entity=GS-2024-01/F-02", "supervision GS-2024-01/F-02"}) {
    const ShellRun run = Client(absl::StrCat(view, " --json"));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_TRUE(absl::StrContains(run.output, "FindingRecorded")) << view << run.output;
    EXPECT_TRUE(absl::StrContains(run.output, "RecommendationIssued")) << view << run.output;
    EXPECT_FALSE(absl::StrContains(run.output, "F-01")) << view << run.output;
  }
}

// Defect 3: an unknown id answered "0 events" instead of NOT_FOUND with a hint.
TEST_F(ViewsAgreeTest, Defect3UnknownEntityIsNotFoundWithAHint) {
  const ShellRun run = Client("timeline --entity=DA3-TDA");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "NOT_FOUND")) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "no sub-project, assignment")) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "did you mean \"DA3-TDA1\"")) << run.output;
  const ShellRun assignment = Client("assignment DA9-TDA9-01");
  EXPECT_EQ(assignment.exit_code, 2) << assignment.output;
  EXPECT_FALSE(absl::StrContains(assignment.output, "0 events")) << assignment.output;
}

// Defect 4: a service token's look-alike DisbursementRecorded in a raw ext/
// stream appeared in `finance DA3-TDA3`.
TEST_F(ViewsAgreeTest, Defect4ExtLookAlikeDisbursementStaysOutOfProgramViews) {
  v1::DisbursementRecorded fake;
  fake.set_subproject_id("DA3-TDA3");
  fake.set_disbursement_id("CT-GIA");
  fake.set_allocation_id("NS2024-01");
  fake.set_amount_dong(99000000);
  fake.set_date_paid("2024-08-01");
  v1::AppendRequest append;
  append.set_stream("ext/budget/DA3-TDA3");
  v1::NewEvent* event = append.add_events();
  event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
  event->set_event_type("DisbursementRecorded");
  event->mutable_business_time()->set_seconds(1722470400);  // 2024-08-01
  event->set_payload(fake.SerializeAsString());
  v1::AppendResponse appended;
  ASSERT_TRUE(v1::EventLog::NewStub(server_.Channel())
                  ->Append(server_.Context("service").get(), append, &appended)
                  .ok());
  WaitIndexed();
  for (const char* view : {"finance DA3-TDA3 --json", "timeline --entity=DA3-TDA3 --json"}) {
    const ShellRun run = Client(view);
    EXPECT_FALSE(absl::StrContains(run.output, "CT-GIA")) << view << run.output;
  }
  // Its id is no program entity.
  const ShellRun by_id = Client("timeline --entity=CT-GIA --json");
  EXPECT_EQ(by_id.exit_code, 2) << by_id.output;
  EXPECT_TRUE(absl::StrContains(by_id.output, "NOT_FOUND")) << by_id.output;
  EXPECT_TRUE(absl::StrContains(Client("finance DA3-TDA3 --json").output, "CT-001"));
  // The raw stream still shows it, under its own name.
  EXPECT_TRUE(
      absl::StrContains(Client("timeline --entity=ext/budget/DA3-TDA3 --json").output, "CT-GIA"));
  // A timeline of every disbursement shows it labelled as outside the program.
  const ShellRun all = Client("timeline --kind=DisbursementRecorded");
  EXPECT_TRUE(absl::StrContains(all.output, "ngoài chương trình (ext/): luồng ext/budget/DA3-TDA3"))
      << all.output;
  // And the program's money never counts it.
  const ShellRun status =
      Client(absl::StrCat("subproject DA3-TDA3 --json --min_position=", server_.log().Size()));
  EXPECT_TRUE(absl::StrContains(status.output, R"("disbursed_dong":"130000000")")) << status.output;
}

// The text after `"field":"` up to the next quote, in `json`; empty if none.
std::string FirstString(const std::string& json, const std::string& field) {
  const std::string key = absl::StrCat("\"", field, "\":\"");
  const size_t at = json.find(key);
  if (at == std::string::npos) return "";
  const size_t from = at + key.size();
  return json.substr(from, json.find('"', from) - from);
}

// Defect 5: `report disbursement` said "no data" while the dashboard said 51.7 %.
TEST_F(ViewsAgreeTest, Defect5ReportOfTheDisbursementTargetAgreesWithTheDashboard) {
  const std::string wait = absl::StrCat(" --json --min_position=", server_.log().Size());
  const ShellRun dashboard = Client("status" + wait);
  const ShellRun report = Client("report disbursement" + wait);
  ASSERT_EQ(report.exit_code, 0) << report.output;
  const std::string rate = FirstString(dashboard.output, "rate_text");
  ASSERT_FALSE(rate.empty()) << dashboard.output;
  EXPECT_EQ(FirstString(report.output, "actual_text"), rate) << report.output;
  EXPECT_TRUE(absl::StrContains(report.output, R"("has_actual":true)")) << report.output;
}

// Defect 5: the dashboard showed no target; `minhbach targets` lists every
// target of the plan with its value, period and the villages not reported.
TEST_F(ViewsAgreeTest, Defect5TargetsListsEveryTargetOfThePlan) {
  const std::string wait = absl::StrCat(" --min_position=", server_.log().Size());
  const ShellRun json = Client("targets --json" + wait);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  for (const char* id : {"agri-capacity", "cadre-trained", "carryover-2023", "dim-education",
                         "dim-employment", "dim-health", "dim-housing", "dim-information",
                         "dim-sanitation", "dim-water", "disbursement", "merit-new-poor",
                         "models-completed", "poor-household-rate", "stable-job"}) {
    EXPECT_TRUE(absl::StrContains(json.output, absl::StrCat(R"("target_id":")", id, "\"")))
        << id << json.output;
  }
  const ShellRun text = Client("targets" + wait);
  EXPECT_TRUE(absl::StrContains(text.output, "Thôn chưa báo cáo")) << text.output;
  EXPECT_TRUE(absl::StrContains(text.output, "dim-health")) << text.output;
  // The latest consolidated period (2024-H1), not the half-reported 2024-H2.
  EXPECT_TRUE(absl::StrContains(json.output, R"("target_id":"dim-health")")) << json.output;
  const size_t health = json.output.find(R"("target_id":"dim-health")");
  EXPECT_EQ(FirstString(json.output.substr(health), "period"), "2024-H1") << json.output;
  // The dashboard shows them too.
  EXPECT_TRUE(absl::StrContains(Client("status" + wait).output, "poor-household-rate"));
}

// Defect 6: `finance`, `assignment` and `supervision` ended with the events
// alone, no balance, state, days overdue or open recommendation.
TEST_F(ViewsAgreeTest, Defect6EntityViewsEndWithASummary) {
  const ShellRun finance = Client("finance DA7-TDA1 --lang=en");
  ASSERT_EQ(finance.exit_code, 0) << finance.output;
  // NS2024-04: 40,000,000 allocated; CT-002 15 + CT-004 20 paid, CT-003 15 reversed.
  EXPECT_TRUE(absl::StrContains(
      finance.output,
      "NS2024-04 (2024): allocated 40,000,000 VND · disbursed (net) 35,000,000 VND · reversed "
      "15,000,000 VND · remaining 5,000,000 VND"))
      << finance.output;
  // DA3-TDA3-01 was due 2024-12-31 after its extension: 20 days late on 2025-01-20.
  const ShellRun assignment =
      Client("assignment DA3-TDA3-01 --reference_date=2025-01-20 --lang=en");
  ASSERT_EQ(assignment.exit_code, 0) << assignment.output;
  EXPECT_TRUE(absl::StrContains(assignment.output,
                                "State: in progress · due 2024-12-31 · "
                                "overdue by 20 days (judged on 2025-01-20)"))
      << assignment.output;
  // As of 2024-09-01 it was not yet late (due 2024-09-30 then).
  const ShellRun then = Client("assignment DA3-TDA3-01 --as-of=2024-09-01 --lang=en");
  EXPECT_TRUE(absl::StrContains(then.output, "due 2024-09-30 · not overdue")) << then.output;
  // KN-02 (about F-02) was never answered.
  const ShellRun supervision = Client("supervision GS-2024-01");
  ASSERT_EQ(supervision.exit_code, 0) << supervision.output;
  EXPECT_TRUE(absl::StrContains(supervision.output, "Kiến nghị chưa trả lời KN-02"))
      << supervision.output;
  EXPECT_FALSE(absl::StrContains(supervision.output, "Kiến nghị chưa trả lời KN-01"))
      << supervision.output;
}

// Defect 7: `verify --trusted=PATH` into a directory that does not exist
// said VERIFIED and "saved" while saving nothing.
TEST_F(ViewsAgreeTest, Defect7VerifyIntoAMissingDirectoryFailsAndClaimsNoSave) {
  const std::string missing = dir_.path() + "/no-such-dir/head.txt";
  const ShellRun run = Client(absl::StrCat("verify --trusted=", missing));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_FALSE(absl::StrContains(run.output, "saved in")) << run.output;
  EXPECT_FALSE(absl::StrContains(run.output, "đã lưu")) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "CHƯA được lưu")) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, "no-such-dir/head.txt")) << run.output;
  EXPECT_FALSE(std::ifstream(missing).good());
  // Into a directory that exists it saves, and the next verification starts from it.
  const std::string head = dir_.path() + "/head.txt";
  const ShellRun saved = Client(absl::StrCat("verify --trusted=", head));
  EXPECT_EQ(saved.exit_code, 0) << saved.output;
  EXPECT_TRUE(std::ifstream(head).good());
  EXPECT_EQ(Client(absl::StrCat("consistency --save --trusted=", head)).exit_code, 0);
}

}  // namespace
}  // namespace minhbach
