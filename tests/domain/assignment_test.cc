// The assignment state machine: every allowed transition, every refused one,
// idempotency of retried commands, and replay.
#include "services/domain/assignment.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/program_events.pb.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::AggregateTest;
using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

MakeAssignment Make(int n = 1) {
  return {Id(n),
          "DA3-TDA3-01",
          "DA3-TDA3",
          {"ldtbxh"},
          {"doan-thanh-nien", "hoi-nong-dan"},
          "2024-12-31",
          "job counselling sessions in every village"};
}
AcceptAssignment Accept(int n, std::string unit = "ldtbxh") {
  return {Id(n), "DA3-TDA3-01", std::move(unit)};
}
ReportProgress Progress(int n, int64_t quantity = 12) {
  return {Id(n), "DA3-TDA3-01", "sessions held", quantity, {"BB-2024-07"}};
}
ChangeDueDate ChangeDue(int n, std::string date = "2025-01-31", std::string reason = "flood") {
  return {Id(n), "DA3-TDA3-01", std::move(date), std::move(reason)};
}
Reassign ReassignTo(int n, std::vector<std::string> leads = {"vhxh"},
                    std::string reason = "officer on leave") {
  return {Id(n), "DA3-TDA3-01", std::move(leads), std::move(reason)};
}
CompleteAssignment Complete(int n) { return {Id(n), "DA3-TDA3-01", "all villages done"}; }
CancelAssignment Cancel(int n) { return {Id(n), "DA3-TDA3-01", "merged into DA6"}; }

// Every command but MakeAssignment, with fresh event ids from `n` on.
std::vector<AssignmentCommand> EveryLaterCommand(int n) {
  return {Accept(n),         Progress(n + 1), ChangeDue(n + 2),
          ReassignTo(n + 3), Complete(n + 4), Cancel(n + 5)};
}

class AssignmentTest : public AggregateTest<AssignmentState, AssignmentCommand> {
 protected:
  // Brings state_ to `status` along the shortest path from nothing.
  void ReachStatus(AssignmentStatus status) {
    if (status == AssignmentStatus::kNone) return;
    Do(Make(1));
    if (status == AssignmentStatus::kMade) return;
    if (status == AssignmentStatus::kCancelled) {
      Do(Cancel(2));
      return;
    }
    Do(Accept(3));
    if (status == AssignmentStatus::kAccepted) return;
    Do(Progress(4));
    if (status == AssignmentStatus::kInProgress) return;
    Do(Complete(5));
  }
};

const AssignmentStatus kOpenStatuses[] = {AssignmentStatus::kMade, AssignmentStatus::kAccepted,
                                          AssignmentStatus::kInProgress};

// ---------------------------------------------------------------- allowed

TEST_F(AssignmentTest, MakeRecordsEveryFieldAndLeavesItMade) {
  DomainEvent event = Do(Make(1));
  EXPECT_EQ(event.event_id, Id(1));
  EXPECT_EQ(event.event_type, "AssignmentMade");
  minhbach::v1::AssignmentMade made;
  ASSERT_TRUE(made.ParseFromString(event.payload));
  EXPECT_EQ(made.assignment_id(), "DA3-TDA3-01");
  EXPECT_EQ(made.subproject_id(), "DA3-TDA3");
  ASSERT_EQ(made.lead_units_size(), 1);
  EXPECT_EQ(made.coordinating_units_size(), 2);
  EXPECT_EQ(made.due_date(), "2024-12-31");

  EXPECT_EQ(state_.status, AssignmentStatus::kMade);
  EXPECT_EQ(state_.assignment_id, "DA3-TDA3-01");
  EXPECT_EQ(state_.lead_units, std::vector<std::string>{"ldtbxh"});
  EXPECT_EQ(state_.coordinating_units.size(), 2u);
  EXPECT_EQ(state_.due_date, "2024-12-31");
  EXPECT_EQ(state_.description, "job counselling sessions in every village");
}

TEST_F(AssignmentTest, LeadUnitAcceptsMadeAssignment) {
  ReachStatus(AssignmentStatus::kMade);
  EXPECT_EQ(Do(Accept(2)).event_type, "AssignmentAccepted");
  EXPECT_EQ(state_.status, AssignmentStatus::kAccepted);
  EXPECT_EQ(state_.accepted_by, "ldtbxh");
}

TEST_F(AssignmentTest, FirstProgressReportPutsAcceptedAssignmentInProgress) {
  ReachStatus(AssignmentStatus::kAccepted);
  EXPECT_EQ(Do(Progress(10, 7)).event_type, "AssignmentProgressReported");
  EXPECT_EQ(state_.status, AssignmentStatus::kInProgress);
  EXPECT_EQ(state_.progress_reports, 1);
  EXPECT_EQ(state_.reported_quantity, 7);
}

