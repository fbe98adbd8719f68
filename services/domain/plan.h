// The plan aggregate (kế hoạch): the plan as issued, its targets (chỉ tiêu,
// section II) and its sub-projects (tiểu dự án, section III). Pure code:
// state + command -> events | error, and state + event -> state; no I/O.
//
//   PlanState plan;                        // folded from the plan's stream
//   ASSIGN_OR_RETURN(std::vector<DomainEvent> events, Decide(plan, PlanCommand(set_target)));
//
// Rules: the plan is issued once; targets and sub-projects come after it.
// Its date may be known to the month only (the document leaves the day
// blank): it is then recorded as such, never guessed. A rate target is a
// share (a part of a whole) or a count (no denominator).
// Target, sub-project and village ids are unique within the plan. A target is a
// rate ("at-most" / "at-least": numerator_target of denominator_target, e.g.
// 137 of 10000 for 1.37 %) or a "deadline" (a date). A revision replaces an
// existing target's fields, always with a reason, and must change something.
// A sub-project may have no lead unit and no deadline when the plan states
// none (DA3-TDA1): the gap is recorded, not filled in; SubProjectsWithoutLead
// shows it.
//
// Idempotency as for assignments (assignment.h): the command carries its
// event id; the same command on the same state gives byte-identical events; a
// command whose event id the state has applied, as the same event type,
// decides to no events.
//
// Thread safety: the functions are pure; a state may be read from many
// threads, but Apply needs exclusive access to the state it changes.
#ifndef MINHBACH_SERVICES_DOMAIN_PLAN_H_
#define MINHBACH_SERVICES_DOMAIN_PLAN_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain {

// Event types (the payload messages' names in plan_events.proto).
inline constexpr char kPlanIssued[] = "PlanIssued";
inline constexpr char kTargetSet[] = "TargetSet";
inline constexpr char kTargetRevised[] = "TargetRevised";
inline constexpr char kSubProjectRegistered[] = "SubProjectRegistered";
inline constexpr char kVillageRegistered[] = "VillageRegistered";

// A target's directions.
inline constexpr char kAtMost[] = "at-most";
inline constexpr char kAtLeast[] = "at-least";
inline constexpr char kDeadline[] = "deadline";

// What a target asks for; the same fields when it is set and when it is revised.
struct Target {
  std::string description;
  std::string direction;   // kAtMost, kAtLeast or kDeadline
  std::string value_text;  // as the plan writes it, e.g. "1.37 %"
  // Rates only: numerator_target >= 0 of denominator_target > 0. Both 0 for a deadline.
  int64_t numerator_target = 0;
  int64_t denominator_target = 0;
  std::string deadline_date;  // deadline only: YYYY-MM-DD; empty for a rate
  // Rates only: kTargetKindShare or kTargetKindCount (reporting.h); empty for
  // a deadline, and on a rate set before kinds existed (TargetKindOf: a share).
  std::string kind{};
  std::string unit{};          // e.g. "hộ", "người"; may be empty
  std::string horizon_date{};  // YYYY-MM-DD by when, e.g. 2024-12-31; may be empty

  bool operator==(const Target& other) const {
    return description == other.description && direction == other.direction &&
           value_text == other.value_text && numerator_target == other.numerator_target &&
           denominator_target == other.denominator_target && deadline_date == other.deadline_date &&
           kind == other.kind && unit == other.unit && horizon_date == other.horizon_date;
  }
  bool operator!=(const Target& other) const { return !(*this == other); }
};

struct SubProject {
  std::string name;
  std::string funding_source;           // e.g. "central-budget"
  std::vector<std::string> lead_units;  // may be empty: the plan states none
  std::vector<std::string> coordinating_units;
  std::string deadline_date;                // YYYY-MM-DD, or empty: the plan states none
  std::string project_name{};               // e.g. "Dự án 3: ..."; may be empty
  std::string beneficiaries_and_support{};  // section III "Đối tượng, nội dung hỗ trợ"
};

