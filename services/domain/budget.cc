#include "services/domain/budget.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "minhbach/v1/program_events.pb.h"
#include "services/domain/dates.h"
#include "services/domain/money.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

absl::Status ValidateFields(const AllocateBudget& c) {
  RETURN_IF_ERROR(RequireName("subproject_id", c.subproject_id));
  RETURN_IF_ERROR(RequireName("allocation_id", c.allocation_id));
  RETURN_IF_ERROR(RequireName("source", c.source));
  if (c.fiscal_year < 1000 || c.fiscal_year > 9999) {
    return absl::InvalidArgumentError(
        absl::StrCat("fiscal_year must be a four-digit year, got ", c.fiscal_year));
  }
  RETURN_IF_ERROR(ValidateAmount("amount_dong", c.amount_dong));
  RETURN_IF_ERROR(RequireName("decision_number", c.decision_number));
  if (c.allocated_date.empty()) return absl::OkStatus();
  return ValidateDate("allocated_date", c.allocated_date);
}
absl::Status ValidateFields(const RecordDisbursement& c) {
  RETURN_IF_ERROR(RequireName("subproject_id", c.subproject_id));
  RETURN_IF_ERROR(RequireName("disbursement_id", c.disbursement_id));
  RETURN_IF_ERROR(RequireName("allocation_id", c.allocation_id));
  RETURN_IF_ERROR(ValidateAmount("amount_dong", c.amount_dong));
  RETURN_IF_ERROR(ValidateDate("date_paid", c.date_paid));
  return RequireName("voucher_number", c.voucher_number);
}

// The fiscal year of a valid date: its calendar year.
int FiscalYearOf(absl::string_view date) {
  int year = 0;
  for (char ch : date.substr(0, 4)) year = year * 10 + (ch - '0');
  return year;
}

// Voucher numbers compare without surrounding spaces and ASCII case:
// "PC-020/2024" and "pc-020/2024 " are the same paper.
std::string VoucherKey(absl::string_view voucher) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(voucher));
}

// The date rules of a disbursement (budget.h); dates are YYYY-MM-DD, so
// text order is date order.
absl::Status CheckDisbursementDates(const RecordDisbursement& c, const Allocation& allocation) {
  if (c.date_paid < kProgramStartDate) {
    return absl::FailedPreconditionError(absl::StrCat(
        "date_paid ", c.date_paid, " is before ", kProgramStartDate,
        ", the start of the national target program 2021-2025 (rule: no disbursement before the "
        "program); check the year"));
  }
  if (!c.plan_issued_from.empty() && c.date_paid < c.plan_issued_from) {
    return absl::FailedPreconditionError(absl::StrCat(
        "date_paid ", c.date_paid, " is before the plan was issued (", c.plan_issued_from,
        " at the earliest) (rule: no disbursement before the plan); check the date"));
  }
  if (!allocation.allocated_date.empty() && c.date_paid < allocation.allocated_date) {
    return absl::FailedPreconditionError(absl::StrCat(
        "date_paid ", c.date_paid, " is before allocation \"", c.allocation_id, "\" was made (",
        allocation.allocated_date,
        ") (rule: no disbursement before its allocation); check the date or the allocation"));
  }
  if (!c.recorded_date.empty() && c.date_paid > c.recorded_date) {
    return absl::FailedPreconditionError(absl::StrCat(
        "date_paid ", c.date_paid, " is after the day it is recorded (", c.recorded_date,
        ") (rule: a payment is recorded once made, never in advance); record it on or after ",
        c.date_paid));
  }
  return absl::OkStatus();
}

