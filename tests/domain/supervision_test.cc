// The supervision state machine (giám sát): every allowed transition, every
// refused one, responses only by the responsible unit, resolution only once
// every recommendation is answered, closure only with no finding open, the
// past-due query, idempotency of retried commands, and replay.
#include "services/domain/supervision.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/supervision_events.pb.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::AggregateTest;
using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

constexpr char kSup[] = "GS-2024-01";

PlanSupervision Plan(int n = 1) {
  return {Id(n), kSup, "UBMTTQ xã", "DA3-TDA3 disbursements and beneficiaries", "2024-08-15"};
}
ConductInspection Inspect(int n, std::string date = "2024-08-20",
                          std::vector<std::string> participants = {"UBMTTQ xã", "Hội Nông dân"}) {
  return {Id(n), kSup, std::move(date), std::move(participants)};
}
RecordFinding Find(int n, std::string finding_id = "f-01", std::string severity = "high") {
  return {Id(n),
          kSup,
          std::move(finding_id),
          "DA3-TDA3",
          std::move(severity),
          "two vouchers without beneficiary signatures"};
}
IssueRecommendation Recommend(int n, std::string recommendation_id = "kn-01",
                              std::string finding_id = "f-01", std::string unit = "ldtbxh",
                              std::string due_date = "2024-09-30") {
  return {Id(n),
          kSup,
          std::move(finding_id),
          std::move(recommendation_id),
          "obtain the signatures or reverse the payments",
          std::move(unit),
          std::move(due_date)};
}
SubmitResponse Respond(int n, std::string recommendation_id = "kn-01",
                       std::string unit = "ldtbxh") {
  return {Id(n), kSup, std::move(recommendation_id), std::move(unit), "signatures obtained"};
}
ResolveFinding Resolve(int n, std::string finding_id = "f-01") {
  return {Id(n), kSup, std::move(finding_id), "Trưởng ban TTND", "checked the vouchers"};
}
CloseFinding CloseF(int n, std::string finding_id = "f-01") {
  return {Id(n), kSup, std::move(finding_id), "UBMTTQ xã", "beneficiary moved away"};
}
CloseSupervision CloseSup(int n) {
  return {Id(n), kSup, "UBMTTQ xã", "payments in order after corrections"};
}

// Every command but PlanSupervision, with fresh event ids from `n` on.
std::vector<SupervisionCommand> EveryLaterCommand(int n) {
  return {Inspect(n),     Find(n + 1, "f-09"), Recommend(n + 2, "kn-09"),
          Respond(n + 3), Resolve(n + 4),      CloseF(n + 5),
          CloseSup(n + 6)};
}

class SupervisionTest : public AggregateTest<SupervisionState, SupervisionCommand> {
 protected:
  // Brings state_ to `status` along the shortest path from nothing.
  void ReachStatus(SupervisionStatus status) {
    if (status == SupervisionStatus::kNone) return;
    Do(Plan(1));
    if (status == SupervisionStatus::kPlanned) return;
    Do(Inspect(2));
    if (status == SupervisionStatus::kInspected) return;
    Do(CloseSup(3));
  }

  // Inspected, with open finding "f-01" and its recommendation "kn-01" to ldtbxh.
  void ReachOpenFindingWithRecommendation() {
    ReachStatus(SupervisionStatus::kInspected);
    Do(Find(4));
    Do(Recommend(5));
  }

  const Finding& finding(const std::string& id = "f-01") { return state_.findings.at(id); }
};

// ---------------------------------------------------------------- allowed

TEST_F(SupervisionTest, PlanRecordsEveryFieldAndLeavesItPlanned) {
  DomainEvent event = Do(Plan(1));
  EXPECT_EQ(event.event_id, Id(1));
  EXPECT_EQ(event.event_type, "SupervisionPlanned");
  minhbach::v1::SupervisionPlanned planned;
  ASSERT_TRUE(planned.ParseFromString(event.payload));
  EXPECT_EQ(planned.supervision_id(), kSup);
  EXPECT_EQ(planned.body(), "UBMTTQ xã");
  EXPECT_EQ(planned.planned_date(), "2024-08-15");

  EXPECT_EQ(state_.status, SupervisionStatus::kPlanned);
  EXPECT_EQ(state_.supervision_id, kSup);
  EXPECT_EQ(state_.body, "UBMTTQ xã");
  EXPECT_EQ(state_.scope, "DA3-TDA3 disbursements and beneficiaries");
  EXPECT_EQ(state_.planned_date, "2024-08-15");
}

