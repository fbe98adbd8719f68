// The reporting workflow of one period: village reports submitted, approved
// or returned; the commune report consolidated from the approved ones only,
// sent to and accepted or returned by the district; the lock and reopening;
// refusals with their codes, idempotency, and replay.
#include "services/domain/reporting.h"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::AggregateTest;
using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

constexpr char kPeriod[] = "2024-H1";

std::vector<TargetValue> DongValues() {
  return {{"dim-health", 412, 430}, {"dim-water", 380, 430}};
}
std::vector<TargetValue> TayValues() {
  return {{"dim-health", 198, 210}, {"dim-water", 150, 210}, {"dim-housing", 3, 3}};
}
std::vector<TargetValue> BacValues() { return {{"dim-health", 100, 500}}; }

SubmitVillageReport Submit(int n, std::string village = "thon-dong",
                           std::vector<TargetValue> values = DongValues()) {
  return {Id(n), kPeriod, std::move(village), std::move(values)};
}
ApproveVillageReport Approve(int n, std::string village = "thon-dong") {
  return {Id(n), kPeriod, std::move(village)};
}
ReturnVillageReport ReturnVillage(int n, std::string village = "thon-dong",
                                  std::string reason = "denominator is last year's") {
  return {Id(n), kPeriod, std::move(village), std::move(reason)};
}
ConsolidateCommuneReport Consolidate(int n) { return {Id(n), kPeriod}; }
SendCommuneReportToDistrict Send(int n) { return {Id(n), kPeriod}; }
AcceptCommuneReport Accept(int n) { return {Id(n), kPeriod, "phong-ldtbxh-tan-yen"}; }
ReturnCommuneReport ReturnCommune(int n) { return {Id(n), kPeriod, "dim-water missing thon-bac"}; }
ReopenPeriod Reopen(int n) { return {Id(n), kPeriod, "thon-dong recounted insured people"}; }

// Every village and commune command, with fresh event ids from `n` on.
std::vector<ReportingCommand> EveryCommandButReopen(int n) {
  return {Submit(n, "thon-moi"), Approve(n + 1), ReturnVillage(n + 2), Consolidate(n + 3),
          Send(n + 4),           Accept(n + 5),  ReturnCommune(n + 6)};
}

class ReportingTest : public AggregateTest<ReportingState, ReportingCommand> {
 protected:
  // Brings the commune report to `status` along the shortest path, with
  // thon-dong's report approved (event ids 1..6).
  void ReachCommune(CommuneReportStatus status) {
    Do(Submit(1));
    Do(Approve(2));
    if (status == CommuneReportStatus::kNone) return;
    Do(Consolidate(3));
    if (status == CommuneReportStatus::kConsolidated) return;
    Do(Send(4));
    if (status == CommuneReportStatus::kSentToDistrict) return;
    if (status == CommuneReportStatus::kReturned) {
      Do(ReturnCommune(5));
      return;
    }
    Do(Accept(5));
    if (status == CommuneReportStatus::kAccepted) return;
    Do(Reopen(6));
  }

  const VillageReport& village(const std::string& id = "thon-dong") {
    return state_.villages.at(id);
  }
};

// ---------------------------------------------------------------- allowed

TEST_F(ReportingTest, VillageSubmitsNumeratorAndDenominatorPerTarget) {
  DomainEvent event = Do(Submit(1));
  EXPECT_EQ(event.event_id, Id(1));
  EXPECT_EQ(event.event_type, "VillageReportSubmitted");
  minhbach::v1::VillageReportSubmitted submitted;
  ASSERT_TRUE(submitted.ParseFromString(event.payload));
  EXPECT_EQ(submitted.period(), "2024-H1");
  EXPECT_EQ(submitted.village_id(), "thon-dong");
  ASSERT_EQ(submitted.values_size(), 2);
  EXPECT_EQ(submitted.values(0).target_id(), "dim-health");
  EXPECT_EQ(submitted.values(0).numerator(), 412);
  EXPECT_EQ(submitted.values(0).denominator(), 430);

  EXPECT_EQ(state_.period, "2024-H1");
  EXPECT_EQ(village().status, VillageReportStatus::kSubmitted);
  EXPECT_EQ(village().values, DongValues());
  EXPECT_EQ(village().submissions, 1);
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kNone);
  EXPECT_FALSE(state_.locked());
}

