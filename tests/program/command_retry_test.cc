// Issue 11, finding 10: a command whose event id is already in the log is a
// duplicate only when it is the same command; reused with other content
// (another amount, another disbursement id, another due date, other report
// values, another business date) it is ALREADY_EXISTS, naming the event id
// and where it was recorded, and nothing is written.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/program/command_executor.h"
#include "services/program/program_streams.h"
#include "storage/uuid.h"
#include "tests/program/program_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::program {
namespace {

using ::minhbach::testing::OpenScratchLog;
using ::minhbach::testing::TempDir;

std::string EventId(int n) { return absl::StrFormat("evt-%012d", n); }

v1::CommandMeta Meta(int n, const std::string& business_date = "") {
  v1::CommandMeta meta;
  meta.set_event_id(EventId(n));
  meta.set_business_date(business_date);
  return meta;
}

domain::AllocateBudget Allocate(int n) {
  return {EventId(n), "DA3-TDA3", "a-2024", "central-budget", 2024, 500'000'000, "123/QĐ-UBND"};
}
domain::RecordDisbursement Disburse(int n, const std::string& disbursement_id, int64_t amount) {
  return {EventId(n), "DA3-TDA3", disbursement_id, "a-2024", amount, "2024-05-20", "PC-17"};
}

class Finding10RetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = OpenScratchLog(dir_.path() + "/log");
    ASSERT_NE(log_, nullptr);
    commands_ = std::make_unique<CommandExecutor>(log_.get());
  }

  template <typename State, typename Command>
  absl::StatusOr<v1::CommandResult> Run(const std::string& stream, const v1::CommandMeta& meta,
                                        const Command& command) {
    absl::StatusOr<absl::Time> business_time =
        BusinessTime(meta, "", absl::FromUnixSeconds(1'717'200'000));
    if (!business_time.ok()) return business_time.status();
    return commands_->Execute<State>(stream, "coordinator", meta, *business_time, command,
                                     [](const State&) { return absl::OkStatus(); });
  }
  absl::StatusOr<v1::CommandResult> Budget(const v1::CommandMeta& meta,
                                           const domain::BudgetCommand& command) {
    return Run<domain::BudgetState>(BudgetStream("DA3-TDA3"), meta, command);
  }

  // `refused` is ALREADY_EXISTS naming event `n` and the position it holds,
  // and the log did not grow.
  void ExpectOtherContent(const absl::StatusOr<v1::CommandResult>& refused, int n,
                          uint64_t position, uint64_t size_before) {
    ASSERT_FALSE(refused.ok()) << "reported as recorded: " << refused->DebugString();
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists) << refused.status();
    const std::string message(refused.status().message());
    EXPECT_NE(message.find(storage::FormatUuid(EventId(n))), std::string::npos) << message;
    EXPECT_NE(message.find(absl::StrCat("at position ", position)), std::string::npos) << message;
    EXPECT_NE(message.find("new event id"), std::string::npos) << message;
    EXPECT_EQ(log_->Size(), size_before);
  }

  TempDir dir_;
  std::unique_ptr<storage::EventLog> log_;
  std::unique_ptr<CommandExecutor> commands_;
};

TEST_F(Finding10RetryTest, ADisbursementRetriedWithAnotherAmountIsAlreadyExists) {
  ASSERT_TRUE(Budget(Meta(1), Allocate(1)).ok());
  absl::StatusOr<v1::CommandResult> paid = Budget(Meta(2), Disburse(2, "d-1", 15'000'000));
  ASSERT_TRUE(paid.ok()) << paid.status();
  const uint64_t size = log_->Size();
  ExpectOtherContent(Budget(Meta(2), Disburse(2, "d-1", 16'000'000)), 2, paid->position(), size);

  absl::StatusOr<v1::CommandResult> same = Budget(Meta(2), Disburse(2, "d-1", 15'000'000));
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_TRUE(same->duplicate());
  EXPECT_EQ(same->position(), paid->position());
  EXPECT_EQ(log_->Size(), size);
}

TEST_F(Finding10RetryTest, ADisbursementRetriedWithAnotherDisbursementIdIsAlreadyExists) {
  ASSERT_TRUE(Budget(Meta(1), Allocate(1)).ok());
  absl::StatusOr<v1::CommandResult> paid = Budget(Meta(2), Disburse(2, "d-1", 15'000'000));
  ASSERT_TRUE(paid.ok()) << paid.status();
  ExpectOtherContent(Budget(Meta(2), Disburse(2, "d-2", 15'000'000)), 2, paid->position(),
                     log_->Size());
}

TEST_F(Finding10RetryTest, ARetryWithAnotherBusinessDateIsAlreadyExists) {
  absl::StatusOr<v1::CommandResult> allocated = Budget(Meta(1, "2024-03-01"), Allocate(1));
  ASSERT_TRUE(allocated.ok()) << allocated.status();
  ExpectOtherContent(Budget(Meta(1, "2024-03-02"), Allocate(1)), 1, allocated->position(),
                     log_->Size());
}

TEST_F(Finding10RetryTest, AnIdReusedForAnotherKindOfCommandNamesWhereItWasRecorded) {
  absl::StatusOr<v1::CommandResult> allocated = Budget(Meta(1), Allocate(1));
  ASSERT_TRUE(allocated.ok()) << allocated.status();
  ExpectOtherContent(Budget(Meta(1), Disburse(1, "d-1", 10)), 1, allocated->position(),
                     log_->Size());
}

