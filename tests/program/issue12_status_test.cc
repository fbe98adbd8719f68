// Issue 12: what the status answers carry of the new rules and of the plan's
// fidelity (a partial consolidation with its reason, a count target, units,
// horizons, the plan's unknown day and signer, the sub-projects' project and
// beneficiaries), and that projection snapshots keep all of it.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/domain/assignment.h"
#include "services/domain/budget.h"
#include "services/domain/plan.h"
#include "services/domain/reporting.h"
#include "services/program/program_state.h"
#include "services/program/program_status.h"
#include "services/program/snapshot_codec.h"

namespace minhbach::program {
namespace {

std::string Id(int n) { return absl::StrFormat("i12-%012d", n); }

template <typename State, typename Command>
void Do(State& state, const Command& command) {
  absl::StatusOr<std::vector<domain::DomainEvent>> events = domain::Decide(state, command);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  ASSERT_TRUE(domain::Apply(state, events->front()).ok());
}

// The 2024 plan as the seed now records it, in miniature, with a partial
// 2024-H2 consolidation: thon-3 has not reported.
class Issue12StatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    domain::PlanState& plan = state_.plan;
    domain::IssuePlan issue{Id(1),
                            "lien-chung-2024",
                            "...../KH-UBND",
                            "",
                            "UBND xã Liên Chung",
                            "Kế hoạch số 41/KH-UBND",
                            "Kế hoạch năm 2024"};
    issue.issued_month = "2024-03";
    issue.signer_title = "KT. Chủ tịch, Phó Chủ tịch";
    issue.signer_name = "Nguyễn Văn Nam";
    Do(plan, domain::PlanCommand(issue));
    domain::Target merit{
        "Không phát sinh hộ nghèo là người có công", domain::kAtMost, "0 hộ", 0, 0, ""};
    merit.kind = domain::kTargetKindCount;
    merit.unit = "hộ";
    merit.horizon_date = "2024-12-31";
    Do(plan,
       domain::PlanCommand(domain::SetTarget{Id(2), "lien-chung-2024", "merit-new-poor", merit}));
    domain::Target health{"BHYT", domain::kAtLeast, "100%", 100, 100, ""};
    health.kind = domain::kTargetKindShare;
    health.unit = "người";
    health.horizon_date = "2024-12-31";
    Do(plan,
       domain::PlanCommand(domain::SetTarget{Id(3), "lien-chung-2024", "dim-health", health}));
    domain::SubProject p{"Hỗ trợ việc làm bền vững", "central-budget", {"ldtbxh"}, {}, ""};
    p.project_name = "Dự án 3: Phát triển giáo dục nghề nghiệp, việc làm bền vững";
    p.beneficiaries_and_support = "Hỗ trợ việc làm bền vững, cung cấp thông tin";
    Do(plan,
       domain::PlanCommand(domain::RegisterSubProject{Id(4), "lien-chung-2024", "DA3-TDA3", p}));
    for (int v = 1; v <= 3; ++v) {
      Do(plan, domain::PlanCommand(domain::RegisterVillage{
                   Id(10 + v), "lien-chung-2024", absl::StrCat("thon-", v), "Thôn (minh họa)"}));
    }
    domain::ReportingState& h2 = state_.periods["2024-H2"];
    for (int v = 1; v <= 2; ++v) {
      const std::string village = absl::StrCat("thon-", v);
      domain::SubmitVillageReport submit{
          Id(20 + v), "2024-H2", village, {{"merit-new-poor", v - 1, 0}, {"dim-health", 40, 40}}};
      submit.target_kinds = {{"merit-new-poor", domain::kTargetKindCount},
                             {"dim-health", domain::kTargetKindShare}};
      Do(h2, domain::ReportingCommand(submit));
      Do(h2,
         domain::ReportingCommand(domain::ApproveVillageReport{Id(30 + v), "2024-H2", village}));
    }
    domain::ConsolidateCommuneReport consolidate{Id(40), "2024-H2", true,
                                                 "thôn 3 chưa nộp; hạn nộp huyện 20/12 (minh họa)"};
    consolidate.expected_villages = {"thon-1", "thon-2", "thon-3"};
    Do(h2, domain::ReportingCommand(consolidate));
  }

  ProgramState state_;
};

TEST_F(Issue12StatusTest, Issue12_PartialConsolidationIsShownOnTheTargetAndTheDashboard) {
  absl::StatusOr<v1::TargetStatus> target = BuildTargetStatus(state_, "dim-health", "2024-H2");
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->partial_reason(), "thôn 3 chưa nộp; hạn nộp huyện 20/12 (minh họa)");
  ASSERT_EQ(target->villages_missing_size(), 1);
  EXPECT_EQ(target->villages_missing(0), "thon-3");

  v1::Dashboard dashboard = BuildDashboard(state_, "2024-12-31");
  ASSERT_EQ(dashboard.partial_reports_size(), 1);
  EXPECT_EQ(dashboard.partial_reports(0).period(), "2024-H2");
  EXPECT_EQ(dashboard.partial_reports(0).reason(), target->partial_reason());
  ASSERT_EQ(dashboard.partial_reports(0).villages_missing_size(), 1);
  EXPECT_EQ(dashboard.partial_reports(0).villages_missing(0), "thon-3");
}