TEST_F(ReportingTest, ANumeratorAboveItsDenominatorOrZeroIsAccepted) {
  Do(Submit(1, "thon-dong", {{"models-completed", 5, 4}, {"merit-new-poor", 0, 12}}));
  EXPECT_EQ(village().values.size(), 2u);
}

TEST_F(ReportingTest, CoordinatorApprovesASubmittedReport) {
  Do(Submit(1));
  EXPECT_EQ(Do(Approve(2)).event_type, "VillageReportApproved");
  EXPECT_EQ(village().status, VillageReportStatus::kApproved);
}

TEST_F(ReportingTest, CoordinatorReturnsASubmittedReportWithAReason) {
  Do(Submit(1));
  DomainEvent event = Do(ReturnVillage(2));
  EXPECT_EQ(event.event_type, "VillageReportReturned");
  minhbach::v1::VillageReportReturned returned;
  ASSERT_TRUE(returned.ParseFromString(event.payload));
  EXPECT_EQ(returned.reason(), "denominator is last year's");
  EXPECT_EQ(village().status, VillageReportStatus::kReturned);
  EXPECT_EQ(village().return_reason, "denominator is last year's");
}

TEST_F(ReportingTest, AReturnedReportIsResubmittedWithNewValuesAndApproved) {
  Do(Submit(1));
  Do(ReturnVillage(2));
  Do(Submit(3, "thon-dong", {{"dim-health", 415, 431}}));
  EXPECT_EQ(village().status, VillageReportStatus::kSubmitted);
  EXPECT_EQ(village().submissions, 2);
  EXPECT_EQ(village().values, (std::vector<TargetValue>{{"dim-health", 415, 431}}));
  EXPECT_EQ(village().return_reason, "denominator is last year's");  // history kept
  Do(Approve(4));
  EXPECT_EQ(village().status, VillageReportStatus::kApproved);
}

TEST_F(ReportingTest, AnApprovedReportCanBeResubmittedBeforeAnyConsolidation) {
  Do(Submit(1));
  Do(Approve(2));
  Do(Submit(3, "thon-dong", BacValues()));
  EXPECT_EQ(village().status, VillageReportStatus::kSubmitted);
  EXPECT_EQ(village().values, BacValues());
}

TEST_F(ReportingTest, ConsolidationSumsTheApprovedVillagesOnly) {
  Do(Submit(1, "thon-dong", DongValues()));
  Do(Submit(2, "thon-tay", TayValues()));
  Do(Submit(3, "thon-bac", BacValues()));
  Do(Approve(4, "thon-tay"));
  Do(Approve(5, "thon-dong"));
  Do(ReturnVillage(6, "thon-bac", "100 of 500 is not credible"));

  DomainEvent event = Do(Consolidate(7));
  EXPECT_EQ(event.event_type, "CommuneReportConsolidated");
  minhbach::v1::CommuneReportConsolidated consolidated;
  ASSERT_TRUE(consolidated.ParseFromString(event.payload));
  EXPECT_EQ(consolidated.period(), "2024-H1");
  ASSERT_EQ(consolidated.villages_included_size(), 2);
  EXPECT_EQ(consolidated.villages_included(0), "thon-dong");
  EXPECT_EQ(consolidated.villages_included(1), "thon-tay");
  // By hand: dim-health 412+198 of 430+210; dim-housing 3 of 3 (thon-tay
  // only); dim-water 380+150 of 430+210; thon-bac's 100 of 500 is left out.
  ASSERT_EQ(consolidated.totals_size(), 3);
  EXPECT_EQ(consolidated.totals(0).target_id(), "dim-health");
  EXPECT_EQ(consolidated.totals(0).numerator(), 610);
  EXPECT_EQ(consolidated.totals(0).denominator(), 640);
  EXPECT_EQ(consolidated.totals(1).target_id(), "dim-housing");
  EXPECT_EQ(consolidated.totals(1).numerator(), 3);
  EXPECT_EQ(consolidated.totals(1).denominator(), 3);
  EXPECT_EQ(consolidated.totals(2).target_id(), "dim-water");
  EXPECT_EQ(consolidated.totals(2).numerator(), 530);
  EXPECT_EQ(consolidated.totals(2).denominator(), 640);

  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kConsolidated);
  EXPECT_EQ(state_.commune.totals,
            (std::vector<TargetValue>{
                {"dim-health", 610, 640}, {"dim-housing", 3, 3}, {"dim-water", 530, 640}}));
  EXPECT_EQ(state_.commune.villages_included, (std::vector<std::string>{"thon-dong", "thon-tay"}));
  EXPECT_EQ(state_.commune.consolidations, 1);
}

