// Recording money: `minhbach finance allocate|disburse|reverse`, one Finance
// command each. `minhbach finance SUB-PROJECT` (timeline_commands.cc) shows
// a sub-project's money.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/record_flags.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

using Args = std::vector<std::string>;
using v1::Finance;

RecordedItem SubProjectItem(const std::string& id) {
  return {"subproject_id", "tiểu dự án", "sub-project", id};
}

int Allocate(const Args& args) {
  v1::AllocateBudgetRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::BudgetAllocated& body = *request.mutable_body();
  body.set_subproject_id(args[0]);
  body.set_allocation_id(IdOrGenerated(absl::GetFlag(FLAGS_id), "alloc-", "allocation"));
  body.set_source(Required("source", absl::GetFlag(FLAGS_source)));
  const int64_t year = CountOrFail("fiscal-year", absl::GetFlag(FLAGS_fiscal_year), 0);
  if (year < 1900 || year > 9999) {
    Fail(Say("--fiscal-year: cho năm ngân sách, ví dụ --fiscal-year=2024",
             "--fiscal-year: give the budget's year, e.g. --fiscal-year=2024"));
  }
  body.set_fiscal_year(static_cast<int32_t>(year));
  body.set_amount_dong(AmountOrFail("amount", absl::GetFlag(FLAGS_amount)));
  body.set_decision_number(Required("decision", absl::GetFlag(FLAGS_decision)));
  return Record(&Finance::Stub::AllocateBudget, request,
                {"phân bổ ngân sách",
                 "budget allocation",
                 {{"allocation_id", "", "", body.allocation_id()},
                  SubProjectItem(args[0]),
                  {"amount_dong", "số tiền", "amount", "", body.amount_dong()}}});
}

int Disburse(const Args& args) {
  v1::RecordDisbursementRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::DisbursementRecorded& body = *request.mutable_body();
  body.set_subproject_id(args[0]);
  body.set_disbursement_id(IdOrGenerated(absl::GetFlag(FLAGS_id), "disb-", "disbursement"));
  body.set_allocation_id(Required("allocation", absl::GetFlag(FLAGS_allocation)));
  body.set_amount_dong(AmountOrFail("amount", absl::GetFlag(FLAGS_amount)));
  body.set_date_paid(
      DateOrFail("date-paid", Required("date-paid", absl::GetFlag(FLAGS_date_paid))));
  body.set_voucher_number(Required("voucher", absl::GetFlag(FLAGS_voucher)));
  return Record(&Finance::Stub::RecordDisbursement, request,
                {"khoản chi",
                 "disbursement",
                 {{"disbursement_id", "", "", body.disbursement_id()},
                  SubProjectItem(args[0]),
                  {"allocation_id", "từ phân bổ", "from allocation", body.allocation_id()},
                  {"amount_dong", "số tiền", "amount", "", body.amount_dong()},
                  {"voucher_number", "chứng từ", "voucher", body.voucher_number()}}});
}

int Reverse(const Args& args) {
  v1::ReverseDisbursementRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_subproject_id(args[0]);
  request.mutable_body()->set_disbursement_id(args[1]);
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&Finance::Stub::ReverseDisbursement, request,
                {"việc hủy khoản chi",
                 "reversal",
                 {{"disbursement_id", "", "", args[1]}, SubProjectItem(args[0])}});
}

}  // namespace

std::vector<CliCommand> FinanceCommands() {
  return {
      {"finance allocate",
       "finance allocate SUB-PROJECT --amount=DONG --fiscal-year=YYYY --source=S "
       "--decision=NUMBER [--id=ID]",
       "allocate funds to a sub-project by a decision",
       Allocate,
       RecordingFlags({"id", "source", "fiscal_year", "amount", "decision"}),
       "phân bổ kinh phí cho một tiểu dự án theo quyết định",
       {"SUB-PROJECT"},
       "finance allocate DA3-TDA3 --amount=263.500.000 --fiscal-year=2024 "
       "--source=central-budget --decision=123/QĐ-UBND --id=DA3-TDA3-2024",
       "coordinator"},
      {"finance disburse",
       "finance disburse SUB-PROJECT --allocation=ID --amount=DONG --date-paid=D --voucher=NUMBER "
       "[--id=ID]",
       "record a payment out of an allocation",
       Disburse,
       RecordingFlags({"id", "allocation", "amount", "date_paid", "voucher"}),
       "ghi một khoản chi từ một khoản phân bổ",
       {"SUB-PROJECT"},
       "finance disburse DA3-TDA3 --allocation=DA3-TDA3-2024 --amount=263500000 "
       "--voucher=PC-2024-015 --date-paid=15/07/2024",
       "coordinator"},
      {"finance reverse",
       "finance reverse SUB-PROJECT DISBURSEMENT-ID --reason=...",
       "reverse a recorded payment (a correction; the payment stays in the log)",
       Reverse,
       RecordingFlags({"reason"}),
       "hủy một khoản chi đã ghi (đính chính; khoản chi vẫn còn trong sổ)",
       {"SUB-PROJECT", "DISBURSEMENT-ID"},
       "finance reverse DA3-TDA3 disb-1A2B3C4D --reason=\"Ghi nhầm số tiền\"",
       "coordinator"},
  };
}

}  // namespace minhbach::clients