TEST_F(SupervisionTest, InspectionMakesItInspectedAndFollowUpsAreRecorded) {
  ReachStatus(SupervisionStatus::kPlanned);
  EXPECT_EQ(Do(Inspect(10)).event_type, "InspectionConducted");
  EXPECT_EQ(state_.status, SupervisionStatus::kInspected);
  ASSERT_EQ(state_.inspections.size(), 1u);
  EXPECT_EQ(state_.inspections[0].date, "2024-08-20");
  EXPECT_EQ(state_.inspections[0].participants,
            (std::vector<std::string>{"UBMTTQ xã", "Hội Nông dân"}));
  Do(Inspect(11, "2024-10-05", {"Ban TTND"}));
  EXPECT_EQ(state_.status, SupervisionStatus::kInspected);
  ASSERT_EQ(state_.inspections.size(), 2u);
  EXPECT_EQ(state_.inspections[1].date, "2024-10-05");
}

TEST_F(SupervisionTest, FindingAfterTheInspectionIsOpen) {
  ReachStatus(SupervisionStatus::kInspected);
  DomainEvent event = Do(Find(10, "f-01", "medium"));
  EXPECT_EQ(event.event_type, "FindingRecorded");
  EXPECT_EQ(finding().status, FindingStatus::kOpen);
  EXPECT_EQ(finding().subject, "DA3-TDA3");
  EXPECT_EQ(finding().severity, "medium");
  EXPECT_EQ(finding().description, "two vouchers without beneficiary signatures");
  EXPECT_EQ(state_.OpenFindingIds(), std::vector<std::string>{"f-01"});
  EXPECT_EQ(state_.status, SupervisionStatus::kInspected);
}

TEST_F(SupervisionTest, EverySeverityIsAccepted) {
  ReachStatus(SupervisionStatus::kInspected);
  Do(Find(10, "f-low", "low"));
  Do(Find(11, "f-medium", "medium"));
  Do(Find(12, "f-high", "high"));
  EXPECT_EQ(state_.findings.size(), 3u);
  EXPECT_EQ(finding("f-low").severity, "low");
}

TEST_F(SupervisionTest, RecommendationAboutAnOpenFindingNamesUnitAndDueDate) {
  ReachStatus(SupervisionStatus::kInspected);
  Do(Find(10));
  DomainEvent event = Do(Recommend(11, "kn-01", "f-01", "ldtbxh", "2024-09-30"));
  EXPECT_EQ(event.event_type, "RecommendationIssued");
  minhbach::v1::RecommendationIssued issued;
  ASSERT_TRUE(issued.ParseFromString(event.payload));
  EXPECT_EQ(issued.responsible_unit(), "ldtbxh");
  EXPECT_EQ(issued.due_date(), "2024-09-30");
  Do(Recommend(12, "kn-02", "f-01", "thon-dong", "2024-10-15"));

  EXPECT_EQ(finding().recommendation_ids, (std::vector<std::string>{"kn-01", "kn-02"}));
  const Recommendation& r = state_.recommendations.at("kn-01");
  EXPECT_EQ(r.finding_id, "f-01");
  EXPECT_EQ(r.responsible_unit, "ldtbxh");
  EXPECT_EQ(r.due_date, "2024-09-30");
  EXPECT_FALSE(r.answered());
  EXPECT_EQ(finding().status, FindingStatus::kOpen);
}

TEST_F(SupervisionTest, TheResponsibleUnitResponds) {
  ReachOpenFindingWithRecommendation();
  EXPECT_EQ(Do(Respond(10)).event_type, "ResponseSubmitted");
  Do(Respond(11));  // a follow-up answer is recorded too
  const Recommendation& r = state_.recommendations.at("kn-01");
  EXPECT_TRUE(r.answered());
  ASSERT_EQ(r.responses.size(), 2u);
  EXPECT_EQ(r.responses[0].by_unit, "ldtbxh");
  EXPECT_EQ(r.responses[0].text, "signatures obtained");
  EXPECT_EQ(finding().status, FindingStatus::kOpen);
}