TEST_F(ReportingTest, ConsolidatingAgainBeforeSendingTakesInLaterApprovals) {
  Do(Submit(1, "thon-dong", DongValues()));
  Do(Submit(2, "thon-bac", BacValues()));
  Do(Approve(3, "thon-dong"));
  Do(Consolidate(4));
  EXPECT_EQ(state_.commune.villages_included, std::vector<std::string>{"thon-dong"});
  Do(Approve(5, "thon-bac"));  // village commands go on while consolidated
  Do(Consolidate(6));
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kConsolidated);
  EXPECT_EQ(state_.commune.consolidations, 2);
  EXPECT_EQ(state_.commune.villages_included, (std::vector<std::string>{"thon-bac", "thon-dong"}));
  EXPECT_EQ(state_.commune.totals,
            (std::vector<TargetValue>{{"dim-health", 512, 930}, {"dim-water", 380, 430}}));
}

TEST_F(ReportingTest, ConsolidatedReportIsSentToTheDistrict) {
  ReachCommune(CommuneReportStatus::kConsolidated);
  EXPECT_EQ(Do(Send(10)).event_type, "CommuneReportSentToDistrict");
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kSentToDistrict);
  EXPECT_FALSE(state_.locked());
}

TEST_F(ReportingTest, DistrictAcceptanceLocksThePeriod) {
  ReachCommune(CommuneReportStatus::kSentToDistrict);
  DomainEvent event = Do(Accept(10));
  EXPECT_EQ(event.event_type, "CommuneReportAccepted");
  minhbach::v1::CommuneReportAccepted accepted;
  ASSERT_TRUE(accepted.ParseFromString(event.payload));
  EXPECT_EQ(accepted.by(), "phong-ldtbxh-tan-yen");
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kAccepted);
  EXPECT_EQ(state_.commune.accepted_by, "phong-ldtbxh-tan-yen");
  EXPECT_TRUE(state_.locked());
}

TEST_F(ReportingTest, DistrictReturnIsCorrectedReconsolidatedAndSentAgain) {
  ReachCommune(CommuneReportStatus::kSentToDistrict);
  EXPECT_EQ(Do(ReturnCommune(10)).event_type, "CommuneReportReturned");
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kReturned);
  EXPECT_EQ(state_.commune.return_reason, "dim-water missing thon-bac");
  EXPECT_FALSE(state_.locked());
  // The correction: thon-dong resubmits, thon-bac reports for the first time.
  Do(Submit(11, "thon-dong", {{"dim-health", 412, 430}, {"dim-water", 381, 430}}));
  Do(Submit(12, "thon-bac", {{"dim-water", 90, 120}}));
  Do(Approve(13, "thon-dong"));
  Do(Approve(14, "thon-bac"));
  Do(Consolidate(15));
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kConsolidated);
  EXPECT_EQ(state_.commune.totals,
            (std::vector<TargetValue>{{"dim-health", 412, 430}, {"dim-water", 471, 550}}));
  Do(Send(16));
  Do(Accept(17));
  EXPECT_TRUE(state_.locked());
}

TEST_F(ReportingTest, ReopeningUnlocksForResubmissionAndReconsolidation) {
  ReachCommune(CommuneReportStatus::kAccepted);
  DomainEvent event = Do(Reopen(10));
  EXPECT_EQ(event.event_type, "PeriodReopened");
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kReopened);
  EXPECT_EQ(state_.commune.reopen_reason, "thon-dong recounted insured people");
  EXPECT_FALSE(state_.locked());
  // The accepted figures stay in the state until a new consolidation.
  EXPECT_EQ(state_.commune.totals, DongValues());

  Do(Submit(11, "thon-dong", {{"dim-health", 420, 430}, {"dim-water", 380, 430}}));
  Do(Approve(12));
  Do(Consolidate(13));
  EXPECT_EQ(state_.commune.consolidations, 2);
  EXPECT_EQ(state_.commune.totals.front(), (TargetValue{"dim-health", 420, 430}));
  Do(Send(14));
  Do(Accept(15));
  EXPECT_TRUE(state_.locked());
  EXPECT_EQ(Refused(Submit(16)).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReportingTest, AReopenedPeriodCanBeReconsolidatedWithoutChanges) {
  ReachCommune(CommuneReportStatus::kReopened);
  Do(Consolidate(10));
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kConsolidated);
}

