// Issue 12, "Rules the domain does not yet enforce" and "The plan's
// fidelity": each rule refused with a message that names it, and the plan's
// facts recorded as the source states them. One test per defect, named for it.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "services/domain/assignment.h"
#include "services/domain/budget.h"
#include "services/domain/plan.h"
#include "services/domain/reporting.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

// Decides `command` on `state` and applies the one event; fails the test otherwise.
template <typename State, typename Command>
DomainEvent Do(State& state, const Command& command) {
  absl::StatusOr<std::vector<DomainEvent>> events = Decide(state, command);
  EXPECT_TRUE(events.ok()) << events.status();
  if (!events.ok() || events->size() != 1) return {};
  EXPECT_TRUE(Apply(state, events->front()).ok());
  return events->front();
}

// The refusal of `command` on `state` (a failure when it is accepted).
template <typename State, typename Command>
absl::Status Refusal(const State& state, const Command& command) {
  absl::StatusOr<std::vector<DomainEvent>> events = Decide(state, command);
  EXPECT_FALSE(events.ok()) << "accepted";
  return events.status();
}

// ---------------------------------------------------------------- budget

AllocateBudget Allocate(int n, std::string subproject = "DA3-TDA3") {
  AllocateBudget c{Id(n), std::move(subproject), "a-2024",     "central-budget",
                   2024,  500'000'000,           "123/QĐ-UBND"};
  c.allocated_date = "2024-04-02";
  return c;
}

RecordDisbursement Pay(int n, std::string date_paid, std::string voucher = "PC-020/2024") {
  RecordDisbursement c{Id(n),     "DA3-TDA3",           "d-" + std::to_string(n), "a-2024",
                       1'000'000, std::move(date_paid), std::move(voucher)};
  c.recorded_date = "2024-11-30";
  c.plan_issued_from = "2024-03-01";
  return c;
}

class Issue12BudgetTest : public ::testing::Test {
 protected:
  void SetUp() override { Do(budget_, BudgetCommand(Allocate(1))); }
  BudgetState budget_;
};

TEST_F(Issue12BudgetTest, Issue12_AllocationRecordsItsDate) {
  EXPECT_EQ(budget_.allocations.at("a-2024").allocated_date, "2024-04-02");
}

TEST_F(Issue12BudgetTest, Issue12_DisbursementBeforeAllocationIsRefused) {
  absl::Status refused = Refusal(budget_, BudgetCommand(Pay(2, "2024-04-01")));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "no disbursement before its allocation"));
  EXPECT_TRUE(MessageHas(refused, "2024-04-02"));
  Do(budget_, BudgetCommand(Pay(3, "2024-04-02")));  // the same day is fine
}

TEST_F(Issue12BudgetTest, Issue12_DisbursementBeforePlanIssueIsRefused) {
  BudgetState early;
  AllocateBudget allocate = Allocate(1);
  allocate.allocated_date = "2024-01-10";
  Do(early, BudgetCommand(allocate));
  absl::Status refused = Refusal(early, BudgetCommand(Pay(2, "2024-02-20")));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "no disbursement before the plan"));
  // Unknown issue date: not checked.
  RecordDisbursement unknown = Pay(3, "2024-02-20");
  unknown.plan_issued_from.clear();
  Do(early, BudgetCommand(unknown));
}

TEST_F(Issue12BudgetTest, Issue12_DisbursementAfterTheDayItIsRecordedIsRefused) {
  RecordDisbursement ahead = Pay(2, "2024-12-01");
  absl::Status refused = Refusal(budget_, BudgetCommand(ahead));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "after the day it is recorded (2024-11-30)"));
  Do(budget_, BudgetCommand(Pay(3, "2024-11-30")));
}

TEST_F(Issue12BudgetTest, Issue12_DisbursementIn1999IsRefused) {
  BudgetState old;
  AllocateBudget allocate = Allocate(1);
  allocate.allocated_date.clear();  // an allocation recorded before dates were kept
  Do(old, BudgetCommand(allocate));
  RecordDisbursement pay = Pay(2, "1999-05-20");
  pay.plan_issued_from.clear();
  absl::Status refused = Refusal(old, BudgetCommand(pay));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "before 2021-01-01"));
  EXPECT_TRUE(MessageHas(refused, "no disbursement before the program"));
}