// The voucher rule: once per fiscal year across the commune.
absl::Status CheckVoucherUnused(const BudgetState& s, const RecordDisbursement& c) {
  const int year = FiscalYearOf(c.date_paid);
  const std::string key = VoucherKey(c.voucher_number);
  std::vector<VoucherUse> uses = VouchersInUse(s);
  uses.insert(uses.end(), c.vouchers_elsewhere.begin(), c.vouchers_elsewhere.end());
  for (const VoucherUse& use : uses) {
    if (use.fiscal_year != year || VoucherKey(use.voucher_number) != key) continue;
    return absl::FailedPreconditionError(absl::StrCat(
        "voucher_number \"", c.voucher_number, "\" is already used in fiscal year ", year, " by ",
        use.where,
        " (rule: a voucher number is used once per fiscal year across the commune); give this "
        "payment's own voucher number, or reverse the other disbursement if it was mis-keyed"));
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const ReverseDisbursement& c) {
  RETURN_IF_ERROR(RequireName("subproject_id", c.subproject_id));
  RETURN_IF_ERROR(RequireName("disbursement_id", c.disbursement_id));
  return RequireText("reason", c.reason);
}

const char* EventTypeOf(const AllocateBudget&) { return kBudgetAllocated; }
const char* EventTypeOf(const RecordDisbursement&) { return kDisbursementRecorded; }
const char* EventTypeOf(const ReverseDisbursement&) { return kDisbursementReversed; }

absl::StatusOr<DomainEvent> DecideFor(const BudgetState& s, const AllocateBudget& c) {
  if (s.allocations.count(c.allocation_id) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("allocation \"", c.allocation_id, "\" already exists in ", s.subproject_id));
  }
  pb::BudgetAllocated allocated;
  allocated.set_subproject_id(c.subproject_id);
  allocated.set_allocation_id(c.allocation_id);
  allocated.set_source(c.source);
  allocated.set_fiscal_year(c.fiscal_year);
  allocated.set_amount_dong(c.amount_dong);
  allocated.set_decision_number(c.decision_number);
  allocated.set_allocated_date(c.allocated_date);
  return MakeDomainEvent(c.event_id, kBudgetAllocated, allocated);
}

absl::StatusOr<DomainEvent> DecideFor(const BudgetState& s, const RecordDisbursement& c) {
  if (s.disbursements.count(c.disbursement_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("disbursement \"", c.disbursement_id,
                                                 "\" already exists in ", s.subproject_id));
  }
  auto allocation = s.allocations.find(c.allocation_id);
  if (allocation == s.allocations.end()) {
    return absl::NotFoundError(
        absl::StrCat("allocation \"", c.allocation_id, "\" does not exist in ", c.subproject_id));
  }
  const int64_t remaining = allocation->second.remaining_dong();
  if (c.amount_dong > remaining) {
    return absl::FailedPreconditionError(absl::StrCat(
        "disbursement of ", c.amount_dong, " đồng exceeds allocation \"", c.allocation_id,
        "\": ", remaining, " đồng remaining of ", allocation->second.amount_dong));
  }
  RETURN_IF_ERROR(CheckDisbursementDates(c, allocation->second));
  RETURN_IF_ERROR(CheckVoucherUnused(s, c));
  pb::DisbursementRecorded recorded;
  recorded.set_subproject_id(c.subproject_id);
  recorded.set_disbursement_id(c.disbursement_id);
  recorded.set_allocation_id(c.allocation_id);
  recorded.set_amount_dong(c.amount_dong);
  recorded.set_date_paid(c.date_paid);
  recorded.set_voucher_number(c.voucher_number);
  return MakeDomainEvent(c.event_id, kDisbursementRecorded, recorded);
}

absl::StatusOr<DomainEvent> DecideFor(const BudgetState& s, const ReverseDisbursement& c) {
  auto disbursement = s.disbursements.find(c.disbursement_id);
  if (disbursement == s.disbursements.end()) {
    return absl::NotFoundError(absl::StrCat("disbursement \"", c.disbursement_id,
                                            "\" does not exist in ", c.subproject_id));
  }
  if (disbursement->second.reversed) {
    return absl::FailedPreconditionError(absl::StrCat("disbursement \"", c.disbursement_id,
                                                      "\" is already reversed (",
                                                      disbursement->second.reversal_reason, ")"));
  }
  pb::DisbursementReversed reversed;
  reversed.set_subproject_id(c.subproject_id);
  reversed.set_disbursement_id(c.disbursement_id);
  reversed.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kDisbursementReversed, reversed);
}

// Checks shared by every command, then the command's own decision.
template <typename Command>
absl::StatusOr<Events> DecideCommand(const BudgetState& s, const Command& c) {
  RETURN_IF_ERROR(ValidateEventId(c.event_id));
  RETURN_IF_ERROR(ValidateFields(c));
  if (!s.subproject_id.empty() && c.subproject_id != s.subproject_id) {
    return absl::InvalidArgumentError(absl::StrCat("subproject_id \"", c.subproject_id,
                                                   "\" is not this budget's (\"", s.subproject_id,
                                                   "\")"));
  }
  if (auto retry = RetryOutcome(s.applied_event_ids, c.event_id, EventTypeOf(c))) {
    return *std::move(retry);
  }
  ASSIGN_OR_RETURN(DomainEvent event, DecideFor(s, c));
  Events events;
  events.push_back(std::move(event));
  return events;
}

