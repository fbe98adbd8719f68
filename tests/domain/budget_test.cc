// The budget of a sub-project: allocations, disbursements up to the last
// đồng, reversals as new events, refusals with their codes, idempotency.
#include "services/domain/budget.h"

#include <cstdint>
#include <limits>
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

constexpr int64_t kAllocated = 500'000'000;  // 500 million đồng

AllocateBudget Allocate(int n, std::string allocation_id = "a-2024", int64_t amount = kAllocated) {
  return {Id(n),  "DA3-TDA3",   std::move(allocation_id), "central-budget", 2024,
          amount, "123/QĐ-UBND"};
}
RecordDisbursement Disburse(int n, std::string disbursement_id, int64_t amount,
                            std::string allocation_id = "a-2024") {
  return {Id(n),  "DA3-TDA3",   std::move(disbursement_id), std::move(allocation_id),
          amount, "2024-05-20", "PC-" + std::to_string(n)};
}
ReverseDisbursement Reverse(int n, std::string disbursement_id) {
  return {Id(n), "DA3-TDA3", std::move(disbursement_id), "voucher entered twice"};
}

class BudgetTest : public AggregateTest<BudgetState, BudgetCommand> {
 protected:
  const Allocation& allocation(const std::string& id = "a-2024") {
    return state_.allocations.at(id);
  }
};

// ---------------------------------------------------------------- allowed

TEST_F(BudgetTest, AllocationRecordsSourceYearAmountAndDecision) {
  DomainEvent event = Do(Allocate(1));
  EXPECT_EQ(event.event_type, "BudgetAllocated");
  minhbach::v1::BudgetAllocated allocated;
  ASSERT_TRUE(allocated.ParseFromString(event.payload));
  EXPECT_EQ(allocated.amount_dong(), kAllocated);
  EXPECT_EQ(state_.subproject_id, "DA3-TDA3");
  EXPECT_EQ(allocation().source, "central-budget");
  EXPECT_EQ(allocation().fiscal_year, 2024);
  EXPECT_EQ(allocation().amount_dong, kAllocated);
  EXPECT_EQ(allocation().decision_number, "123/QĐ-UBND");
  EXPECT_EQ(allocation().remaining_dong(), kAllocated);
}

TEST_F(BudgetTest, DisbursementIsRecordedAgainstItsAllocation) {
  Do(Allocate(1));
  DomainEvent event = Do(Disburse(2, "d-1", 120'000'000));
  EXPECT_EQ(event.event_type, "DisbursementRecorded");
  const Disbursement& d = state_.disbursements.at("d-1");
  EXPECT_EQ(d.allocation_id, "a-2024");
  EXPECT_EQ(d.amount_dong, 120'000'000);
  EXPECT_EQ(d.date_paid, "2024-05-20");
  EXPECT_EQ(d.voucher_number, "PC-2");
  EXPECT_FALSE(d.reversed);
  EXPECT_EQ(allocation().disbursed_dong, 120'000'000);
  EXPECT_EQ(allocation().remaining_dong(), 380'000'000);
}

TEST_F(BudgetTest, ExactlyTheAllocationCanBeDisbursedAndNotOneDongMore) {
  Do(Allocate(1));
  Do(Disburse(2, "d-1", kAllocated - 1));
  absl::Status two_over = Refused(Disburse(3, "d-2", 2));
  EXPECT_EQ(two_over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(two_over, "1 đồng remaining of 500000000"));
  Do(Disburse(4, "d-3", 1));
  EXPECT_EQ(allocation().remaining_dong(), 0);
  absl::Status one_over = Refused(Disburse(5, "d-4", 1));
  EXPECT_EQ(one_over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(one_over, "disbursement of 1 đồng exceeds allocation \"a-2024\""));
  EXPECT_TRUE(MessageHas(one_over, "0 đồng remaining"));
}

TEST_F(BudgetTest, ASingleDisbursementOfTheWholeAllocationIsAllowed) {
  Do(Allocate(1));
  Do(Disburse(2, "d-1", kAllocated));
  EXPECT_EQ(allocation().remaining_dong(), 0);
}

TEST_F(BudgetTest, ReversalIsANewEventAndMakesTheAmountAvailableAgain) {
  Do(Allocate(1));
  Do(Disburse(2, "d-1", 300'000'000));
  Do(Disburse(3, "d-2", 200'000'000));
  DomainEvent event = Do(Reverse(4, "d-1"));
  EXPECT_EQ(event.event_type, "DisbursementReversed");
  const Disbursement& d = state_.disbursements.at("d-1");
  EXPECT_TRUE(d.reversed);
  EXPECT_EQ(d.amount_dong, 300'000'000);  // the original stays as it was
  EXPECT_EQ(d.reversal_reason, "voucher entered twice");
  EXPECT_EQ(allocation().remaining_dong(), 300'000'000);
  EXPECT_EQ(Refused(Disburse(5, "d-3", 300'000'001)).code(), absl::StatusCode::kFailedPrecondition);
  Do(Disburse(6, "d-4", 300'000'000));
  EXPECT_EQ(allocation().remaining_dong(), 0);
}