TEST_F(Issue12BudgetTest, Issue12_VoucherReusedInTheFiscalYearIsRefused) {
  Do(budget_, BudgetCommand(Pay(2, "2024-05-24")));
  // Same sub-project, same year, spelled with other case and spaces.
  absl::Status refused = Refusal(budget_, BudgetCommand(Pay(3, "2024-05-27", " pc-020/2024 ")));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "once per fiscal year across the commune"));
  EXPECT_TRUE(MessageHas(refused, "DA3-TDA3/d-2"));
}

TEST_F(Issue12BudgetTest, Issue12_VoucherReusedInAnotherSubProjectIsRefused) {
  RecordDisbursement pay = Pay(2, "2024-05-27");
  pay.vouchers_elsewhere.push_back({2024, "PC-020/2024", "DA6-TDA1/d-9"});
  absl::Status refused = Refusal(budget_, BudgetCommand(pay));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "DA6-TDA1/d-9"));
}

TEST_F(Issue12BudgetTest, Issue12_VoucherOfAnotherYearOrOfAReversedPaymentMayBeUsed) {
  RecordDisbursement pay = Pay(2, "2024-05-27");
  pay.vouchers_elsewhere.push_back({2023, "PC-020/2024", "DA6-TDA1/d-9"});
  Do(budget_, BudgetCommand(pay));
  Do(budget_, BudgetCommand(ReverseDisbursement{Id(3), "DA3-TDA3", "d-2", "mis-keyed amount"}));
  Do(budget_, BudgetCommand(Pay(4, "2024-05-27")));  // the corrected payment, same voucher
  EXPECT_EQ(VouchersInUse(budget_).size(), 1u);
}

// ---------------------------------------------------------------- assignments

MakeAssignment Make(int n, std::string due_date) {
  MakeAssignment c{Id(n), "DA3-TDA3-01",       "DA3-TDA3",       {"ldtbxh"},
                   {},    std::move(due_date), "tư vấn việc làm"};
  c.assigned_date = "2024-04-08";
  return c;
}

TEST(Issue12AssignmentTest, Issue12_DueDateBeforeTheAssignmentIsRefused) {
  AssignmentState state;
  absl::Status refused = Refusal(state, AssignmentCommand(Make(1, "2024-04-07")));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_TRUE(MessageHas(refused, "a due date is never before its assignment"));

  Do(state, AssignmentCommand(Make(2, "2024-09-30")));
  EXPECT_EQ(state.assigned_date, "2024-04-08");
  refused = Refusal(
      state, AssignmentCommand(ChangeDueDate{Id(3), "DA3-TDA3-01", "2024-03-31", "sớm hơn"}));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "a due date is never before its assignment"));
  Do(state, AssignmentCommand(ChangeDueDate{Id(4), "DA3-TDA3-01", "2024-04-08", "sớm hơn"}));
}

IssuePlan Issue(int n);

// ---------------------------------------------------------------- blank reasons