// One plan as folded from its events. Empty plan_id: not issued yet.
struct PlanState {
  std::string plan_id;
  std::string document_number;
  std::string issued_date;   // YYYY-MM-DD, or empty: the document leaves the day blank
  std::string issued_month;  // YYYY-MM; empty on plans issued before the field
  std::string issuer;
  std::string legal_basis;
  std::string title;
  std::string signer_title;  // e.g. "KT. Chủ tịch, Phó Chủ tịch"
  std::string signer_name;
  std::map<std::string, Target> targets;  // by target id, as last set or revised
  // By target id: the reasons of its revisions, oldest first; absent when never revised.
  std::map<std::string, std::vector<std::string>> revision_reasons;
  std::map<std::string, SubProject> subprojects;  // by sub-project id
  std::map<std::string, std::string> villages;    // village id -> name
  // Every event folded in: event id -> event type.
  AppliedEventIds applied_event_ids;
  // False in a fold that never decides (a projection): the ids are not kept.
  bool remember_event_ids = true;
};

// Commands. `event_id` is the 16-byte id of the one event the command writes.
struct IssuePlan {
  std::string event_id;
  std::string plan_id;
  std::string document_number;
  std::string issued_date;  // YYYY-MM-DD, or empty when the document leaves the day blank
  std::string issuer;
  std::string legal_basis;
  std::string title;
  std::string issued_month{};  // YYYY-MM; required when issued_date is empty, else its month
  std::string signer_title{};  // optional
  std::string signer_name{};   // optional
};
struct SetTarget {
  std::string event_id;
  std::string plan_id;
  std::string target_id;  // not yet used in the plan
  Target target;
};
struct ReviseTarget {
  std::string event_id;
  std::string plan_id;
  std::string target_id;  // an existing target
  Target target;          // differs from the current one
  std::string reason;
};
struct RegisterSubProject {
  std::string event_id;
  std::string plan_id;
  std::string subproject_id;  // not yet used in the plan
  SubProject subproject;
};

// A village (thôn) the reporting chain expects reports from.
struct RegisterVillage {
  std::string event_id;
  std::string plan_id;
  std::string village_id;  // not yet used in the plan
  std::string name;
};

using PlanCommand =
    std::variant<IssuePlan, SetTarget, ReviseTarget, RegisterSubProject, RegisterVillage>;

// Decides what `command` means for the plan in `state`: the events to append
// (exactly one), or none when the command's event id is already applied with
// the same event type (a retry). `state` is not changed.
// Errors, in the order checked:
//   InvalidArgument: a malformed field (empty id or text, event id not 16
//     bytes, bad date, unknown direction, a rate with a non-positive
//     denominator, a negative numerator or a deadline date, a deadline target
//     without a date or with a rate, an empty unit), named in the message; a
//     plan_id other than the state's; or a revision that changes nothing.
//   AlreadyExists: the event id was applied as another event type, the plan
//     is already issued, or the target, sub-project or village id is already used.
//   FailedPrecondition: a target, sub-project or village before the plan is issued.
//   NotFound: the target to revise does not exist.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const PlanState& state,
                                                              const PlanCommand& command);

// Folds one plan event into `state`. Events are facts: the rules are not
// checked again; an event id already applied is skipped. Errors, which leave
// `state` unchanged: DataLoss (the payload does not parse, or it revises a
// target the state does not hold), InvalidArgument (not a plan event type).
[[nodiscard]] absl::Status Apply(PlanState& state, const DomainEvent& event);

// A target's kind: its `kind`, or kTargetKindShare for a rate set before
// kinds existed; empty for a deadline.
std::string TargetKindOf(const Target& target);

// The first day the plan can have been issued: its issued_date, else the
// first day of its issued_month; empty when neither is known.
std::string PlanIssuedFrom(const PlanState& state);

// The ids of the registered sub-projects that name no lead unit, in id order
// (DA3-TDA1 in the 2024 plan).
std::vector<std::string> SubProjectsWithoutLead(const PlanState& state);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_PLAN_H_