TEST_F(BudgetTest, AllocationsAreLimitedSeparately) {
  Do(Allocate(1, "a-2024", 100));
  Do(Allocate(2, "a-2023-carryover", 50));
  Do(Disburse(3, "d-1", 100, "a-2024"));
  absl::Status over = Refused(Disburse(4, "d-2", 51, "a-2023-carryover"));
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(over, "50 đồng remaining of 50"));
  Do(Disburse(5, "d-3", 50, "a-2023-carryover"));
  EXPECT_EQ(allocation("a-2024").remaining_dong(), 0);
  EXPECT_EQ(allocation("a-2023-carryover").remaining_dong(), 0);
}

TEST_F(BudgetTest, AmountsUpToTheLimitAreExactToTheLastDong) {
  constexpr int64_t kMax = kMaxAmountDong;  // 10^15 đồng; beyond: see money_test.cc
  Do(Allocate(1, "a-huge", kMax));
  Do(Disburse(2, "d-1", kMax - 1, "a-huge"));
  EXPECT_EQ(Refused(Disburse(3, "d-2", kMax, "a-huge")).code(),
            absl::StatusCode::kFailedPrecondition);
  Do(Disburse(4, "d-3", 1, "a-huge"));
  EXPECT_EQ(allocation("a-huge").remaining_dong(), 0);
}

// ---------------------------------------------------------------- refused

TEST_F(BudgetTest, DisbursingFromAnUnknownAllocationIsNotFound) {
  Do(Allocate(1));
  absl::Status status = Refused(Disburse(2, "d-1", 10, "a-1999"));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(MessageHas(status, "allocation \"a-1999\" does not exist"));
}

TEST_F(BudgetTest, ReversingAnUnknownDisbursementIsNotFound) {
  Do(Allocate(1));
  absl::Status status = Refused(Reverse(2, "d-404"));
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(MessageHas(status, "disbursement \"d-404\" does not exist"));
}

TEST_F(BudgetTest, ReversingTwiceIsFailedPrecondition) {
  Do(Allocate(1));
  Do(Disburse(2, "d-1", 10));
  Do(Reverse(3, "d-1"));
  absl::Status status = Refused(Reverse(4, "d-1"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(status, "\"d-1\" is already reversed"));
  EXPECT_EQ(allocation().remaining_dong(), kAllocated);
}

TEST_F(BudgetTest, AllocationAndDisbursementIdsAreUnique) {
  Do(Allocate(1));
  absl::Status allocation_again = Refused(Allocate(2, "a-2024", 5));
  EXPECT_EQ(allocation_again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(allocation_again, "allocation \"a-2024\" already exists"));
  Do(Disburse(3, "d-1", 10));
  Do(Reverse(4, "d-1"));
  absl::Status disbursement_again = Refused(Disburse(5, "d-1", 10));  // even once reversed
  EXPECT_EQ(disbursement_again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(disbursement_again, "disbursement \"d-1\" already exists"));
}

TEST_F(BudgetTest, ACommandForAnotherSubProjectIsInvalidArgument) {
  Do(Allocate(1));
  AllocateBudget other = Allocate(2, "a-other");
  other.subproject_id = "DA6-TDA1";
  absl::Status status = Refused(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(status, "\"DA6-TDA1\" is not this budget's"));
}

TEST_F(BudgetTest, MalformedCommandsAreInvalidArgumentNamingTheField) {
  std::vector<Bad> cases;
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.event_id.clear(); }, "event_id"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.subproject_id.clear(); }, "subproject_id"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.allocation_id.clear(); }, "allocation_id"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.source.clear(); }, "source"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.fiscal_year = 24; }, "fiscal_year"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.amount_dong = 0; }, "amount_dong"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.amount_dong = -5; }, "amount_dong"));
  cases.push_back(Spoil(
      Allocate(10), [](auto& c) { c.decision_number.clear(); }, "decision_number"));
  cases.push_back(Spoil(
      Disburse(11, "d-9", 5), [](auto& c) { c.disbursement_id.clear(); }, "disbursement_id"));
  cases.push_back(Spoil(
      Disburse(11, "d-9", 5), [](auto& c) { c.allocation_id.clear(); }, "allocation_id"));
  cases.push_back(Spoil(
      Disburse(11, "d-9", 0), [](auto&) {}, "amount_dong"));
  cases.push_back(Spoil(
      Disburse(11, "d-9", -1), [](auto&) {}, "amount_dong"));
  cases.push_back(Spoil(
      Disburse(11, "d-9", 5), [](auto& c) { c.date_paid = "2024-06-31"; }, "date_paid"));
  cases.push_back(Spoil(
      Disburse(11, "d-9", 5), [](auto& c) { c.voucher_number.clear(); }, "voucher_number"));
  cases.push_back(Spoil(
      Reverse(12, "d-1"), [](auto& c) { c.disbursement_id.clear(); }, "disbursement_id"));
  cases.push_back(Spoil(
      Reverse(12, "d-1"), [](auto& c) { c.reason.clear(); }, "reason"));

  Do(Allocate(1));
  Do(Disburse(2, "d-1", 10));
  ExpectRefusedNamingTheField(cases);
}

