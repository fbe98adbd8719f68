// The plan aggregate: every allowed command with the state it leaves, every
// refused one, idempotency of retried commands, replay, and the 2024 plan's
// six sub-projects with the gap the plan leaves (no lead for DA3-TDA1).
#include "services/domain/plan.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/plan_events.pb.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::AggregateTest;
using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

constexpr char kPlan[] = "lien-chung-2024";

IssuePlan Issue(int n = 1) {
  return {Id(n),
          kPlan,
          "45/KH-UBND",
          "2024-03-15",
          "UBND xã Liên Chung",
          "Kế hoạch số 41/KH-UBND ngày 22/02/2024 của UBND huyện Tân Yên",
          "Thực hiện Chương trình MTQG giảm nghèo bền vững xã Liên Chung năm 2024"};
}
Target PoorRate() {
  return {"poor-household rate at end of 2024", kAtMost, "1.37 %", 137, 10000, ""};
}
Target Carryover() {
  return {"2023 program funds fully disbursed", kDeadline, "by 2024-06-30", 0, 0, "2024-06-30"};
}
SetTarget Set(int n, std::string target_id = "poor-household-rate", Target target = PoorRate()) {
  return {Id(n), kPlan, std::move(target_id), std::move(target)};
}
ReviseTarget Revise(int n, Target target, std::string reason = "district plan amended",
                    std::string target_id = "poor-household-rate") {
  return {Id(n), kPlan, std::move(target_id), std::move(target), std::move(reason)};
}
SubProject Employment() {
  return {"sustainable employment support",
          "central-budget",
          {"ldtbxh"},
          {"ban-nganh", "doan-the", "doanh-nghiep", "co-so-giao-duc-nghe-nghiep"},
          "2024-12-31"};
}
RegisterSubProject Register(int n, std::string subproject_id = "DA3-TDA3",
                            SubProject subproject = Employment()) {
  return {Id(n), kPlan, std::move(subproject_id), std::move(subproject)};
}

// PoorRate() with one field changed by `edit`.
template <typename Edit>
Target PoorRateWith(Edit edit) {
  Target target = PoorRate();
  edit(target);
  return target;
}

using PlanTest = AggregateTest<PlanState, PlanCommand>;

// ---------------------------------------------------------------- allowed

TEST_F(PlanTest, IssueRecordsEveryField) {
  DomainEvent event = Do(Issue(1));
  EXPECT_EQ(event.event_id, Id(1));
  EXPECT_EQ(event.event_type, "PlanIssued");
  minhbach::v1::PlanIssued issued;
  ASSERT_TRUE(issued.ParseFromString(event.payload));
  EXPECT_EQ(issued.plan_id(), kPlan);
  EXPECT_EQ(issued.document_number(), "45/KH-UBND");
  EXPECT_EQ(issued.issued_date(), "2024-03-15");

  EXPECT_EQ(state_.plan_id, kPlan);
  EXPECT_EQ(state_.document_number, "45/KH-UBND");
  EXPECT_EQ(state_.issued_date, "2024-03-15");
  EXPECT_EQ(state_.issuer, "UBND xã Liên Chung");
  EXPECT_EQ(state_.legal_basis, "Kế hoạch số 41/KH-UBND ngày 22/02/2024 của UBND huyện Tân Yên");
  EXPECT_EQ(state_.title, "Thực hiện Chương trình MTQG giảm nghèo bền vững xã Liên Chung năm 2024");
  EXPECT_TRUE(state_.targets.empty());
  EXPECT_TRUE(state_.subprojects.empty());
}