TEST_F(AssignmentTest, LaterProgressReportsStayInProgressAndAddUp) {
  ReachStatus(AssignmentStatus::kInProgress);
  Do(Progress(10, 5));
  Do(Progress(11, 0));
  EXPECT_EQ(state_.status, AssignmentStatus::kInProgress);
  EXPECT_EQ(state_.progress_reports, 3);
  EXPECT_EQ(state_.reported_quantity, 12 + 5);
}

TEST_F(AssignmentTest, InProgressAssignmentCompletes) {
  ReachStatus(AssignmentStatus::kInProgress);
  EXPECT_EQ(Do(Complete(10)).event_type, "AssignmentCompleted");
  EXPECT_EQ(state_.status, AssignmentStatus::kCompleted);
  EXPECT_EQ(state_.completion_summary, "all villages done");
}

TEST_F(AssignmentTest, EveryOpenStatusCanBeCancelled) {
  for (AssignmentStatus status : kOpenStatuses) {
    state_ = {};
    ReachStatus(status);
    EXPECT_EQ(Do(Cancel(10)).event_type, "AssignmentCancelled");
    EXPECT_EQ(state_.status, AssignmentStatus::kCancelled) << AssignmentStatusName(status);
    EXPECT_EQ(state_.cancel_reason, "merged into DA6");
  }
}

TEST_F(AssignmentTest, DueDateChangeInEveryOpenStatusKeepsStatusAndRecordsOldDate) {
  for (AssignmentStatus status : kOpenStatuses) {
    state_ = {};
    ReachStatus(status);
    DomainEvent event = Do(ChangeDue(10, "2025-01-31", "flooding in Thôn Đông"));
    minhbach::v1::AssignmentDueDateChanged changed;
    ASSERT_TRUE(changed.ParseFromString(event.payload));
    EXPECT_EQ(changed.old_due_date(), "2024-12-31");
    EXPECT_EQ(changed.new_due_date(), "2025-01-31");
    EXPECT_EQ(changed.reason(), "flooding in Thôn Đông");
    EXPECT_EQ(state_.status, status);
    EXPECT_EQ(state_.due_date, "2025-01-31");
  }
}

TEST_F(AssignmentTest, ReassignmentInEveryOpenStatusReturnsItToMadeWithNewLeads) {
  for (AssignmentStatus status : kOpenStatuses) {
    state_ = {};
    ReachStatus(status);
    DomainEvent event = Do(ReassignTo(10, {"vhxh", "khuyen-nong"}));
    minhbach::v1::AssignmentReassigned reassigned;
    ASSERT_TRUE(reassigned.ParseFromString(event.payload));
    EXPECT_EQ(reassigned.old_lead_units_size(), 1);
    EXPECT_EQ(reassigned.reason(), "officer on leave");
    EXPECT_EQ(state_.status, AssignmentStatus::kMade);
    EXPECT_EQ(state_.lead_units, (std::vector<std::string>{"vhxh", "khuyen-nong"}));
    EXPECT_TRUE(state_.accepted_by.empty());
  }
}

TEST_F(AssignmentTest, AfterReassignmentOnlyANewLeadCanAccept) {
  ReachStatus(AssignmentStatus::kAccepted);
  Do(ReassignTo(10, {"vhxh"}));
  absl::Status old_lead = Refused(Accept(11, "ldtbxh"));
  EXPECT_EQ(old_lead.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(old_lead, "not one of its lead units"));
  Do(Accept(12, "vhxh"));
  EXPECT_EQ(state_.status, AssignmentStatus::kAccepted);
}

// ---------------------------------------------------------------- refused

TEST_F(AssignmentTest, EveryCommandBeforeMakeIsNotFound) {
  for (const AssignmentCommand& command : EveryLaterCommand(10)) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
    EXPECT_TRUE(MessageHas(status, "has not been made"));
  }
}

TEST_F(AssignmentTest, MakingAnExistingAssignmentAgainIsAlreadyExists) {
  ReachStatus(AssignmentStatus::kAccepted);
  absl::Status status = Refused(Make(20));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "already exists (accepted)"));
}

TEST_F(AssignmentTest, NothingChangesAfterCompletedOrCancelled) {
  for (AssignmentStatus final_status :
       {AssignmentStatus::kCompleted, AssignmentStatus::kCancelled}) {
    state_ = {};
    ReachStatus(final_status);
    const std::string name(AssignmentStatusName(final_status));
    for (const AssignmentCommand& command : EveryLaterCommand(20)) {
      absl::Status status = Refused(command);
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
      EXPECT_TRUE(MessageHas(status, "it is " + name)) << status;
    }
  }
}

