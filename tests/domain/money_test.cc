// Issue 11, finding 11: amounts are bounded (1 to 10^15 đồng) and every sum
// of them is checked, so no total ever wraps to a negative number.
#include "services/domain/money.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/program_events.pb.h"
#include "services/domain/budget.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

AllocateBudget Allocate(int n, std::string allocation_id, int64_t amount) {
  return {Id(n),  "DA3-TDA3",   std::move(allocation_id), "central-budget", 2024,
          amount, "123/QĐ-UBND"};
}

// Decides and applies `command` on `state`; the status of the decision.
absl::Status Do(BudgetState& state, const BudgetCommand& command) {
  absl::StatusOr<std::vector<DomainEvent>> events = Decide(state, command);
  if (!events.ok()) return events.status();
  for (const DomainEvent& event : *events) {
    absl::Status applied = Apply(state, event);
    if (!applied.ok()) return applied;
  }
  return absl::OkStatus();
}

TEST(Finding11Money, TwoAllocationsNearInt64MaxAreBothRefusedNamingFieldAndLimit) {
  BudgetState state;
  for (int n : {1, 2}) {
    absl::Status refused = Do(state, Allocate(n, "a-" + std::to_string(n), kInt64Max - n));
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
    EXPECT_TRUE(MessageHas(refused, "amount_dong must be at most 10^15"));
    EXPECT_TRUE(MessageHas(refused, "1000000000000000"));
  }
  EXPECT_TRUE(state.allocations.empty());
}

TEST(Finding11Money, OneDongOverTheLimitIsRefusedAndTheLimitItselfIsExact) {
  BudgetState state;
  EXPECT_EQ(Do(state, Allocate(1, "a-1", kMaxAmountDong + 1)).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Do(state, Allocate(2, "a-2", kMaxAmountDong)).ok());
  RecordDisbursement all{Id(3), "DA3-TDA3", "d-1", "a-2", kMaxAmountDong, "2024-05-20", "PC-1"};
  ASSERT_TRUE(Do(state, all).ok());
  EXPECT_EQ(state.allocations.at("a-2").disbursed_dong, kMaxAmountDong);
  EXPECT_EQ(state.allocations.at("a-2").remaining_dong(), 0);
  RecordDisbursement too_much{Id(4),        "DA3-TDA3", "d-2", "a-2", kMaxAmountDong + 1,
                              "2024-05-20", "PC-2"};
  absl::Status refused = Do(state, too_much);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
}

TEST(Finding11Money, NegativeAndZeroAmountsAreRefusedAsNotPositive) {
  BudgetState state;
  for (int64_t amount : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::min()}) {
    absl::Status refused = Do(state, Allocate(1, "a-1", amount));
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
    EXPECT_TRUE(MessageHas(refused, "amount_dong must be a positive number of đồng"));
  }
}

// A log written before the bound (or by hand) may hold any amount: folding
// it never wraps; the event that would overflow is refused as DataLoss and
// leaves the state as it was.
TEST(Finding11Money, FoldingDisbursementsBeyondInt64IsDataLossNotAWrappedTotal) {
  BudgetState state;
  v1::BudgetAllocated allocated;
  allocated.set_subproject_id("DA3-TDA3");
  allocated.set_allocation_id("a-old");
  allocated.set_source("central-budget");
  allocated.set_fiscal_year(2024);
  allocated.set_amount_dong(kInt64Max);
  allocated.set_decision_number("1");
  ASSERT_TRUE(Apply(state, MakeDomainEvent(Id(1), kBudgetAllocated, allocated)).ok());
  v1::DisbursementRecorded paid;
  paid.set_subproject_id("DA3-TDA3");
  paid.set_allocation_id("a-old");
  paid.set_amount_dong(kInt64Max);
  paid.set_date_paid("2024-05-20");
  paid.set_voucher_number("PC-1");
  paid.set_disbursement_id("d-1");
  ASSERT_TRUE(Apply(state, MakeDomainEvent(Id(2), kDisbursementRecorded, paid)).ok());
  paid.set_disbursement_id("d-2");
  paid.set_amount_dong(1);
  absl::Status overflow = Apply(state, MakeDomainEvent(Id(3), kDisbursementRecorded, paid));
  EXPECT_EQ(overflow.code(), absl::StatusCode::kDataLoss) << overflow;
  EXPECT_EQ(state.allocations.at("a-old").disbursed_dong, kInt64Max);
  EXPECT_EQ(state.disbursements.count("d-2"), 0u);
}

TEST(Finding11Money, MoneySumStopsAtTheLastTotalThatFitsAndSaysSo) {
  MoneySum sum;
  sum.Add(kInt64Max - 1);
  sum.Add(1);
  EXPECT_FALSE(sum.overflowed());
  EXPECT_EQ(sum.value(), kInt64Max);
  sum.Add(1);
  EXPECT_TRUE(sum.overflowed());
  EXPECT_EQ(sum.value(), kInt64Max);
  MoneySum negative;
  negative.Add(std::numeric_limits<int64_t>::min());
  negative.Add(-1);
  EXPECT_TRUE(negative.overflowed());
  EXPECT_EQ(negative.value(), std::numeric_limits<int64_t>::min());
  // 9,000 amounts at the limit: far more than a commune has, still exact.
  MoneySum many;
  for (int i = 0; i < 9000; ++i) many.Add(kMaxAmountDong);
  EXPECT_FALSE(many.overflowed());
  EXPECT_EQ(many.value(), 9000 * kMaxAmountDong);
}

}  // namespace
}  // namespace minhbach::domain