TEST_F(PlanTest, SetRateTargetRecordsNumeratorAndDenominator) {
  Do(Issue(1));
  DomainEvent event = Do(Set(2));
  EXPECT_EQ(event.event_type, "TargetSet");
  minhbach::v1::TargetSet set;
  ASSERT_TRUE(set.ParseFromString(event.payload));
  EXPECT_EQ(set.plan_id(), kPlan);
  EXPECT_EQ(set.target_id(), "poor-household-rate");
  EXPECT_EQ(set.direction(), "at-most");
  EXPECT_EQ(set.value_text(), "1.37 %");
  EXPECT_EQ(set.numerator_target(), 137);
  EXPECT_EQ(set.denominator_target(), 10000);
  EXPECT_EQ(set.deadline_date(), "");

  ASSERT_EQ(state_.targets.count("poor-household-rate"), 1u);
  EXPECT_EQ(state_.targets.at("poor-household-rate"), PoorRate());
  EXPECT_EQ(state_.revision_reasons.count("poor-household-rate"), 0u);
}

TEST_F(PlanTest, SetTargetInEveryDirection) {
  Do(Issue(1));
  Do(Set(2));
  Do(Set(3, "disbursement", {"program funds disbursed", kAtLeast, "100 %", 100, 100, ""}));
  Do(Set(4, "merit-new-poor", {"new poor among meritorious", kAtMost, "0", 0, 1, ""}));
  DomainEvent event = Do(Set(5, "carryover-2023", Carryover()));
  minhbach::v1::TargetSet set;
  ASSERT_TRUE(set.ParseFromString(event.payload));
  EXPECT_EQ(set.direction(), "deadline");
  EXPECT_EQ(set.deadline_date(), "2024-06-30");
  EXPECT_EQ(set.denominator_target(), 0);

  EXPECT_EQ(state_.targets.size(), 4u);
  EXPECT_EQ(state_.targets.at("disbursement").direction, "at-least");
  EXPECT_EQ(state_.targets.at("merit-new-poor").numerator_target, 0);
  EXPECT_EQ(state_.targets.at("carryover-2023"), Carryover());
}

TEST_F(PlanTest, RevisionReplacesTheTargetAndKeepsEveryReason) {
  Do(Issue(1));
  Do(Set(2));
  const Target lower = PoorRateWith([](Target& t) {
    t.value_text = "1.2 %";
    t.numerator_target = 12;
    t.denominator_target = 1000;
  });
  DomainEvent event = Do(Revise(3, lower, "district raised the goal"));
  EXPECT_EQ(event.event_type, "TargetRevised");
  minhbach::v1::TargetRevised revised;
  ASSERT_TRUE(revised.ParseFromString(event.payload));
  EXPECT_EQ(revised.target_id(), "poor-household-rate");
  EXPECT_EQ(revised.value_text(), "1.2 %");
  EXPECT_EQ(revised.numerator_target(), 12);
  EXPECT_EQ(revised.denominator_target(), 1000);
  EXPECT_EQ(revised.reason(), "district raised the goal");
  EXPECT_EQ(state_.targets.at("poor-household-rate"), lower);

  Do(Revise(4, PoorRate(), "amendment withdrawn"));
  EXPECT_EQ(state_.targets.at("poor-household-rate"), PoorRate());
  EXPECT_EQ(state_.revision_reasons.at("poor-household-rate"),
            (std::vector<std::string>{"district raised the goal", "amendment withdrawn"}));
}

TEST_F(PlanTest, RevisionMayTurnARateIntoADeadline) {
  Do(Issue(1));
  Do(Set(2));
  Do(Revise(3, Carryover()));
  EXPECT_EQ(state_.targets.at("poor-household-rate"), Carryover());
}