TEST(Issue12BlankReasonTest, Issue12_BlankReasonIsRefusedEverywhere) {
  for (const char* blank : {" ", "   ", "\t\n", "\xC2\xA0", "\xE3\x80\x80 "}) {
    SCOPED_TRACE(::testing::Message() << "reason \"" << blank << "\"");
    AssignmentState assignment;
    Do(assignment, AssignmentCommand(Make(1, "2024-09-30")));
    for (const AssignmentCommand& c :
         {AssignmentCommand(ChangeDueDate{Id(2), "DA3-TDA3-01", "2024-10-30", blank}),
          AssignmentCommand(Reassign{Id(3), "DA3-TDA3-01", {"vhxh"}, blank}),
          AssignmentCommand(CancelAssignment{Id(4), "DA3-TDA3-01", blank})}) {
      absl::Status refused = Refusal(assignment, c);
      EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
      EXPECT_TRUE(MessageHas(refused, "reason must not be blank"));
    }

    BudgetState budget;
    Do(budget, BudgetCommand(Allocate(1)));
    Do(budget, BudgetCommand(Pay(2, "2024-05-24")));
    EXPECT_TRUE(MessageHas(
        Refusal(budget, BudgetCommand(ReverseDisbursement{Id(3), "DA3-TDA3", "d-2", blank})),
        "reason must not be blank"));

    PlanState plan;
    Do(plan, PlanCommand(Issue(1)));
    Target rate{"tỷ lệ", kAtLeast, "100%", 100, 100, ""};
    Do(plan, PlanCommand(SetTarget{Id(2), "lien-chung-2024", "t", rate}));
    rate.value_text = "99%";
    EXPECT_TRUE(MessageHas(
        Refusal(plan, PlanCommand(ReviseTarget{Id(3), "lien-chung-2024", "t", rate, blank})),
        "reason must not be blank"));

    ReportingState period;
    Do(period, ReportingCommand(SubmitVillageReport{Id(1), "2024-H1", "thon-1", {{"t", 1, 2}}}));
    EXPECT_TRUE(MessageHas(
        Refusal(period, ReportingCommand(ReturnVillageReport{Id(2), "2024-H1", "thon-1", blank})),
        "reason must not be blank"));
    Do(period, ReportingCommand(ApproveVillageReport{Id(3), "2024-H1", "thon-1"}));
    Do(period, ReportingCommand(ConsolidateCommuneReport{Id(4), "2024-H1"}));
    Do(period, ReportingCommand(SendCommuneReportToDistrict{Id(5), "2024-H1"}));
    EXPECT_TRUE(
        MessageHas(Refusal(period, ReportingCommand(ReturnCommuneReport{Id(6), "2024-H1", blank})),
                   "reason must not be blank"));
    Do(period, ReportingCommand(AcceptCommuneReport{Id(7), "2024-H1", "Phòng LĐTB&XH"}));
    EXPECT_TRUE(MessageHas(Refusal(period, ReportingCommand(ReopenPeriod{Id(8), "2024-H1", blank})),
                           "reason must not be blank"));
  }
}

// ---------------------------------------------------------------- reporting

TEST(Issue12ReportingTest, Issue12_ShareNumeratorAboveDenominatorIsRefused) {
  ReportingState period;
  SubmitVillageReport submit{Id(1), "2024-H1", "thon-1", {{"dim-health", 431, 430}}};
  submit.target_kinds = {{"dim-health", kTargetKindShare}};
  absl::Status refused = Refusal(period, ReportingCommand(submit));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_TRUE(MessageHas(refused, "values[0].numerator 431 exceeds its denominator 430"));
  EXPECT_TRUE(MessageHas(refused, "a share's part is never more than its whole"));
  submit.values = {{"dim-health", 430, 430}};
  Do(period, ReportingCommand(submit));
}

TEST(Issue12ReportingTest, Issue12_CountTargetValueHasNoDenominator) {
  ReportingState period;
  SubmitVillageReport submit{Id(1), "2024-H1", "thon-1", {{"merit-new-poor", 0, 1}}};
  submit.target_kinds = {{"merit-new-poor", kTargetKindCount}};
  absl::Status refused = Refusal(period, ReportingCommand(submit));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_TRUE(MessageHas(refused, "a count has no denominator"));
  submit.values = {{"merit-new-poor", 2, 0}};
  Do(period, ReportingCommand(submit));
}

TEST(Issue12ReportingTest, Issue12_QuarterPeriodIsRefusedListingTheAcceptedForms) {
  for (const char* valid : {"2024", "2024-H1", "2024-H2"}) EXPECT_TRUE(IsValidPeriod(valid));
  for (const char* quarter : {"2024-Q1", "2024-Q3", "2024-Q4"}) {
    EXPECT_FALSE(IsValidPeriod(quarter)) << quarter;
    ReportingState period;
    absl::Status refused = Refusal(
        period, ReportingCommand(SubmitVillageReport{Id(1), quarter, "thon-1", {{"t", 1, 2}}}));
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
    EXPECT_TRUE(MessageHas(refused, "\"YYYY-H1\""));
    EXPECT_TRUE(MessageHas(refused, "\"YYYY-H2\""));
    EXPECT_TRUE(MessageHas(refused, "\"YYYY\""));
    EXPECT_TRUE(MessageHas(refused, "Thông tư 10/2022/TT-BLĐTBXH"));
  }
}