TEST_F(Issue12StatusTest, Issue12_CountTargetIsNotZeroOfOne) {
  absl::StatusOr<v1::TargetStatus> merit = BuildTargetStatus(state_, "merit-new-poor", "2024-H2");
  ASSERT_TRUE(merit.ok()) << merit.status();
  EXPECT_EQ(merit->kind(), "count");
  EXPECT_EQ(merit->denominator_target(), 0);
  EXPECT_EQ(merit->unit(), "hộ");
  EXPECT_EQ(merit->horizon_date(), "2024-12-31");
  EXPECT_TRUE(merit->has_actual());
  EXPECT_EQ(merit->actual_numerator(), 1);  // thon-2 reported one new poor household
  EXPECT_EQ(merit->actual_text(), "1");
  EXPECT_EQ(merit->assessment(), "not met");  // at most 0

  absl::StatusOr<v1::TargetStatus> health = BuildTargetStatus(state_, "dim-health", "2024-H2");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->kind(), "share");
  EXPECT_EQ(health->unit(), "người");
  EXPECT_EQ(health->assessment(), "met");
}

TEST_F(Issue12StatusTest, Issue12_DashboardShowsThePlansUnknownDayAndSigner) {
  v1::Dashboard dashboard = BuildDashboard(state_, "2024-12-31");
  EXPECT_EQ(dashboard.issued_date(), "");
  EXPECT_EQ(dashboard.issued_month(), "2024-03");
  EXPECT_EQ(dashboard.signer_title(), "KT. Chủ tịch, Phó Chủ tịch");
  EXPECT_EQ(dashboard.signer_name(), "Nguyễn Văn Nam");
  // The carry-over year comes from the plan's year, known from its month.
  EXPECT_EQ(dashboard.carry_over().fiscal_year(), 2023);
  ASSERT_EQ(dashboard.subprojects_size(), 1);
  EXPECT_EQ(dashboard.subprojects(0).project_name(),
            "Dự án 3: Phát triển giáo dục nghề nghiệp, việc làm bền vững");
  EXPECT_EQ(dashboard.subprojects(0).beneficiaries_and_support(),
            "Hỗ trợ việc làm bền vững, cung cấp thông tin");
}

TEST_F(Issue12StatusTest, Issue12_SnapshotsKeepTheNewFields) {
  domain::BudgetState& budget = state_.budgets["DA3-TDA3"];
  domain::AllocateBudget allocate{Id(50), "DA3-TDA3", "a", "central-budget", 2024, 1000, "QĐ"};
  allocate.allocated_date = "2024-04-02";
  Do(budget, domain::BudgetCommand(allocate));
  domain::AssignmentState& assignment = state_.assignments["A-1"];
  domain::MakeAssignment make{Id(51), "A-1", "DA3-TDA3", {"ldtbxh"}, {}, "2024-09-30", "việc"};
  make.assigned_date = "2024-04-08";
  Do(assignment, domain::AssignmentCommand(make));

  absl::StatusOr<ProgramState> restored = ParseState(SerializeState(state_));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(SerializeState(*restored), SerializeState(state_));
  EXPECT_EQ(restored->plan.issued_month, "2024-03");
  EXPECT_EQ(restored->plan.signer_name, "Nguyễn Văn Nam");
  EXPECT_EQ(restored->plan.targets.at("merit-new-poor").kind, "count");
  EXPECT_EQ(restored->plan.targets.at("dim-health").unit, "người");
  EXPECT_EQ(restored->plan.targets.at("dim-health").horizon_date, "2024-12-31");
  EXPECT_EQ(restored->plan.subprojects.at("DA3-TDA3").project_name,
            "Dự án 3: Phát triển giáo dục nghề nghiệp, việc làm bền vững");
  EXPECT_EQ(restored->budgets.at("DA3-TDA3").allocations.at("a").allocated_date, "2024-04-02");
  EXPECT_EQ(restored->assignments.at("A-1").assigned_date, "2024-04-08");
  EXPECT_EQ(restored->periods.at("2024-H2").commune.villages_missing,
            (std::vector<std::string>{"thon-3"}));
  EXPECT_FALSE(restored->periods.at("2024-H2").commune.partial_reason.empty());
}

}  // namespace
}  // namespace minhbach::program