TEST_F(SupervisionTest, AFindingWithEveryRecommendationAnsweredIsResolved) {
  ReachOpenFindingWithRecommendation();
  Do(Recommend(10, "kn-02", "f-01", "thon-dong"));
  Do(Respond(11, "kn-01", "ldtbxh"));
  Do(Respond(12, "kn-02", "thon-dong"));
  EXPECT_EQ(Do(Resolve(13)).event_type, "FindingResolved");
  EXPECT_EQ(finding().status, FindingStatus::kResolved);
  EXPECT_EQ(finding().verified_by, "Trưởng ban TTND");
  EXPECT_EQ(finding().resolution_note, "checked the vouchers");
  EXPECT_TRUE(state_.OpenFindingIds().empty());
}

TEST_F(SupervisionTest, AFindingWithoutRecommendationsCanBeResolved) {
  ReachStatus(SupervisionStatus::kInspected);
  Do(Find(10, "f-01", "low"));
  Do(Resolve(11));
  EXPECT_EQ(finding().status, FindingStatus::kResolved);
}

TEST_F(SupervisionTest, AnOpenFindingIsClosedWithAReason) {
  ReachOpenFindingWithRecommendation();  // kn-01 unanswered: closing does not need answers
  EXPECT_EQ(Do(CloseF(10)).event_type, "FindingClosed");
  EXPECT_EQ(finding().status, FindingStatus::kClosed);
  EXPECT_EQ(finding().closed_by, "UBMTTQ xã");
  EXPECT_EQ(finding().close_reason, "beneficiary moved away");
}

TEST_F(SupervisionTest, SupervisionClosesWhenNoFindingIsOpen) {
  ReachOpenFindingWithRecommendation();
  Do(Respond(10));
  Do(Resolve(11));
  Do(Find(12, "f-02", "low"));
  Do(CloseF(13, "f-02"));
  EXPECT_EQ(Do(CloseSup(14)).event_type, "SupervisionClosed");
  EXPECT_EQ(state_.status, SupervisionStatus::kClosed);
  EXPECT_EQ(state_.closed_by, "UBMTTQ xã");
  EXPECT_EQ(state_.summary, "payments in order after corrections");
}

TEST_F(SupervisionTest, ASupervisionWithoutFindingsClosesFromPlannedOrInspected) {
  for (SupervisionStatus status : {SupervisionStatus::kPlanned, SupervisionStatus::kInspected}) {
    state_ = {};
    ReachStatus(status);
    Do(CloseSup(10));
    EXPECT_EQ(state_.status, SupervisionStatus::kClosed) << SupervisionStatusName(status);
  }
}

// ---------------------------------------------------------------- refused

TEST_F(SupervisionTest, EveryCommandBeforePlanIsNotFound) {
  for (const SupervisionCommand& command : EveryLaterCommand(10)) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
    EXPECT_TRUE(MessageHas(status, "\"GS-2024-01\" has not been planned"));
  }
}

TEST_F(SupervisionTest, PlanningAnExistingSupervisionAgainIsAlreadyExists) {
  ReachStatus(SupervisionStatus::kInspected);
  absl::Status status = Refused(Plan(20));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "already exists (inspected)"));
}

TEST_F(SupervisionTest, NothingChangesAfterClosed) {
  ReachStatus(SupervisionStatus::kClosed);
  for (const SupervisionCommand& command : EveryLaterCommand(20)) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_TRUE(MessageHas(status, "\"GS-2024-01\": it is closed; nothing changes after closed"))
        << status;
  }
}

TEST_F(SupervisionTest, FindingsOnlyAfterTheInspection) {
  ReachStatus(SupervisionStatus::kPlanned);
  absl::Status status = Refused(Find(20));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "cannot record a finding in supervision \"GS-2024-01\": it is planned; an "
            "inspection must be conducted first");
}

TEST_F(SupervisionTest, FindingAndRecommendationIdsAreUnique) {
  ReachOpenFindingWithRecommendation();
  absl::Status finding_again = Refused(Find(20, "f-01", "low"));
  EXPECT_EQ(finding_again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(finding_again, "finding \"f-01\" already exists"));
  absl::Status recommendation_again = Refused(Recommend(21, "kn-01"));
  EXPECT_EQ(recommendation_again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(recommendation_again, "recommendation \"kn-01\" already exists"));
}