// ---------------------------------------------------------------- refused

TEST_F(ReportingTest, VillageDecisionsBeforeSubmissionAreNotFound) {
  absl::Status on_nothing = Refused(Approve(1));
  EXPECT_EQ(on_nothing.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(
      MessageHas(on_nothing, "village \"thon-dong\" has not submitted a report for 2024-H1"));
  Do(Submit(2, "thon-tay", TayValues()));
  absl::Status other_village = Refused(ReturnVillage(3));
  EXPECT_EQ(other_village.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(MessageHas(other_village, "village \"thon-dong\" has not submitted"));
}

TEST_F(ReportingTest, CommuneCommandsBeforeConsolidationAreNotFound) {
  for (const ReportingCommand& command : {ReportingCommand(Send(1)), ReportingCommand(Accept(2)),
                                          ReportingCommand(ReturnCommune(3))}) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
    EXPECT_TRUE(MessageHas(status, "the commune report for 2024-H1 has not been consolidated"));
  }
}

TEST_F(ReportingTest, ASubmittedReportIsDecidedBeforeItIsSubmittedAgain) {
  Do(Submit(1));
  absl::Status status = Refused(Submit(2));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(status,
                         "cannot submit the report of village \"thon-dong\" for 2024-H1: "
                         "it is submitted; the coordinator must approve or return it"));
}

TEST_F(ReportingTest, OnlyASubmittedReportIsApprovedOrReturned) {
  Do(Submit(1));
  Do(Approve(2));
  absl::Status approve_approved = Refused(Approve(3));
  EXPECT_EQ(approve_approved.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(approve_approved,
                         "cannot approve the report of village \"thon-dong\" "
                         "for 2024-H1: it is approved"));
  absl::Status return_approved = Refused(ReturnVillage(4));
  EXPECT_EQ(return_approved.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(return_approved, "cannot return the report"));
  EXPECT_TRUE(MessageHas(return_approved, "it is approved"));

  Do(Submit(5, "thon-tay", TayValues()));
  Do(ReturnVillage(6, "thon-tay"));
  absl::Status approve_returned = Refused(Approve(7, "thon-tay"));
  EXPECT_EQ(approve_returned.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(approve_returned, "it is returned"));
  absl::Status return_returned = Refused(ReturnVillage(8, "thon-tay"));
  EXPECT_EQ(return_returned.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(return_returned, "it is returned"));
}

TEST_F(ReportingTest, AnApprovedReportIsFrozenWhileTheCommuneReportStands) {
  for (CommuneReportStatus status :
       {CommuneReportStatus::kConsolidated, CommuneReportStatus::kSentToDistrict}) {
    state_ = {};
    ReachCommune(status);
    absl::Status refused = Refused(Submit(10));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(refused,
                           "cannot resubmit the report of village \"thon-dong\" for "
                           "2024-H1: it is approved and the commune report is " +
                               std::string(CommuneReportStatusName(status))));
  }
  // Once the district returns it, the approved report can be corrected.
  state_ = {};
  ReachCommune(CommuneReportStatus::kReturned);
  Do(Submit(10));
  EXPECT_EQ(village().status, VillageReportStatus::kSubmitted);
}

TEST_F(ReportingTest, ConsolidationNeedsAnApprovedVillageReport) {
  absl::Status empty = Refused(Consolidate(1));
  EXPECT_EQ(empty.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(empty,
                         "cannot consolidate the commune report for 2024-H1: no village "
                         "report is approved"));
  Do(Submit(2, "thon-dong"));
  Do(Submit(3, "thon-bac", BacValues()));
  Do(ReturnVillage(4, "thon-bac"));
  absl::Status none_approved = Refused(Consolidate(5));
  EXPECT_EQ(none_approved.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(none_approved, "no village report is approved"));
}