void FoldAllocated(BudgetState& s, const pb::BudgetAllocated& e) {
  Allocation allocation;
  allocation.source = e.source();
  allocation.fiscal_year = e.fiscal_year();
  allocation.amount_dong = e.amount_dong();
  allocation.decision_number = e.decision_number();
  allocation.allocated_date = e.allocated_date();
  s.subproject_id = e.subproject_id();
  s.allocations[e.allocation_id()] = std::move(allocation);
}

absl::Status FoldRecorded(BudgetState& s, const pb::DisbursementRecorded& e) {
  auto allocation = s.allocations.find(e.allocation_id());
  if (allocation == s.allocations.end()) {
    return absl::DataLossError(absl::StrCat("disbursement \"", e.disbursement_id(),
                                            "\" refers to unknown allocation \"", e.allocation_id(),
                                            "\""));
  }
  int64_t disbursed;
  if (!CheckedAdd(allocation->second.disbursed_dong, e.amount_dong(), &disbursed)) {
    return absl::DataLossError(absl::StrCat("disbursement \"", e.disbursement_id(), "\" of ",
                                            e.amount_dong(), " đồng overflows what allocation \"",
                                            e.allocation_id(), "\" has paid out"));
  }
  allocation->second.disbursed_dong = disbursed;
  Disbursement& d = s.disbursements[e.disbursement_id()];
  d.allocation_id = e.allocation_id();
  d.amount_dong = e.amount_dong();
  d.date_paid = e.date_paid();
  d.voucher_number = e.voucher_number();
  return absl::OkStatus();
}

absl::Status FoldReversed(BudgetState& s, const pb::DisbursementReversed& e) {
  auto d = s.disbursements.find(e.disbursement_id());
  if (d == s.disbursements.end() || s.allocations.count(d->second.allocation_id) == 0) {
    return absl::DataLossError(
        absl::StrCat("reversal of unknown disbursement \"", e.disbursement_id(), "\""));
  }
  if (!d->second.reversed) {
    int64_t& disbursed = s.allocations[d->second.allocation_id].disbursed_dong;
    if (!CheckedSub(disbursed, d->second.amount_dong, &disbursed)) {
      return absl::DataLossError(absl::StrCat("reversal of disbursement \"", e.disbursement_id(),
                                              "\" overflows what its allocation has paid out"));
    }
  }
  d->second.reversed = true;
  d->second.reversal_reason = e.reason();
  return absl::OkStatus();
}

// Folds `event` into `s`; every path checks before it changes anything.
absl::Status Fold(BudgetState& s, const DomainEvent& event) {
  const std::string& type = event.event_type;
  if (type == kBudgetAllocated) {
    ASSIGN_OR_RETURN(pb::BudgetAllocated e, PayloadAs<pb::BudgetAllocated>(event));
    FoldAllocated(s, e);
  } else if (type == kDisbursementRecorded) {
    ASSIGN_OR_RETURN(pb::DisbursementRecorded e, PayloadAs<pb::DisbursementRecorded>(event));
    RETURN_IF_ERROR(FoldRecorded(s, e));
  } else if (type == kDisbursementReversed) {
    ASSIGN_OR_RETURN(pb::DisbursementReversed e, PayloadAs<pb::DisbursementReversed>(event));
    RETURN_IF_ERROR(FoldReversed(s, e));
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not a budget event"));
  }
  if (s.remember_event_ids) s.applied_event_ids.emplace(event.event_id, type);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<DomainEvent>> Decide(const BudgetState& state,
                                                const BudgetCommand& command) {
  return std::visit([&state](const auto& c) { return DecideCommand(state, c); }, command);
}

absl::Status Apply(BudgetState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  return Fold(state, event);
}

std::vector<VoucherUse> VouchersInUse(const BudgetState& state) {
  std::vector<VoucherUse> uses;
  for (const auto& [id, d] : state.disbursements) {
    if (d.reversed || !IsValidDate(d.date_paid)) continue;
    uses.push_back(
        {FiscalYearOf(d.date_paid), d.voucher_number, absl::StrCat(state.subproject_id, "/", id)});
  }
  return uses;
}

}  // namespace minhbach::domain