TEST_F(SupervisionTest, UnknownFindingsAndRecommendationsAreNotFound) {
  ReachOpenFindingWithRecommendation();
  for (const SupervisionCommand& command :
       {SupervisionCommand(Recommend(20, "kn-09", "f-09")), SupervisionCommand(Resolve(21, "f-09")),
        SupervisionCommand(CloseF(22, "f-09"))}) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
    EXPECT_TRUE(MessageHas(status, "finding \"f-09\" does not exist"));
  }
  absl::Status response = Refused(Respond(23, "kn-09"));
  EXPECT_EQ(response.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(MessageHas(response, "recommendation \"kn-09\" does not exist"));
}

TEST_F(SupervisionTest, RecommendationsResponsesAndEndingsOnlyForOpenFindings) {
  for (bool resolve : {true, false}) {
    state_ = {};
    ReachOpenFindingWithRecommendation();
    if (resolve) {
      Do(Respond(10));
      Do(Resolve(11));
    } else {
      Do(CloseF(11));
    }
    const std::string finding_status = resolve ? "resolved" : "closed";
    struct Case {
      SupervisionCommand command;
      std::string message;
    };
    const Case cases[] = {
        {Recommend(20, "kn-02"), "cannot issue a recommendation about finding \"f-01\": it is "},
        {Respond(21), "cannot respond about finding \"f-01\": it is "},
        {Resolve(22), "cannot resolve finding \"f-01\": it is "},
        {CloseF(23), "cannot close finding \"f-01\": it is "}};
    for (const Case& c : cases) {
      absl::Status status = Refused(c.command);
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
      EXPECT_EQ(status.message(), c.message + finding_status);
    }
  }
}

TEST_F(SupervisionTest, OnlyTheResponsibleUnitMayRespond) {
  ReachOpenFindingWithRecommendation();
  Do(Recommend(10, "kn-02", "f-01", "thon-dong"));
  absl::Status status = Refused(Respond(20, "kn-01", "thon-dong"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "cannot respond to recommendation \"kn-01\": \"thon-dong\" is not its responsible "
            "unit (\"ldtbxh\")");
  EXPECT_TRUE(MessageHas(Refused(Respond(21, "kn-02", "ldtbxh")), "\"ldtbxh\" is not its"));
  Do(Respond(22, "kn-02", "thon-dong"));
  EXPECT_TRUE(state_.recommendations.at("kn-02").answered());
  EXPECT_FALSE(state_.recommendations.at("kn-01").answered());
}

TEST_F(SupervisionTest, ResolutionNeedsEveryRecommendationAnswered) {
  ReachOpenFindingWithRecommendation();
  Do(Recommend(10, "kn-02", "f-01", "thon-dong"));
  Do(Recommend(11, "kn-03", "f-01", "thon-bac"));
  absl::Status none = Refused(Resolve(20));
  EXPECT_EQ(none.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.message(),
            "cannot resolve finding \"f-01\": recommendations not answered: kn-01, kn-02, kn-03");
  Do(Respond(12, "kn-02", "thon-dong"));
  absl::Status some = Refused(Resolve(21));
  EXPECT_EQ(some.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(some, "not answered: kn-01, kn-03"));
  Do(Respond(13, "kn-01", "ldtbxh"));
  Do(Respond(14, "kn-03", "thon-bac"));
  Do(Resolve(22));
  EXPECT_EQ(finding().status, FindingStatus::kResolved);
}

TEST_F(SupervisionTest, ClosingNeedsNoOpenFinding) {
  ReachOpenFindingWithRecommendation();
  Do(Find(10, "f-02", "low"));
  Do(Find(11, "f-03", "medium"));
  Do(CloseF(12, "f-02"));
  absl::Status status = Refused(CloseSup(20));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "cannot close supervision \"GS-2024-01\": it is inspected with findings still open: "
            "f-01, f-03");
  Do(CloseF(13, "f-03"));
  EXPECT_TRUE(MessageHas(Refused(CloseSup(21)), "still open: f-01"));
  Do(Respond(14));
  Do(Resolve(15));
  Do(CloseSup(22));
  EXPECT_EQ(state_.status, SupervisionStatus::kClosed);
}