// The recorded event depends on the state it was decided on (a due-date
// change records the old date): the retry is judged on that state, so the
// same command stays a duplicate after later changes, and another date
// never is.
TEST_F(Finding10RetryTest, AnAssignmentCommandIsJudgedOnTheStateItWasFirstDecidedOn) {
  const std::string stream = AssignmentStream("DA3-TDA3-01");
  using domain::AssignmentState;
  domain::MakeAssignment make{EventId(1), "DA3-TDA3-01", "DA3-TDA3", {"ldtbxh"},
                              {},         "2024-12-31",  "sessions"};
  ASSERT_TRUE((Run<AssignmentState>(stream, Meta(1), make).ok()));
  domain::ChangeDueDate first{EventId(2), "DA3-TDA3-01", "2025-01-31", "flood"};
  absl::StatusOr<v1::CommandResult> changed = Run<AssignmentState>(stream, Meta(2), first);
  ASSERT_TRUE(changed.ok()) << changed.status();
  domain::ChangeDueDate later{EventId(3), "DA3-TDA3-01", "2025-02-28", "second flood"};
  ASSERT_TRUE((Run<AssignmentState>(stream, Meta(3), later).ok()));

  absl::StatusOr<v1::CommandResult> retry = Run<AssignmentState>(stream, Meta(2), first);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->duplicate());
  EXPECT_EQ(retry->position(), changed->position());

  domain::ChangeDueDate other = first;
  other.new_due_date = "2025-03-31";
  ExpectOtherContent(Run<AssignmentState>(stream, Meta(2), other), 2, changed->position(),
                     log_->Size());
}

TEST_F(Finding10RetryTest, AVillageReportRetriedWithOtherValuesIsAlreadyExists) {
  const std::string stream = ReportingStream("2024");
  using domain::ReportingState;
  domain::SubmitVillageReport report{EventId(1), "2024", "ban-na-lang", {{"dim-health", 3, 40}}};
  absl::StatusOr<v1::CommandResult> submitted = Run<ReportingState>(stream, Meta(1), report);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  domain::SubmitVillageReport other = report;
  other.values[0].numerator = 4;
  ExpectOtherContent(Run<ReportingState>(stream, Meta(1), other), 1, submitted->position(),
                     log_->Size());
  absl::StatusOr<v1::CommandResult> same = Run<ReportingState>(stream, Meta(1), report);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_TRUE(same->duplicate());
}

}  // namespace
}  // namespace minhbach::program

// The executor keeps aggregates folded between commands (AggregateCache): a
// decision must still see what another writer appended to the stream since.
namespace minhbach::program {
namespace {

// A disbursement with its own voucher number.
domain::RecordDisbursement Paid(int n, const std::string& disbursement_id, int64_t amount) {
  return {EventId(n), "DA3-TDA3",   disbursement_id,       "a-2024",
          amount,     "2024-05-20", absl::StrCat("PC-", n)};
}

TEST_F(Finding10RetryTest, ACachedAggregateSeesWhatAnotherWriterAppendedSince) {
  ASSERT_TRUE(Budget(Meta(1), Allocate(1)).ok());
  ASSERT_TRUE(Budget(Meta(2), Paid(2, "d-1", 300'000'000)).ok());  // cached at version 1
  CommandExecutor other(log_.get());
  absl::StatusOr<absl::Time> day = BusinessTime(Meta(3), "", absl::FromUnixSeconds(1'717'200'000));
  ASSERT_TRUE(day.ok());
  absl::StatusOr<v1::CommandResult> paid = other.Execute<domain::BudgetState>(
      BudgetStream("DA3-TDA3"), "coordinator", Meta(3), *day,
      domain::BudgetCommand(Paid(3, "d-2", 150'000'000)),
      [](const domain::BudgetState&) { return absl::OkStatus(); });
  ASSERT_TRUE(paid.ok()) << paid.status();
  // 300 + 150 + 100 million exceeds the 500 million allocated: refused only
  // when the first executor folds the other's disbursement.
  absl::StatusOr<v1::CommandResult> over = Budget(Meta(4), Paid(4, "d-3", 100'000'000));
  ASSERT_FALSE(over.ok()) << "recorded at " << over->position();
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition) << over.status();
  EXPECT_EQ(over.status().message().find("voucher"), absl::string_view::npos) << over.status();
  EXPECT_EQ(log_->Size(), 3u);
  // And the same fold from scratch decides the same.
  CommandExecutor fresh(log_.get());
  absl::StatusOr<v1::CommandResult> again = fresh.Execute<domain::BudgetState>(
      BudgetStream("DA3-TDA3"), "coordinator", Meta(4), *day,
      domain::BudgetCommand(Paid(4, "d-3", 100'000'000)),
      [](const domain::BudgetState&) { return absl::OkStatus(); });
  EXPECT_EQ(again.status().code(), over.status().code());
  EXPECT_TRUE(Budget(Meta(5), Paid(5, "d-4", 50'000'000)).ok());
}

}  // namespace
}  // namespace minhbach::program
