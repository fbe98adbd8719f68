// Issue 11, finding 11, over the log: the status sums money exactly up to
// the bound, and a log that holds amounts no command accepts (written before
// the bound, or raw) is folded without any total wrapping to a negative.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_events.pb.h"
#include "services/domain/money.h"
#include "services/program/command_executor.h"
#include "services/program/program_status.h"
#include "services/program/program_streams.h"
#include "tests/program/program_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::program {
namespace {

using ::minhbach::testing::FoldFromZero;
using ::minhbach::testing::OpenScratchLog;
using ::minhbach::testing::TempDir;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

class Finding11MoneyStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = OpenScratchLog(dir_.path() + "/log");
    ASSERT_NE(log_, nullptr);
    commands_ = std::make_unique<CommandExecutor>(log_.get());
    Plan(domain::IssuePlan{Id(), "KH-2024", "12/KH-UBND", "2024-01-15", "UBND xã",
                           "Quyết định 90/QĐ-TTg", "Kế hoạch 2024"});
    for (const char* subproject : {"SP-1", "SP-2", "SP-3"}) {
      Plan(domain::RegisterSubProject{
          Id(), "KH-2024", subproject, {subproject, "central-budget", {"ldtbxh"}, {}, ""}});
    }
  }

  std::string Id() { return absl::StrFormat("evt-%012d", ++ids_); }

  void Plan(const domain::PlanCommand& command) {
    Execute<domain::PlanState>(PlanStream(), command);
  }
  void Budget(const std::string& subproject, const domain::BudgetCommand& command) {
    Execute<domain::BudgetState>(BudgetStream(subproject), command);
  }
  template <typename State, typename Command>
  void Execute(const std::string& stream, const Command& command) {
    v1::CommandMeta meta;
    meta.set_event_id(std::visit([](const auto& c) { return c.event_id; }, command));
    absl::StatusOr<v1::CommandResult> result =
        commands_->Execute<State>(stream, "coordinator", meta, absl::FromUnixSeconds(1'717'200'000),
                                  command, [](const State&) { return absl::OkStatus(); });
    ASSERT_TRUE(result.ok()) << result.status();
  }

  // An allocation of `amount` appended raw: what an older version accepted.
  void RawAllocation(const std::string& subproject, int64_t amount) {
    v1::BudgetAllocated allocated;
    allocated.set_subproject_id(subproject);
    allocated.set_allocation_id("a-old");
    allocated.set_source("central-budget");
    allocated.set_fiscal_year(2024);
    allocated.set_amount_dong(amount);
    allocated.set_decision_number("1");
    storage::AppendRequest request;
    request.stream = BudgetStream(subproject);
    request.actor = "coordinator";
    storage::NewEvent& event = request.events.emplace_back();
    event.event_id = Id();
    event.event_type = domain::kBudgetAllocated;
    event.business_time = absl::FromUnixSeconds(1'717'200'000);
    allocated.SerializeToString(&event.payload);
    ASSERT_TRUE(log_->Append(std::move(request)).ok());
  }

  v1::Dashboard Dashboard() {
    return BuildDashboard(FoldFromZero(*log_, log_->Size()), "2024-11-30");
  }

  TempDir dir_;
  std::unique_ptr<storage::EventLog> log_;
  std::unique_ptr<CommandExecutor> commands_;
  int ids_ = 0;
};

TEST_F(Finding11MoneyStatusTest, SumsAtTheLimitAreExact) {
  for (const char* subproject : {"SP-1", "SP-2", "SP-3"}) {
    Budget(subproject, domain::AllocateBudget{Id(), subproject, "a-2024", "central-budget", 2024,
                                              domain::kMaxAmountDong, "123/QĐ-UBND"});
    Budget(subproject,
           domain::RecordDisbursement{Id(), subproject, "d-1", "a-2024", domain::kMaxAmountDong - 1,
                                      "2024-05-20", "PC-1"});
  }
  const v1::Dashboard dashboard = Dashboard();
  EXPECT_EQ(dashboard.money().allocated_dong(), 3 * domain::kMaxAmountDong);
  EXPECT_EQ(dashboard.money().disbursed_dong(), 3 * domain::kMaxAmountDong - 3);
  EXPECT_EQ(dashboard.money().rate_text(), "100.0 %");
  EXPECT_FALSE(dashboard.money().sum_overflowed());
  EXPECT_EQ(dashboard.carry_over().status(), "none");
}

TEST_F(Finding11MoneyStatusTest, RawAllocationsNearInt64MaxNeverShowANegativeTotal) {
  RawAllocation("SP-1", kInt64Max);
  RawAllocation("SP-2", kInt64Max);
  const v1::Dashboard dashboard = Dashboard();
  EXPECT_GT(dashboard.money().allocated_dong(), 0);
  EXPECT_TRUE(dashboard.money().sum_overflowed());
  EXPECT_EQ(dashboard.money().rate_text(), "overflow");
  // Each sub-project alone still fits and is shown as it is.
  for (const v1::SubProjectStatus& subproject : dashboard.subprojects()) {
    EXPECT_GE(subproject.money().allocated_dong(), 0) << subproject.subproject_id();
  }
}

}  // namespace
}  // namespace minhbach::program