TEST_F(SupervisionTest, ACommandForAnotherSupervisionIsInvalidArgument) {
  ReachStatus(SupervisionStatus::kPlanned);
  ConductInspection other = Inspect(20);
  other.supervision_id = "GS-2024-02";
  absl::Status status = Refused(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(status, "\"GS-2024-02\" is not this supervision (\"GS-2024-01\")"));
}

TEST_F(SupervisionTest, MalformedCommandsAreInvalidArgumentNamingTheField) {
  std::vector<Bad> cases;
  cases.push_back(Spoil(
      Plan(30), [](auto& c) { c.event_id = "short"; }, "event_id"));
  cases.push_back(Spoil(
      Plan(30), [](auto& c) { c.supervision_id.clear(); }, "supervision_id"));
  cases.push_back(Spoil(
      Plan(30), [](auto& c) { c.body.clear(); }, "body"));
  cases.push_back(Spoil(
      Plan(30), [](auto& c) { c.scope.clear(); }, "scope"));
  cases.push_back(Spoil(
      Plan(30), [](auto& c) { c.planned_date = "2024-02-30"; }, "planned_date"));
  cases.push_back(Spoil(
      Inspect(31), [](auto& c) { c.date = "20/08/2024"; }, "date"));
  cases.push_back(Spoil(
      Inspect(31), [](auto& c) { c.participants.clear(); }, "participants"));
  cases.push_back(Spoil(
      Inspect(31), [](auto& c) { c.participants = {""}; }, "participants"));
  cases.push_back(Spoil(
      Inspect(31),
      [](auto& c) {
        c.participants = {"a", "a"};
      },
      "participants"));
  cases.push_back(Spoil(
      Find(32), [](auto& c) { c.finding_id.clear(); }, "finding_id"));
  cases.push_back(Spoil(
      Find(32), [](auto& c) { c.subject.clear(); }, "subject"));
  for (const char* severity : {"", "critical", "High", " low"}) {
    cases.push_back(Spoil(
        Find(32), [severity](auto& c) { c.severity = severity; }, "severity"));
  }
  cases.push_back(Spoil(
      Find(32), [](auto& c) { c.description.clear(); }, "description"));
  cases.push_back(Spoil(
      Recommend(33), [](auto& c) { c.finding_id.clear(); }, "finding_id"));
  cases.push_back(Spoil(
      Recommend(33), [](auto& c) { c.recommendation_id.clear(); }, "recommendation_id"));
  cases.push_back(Spoil(
      Recommend(33), [](auto& c) { c.text.clear(); }, "text"));
  cases.push_back(Spoil(
      Recommend(33), [](auto& c) { c.responsible_unit.clear(); }, "responsible_unit"));
  cases.push_back(Spoil(
      Recommend(33), [](auto& c) { c.due_date = "2024-9-30"; }, "due_date"));
  cases.push_back(Spoil(
      Respond(34), [](auto& c) { c.recommendation_id.clear(); }, "recommendation_id"));
  cases.push_back(Spoil(
      Respond(34), [](auto& c) { c.by_unit.clear(); }, "by_unit"));
  cases.push_back(Spoil(
      Respond(34), [](auto& c) { c.text.clear(); }, "text"));
  cases.push_back(Spoil(
      Resolve(35), [](auto& c) { c.finding_id.clear(); }, "finding_id"));
  cases.push_back(Spoil(
      Resolve(35), [](auto& c) { c.verified_by.clear(); }, "verified_by"));
  cases.push_back(Spoil(
      CloseF(36), [](auto& c) { c.finding_id.clear(); }, "finding_id"));
  cases.push_back(Spoil(
      CloseF(36), [](auto& c) { c.by.clear(); }, "by"));
  cases.push_back(Spoil(
      CloseF(36), [](auto& c) { c.reason.clear(); }, "reason"));
  cases.push_back(Spoil(
      CloseSup(37), [](auto& c) { c.by.clear(); }, "by"));
  cases.push_back(Spoil(
      CloseSup(37), [](auto& c) { c.summary.clear(); }, "summary"));
  cases.push_back(Spoil(
      CloseSup(37), [](auto& c) { c.event_id += "x"; }, "event_id"));

  for (SupervisionStatus status : {SupervisionStatus::kNone, SupervisionStatus::kInspected}) {
    state_ = {};
    ReachStatus(status);
    ExpectRefusedNamingTheField(cases);
  }
}

// ---------------------------------------------------------------- past due