TEST_F(AssignmentTest, AcceptIsOnlyForAMadeAssignment) {
  for (AssignmentStatus status : {AssignmentStatus::kAccepted, AssignmentStatus::kInProgress}) {
    state_ = {};
    ReachStatus(status);
    absl::Status refused = Refused(Accept(20));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(refused, "cannot accept assignment \"DA3-TDA3-01\": it is " +
                                        std::string(AssignmentStatusName(status))));
  }
}

TEST_F(AssignmentTest, AUnitThatDoesNotLeadCannotAccept) {
  ReachStatus(AssignmentStatus::kMade);
  absl::Status status = Refused(Accept(20, "doan-thanh-nien"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(status, "\"doan-thanh-nien\" is not one of"));
}

TEST_F(AssignmentTest, ProgressNeedsAcceptanceFirst) {
  ReachStatus(AssignmentStatus::kMade);
  absl::Status status = Refused(Progress(20));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(status, "it is made; a lead unit must accept"));
}

TEST_F(AssignmentTest, CompletionNeedsAProgressReportFirst) {
  for (AssignmentStatus status : {AssignmentStatus::kMade, AssignmentStatus::kAccepted}) {
    state_ = {};
    ReachStatus(status);
    absl::Status refused = Refused(Complete(20));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(MessageHas(refused, "at least one progress report"));
  }
}

TEST_F(AssignmentTest, DueDateChangeAndReassignmentAlwaysCarryAReason) {
  ReachStatus(AssignmentStatus::kInProgress);
  for (const AssignmentCommand& command : {AssignmentCommand(ChangeDue(20, "2025-01-31", "")),
                                           AssignmentCommand(ReassignTo(21, {"vhxh"}, ""))}) {
    absl::Status status = Refused(command);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(), "reason must not be empty");
  }
}

TEST_F(AssignmentTest, ChangesThatChangeNothingAreRefused) {
  ReachStatus(AssignmentStatus::kAccepted);
  absl::Status same_date = Refused(ChangeDue(20, "2024-12-31"));
  EXPECT_EQ(same_date.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(same_date, "new_due_date 2024-12-31 is already"));
  absl::Status same_leads = Refused(ReassignTo(21, {"ldtbxh"}));
  EXPECT_EQ(same_leads.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(same_leads, "lead_units are already"));
}

TEST_F(AssignmentTest, ACommandForAnotherAssignmentIsInvalidArgument) {
  ReachStatus(AssignmentStatus::kMade);
  AcceptAssignment other = Accept(20);
  other.assignment_id = "DA6-TDA1-01";
  absl::Status status = Refused(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(status, "\"DA6-TDA1-01\" is not this assignment"));
}

TEST_F(AssignmentTest, MalformedCommandsAreInvalidArgumentNamingTheField) {
  std::vector<Bad> cases;
  cases.push_back(Spoil(
      Make(30), [](auto& c) { c.event_id = "short"; }, "event_id"));
  cases.push_back(Spoil(
      Make(30), [](auto& c) { c.assignment_id.clear(); }, "assignment_id"));
  cases.push_back(Spoil(
      Make(30), [](auto& c) { c.subproject_id.clear(); }, "subproject_id"));
  cases.push_back(Spoil(
      Make(30), [](auto& c) { c.lead_units.clear(); }, "lead_units"));
  cases.push_back(Spoil(
      Make(30), [](auto& c) { c.lead_units = {""}; }, "lead_units"));
  cases.push_back(Spoil(
      Make(30),
      [](auto& c) {
        c.lead_units = {"a", "a"};
      },
      "lead_units"));
  cases.push_back(Spoil(
      Make(30), [](auto& c) { c.coordinating_units = {""}; }, "coordinating_units"));
  for (const char* date : {"", "2024-13-01", "2023-02-29", "2024-1-5", "31/12/2024",
                           "2024-12-31T00:00", "+024-12-31"}) {
    cases.push_back(Spoil(
        Make(30), [date](auto& c) { c.due_date = date; }, "due_date"));
  }
  cases.push_back(Spoil(
      Accept(31), [](auto& c) { c.by_unit.clear(); }, "by_unit"));
  cases.push_back(Spoil(
      Accept(31), [](auto& c) { c.assignment_id.clear(); }, "assignment_id"));
  cases.push_back(Spoil(
      Progress(32), [](auto& c) { c.text.clear(); }, "text"));
  cases.push_back(Spoil(
      Progress(32), [](auto& c) { c.quantity = -1; }, "quantity"));
  cases.push_back(Spoil(
      Progress(32), [](auto& c) { c.evidence_refs = {""}; }, "evidence_refs"));
  cases.push_back(Spoil(
      ChangeDue(33), [](auto& c) { c.new_due_date = "2024-02-30"; }, "new_due_date"));
  cases.push_back(Spoil(
      ReassignTo(34), [](auto& c) { c.lead_units.clear(); }, "lead_units"));
  cases.push_back(Spoil(
      Complete(35), [](auto& c) { c.summary.clear(); }, "summary"));
  cases.push_back(Spoil(
      Cancel(36), [](auto& c) { c.reason.clear(); }, "reason"));
  cases.push_back(Spoil(
      Cancel(36), [](auto& c) { c.event_id += "x"; }, "event_id"));

  for (AssignmentStatus status : {AssignmentStatus::kNone, AssignmentStatus::kInProgress}) {
    state_ = {};
    ReachStatus(status);
    ExpectRefusedNamingTheField(cases);
  }
}