class Issue12ConsolidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Do(period_, ReportingCommand(SubmitVillageReport{Id(1), "2024-H1", "thon-1", {{"t", 1, 2}}}));
    Do(period_, ReportingCommand(ApproveVillageReport{Id(2), "2024-H1", "thon-1"}));
    Do(period_, ReportingCommand(SubmitVillageReport{Id(3), "2024-H1", "thon-2", {{"t", 1, 2}}}));
  }
  ConsolidateCommuneReport Consolidate(int n) {
    ConsolidateCommuneReport c{Id(n), "2024-H1"};
    c.expected_villages = {"thon-1", "thon-2", "thon-3"};
    return c;
  }
  ReportingState period_;
};

TEST_F(Issue12ConsolidationTest, Issue12_ConsolidationWithVillagesMissingIsRefused) {
  absl::Status refused = Refusal(period_, ReportingCommand(Consolidate(10)));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_TRUE(MessageHas(refused, "village(s) thon-2, thon-3 have not reported"));
  EXPECT_TRUE(MessageHas(refused, "--partial"));
}

TEST_F(Issue12ConsolidationTest, Issue12_PartialConsolidationNeedsAReasonAndRecordsIt) {
  ConsolidateCommuneReport partial = Consolidate(10);
  partial.partial = true;
  partial.partial_reason = "  ";
  EXPECT_TRUE(
      MessageHas(Refusal(period_, ReportingCommand(partial)), "partial_reason must not be blank"));
  ConsolidateCommuneReport reason_only = Consolidate(11);
  reason_only.partial_reason = "thôn 3 chưa họp";
  EXPECT_EQ(Refusal(period_, ReportingCommand(reason_only)).code(),
            absl::StatusCode::kInvalidArgument);

  partial.partial_reason = "thôn 2, 3 chưa báo cáo; hạn nộp huyện 10/7";
  DomainEvent event = Do(period_, ReportingCommand(partial));
  minhbach::v1::CommuneReportConsolidated recorded;
  ASSERT_TRUE(recorded.ParseFromString(event.payload));
  EXPECT_TRUE(recorded.partial());
  EXPECT_EQ(recorded.partial_reason(), partial.partial_reason);
  EXPECT_EQ(std::vector<std::string>(recorded.villages_missing().begin(),
                                     recorded.villages_missing().end()),
            (std::vector<std::string>{"thon-2", "thon-3"}));
  EXPECT_EQ(period_.commune.partial_reason, partial.partial_reason);
  EXPECT_EQ(period_.commune.villages_missing, (std::vector<std::string>{"thon-2", "thon-3"}));
}

TEST_F(Issue12ConsolidationTest, Issue12_CompleteConsolidationIsNotPartial) {
  Do(period_, ReportingCommand(ApproveVillageReport{Id(4), "2024-H1", "thon-2"}));
  ConsolidateCommuneReport c = Consolidate(10);
  c.expected_villages = {"thon-1", "thon-2"};
  ConsolidateCommuneReport partial = c;
  partial.partial = true;
  partial.partial_reason = "không cần";
  EXPECT_TRUE(MessageHas(Refusal(period_, ReportingCommand(partial)),
                         "every registered village has reported"));
  Do(period_, ReportingCommand(c));
  EXPECT_TRUE(period_.commune.partial_reason.empty());
  EXPECT_TRUE(period_.commune.villages_missing.empty());
}

// ---------------------------------------------------------------- the plan's fidelity

IssuePlan Issue(int n) {
  IssuePlan c{Id(n),
              "lien-chung-2024",
              "...../KH-UBND",
              "",
              "UBND xã Liên Chung",
              "Kế hoạch số 41/KH-UBND",
              "Kế hoạch ... năm 2024"};
  c.issued_month = "2024-03";
  c.signer_title = "KT. Chủ tịch, Phó Chủ tịch";
  c.signer_name = "Nguyễn Văn Nam";
  return c;
}