TEST_F(SupervisionTest, OpenFindingsPastDueListsOnlyUnansweredOverdueRecommendations) {
  ReachStatus(SupervisionStatus::kInspected);
  Do(Find(10, "f-01", "high"));
  Do(Recommend(11, "kn-01", "f-01", "ldtbxh", "2024-09-30"));
  Do(Recommend(12, "kn-02", "f-01", "thon-dong", "2024-10-31"));
  Do(Find(13, "f-02", "low"));  // answered in time
  Do(Recommend(14, "kn-03", "f-02", "vhxh", "2024-09-01"));
  Do(Respond(15, "kn-03", "vhxh"));
  Do(Find(16, "f-03", "medium"));  // overdue but closed
  Do(Recommend(17, "kn-04", "f-03", "vhxh", "2024-09-01"));
  Do(CloseF(18, "f-03"));
  Do(Find(19, "f-04", "medium"));  // no recommendation at all

  // Due on the day itself is not yet past due.
  absl::StatusOr<std::vector<PastDueFinding>> on_the_day =
      OpenFindingsPastDue(state_, "2024-09-30");
  ASSERT_TRUE(on_the_day.ok()) << on_the_day.status();
  EXPECT_TRUE(on_the_day->empty());

  absl::StatusOr<std::vector<PastDueFinding>> october = OpenFindingsPastDue(state_, "2024-10-01");
  ASSERT_TRUE(october.ok());
  ASSERT_EQ(october->size(), 1u);
  EXPECT_EQ((*october)[0].finding_id, "f-01");
  EXPECT_EQ((*october)[0].subject, "DA3-TDA3");
  EXPECT_EQ((*october)[0].severity, "high");
  EXPECT_EQ((*october)[0].recommendation_ids, std::vector<std::string>{"kn-01"});

  absl::StatusOr<std::vector<PastDueFinding>> december = OpenFindingsPastDue(state_, "2024-12-01");
  ASSERT_TRUE(december.ok());
  ASSERT_EQ(december->size(), 1u);
  EXPECT_EQ((*december)[0].recommendation_ids, (std::vector<std::string>{"kn-01", "kn-02"}));

  Do(Respond(20, "kn-01", "ldtbxh"));  // a late answer takes it off the list
  absl::StatusOr<std::vector<PastDueFinding>> after = OpenFindingsPastDue(state_, "2024-10-15");
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  absl::StatusOr<std::vector<PastDueFinding>> later = OpenFindingsPastDue(state_, "2024-12-01");
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].recommendation_ids, std::vector<std::string>{"kn-02"});
}

TEST_F(SupervisionTest, OpenFindingsPastDueNeedsADate) {
  ReachOpenFindingWithRecommendation();
  absl::StatusOr<std::vector<PastDueFinding>> bad = OpenFindingsPastDue(state_, "2024-13-01");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(bad.status(), "as_of_date"));
  absl::StatusOr<std::vector<PastDueFinding>> empty = OpenFindingsPastDue({}, "2024-12-31");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// ---------------------------------------------------------------- idempotency

TEST_F(SupervisionTest, TheSameCommandOnTheSameStateGivesByteIdenticalEvents) {
  const SupervisionCommand commands[] = {Inspect(20), Find(21, "f-03"),    Recommend(22, "kn-02"),
                                         Respond(23), Resolve(24, "f-02"), CloseF(25),
                                         Plan(1)};
  for (const SupervisionCommand& command : commands) {
    state_ = {};
    if (!std::holds_alternative<PlanSupervision>(command)) {
      ReachOpenFindingWithRecommendation();
      Do(Find(6, "f-02"));
    }
    absl::StatusOr<std::vector<DomainEvent>> first = Decide(state_, command);
    absl::StatusOr<std::vector<DomainEvent>> again = Decide(state_, command);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(*first, *again) << first->front().event_type;
  }
  state_ = {};
  ReachStatus(SupervisionStatus::kInspected);
  absl::StatusOr<std::vector<DomainEvent>> first = Decide(state_, CloseSup(30));
  absl::StatusOr<std::vector<DomainEvent>> again = Decide(state_, CloseSup(30));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(*first, *again);
}

