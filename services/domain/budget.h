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

struct Allocation {
  std::string source;  // e.g. "central-budget"
  int32_t fiscal_year = 0;
  int64_t amount_dong = 0;
  std::string decision_number;
  int64_t disbursed_dong = 0;  // sum of its disbursements not reversed; <= amount_dong

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
};
struct RecordDisbursement {
  std::string event_id;
  std::string subproject_id;
  std::string disbursement_id;
  std::string allocation_id;
  int64_t amount_dong = 0;  // 1..kMaxAmountDong, at most the allocation's remaining amount
  std::string date_paid;    // YYYY-MM-DD
  std::string voucher_number;
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
//     (the message gives the remaining amount), or the disbursement to
//     reverse is already reversed.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const BudgetState& state,
                                                              const BudgetCommand& command);

// Folds one budget event into `state`. Events are facts: the rules are not
// checked again; an event id already applied is skipped. Errors, which leave
// `state` unchanged: DataLoss (the payload does not parse, or it refers to an
// allocation or disbursement the state does not hold, or its amount would
// take an allocation's disbursed total beyond int64: never wrapped),
// InvalidArgument (not a budget event type).
[[nodiscard]] absl::Status Apply(BudgetState& state, const DomainEvent& event);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_BUDGET_H_