TEST_F(ReportingTest, NothingIsConsolidatedWhileTheDistrictHasTheReport) {
  ReachCommune(CommuneReportStatus::kSentToDistrict);
  absl::Status status = Refused(Consolidate(10));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(status,
                         "cannot consolidate the commune report for 2024-H1: the commune "
                         "report is sent to the district"));
}

TEST_F(ReportingTest, OnlyAConsolidatedReportIsSent) {
  for (CommuneReportStatus status :
       {CommuneReportStatus::kSentToDistrict, CommuneReportStatus::kReturned,
        CommuneReportStatus::kReopened}) {
    state_ = {};
    ReachCommune(status);
    absl::Status refused = Refused(Send(10));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(refused,
                           "cannot send the commune report to the district for 2024-H1: "
                           "the commune report is " +
                               std::string(CommuneReportStatusName(status))));
  }
}

TEST_F(ReportingTest, OnlyTheDistrictsReportIsAcceptedOrReturned) {
  for (CommuneReportStatus status :
       {CommuneReportStatus::kConsolidated, CommuneReportStatus::kReturned,
        CommuneReportStatus::kReopened}) {
    state_ = {};
    ReachCommune(status);
    const std::string current =
        "the commune report is " + std::string(CommuneReportStatusName(status));
    absl::Status accept = Refused(Accept(10));
    EXPECT_EQ(accept.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(accept, "cannot accept the commune report for 2024-H1: " + current));
    absl::Status give_back = Refused(ReturnCommune(11));
    EXPECT_EQ(give_back.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(give_back, "cannot return the commune report for 2024-H1: " + current));
  }
}

TEST_F(ReportingTest, OnlyALockedPeriodIsReopened) {
  absl::Status on_nothing = Refused(Reopen(1));
  EXPECT_EQ(on_nothing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(on_nothing,
                         "cannot reopen the period for 2024-H1: the commune report "
                         "is not consolidated"));
  for (CommuneReportStatus status :
       {CommuneReportStatus::kConsolidated, CommuneReportStatus::kSentToDistrict,
        CommuneReportStatus::kReturned, CommuneReportStatus::kReopened}) {
    state_ = {};
    ReachCommune(status);
    absl::Status refused = Refused(Reopen(10));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(refused, std::string(CommuneReportStatusName(status))));
  }
}

TEST_F(ReportingTest, ALockedPeriodRefusesEveryVillageAndCommuneCommand) {
  ReachCommune(CommuneReportStatus::kAccepted);
  Do(ReopenPeriod{Id(6), kPeriod, "first reopening"});
  Do(Consolidate(7));
  Do(Send(8));
  Do(Accept(9));
  for (const ReportingCommand& command : EveryCommandButReopen(20)) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_TRUE(MessageHas(status,
                           "period 2024-H1 is locked (the district accepted its commune "
                           "report); reopen it first"));
  }
  EXPECT_TRUE(MessageHas(Refused(Submit(30, "thon-moi")), "cannot submit a village report"));
  EXPECT_TRUE(MessageHas(Refused(Consolidate(31)), "cannot consolidate the commune report"));
}

TEST_F(ReportingTest, ConsolidationTotalsThatWouldOverflowAreRefused) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  Do(Submit(1, "thon-dong", {{"dim-health", kMax - 1, kMax}}));
  Do(Submit(2, "thon-tay", {{"dim-health", 1, 1}}));
  Do(Approve(3, "thon-dong"));
  Do(Approve(4, "thon-tay"));
  absl::Status status = Refused(Consolidate(5));  // the denominators overflow
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(status, "the totals of target \"dim-health\" would overflow"));
}

TEST_F(ReportingTest, ACommandForAnotherPeriodIsInvalidArgument) {
  Do(Submit(1));
  SubmitVillageReport other = Submit(2, "thon-tay", TayValues());
  other.period = "2024-H2";
  absl::Status status = Refused(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(status, "period \"2024-H2\" is not this period (\"2024-H1\")"));
}

// Quarters are not reporting periods (issue 12; issue12_rules_test.cc).
TEST(PeriodTest, YearsAndHalfYearsAreValid) {
  for (const char* valid : {"2024", "2024-H1", "2024-H2", "1999-H2"}) {
    EXPECT_TRUE(IsValidPeriod(valid)) << valid;
  }
  for (const char* invalid : {"", "24", "0999", "2024-", "2024-H0", "2024-H3", "2024-Q1", "2024-Q5",
                              "2024H1", "2024-h1", "2024-M1", "2024-H12", "２０２４", "20x4-Q1"}) {
    EXPECT_FALSE(IsValidPeriod(invalid)) << invalid;
  }
}