TEST_F(PlanTest, RegisterSubProjectRecordsEveryField) {
  Do(Issue(1));
  DomainEvent event = Do(Register(2));
  EXPECT_EQ(event.event_type, "SubProjectRegistered");
  minhbach::v1::SubProjectRegistered registered;
  ASSERT_TRUE(registered.ParseFromString(event.payload));
  EXPECT_EQ(registered.plan_id(), kPlan);
  EXPECT_EQ(registered.subproject_id(), "DA3-TDA3");
  EXPECT_EQ(registered.funding_source(), "central-budget");
  EXPECT_EQ(registered.lead_units_size(), 1);
  EXPECT_EQ(registered.coordinating_units_size(), 4);
  EXPECT_EQ(registered.deadline_date(), "2024-12-31");

  ASSERT_EQ(state_.subprojects.count("DA3-TDA3"), 1u);
  const SubProject& p = state_.subprojects.at("DA3-TDA3");
  EXPECT_EQ(p.name, "sustainable employment support");
  EXPECT_EQ(p.funding_source, "central-budget");
  EXPECT_EQ(p.lead_units, std::vector<std::string>{"ldtbxh"});
  EXPECT_EQ(p.coordinating_units, Employment().coordinating_units);
  EXPECT_EQ(p.deadline_date, "2024-12-31");
  EXPECT_TRUE(SubProjectsWithoutLead(state_).empty());
}

TEST_F(PlanTest, SubProjectWithoutLeadOrDeadlineIsRecordedAsAGap) {
  Do(Issue(1));
  Do(Register(2, "DA3-TDA1", {"vocational education in poor areas", "central-budget", {}, {}, ""}));
  const SubProject& p = state_.subprojects.at("DA3-TDA1");
  EXPECT_TRUE(p.lead_units.empty());
  EXPECT_TRUE(p.deadline_date.empty());
  EXPECT_EQ(SubProjectsWithoutLead(state_), std::vector<std::string>{"DA3-TDA1"});
}

TEST_F(PlanTest, TheRealPlansSixSubProjectsLeaveOnlyDA3TDA1WithoutLead) {
  Do(Issue(1));
  const std::vector<std::string> sectors_villages = {"ban-nganh", "doan-the", "thon"};
  Do(Register(10, "DA3-TDA1",
              {"vocational education in poor areas", "central-budget", {}, {}, ""}));
  Do(Register(11, "DA3-TDA3", Employment()));
  Do(Register(
      12, "DA6-TDA1",
      {"information poverty reduction", "central-budget", {"vhxh"}, {"ban-nganh"}, "2024-12-31"}));
  Do(Register(13, "DA6-TDA2",
              {"communication on multidimensional poverty",
               "central-budget",
               {"ldtbxh"},
               sectors_villages,
               "2024-10-31"}));
  Do(Register(14, "DA7-TDA1",
              {"capacity building for program implementation",
               "central-budget",
               {"ldtbxh"},
               sectors_villages,
               "2024-10-31"}));
  Do(Register(15, "DA7-TDA2",
              {"monitoring and evaluation",
               "central-budget",
               {"ldtbxh", "khuyen-nong", "vhxh"},
               {},
               "2024-12-31"}));

  EXPECT_EQ(state_.subprojects.size(), 6u);
  EXPECT_EQ(SubProjectsWithoutLead(state_), std::vector<std::string>{"DA3-TDA1"});
  EXPECT_EQ(state_.subprojects.at("DA7-TDA2").lead_units.size(), 3u);
  EXPECT_EQ(state_.subprojects.at("DA6-TDA2").deadline_date, "2024-10-31");
  for (const auto& [id, subproject] : state_.subprojects) {
    EXPECT_EQ(subproject.funding_source, "central-budget") << id;
    EXPECT_EQ(subproject.deadline_date.empty(), id == "DA3-TDA1") << id;
  }
}

TEST_F(PlanTest, RegisterVillageRecordsItsName) {
  Do(Issue(1));
  DomainEvent event = Do(RegisterVillage{Id(2), kPlan, "thon-1", "Thôn Đồng Mai"});
  EXPECT_EQ(event.event_type, "VillageRegistered");
  minhbach::v1::VillageRegistered registered;
  ASSERT_TRUE(registered.ParseFromString(event.payload));
  EXPECT_EQ(registered.village_id(), "thon-1");
  EXPECT_EQ(state_.villages.at("thon-1"), "Thôn Đồng Mai");
}

