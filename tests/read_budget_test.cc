// The pieces behind issue 11, findings 4 and 8, alone: the readers' memory
// budget and the count of a page's encoded bytes.
#include "services/log_api/read_budget.h"

#include "gtest/gtest.h"
#include "services/log_api/event_log_requests.h"

namespace minhbach::services {
namespace {

ReadLimits LimitsOf(size_t bytes) {
  ReadLimits limits;
  limits.memory_bytes = bytes;
  return limits;
}

TEST(ReadBudgetTest, Finding8_TakesUpToItsLimitAndNoMore) {
  ReadBudget budget(LimitsOf(100));
  EXPECT_TRUE(budget.TryAcquire(60));
  EXPECT_FALSE(budget.TryAcquire(41));
  EXPECT_TRUE(budget.TryAcquire(40));
  EXPECT_FALSE(budget.TryAcquire(1));
  budget.Release(30);
  EXPECT_TRUE(budget.TryAcquire(30));
  EXPECT_EQ(budget.in_use(), 100u);
}

TEST(ReadBudgetTest, Finding8_WhatIsForcedPastTheLimitBlocksOthersUntilReleased) {
  ReadBudget budget(LimitsOf(100));
  ASSERT_TRUE(budget.TryAcquire(90));
  budget.ForceAcquire(50);  // an event larger than this server's limit, already read
  EXPECT_FALSE(budget.TryAcquire(1));
  budget.Release(50);
  EXPECT_FALSE(budget.TryAcquire(11));
  EXPECT_TRUE(budget.TryAcquire(10));
}

TEST(ReadBudgetTest, Finding8_BusyIsResourceExhaustedAndSaysWhatToDo) {
  ReadBudget budget(LimitsOf(100));
  const absl::Status busy = budget.Busy("resume with from_position=7");
  EXPECT_EQ(busy.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(busy.message().find("retry in a few seconds"), absl::string_view::npos);
  EXPECT_NE(busy.message().find("from_position=7"), absl::string_view::npos);
}

TEST(PageBytesTest, Finding4_FirstElementAlwaysFitsThenTheLimitHolds) {
  PageBytes page(1000);
  EXPECT_TRUE(page.TryAdd(5000));  // one element, whatever its size
  EXPECT_FALSE(page.TryAdd(1));
  PageBytes exact(FieldBytes(500) + FieldBytes(400));
  EXPECT_TRUE(exact.TryAdd(500));
  EXPECT_FALSE(exact.TryAdd(401));
  EXPECT_TRUE(exact.TryAdd(400));
  EXPECT_EQ(exact.count(), 2u);
  EXPECT_EQ(exact.bytes(), FieldBytes(500) + FieldBytes(400));
}

TEST(PageBytesTest, Finding4_FieldBytesCountsTagAndLength) {
  EXPECT_EQ(FieldBytes(0), 2u);
  EXPECT_EQ(FieldBytes(127), 129u);
  EXPECT_EQ(FieldBytes(128), 131u);
  EXPECT_EQ(FieldBytes(1 << 20), (1u << 20) + 4);
}

TEST(PageBytesTest, Finding4_TheLargestEventFitsADefaultClientAlone) {
  EXPECT_GE(kMaxResponseBytes, MaxEventEncodedBytes(1 << 20));
  EXPECT_LE(kMaxResponseBytes, kClientReceiveLimit - (512 << 10));
}

}  // namespace
}  // namespace minhbach::services