TEST_F(SupervisionTest, ARetryOfAnAppliedCommandDecidesNothing) {
  ReachOpenFindingWithRecommendation();
  Do(Respond(10));
  Do(Resolve(11));
  Do(CloseSup(12));
  const size_t responses = state_.recommendations.at("kn-01").responses.size();
  // Retries arrive even after the supervision is closed: still no events, no error.
  for (const SupervisionCommand& retry :
       {SupervisionCommand(Plan(1)), SupervisionCommand(Inspect(2)), SupervisionCommand(Find(4)),
        SupervisionCommand(Recommend(5)), SupervisionCommand(Respond(10)),
        SupervisionCommand(Resolve(11)), SupervisionCommand(CloseSup(12))}) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, retry);
    ASSERT_TRUE(events.ok()) << events.status();
    EXPECT_TRUE(events->empty());
  }
  EXPECT_EQ(state_.recommendations.at("kn-01").responses.size(), responses);
}

TEST_F(SupervisionTest, AnEventIdReusedForAnotherKindOfEventIsAlreadyExists) {
  ReachOpenFindingWithRecommendation();
  absl::Status status = Refused(Respond(5));  // Id(5) was the recommendation
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "RecommendationIssued"));
}

TEST_F(SupervisionTest, ApplyingTheSameEventTwiceCountsItOnce) {
  ReachOpenFindingWithRecommendation();
  DomainEvent issued = log_.back();
  DomainEvent response = Do(Respond(10));
  ASSERT_TRUE(Apply(state_, response).ok());
  ASSERT_TRUE(Apply(state_, issued).ok());
  EXPECT_EQ(state_.recommendations.at("kn-01").responses.size(), 1u);
  EXPECT_EQ(finding().recommendation_ids, std::vector<std::string>{"kn-01"});
}

// ---------------------------------------------------------------- replay

TEST_F(SupervisionTest, ReplayingTheEventsRebuildsTheSameState) {
  ReachOpenFindingWithRecommendation();
  Do(Inspect(10, "2024-10-05", {"Ban TTND"}));
  Do(Find(11, "f-02", "low"));
  Do(Respond(12));
  Do(Resolve(13));
  Do(CloseF(14, "f-02"));
  Do(CloseSup(15));
  SupervisionState rebuilt;
  for (const DomainEvent& event : log_) ASSERT_TRUE(Apply(rebuilt, event).ok());
  EXPECT_EQ(rebuilt.status, SupervisionStatus::kClosed);
  EXPECT_EQ(rebuilt.inspections.size(), 2u);
  EXPECT_EQ(rebuilt.findings.at("f-01").status, FindingStatus::kResolved);
  EXPECT_EQ(rebuilt.findings.at("f-02").status, FindingStatus::kClosed);
  EXPECT_EQ(rebuilt.findings.at("f-02").close_reason, "beneficiary moved away");
  EXPECT_EQ(rebuilt.recommendations.at("kn-01").responses.size(), 1u);
  EXPECT_EQ(rebuilt.summary, state_.summary);
  EXPECT_EQ(rebuilt.applied_event_ids, state_.applied_event_ids);
}

TEST_F(SupervisionTest, ApplyRejectsForeignUndecodableOrDanglingEventsAndChangesNothing) {
  ReachStatus(SupervisionStatus::kInspected);
  absl::Status foreign = Apply(state_, DomainEvent{Id(50), "AssignmentMade", ""});
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  absl::Status garbage = Apply(state_, DomainEvent{Id(51), "FindingRecorded", "\xff\xff"});
  EXPECT_EQ(garbage.code(), absl::StatusCode::kDataLoss);

  minhbach::v1::FindingResolved resolved;
  resolved.set_supervision_id(kSup);
  resolved.set_finding_id("f-99");
  absl::Status dangling = Apply(state_, MakeDomainEvent(Id(52), "FindingResolved", resolved));
  EXPECT_EQ(dangling.code(), absl::StatusCode::kDataLoss);
  minhbach::v1::ResponseSubmitted response;
  response.set_recommendation_id("kn-99");
  EXPECT_EQ(Apply(state_, MakeDomainEvent(Id(53), "ResponseSubmitted", response)).code(),
            absl::StatusCode::kDataLoss);

  EXPECT_EQ(state_.status, SupervisionStatus::kInspected);
  EXPECT_TRUE(state_.findings.empty());
  EXPECT_EQ(state_.applied_event_ids.size(), 2u);
}

}  // namespace
}  // namespace minhbach::domain