TEST_F(PlanTest, AVillageIsRegisteredOnlyOnceAndOnlyAfterTheIssue) {
  absl::Status early = Refused(RegisterVillage{Id(1), kPlan, "thon-1", "Thôn 1"});
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition) << early;
  Do(Issue(2));
  Do(RegisterVillage{Id(3), kPlan, "thon-1", "Thôn 1"});
  absl::Status again = Refused(RegisterVillage{Id(4), kPlan, "thon-1", "Thôn Một"});
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(again, "village \"thon-1\" is already registered"));
  for (const RegisterVillage& bad :
       {RegisterVillage{Id(5), kPlan, "", "Thôn 2"}, RegisterVillage{Id(6), kPlan, "thon-2", ""}}) {
    absl::Status status = Refused(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_TRUE(MessageHas(status, bad.name.empty() ? "name" : "village_id")) << status;
  }
}

// ---------------------------------------------------------------- refused

TEST_F(PlanTest, TargetsAndSubProjectsBeforeTheIssueAreFailedPrecondition) {
  for (const PlanCommand& command :
       {PlanCommand(Set(10)), PlanCommand(Revise(11, Carryover())), PlanCommand(Register(12))}) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_TRUE(MessageHas(status, "plan \"lien-chung-2024\" has not been issued"));
  }
}

TEST_F(PlanTest, IssuingThePlanAgainIsAlreadyExists) {
  Do(Issue(1));
  absl::Status status = Refused(Issue(2));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "plan \"lien-chung-2024\" is already issued (45/KH-UBND"));
}

TEST_F(PlanTest, ATargetIdIsSetOnlyOnce) {
  Do(Issue(1));
  Do(Set(2));
  absl::Status status = Refused(Set(3, "poor-household-rate", Carryover()));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "target \"poor-household-rate\" is already set"));
}

TEST_F(PlanTest, ASubProjectIdIsRegisteredOnlyOnce) {
  Do(Issue(1));
  Do(Register(2));
  absl::Status status = Refused(Register(3));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "sub-project \"DA3-TDA3\" is already registered"));
}

TEST_F(PlanTest, RevisingATargetThatWasNeverSetIsNotFound) {
  Do(Issue(1));
  Do(Set(2));
  absl::Status status = Refused(Revise(3, Carryover(), "moved", "carryover-2023"));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(MessageHas(status, "target \"carryover-2023\" is not set"));
}

TEST_F(PlanTest, ARevisionAlwaysCarriesAReason) {
  Do(Issue(1));
  Do(Set(2));
  absl::Status status = Refused(Revise(3, Carryover(), ""));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "reason must not be empty");
}

TEST_F(PlanTest, ARevisionThatChangesNothingIsRefused) {
  Do(Issue(1));
  Do(Set(2));
  absl::Status status = Refused(Revise(3, PoorRate()));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(status, "revision of target \"poor-household-rate\" changes nothing"));
}

TEST_F(PlanTest, ACommandForAnotherPlanIsInvalidArgument) {
  Do(Issue(1));
  SetTarget other = Set(2);
  other.plan_id = "lien-chung-2025";
  absl::Status status = Refused(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(status, "\"lien-chung-2025\" is not this plan"));
}