TEST_F(ReportingTest, MalformedCommandsAreInvalidArgumentNamingTheField) {
  std::vector<Bad> cases;
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.event_id = "short"; }, "event_id"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.period = "2024-H3"; }, "period"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.period.clear(); }, "period"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.village_id.clear(); }, "village_id"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.values.clear(); }, "values"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.values[0].target_id.clear(); }, "values[0].target_id"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.values[1].numerator = -1; }, "values[1].numerator"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.values[0].denominator = 0; }, "values[0].denominator"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.values[1].denominator = -430; }, "values[1].denominator"));
  cases.push_back(Spoil(
      Submit(10), [](auto& c) { c.values[1].target_id = "dim-health"; }, "values"));
  cases.push_back(Spoil(
      Approve(11), [](auto& c) { c.village_id.clear(); }, "village_id"));
  cases.push_back(Spoil(
      Approve(11), [](auto& c) { c.period = "2024-Q5"; }, "period"));
  cases.push_back(Spoil(
      ReturnVillage(12), [](auto& c) { c.village_id.clear(); }, "village_id"));
  cases.push_back(Spoil(
      ReturnVillage(12), [](auto& c) { c.reason.clear(); }, "reason"));
  cases.push_back(Spoil(
      Consolidate(13), [](auto& c) { c.period = "H1-2024"; }, "period"));
  cases.push_back(Spoil(
      Send(14), [](auto& c) { c.event_id.clear(); }, "event_id"));
  cases.push_back(Spoil(
      Accept(15), [](auto& c) { c.by.clear(); }, "by"));
  cases.push_back(Spoil(
      ReturnCommune(16), [](auto& c) { c.reason.clear(); }, "reason"));
  cases.push_back(Spoil(
      Reopen(17), [](auto& c) { c.reason.clear(); }, "reason"));

  ReachCommune(CommuneReportStatus::kSentToDistrict);
  ExpectRefusedNamingTheField(cases);
}

// ---------------------------------------------------------------- idempotency

TEST_F(ReportingTest, TheSameCommandOnTheSameStateGivesByteIdenticalEvents) {
  Do(Submit(1, "thon-dong"));
  Do(Submit(2, "thon-tay", TayValues()));
  Do(Approve(3, "thon-dong"));
  for (const ReportingCommand& command :
       {ReportingCommand(Submit(4, "thon-bac", BacValues())),
        ReportingCommand(Approve(5, "thon-tay")), ReportingCommand(ReturnVillage(6, "thon-tay")),
        ReportingCommand(Consolidate(7))}) {
    absl::StatusOr<std::vector<DomainEvent>> first = Decide(state_, command);
    absl::StatusOr<std::vector<DomainEvent>> again = Decide(state_, command);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(*first, *again) << first->front().event_type;
  }
  Do(Consolidate(7));
  for (const ReportingCommand& command : {ReportingCommand(Send(8))}) {
    EXPECT_EQ(*Decide(state_, command), *Decide(state_, command));
  }
  Do(Send(8));
  for (const ReportingCommand& command :
       {ReportingCommand(Accept(9)), ReportingCommand(ReturnCommune(10))}) {
    EXPECT_EQ(*Decide(state_, command), *Decide(state_, command));
  }
  Do(Accept(9));
  EXPECT_EQ(*Decide(state_, Reopen(11)), *Decide(state_, Reopen(11)));
}

