// The budget aggregate of one sub-project: allocations of funds and the
// disbursements paid out of them, in integer đồng. Pure code: state + command
// -> events | error, and state + event -> state; no I/O.
//
//   BudgetState budget;                    // folded from the sub-project's budget stream
//   RecordDisbursement pay{id, "DA3-TDA3", "d-001", "a-2024", 15'000'000, "2024-05-20", "PC-17"};
//   ASSIGN_OR_RETURN(std::vector<DomainEvent> events, Decide(budget, BudgetCommand(pay)));
//
// Rules: amounts are 1 to kMaxAmountDong (10^15) đồng (money.h); the
// non-reversed disbursements of an allocation never add up to more than its
// amount; a correction is a
// DisbursementReversed event (the disbursement itself stays in the log) and
// gives its amount back to the allocation; ids of allocations and of
// disbursements are unique within the sub-project.
//
// Dates of a disbursement (rules of issue 12): not before its allocation's
// date, not before the plan could have been issued, not before
// kProgramStartDate (the national target program 2021-2025 started then: a
// payment "in 1999" is a typing error), not after the day it is recorded.
// A voucher number is used once per fiscal year (the calendar year of
// date_paid, as in Vietnam) across the whole commune: a treasury payment
// voucher is numbered in the commune's one series, whatever sub-project it
// pays for. The sub-project's own vouchers are in the state; the service
// gives those of the other sub-projects (VouchersInUse). A reversed
// disbursement's voucher may be recorded again (the correction of a
// mis-keyed payment carries the same paper voucher).
//
// Idempotency as for assignments (assignment.h): the command carries its
// event id; the same command on the same state gives byte-identical events; a
// command whose event id the state has applied, as the same event type,
// decides to no events.
//
// Thread safety: the functions are pure; a state may be read from many
// threads, but Apply needs exclusive access to the state it changes.
#ifndef MINHBACH_SERVICES_DOMAIN_BUDGET_H_
#define MINHBACH_SERVICES_DOMAIN_BUDGET_H_

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/domain/domain_event.h"
#include "services/domain/money.h"

namespace minhbach::domain {

// Event types (the payload messages' names in program_events.proto).
inline constexpr char kBudgetAllocated[] = "BudgetAllocated";
inline constexpr char kDisbursementRecorded[] = "DisbursementRecorded";
inline constexpr char kDisbursementReversed[] = "DisbursementReversed";

// The first day of the national target program for sustainable poverty
// reduction 2021-2025 (Quyết định 90/QĐ-TTg): no disbursement before it.
inline constexpr char kProgramStartDate[] = "2021-01-01";

struct Allocation {
  std::string source;  // e.g. "central-budget"
  int32_t fiscal_year = 0;
  int64_t amount_dong = 0;
  std::string decision_number;
  int64_t disbursed_dong = 0;    // sum of its disbursements not reversed; <= amount_dong
  std::string allocated_date{};  // YYYY-MM-DD; empty for events older than the field

  // What is left to disburse; saturated, never wrapped, for a log that holds
  // amounts no command would accept (see money.h).
  int64_t remaining_dong() const {
    int64_t remaining;
    if (CheckedSub(amount_dong, disbursed_dong, &remaining)) return remaining;
    return disbursed_dong < 0 ? std::numeric_limits<int64_t>::max()
                              : std::numeric_limits<int64_t>::min();
  }
};

struct Disbursement {
  std::string allocation_id;
  int64_t amount_dong = 0;
  std::string date_paid;  // YYYY-MM-DD
  std::string voucher_number;
  bool reversed = false;
  std::string reversal_reason;  // set when reversed
};

// One sub-project's budget as folded from its events. Empty subproject_id:
// nothing recorded yet.
struct BudgetState {
  std::string subproject_id;
  std::map<std::string, Allocation> allocations;      // by allocation id
  std::map<std::string, Disbursement> disbursements;  // by disbursement id
  // Every event folded in: event id -> event type.
  AppliedEventIds applied_event_ids;
  // False in a fold that never decides (a projection): the ids are not kept.
  bool remember_event_ids = true;
};

// Commands. `event_id` is the 16-byte id of the one event the command writes.
struct AllocateBudget {
  std::string event_id;
  std::string subproject_id;
  std::string allocation_id;
  std::string source;
  int32_t fiscal_year = 0;  // 1000..9999
  int64_t amount_dong = 0;  // 1..kMaxAmountDong
  std::string decision_number;
  std::string allocated_date{};  // YYYY-MM-DD: the command's business date
};

// A voucher number in use: its fiscal year and where it is used.
struct VoucherUse {
  int fiscal_year = 0;
  std::string voucher_number;
  std::string where;  // e.g. "DA3-TDA3/d-001", for the message
};

struct RecordDisbursement {
  std::string event_id;
  std::string subproject_id;
  std::string disbursement_id;
  std::string allocation_id;
  int64_t amount_dong = 0;  // 1..kMaxAmountDong, at most the allocation's remaining amount
  std::string date_paid;    // YYYY-MM-DD
  std::string voucher_number;
  // What the service knows beyond this budget, filled in before deciding:
  // the day the command is recorded (the commune's day of the clock;
  // date_paid may not be later), the first day the plan can have been issued
  // (empty when unknown; date_paid may not be earlier), and the vouchers of
  // the other sub-projects (VouchersInUse of each).
  std::string recorded_date{};
  std::string plan_issued_from{};
  std::vector<VoucherUse> vouchers_elsewhere{};
};
struct ReverseDisbursement {
  std::string event_id;
  std::string subproject_id;
  std::string disbursement_id;
  std::string reason;
};

using BudgetCommand = std::variant<AllocateBudget, RecordDisbursement, ReverseDisbursement>;

// Decides what `command` means for the budget in `state`: the events to
// append (exactly one), or none when the command's event id is already
// applied with the same event type (a retry). `state` is not changed.
// Errors, in the order checked:
//   InvalidArgument: a malformed field (empty id or text, event id not 16
//     bytes, amount not 1 to 10^15 đồng, fiscal year not four digits, bad date),
//     named in the message; or a subproject_id other than the state's.
//   AlreadyExists: the event id was applied as another event type, or the
//     allocation or disbursement id is already used in this sub-project.
//   NotFound: the allocation to disburse from, or the disbursement to
//     reverse, does not exist.
//   FailedPrecondition: the disbursement exceeds what the allocation has left
//     (the message gives the remaining amount); its date breaks a date rule
//     above, or its voucher number is already used in its fiscal year (each
//     message names the rule); or the disbursement to reverse is already
//     reversed.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const BudgetState& state,
                                                              const BudgetCommand& command);

// Folds one budget event into `state`. Events are facts: the rules are not
// checked again; an event id already applied is skipped. Errors, which leave
// `state` unchanged: DataLoss (the payload does not parse, or it refers to an
// allocation or disbursement the state does not hold, or its amount would
// take an allocation's disbursed total beyond int64: never wrapped),
// InvalidArgument (not a budget event type).
[[nodiscard]] absl::Status Apply(BudgetState& state, const DomainEvent& event);

// The voucher numbers of the disbursements of `state` that are not reversed,
// each with the fiscal year of its date_paid.
std::vector<VoucherUse> VouchersInUse(const BudgetState& state);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_BUDGET_H_