TEST_F(PlanTest, MalformedCommandsAreInvalidArgumentNamingTheField) {
  std::vector<Bad> cases;
  auto bad_target = [](Target target, std::string field) {
    return Bad{PlanCommand(Set(30, "x", std::move(target))), std::move(field)};
  };
  cases.push_back(Spoil(
      Issue(30), [](auto& c) { c.event_id = "short"; }, "event_id"));
  cases.push_back(Spoil(
      Issue(30), [](auto& c) { c.plan_id.clear(); }, "plan_id"));
  cases.push_back(Spoil(
      Issue(30), [](auto& c) { c.document_number.clear(); }, "document_number"));
  for (const char* date : {"", "2024-02-30", "15/03/2024"}) {
    cases.push_back(Spoil(
        Issue(30), [date](auto& c) { c.issued_date = date; }, "issued_date"));
  }
  cases.push_back(Spoil(
      Issue(30), [](auto& c) { c.issuer.clear(); }, "issuer"));
  cases.push_back(Spoil(
      Issue(30), [](auto& c) { c.legal_basis.clear(); }, "legal_basis"));
  cases.push_back(Spoil(
      Issue(30), [](auto& c) { c.title.clear(); }, "title"));
  cases.push_back(Spoil(
      Set(31), [](auto& c) { c.target_id.clear(); }, "target_id"));
  cases.push_back(Spoil(
      Set(31), [](auto& c) { c.plan_id.clear(); }, "plan_id"));
  cases.push_back(
      bad_target(PoorRateWith([](Target& t) { t.description.clear(); }), "description"));
  cases.push_back(bad_target(PoorRateWith([](Target& t) { t.value_text.clear(); }), "value_text"));
  for (const char* direction : {"", "at most", "AT-LEAST", "before"}) {
    cases.push_back(
        bad_target(PoorRateWith([direction](Target& t) { t.direction = direction; }), "direction"));
  }
  for (int64_t denominator : {0, -10000}) {
    cases.push_back(
        bad_target(PoorRateWith([denominator](Target& t) { t.denominator_target = denominator; }),
                   "denominator_target"));
  }
  cases.push_back(
      bad_target(PoorRateWith([](Target& t) { t.numerator_target = -1; }), "numerator_target"));
  cases.push_back(
      bad_target(PoorRateWith([](Target& t) { t.deadline_date = "2024-12-31"; }), "deadline_date"));
  for (const char* date : {"", "2024-06-31", "30/06/2024"}) {
    Target deadline = Carryover();
    deadline.deadline_date = date;
    cases.push_back(bad_target(deadline, "deadline_date"));
  }
  Target deadline_with_rate = Carryover();
  deadline_with_rate.denominator_target = 100;
  cases.push_back(bad_target(deadline_with_rate, "numerator_target and denominator_target"));
  cases.push_back(Spoil(
      Revise(32, Carryover()), [](auto& c) { c.target.direction = "soon"; }, "direction"));
  cases.push_back(Spoil(
      Revise(32, Carryover()), [](auto& c) { c.target_id.clear(); }, "target_id"));
  cases.push_back(Spoil(
      Register(33), [](auto& c) { c.subproject_id.clear(); }, "subproject_id"));
  cases.push_back(Spoil(
      Register(33), [](auto& c) { c.subproject.name.clear(); }, "name"));
  cases.push_back(Spoil(
      Register(33), [](auto& c) { c.subproject.funding_source.clear(); }, "funding_source"));
  cases.push_back(Spoil(
      Register(33), [](auto& c) { c.subproject.lead_units = {""}; }, "lead_units"));
  cases.push_back(Spoil(
      Register(33),
      [](auto& c) {
        c.subproject.coordinating_units = {"a", ""};
      },
      "coordinating_units"));
  cases.push_back(Spoil(
      Register(33), [](auto& c) { c.subproject.deadline_date = "2024-11"; }, "deadline_date"));
  cases.push_back(Spoil(
      Register(33), [](auto& c) { c.event_id += "x"; }, "event_id"));

  for (bool issued : {false, true}) {
    state_ = {};
    if (issued) Do(Issue(1));
    ExpectRefusedNamingTheField(cases);
  }
}

// ---------------------------------------------------------------- idempotency

TEST_F(PlanTest, TheSameCommandOnTheSameStateGivesByteIdenticalEvents) {
  const PlanCommand commands[] = {Issue(1), Set(2), Revise(3, Carryover()), Register(4)};
  for (const PlanCommand& command : commands) {
    absl::StatusOr<std::vector<DomainEvent>> first = Decide(state_, command);
    absl::StatusOr<std::vector<DomainEvent>> again = Decide(state_, command);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(*first, *again) << first->front().event_type;
    Do(command);
  }
}