TEST(Issue12PlanTest, Issue12_PlanIssueDateBlankInTheSourceIsRecordedAsUnknown) {
  PlanState plan;
  DomainEvent event = Do(plan, PlanCommand(Issue(1)));
  minhbach::v1::PlanIssued issued;
  ASSERT_TRUE(issued.ParseFromString(event.payload));
  EXPECT_EQ(issued.issued_date(), "");
  EXPECT_EQ(issued.issued_month(), "2024-03");
  EXPECT_EQ(plan.issued_date, "");
  EXPECT_EQ(PlanIssuedFrom(plan), "2024-03-01");

  PlanState other;
  IssuePlan neither = Issue(2);
  neither.issued_month.clear();
  EXPECT_TRUE(MessageHas(Refusal(other, PlanCommand(neither)), "issued_date or issued_month"));
  IssuePlan mismatch = Issue(3);
  mismatch.issued_date = "2024-04-02";
  EXPECT_TRUE(MessageHas(Refusal(other, PlanCommand(mismatch)), "is not the month of"));
}

TEST(Issue12PlanTest, Issue12_PlanRecordsItsSigner) {
  PlanState plan;
  Do(plan, PlanCommand(Issue(1)));
  EXPECT_EQ(plan.signer_title, "KT. Chủ tịch, Phó Chủ tịch");
  EXPECT_EQ(plan.signer_name, "Nguyễn Văn Nam");
}

TEST(Issue12PlanTest, Issue12_CountTargetHasNoDenominatorAndCarriesUnitAndHorizon) {
  PlanState plan;
  Do(plan, PlanCommand(Issue(1)));
  Target merit{
      "Không phát sinh hộ nghèo, hộ cận nghèo là người có công", kAtMost, "0 hộ", 0, 1, ""};
  merit.kind = kTargetKindCount;
  merit.unit = "hộ";
  merit.horizon_date = "2024-12-31";
  EXPECT_TRUE(MessageHas(
      Refusal(plan, PlanCommand(SetTarget{Id(2), "lien-chung-2024", "merit-new-poor", merit})),
      "denominator_target must be 0 for a count target"));
  merit.denominator_target = 0;
  Do(plan, PlanCommand(SetTarget{Id(3), "lien-chung-2024", "merit-new-poor", merit}));
  const Target& set = plan.targets.at("merit-new-poor");
  EXPECT_EQ(TargetKindOf(set), kTargetKindCount);
  EXPECT_EQ(set.unit, "hộ");
  EXPECT_EQ(set.horizon_date, "2024-12-31");

  Target legacy{"tỷ lệ", kAtLeast, "100%", 100, 100, ""};  // set before kinds existed
  EXPECT_EQ(TargetKindOf(legacy), kTargetKindShare);
  Target bad = legacy;
  bad.kind = "ratio";
  EXPECT_TRUE(MessageHas(Refusal(plan, PlanCommand(SetTarget{Id(4), "lien-chung-2024", "x", bad})),
                         "kind must be"));
}

TEST(Issue12PlanTest, Issue12_SubProjectKeepsProjectNameAndBeneficiaries) {
  PlanState plan;
  Do(plan, PlanCommand(Issue(1)));
  SubProject p{"Hỗ trợ việc làm bền vững", "central-budget", {"ldtbxh"}, {}, "2024-12-31"};
  p.project_name = "Dự án 3: Phát triển giáo dục nghề nghiệp, việc làm bền vững";
  p.beneficiaries_and_support = "Hỗ trợ việc làm bền vững, cung cấp thông tin ...";
  Do(plan, PlanCommand(RegisterSubProject{Id(2), "lien-chung-2024", "DA3-TDA3", p}));
  EXPECT_EQ(plan.subprojects.at("DA3-TDA3").project_name, p.project_name);
  EXPECT_EQ(plan.subprojects.at("DA3-TDA3").beneficiaries_and_support, p.beneficiaries_and_support);
}

}  // namespace
}  // namespace minhbach::domain