TEST_F(ReportingTest, ARetryOfAnAppliedCommandDecidesNothingEvenOnceLocked) {
  Do(Submit(1, "thon-dong"));
  Do(Submit(2, "thon-bac", BacValues()));
  Do(ReturnVillage(3, "thon-bac"));
  Do(Approve(4, "thon-dong"));
  Do(Consolidate(5));
  Do(Send(6));
  Do(ReturnCommune(7));
  Do(Consolidate(8));
  Do(Send(9));
  Do(Accept(10));
  Do(Reopen(11));
  Do(Consolidate(12));
  Do(Send(13));
  Do(Accept(14));
  ASSERT_TRUE(state_.locked());
  const std::map<std::string, std::string> applied = state_.applied_event_ids;
  for (const ReportingCommand& retry :
       {ReportingCommand(Submit(1, "thon-dong")),
        ReportingCommand(Submit(2, "thon-bac", BacValues())),
        ReportingCommand(ReturnVillage(3, "thon-bac")), ReportingCommand(Approve(4, "thon-dong")),
        ReportingCommand(Consolidate(5)), ReportingCommand(Send(6)),
        ReportingCommand(ReturnCommune(7)), ReportingCommand(Accept(10)),
        ReportingCommand(Reopen(11))}) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, retry);
    ASSERT_TRUE(events.ok()) << events.status();
    EXPECT_TRUE(events->empty());
  }
  EXPECT_EQ(state_.applied_event_ids, applied);
}

TEST_F(ReportingTest, AnEventIdReusedForAnotherKindOfEventIsAlreadyExists) {
  Do(Submit(1));
  absl::Status status = Refused(Approve(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "event_id already used for a VillageReportSubmitted event"));
}

TEST_F(ReportingTest, ApplyingTheSameEventTwiceCountsItOnce) {
  DomainEvent submitted = Do(Submit(1));
  Do(Approve(2));
  DomainEvent consolidated = Do(Consolidate(3));
  ASSERT_TRUE(Apply(state_, submitted).ok());
  ASSERT_TRUE(Apply(state_, consolidated).ok());
  EXPECT_EQ(village().submissions, 1);
  EXPECT_EQ(village().status, VillageReportStatus::kApproved);
  EXPECT_EQ(state_.commune.consolidations, 1);
}

// ---------------------------------------------------------------- replay

TEST_F(ReportingTest, ReplayingTheEventsRebuildsTheSameState) {
  Do(Submit(1, "thon-dong", DongValues()));
  Do(Submit(2, "thon-tay", TayValues()));
  Do(Submit(3, "thon-bac", BacValues()));
  Do(Approve(4, "thon-dong"));
  Do(Approve(5, "thon-tay"));
  Do(ReturnVillage(6, "thon-bac"));
  Do(Consolidate(7));
  Do(Send(8));
  Do(Accept(9));
  Do(Reopen(10));
  ReportingState rebuilt;
  for (const DomainEvent& event : log_) ASSERT_TRUE(Apply(rebuilt, event).ok());
  EXPECT_EQ(rebuilt.period, "2024-H1");
  EXPECT_EQ(rebuilt.villages.size(), 3u);
  EXPECT_EQ(rebuilt.villages.at("thon-tay").values, TayValues());
  EXPECT_EQ(rebuilt.villages.at("thon-bac").status, VillageReportStatus::kReturned);
  EXPECT_EQ(rebuilt.commune.status, CommuneReportStatus::kReopened);
  EXPECT_EQ(rebuilt.commune.totals, state_.commune.totals);
  EXPECT_EQ(rebuilt.commune.villages_included, state_.commune.villages_included);
  EXPECT_EQ(rebuilt.commune.accepted_by, "phong-ldtbxh-tan-yen");
  EXPECT_EQ(rebuilt.applied_event_ids, state_.applied_event_ids);
}

TEST_F(ReportingTest, ApplyRejectsEventsThatDoNotFitAndChangesNothing) {
  Do(Submit(1));
  minhbach::v1::VillageReportApproved orphan;
  orphan.set_period(kPeriod);
  orphan.set_village_id("thon-404");
  absl::Status unknown = Apply(state_, MakeDomainEvent(Id(9), kVillageReportApproved, orphan));
  EXPECT_EQ(unknown.code(), absl::StatusCode::kDataLoss);
  absl::Status garbage = Apply(state_, DomainEvent{Id(10), kCommuneReportConsolidated, "\x0a\xff"});
  EXPECT_EQ(garbage.code(), absl::StatusCode::kDataLoss);
  absl::Status foreign = Apply(state_, DomainEvent{Id(11), "BudgetAllocated", ""});
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(state_.applied_event_ids.size(), 1u);
  EXPECT_EQ(state_.villages.size(), 1u);
  EXPECT_EQ(state_.commune.status, CommuneReportStatus::kNone);
}

}  // namespace
}  // namespace minhbach::domain