// ---------------------------------------------------------------- idempotency

TEST_F(AssignmentTest, TheSameCommandOnTheSameStateGivesByteIdenticalEvents) {
  struct Case {
    AssignmentStatus status;
    AssignmentCommand command;
  };
  const Case cases[] = {
      {AssignmentStatus::kNone, Make(1)},           {AssignmentStatus::kMade, Accept(20)},
      {AssignmentStatus::kMade, ChangeDue(21)},     {AssignmentStatus::kMade, ReassignTo(22)},
      {AssignmentStatus::kMade, Cancel(23)},        {AssignmentStatus::kAccepted, Progress(24)},
      {AssignmentStatus::kInProgress, Complete(25)}};
  for (const Case& c : cases) {
    state_ = {};
    ReachStatus(c.status);
    absl::StatusOr<std::vector<DomainEvent>> first = Decide(state_, c.command);
    absl::StatusOr<std::vector<DomainEvent>> again = Decide(state_, c.command);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(*first, *again) << first->front().event_type;
  }
}

TEST_F(AssignmentTest, ARetryOfAnAppliedCommandDecidesNothing) {
  ReachStatus(AssignmentStatus::kAccepted);
  Do(Progress(10));
  const AssignmentState before = state_;
  for (const AssignmentCommand& retry : {AssignmentCommand(Make(1)), AssignmentCommand(Accept(3)),
                                         AssignmentCommand(Progress(10))}) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, retry);
    ASSERT_TRUE(events.ok()) << events.status();
    EXPECT_TRUE(events->empty());
  }
  EXPECT_EQ(state_.progress_reports, before.progress_reports);
}

TEST_F(AssignmentTest, AnEventIdReusedForAnotherKindOfEventIsAlreadyExists) {
  ReachStatus(AssignmentStatus::kAccepted);
  absl::Status status = Refused(Progress(3));  // Id(3) was the acceptance
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "AssignmentAccepted"));
}

TEST_F(AssignmentTest, ApplyingTheSameEventTwiceCountsItOnce) {
  ReachStatus(AssignmentStatus::kAccepted);
  DomainEvent event = Do(Progress(10, 9));
  ASSERT_TRUE(Apply(state_, event).ok());
  EXPECT_EQ(state_.progress_reports, 1);
  EXPECT_EQ(state_.reported_quantity, 9);
}

// ---------------------------------------------------------------- replay

TEST_F(AssignmentTest, ReplayingTheEventsRebuildsTheSameState) {
  ReachStatus(AssignmentStatus::kInProgress);
  Do(ChangeDue(10));
  Do(ReassignTo(11, {"vhxh"}));
  Do(Accept(12, "vhxh"));
  Do(Progress(13, 4));
  Do(Complete(14));
  AssignmentState rebuilt;
  for (const DomainEvent& event : log_) ASSERT_TRUE(Apply(rebuilt, event).ok());
  EXPECT_EQ(rebuilt.status, AssignmentStatus::kCompleted);
  EXPECT_EQ(rebuilt.due_date, "2025-01-31");
  EXPECT_EQ(rebuilt.lead_units, state_.lead_units);
  EXPECT_EQ(rebuilt.accepted_by, "vhxh");
  EXPECT_EQ(rebuilt.progress_reports, 2);
  EXPECT_EQ(rebuilt.reported_quantity, 16);
  EXPECT_EQ(rebuilt.applied_event_ids, state_.applied_event_ids);
}

TEST_F(AssignmentTest, ApplyRejectsForeignOrUndecodableEventsAndChangesNothing) {
  ReachStatus(AssignmentStatus::kMade);
  absl::Status foreign = Apply(state_, DomainEvent{Id(50), "BudgetAllocated", ""});
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  absl::Status garbage = Apply(state_, DomainEvent{Id(51), "AssignmentAccepted", "\xff\xff"});
  EXPECT_EQ(garbage.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(state_.status, AssignmentStatus::kMade);
  EXPECT_EQ(state_.applied_event_ids.size(), 1u);
}

}  // namespace
}  // namespace minhbach::domain
