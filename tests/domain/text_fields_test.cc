// Issue 11, finding 13 (in part): no id, voucher, name or free text of a
// program command may hold NUL, ESC or another control character that
// would act on an auditor's terminal; free text keeps its line breaks.
#include "services/domain/text_fields.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/domain/assignment.h"
#include "services/domain/budget.h"
#include "services/domain/supervision.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using ::minhbach::domain::testing::Id;
using ::minhbach::domain::testing::MessageHas;

using namespace std::string_literals;  // "\0" inside a string

// What a hostile caller puts in a field.
const std::vector<std::string>& Hostile() {
  static const auto* values = new std::vector<std::string>{
      "PC-17\0hidden"s,  // NUL: cuts a C string
      "PC-17\x1b[2J",    // ESC: clears the auditor's screen
      "PC-17\rPC-99",    // CR: prints over the line
      "PC-17\x7f",       // DEL
      "PC-17\xc2\x9b"
      "2J",  // C1 CSI (U+009B), an ESC [ to some terminals
      "PC-\xe2\x80\xae"
      "71",  // RIGHT-TO-LEFT OVERRIDE (U+202E)
      "PC-\xe2\x81\xa6"
      "17",  // LEFT-TO-RIGHT ISOLATE (U+2066)
  };
  return *values;
}

TEST(Finding13ControlCharacters, ANameHoldsNoControlCharacterAtAll) {
  for (const std::string& value : Hostile()) {
    absl::Status refused = RequireName("voucher_number", value);
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
    EXPECT_TRUE(MessageHas(refused, "voucher_number holds a control character"));
  }
  for (const std::string& value : {"PC-17\nPC-18", "PC-17\tPC-18"}) {
    EXPECT_EQ(RequireName("voucher_number", value).code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(RequireName("decision_number", "123/QĐ-UBND ngày 5/3").ok());
}

TEST(Finding13ControlCharacters, FreeTextKeepsLineBreaksAndTabsButNothingElse) {
  EXPECT_TRUE(RequireText("reason", "nhập trùng chứng từ\n\tlần 2").ok());
  for (const std::string& value : Hostile()) {
    absl::Status refused = RequireText("reason", value);
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
    EXPECT_TRUE(MessageHas(refused, "reason holds a control character"));
  }
  EXPECT_TRUE(ValidateOptionalText("note", "").ok());
  EXPECT_EQ(RequireText("reason", "").code(), absl::StatusCode::kInvalidArgument);
}

// Through the aggregates: each field named in the refusal, nothing decided.
TEST(Finding13ControlCharacters, CommandsRefuseThemInIdsVouchersUnitsAndText) {
  BudgetState budget;
  AllocateBudget allocate{Id(1), "DA3-TDA3", "a-2024", "central-budget", 2024, 1000, "123"};
  ASSERT_TRUE(Decide(budget, allocate).ok());
  for (const std::string& value : Hostile()) {
    RecordDisbursement pay{Id(2), "DA3-TDA3", "d-1", "a-2024", 10, "2024-05-20", value};
    absl::StatusOr<std::vector<DomainEvent>> refused = Decide(budget, pay);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(MessageHas(refused.status(), "voucher_number"));

    AllocateBudget bad_id = allocate;
    bad_id.allocation_id = value;
    EXPECT_TRUE(MessageHas(Decide(budget, bad_id).status(), "allocation_id holds a control"));

    MakeAssignment make{Id(3), "DA3-TDA3-01", "DA3-TDA3", {"ldtbxh", value},
                        {},    "2024-12-31",  "sessions"};
    EXPECT_TRUE(
        MessageHas(Decide(AssignmentState(), make).status(), "lead_units entry holds a control"));
    make.lead_units = {"ldtbxh"};
    make.description = value;
    EXPECT_TRUE(
        MessageHas(Decide(AssignmentState(), make).status(), "description holds a control"));

    PlanSupervision plan{Id(4), "GS-2024-01", "HĐND xã", value, "2024-09-01"};
    EXPECT_TRUE(MessageHas(Decide(SupervisionState(), plan).status(), "scope holds a control"));
  }
  MakeAssignment multi_line{Id(5), "DA3-TDA3-01", "DA3-TDA3",          {"ldtbxh"},
                            {},    "2024-12-31",  "line one\nline two"};
  EXPECT_TRUE(Decide(AssignmentState(), multi_line).ok());
}

// Issue 12, found walking the client: a 200,000-character voucher number and a
// 5,000-character disbursement id were recorded.
TEST(Issue12NameLength, ANameHoldsAtMostKMaxNameBytes) {
  EXPECT_TRUE(RequireName("voucher_number", std::string(kMaxNameBytes, 'x')).ok());
  const absl::Status long_name = RequireName("voucher_number", std::string(kMaxNameBytes + 1, 'x'));
  EXPECT_EQ(long_name.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(long_name, "voucher_number is 1025 bytes"));
  EXPECT_TRUE(ValidateOptionalName("decision_number", std::string(200000, '9')).code() ==
              absl::StatusCode::kInvalidArgument);
  // Free text (a reason, a report) is bounded by the event's size only.
  EXPECT_TRUE(RequireText("reason", std::string(10 * kMaxNameBytes, 'x')).ok());

  BudgetState budget;
  AllocateBudget allocate{Id(1), "DA3-TDA3", "a-2024", "central-budget", 2024, 1000, "123"};
  ASSERT_TRUE(Decide(budget, allocate).ok());
  RecordDisbursement pay{Id(2),        "DA3-TDA3", std::string(5000, 'd'), "a-2024", 10,
                         "2024-05-20", "PC-1"};
  EXPECT_TRUE(MessageHas(Decide(budget, pay).status(), "disbursement_id is 5000 bytes"));
}

}  // namespace
}  // namespace minhbach::domain