// ---------------------------------------------------------------- idempotency

TEST_F(BudgetTest, TheSameCommandOnTheSameStateGivesByteIdenticalEvents) {
  Do(Allocate(1));
  Do(Disburse(2, "d-1", 10));
  for (const BudgetCommand& command :
       {BudgetCommand(Allocate(3, "a-2")), BudgetCommand(Disburse(4, "d-2", 5)),
        BudgetCommand(Reverse(5, "d-1"))}) {
    absl::StatusOr<std::vector<DomainEvent>> first = Decide(state_, command);
    absl::StatusOr<std::vector<DomainEvent>> again = Decide(state_, command);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(*first, *again) << first->front().event_type;
  }
}

TEST_F(BudgetTest, ARetryOfAnAppliedCommandDecidesNothingAndSpendsNothing) {
  Do(Allocate(1));
  Do(Disburse(2, "d-1", kAllocated));
  Do(Reverse(3, "d-1"));
  for (const BudgetCommand& retry :
       {BudgetCommand(Allocate(1)), BudgetCommand(Disburse(2, "d-1", kAllocated)),
        BudgetCommand(Reverse(3, "d-1"))}) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, retry);
    ASSERT_TRUE(events.ok()) << events.status();
    EXPECT_TRUE(events->empty());
  }
  EXPECT_EQ(allocation().remaining_dong(), kAllocated);
}

TEST_F(BudgetTest, AnEventIdReusedForAnotherKindOfEventIsAlreadyExists) {
  Do(Allocate(1));
  absl::Status status = Refused(Disburse(1, "d-1", 10));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(MessageHas(status, "BudgetAllocated"));
}

TEST_F(BudgetTest, ApplyingTheSameEventTwiceCountsTheMoneyOnce) {
  Do(Allocate(1));
  DomainEvent paid = Do(Disburse(2, "d-1", 100));
  DomainEvent reversed = Do(Reverse(3, "d-1"));
  ASSERT_TRUE(Apply(state_, paid).ok());
  ASSERT_TRUE(Apply(state_, reversed).ok());
  EXPECT_EQ(allocation().disbursed_dong, 0);
}

// ---------------------------------------------------------------- replay

TEST_F(BudgetTest, ReplayingTheEventsRebuildsTheSameState) {
  Do(Allocate(1));
  Do(Allocate(2, "a-2023", 70));
  Do(Disburse(3, "d-1", 40, "a-2023"));
  Do(Disburse(4, "d-2", 1000));
  Do(Reverse(5, "d-1"));
  Do(Disburse(6, "d-3", 70, "a-2023"));
  BudgetState rebuilt;
  for (const DomainEvent& event : log_) ASSERT_TRUE(Apply(rebuilt, event).ok());
  EXPECT_EQ(rebuilt.subproject_id, "DA3-TDA3");
  EXPECT_EQ(rebuilt.allocations.at("a-2023").disbursed_dong, 70);
  EXPECT_EQ(rebuilt.allocations.at("a-2024").disbursed_dong, 1000);
  EXPECT_TRUE(rebuilt.disbursements.at("d-1").reversed);
  EXPECT_EQ(rebuilt.disbursements.size(), 3u);
  EXPECT_EQ(rebuilt.applied_event_ids, state_.applied_event_ids);
}

TEST_F(BudgetTest, ApplyRejectsEventsThatDoNotFitAndChangesNothing) {
  Do(Allocate(1));
  minhbach::v1::DisbursementReversed orphan;
  orphan.set_subproject_id("DA3-TDA3");
  orphan.set_disbursement_id("d-404");
  absl::Status unknown = Apply(state_, MakeDomainEvent(Id(9), kDisbursementReversed, orphan));
  EXPECT_EQ(unknown.code(), absl::StatusCode::kDataLoss);
  absl::Status garbage = Apply(state_, DomainEvent{Id(10), kBudgetAllocated, "\x0a\xff"});
  EXPECT_EQ(garbage.code(), absl::StatusCode::kDataLoss);
  absl::Status foreign = Apply(state_, DomainEvent{Id(11), "AssignmentMade", ""});
  EXPECT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(state_.applied_event_ids.size(), 1u);
  EXPECT_TRUE(state_.disbursements.empty());
}

}  // namespace
}  // namespace minhbach::domain