TEST_F(PlanTest, ARetryOfAnAppliedCommandDecidesNothing) {
  Do(Issue(1));
  Do(Set(2));
  Do(Revise(3, Carryover()));
  Do(Register(4));
  for (const PlanCommand& retry : {PlanCommand(Issue(1)), PlanCommand(Set(2)),
                                   PlanCommand(Revise(3, Carryover())), PlanCommand(Register(4))}) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, retry);
    ASSERT_TRUE(events.ok()) << events.status();
    EXPECT_TRUE(events->empty());
  }
}

TEST_F(PlanTest, AnEventIdReusedForAnotherKindOfEventIsAlreadyExists) {
  Do(Issue(1));
  absl::Status status = Refused(Register(1));  // Id(1) was the issue
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "event_id already used for a PlanIssued event"));
}

TEST_F(PlanTest, ApplyingTheSameEventTwiceCountsItOnce) {
  Do(Issue(1));
  Do(Set(2));
  DomainEvent event = Do(Revise(3, Carryover()));
  ASSERT_TRUE(Apply(state_, event).ok());
  EXPECT_EQ(state_.revision_reasons.at("poor-household-rate").size(), 1u);
  EXPECT_EQ(state_.applied_event_ids.size(), 3u);
}

// ---------------------------------------------------------------- replay

TEST_F(PlanTest, ReplayingTheEventsRebuildsTheSameState) {
  Do(Issue(1));
  Do(Set(2));
  Do(Set(3, "carryover-2023", Carryover()));
  Do(Revise(4, PoorRateWith([](Target& t) { t.numerator_target = 120; })));
  Do(Register(5));
  Do(Register(6, "DA3-TDA1", {"vocational education in poor areas", "central-budget", {}, {}, ""}));
  PlanState rebuilt;
  for (const DomainEvent& event : log_) ASSERT_TRUE(Apply(rebuilt, event).ok());
  EXPECT_EQ(rebuilt.plan_id, state_.plan_id);
  EXPECT_EQ(rebuilt.document_number, state_.document_number);
  EXPECT_EQ(rebuilt.issued_date, state_.issued_date);
  EXPECT_EQ(rebuilt.issuer, state_.issuer);
  EXPECT_EQ(rebuilt.legal_basis, state_.legal_basis);
  EXPECT_EQ(rebuilt.title, state_.title);
  EXPECT_EQ(rebuilt.targets, state_.targets);
  EXPECT_EQ(rebuilt.targets.at("poor-household-rate").numerator_target, 120);
  EXPECT_EQ(rebuilt.revision_reasons, state_.revision_reasons);
  ASSERT_EQ(rebuilt.subprojects.size(), 2u);
  EXPECT_EQ(rebuilt.subprojects.at("DA3-TDA3").lead_units, Employment().lead_units);
  EXPECT_EQ(SubProjectsWithoutLead(rebuilt), std::vector<std::string>{"DA3-TDA1"});
  EXPECT_EQ(rebuilt.applied_event_ids, state_.applied_event_ids);
}

TEST_F(PlanTest, ApplyRejectsForeignUndecodableOrDanglingEventsAndChangesNothing) {
  Do(Issue(1));
  absl::Status foreign = Apply(state_, DomainEvent{Id(50), "AssignmentMade", ""});
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  absl::Status garbage = Apply(state_, DomainEvent{Id(51), "TargetSet", "\xff\xff"});
  EXPECT_EQ(garbage.code(), absl::StatusCode::kDataLoss);
  minhbach::v1::TargetRevised revised;
  revised.set_plan_id(kPlan);
  revised.set_target_id("never-set");
  absl::Status dangling = Apply(state_, MakeDomainEvent(Id(52), "TargetRevised", revised));
  EXPECT_EQ(dangling.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(MessageHas(dangling, "unknown target \"never-set\""));
  EXPECT_TRUE(state_.targets.empty());
  EXPECT_TRUE(state_.revision_reasons.empty());
  EXPECT_EQ(state_.applied_event_ids.size(), 1u);
}

}  // namespace
}  // namespace minhbach::domain
