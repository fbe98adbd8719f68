// The assignment aggregate (phân công): who must do what on a sub-project, by
// when, and how far it has got. Pure code: state + command -> events | error,
// and state + event -> state; no I/O.
//
//   AssignmentState state;                 // folded from the assignment's stream
//   ASSIGN_OR_RETURN(std::vector<DomainEvent> events, Decide(state, AssignmentCommand(accept)));
//   ... append `events` to the stream at the version `state` was folded from ...
//   for (const DomainEvent& e : events) RETURN_IF_ERROR(Apply(state, e));
//
// Lifecycle: made -> accepted -> in progress (first progress report) ->
// completed, or cancelled from any open state (made, accepted, in progress).
// A due-date change keeps the status; a reassignment returns it to made (the
// new leads must accept). Nothing is decided after completed or cancelled.
//
// Idempotency: each command carries the event id it will write, chosen by the
// caller. The same command decided on the same state gives byte-identical
// events, so the log recognises a retry as a duplicate. A command whose event
// id the state has already applied (the retry arrives after the first attempt
// was folded in) decides to no events at all, if it is of the same kind.
//
// Thread safety: the functions are pure; a state may be read from many
// threads, but Apply needs exclusive access to the state it changes.
#ifndef MINHBACH_SERVICES_DOMAIN_ASSIGNMENT_H_
#define MINHBACH_SERVICES_DOMAIN_ASSIGNMENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain {

// Event types (the payload messages' names in program_events.proto).
inline constexpr char kAssignmentMade[] = "AssignmentMade";
inline constexpr char kAssignmentAccepted[] = "AssignmentAccepted";
inline constexpr char kAssignmentProgressReported[] = "AssignmentProgressReported";
inline constexpr char kAssignmentDueDateChanged[] = "AssignmentDueDateChanged";
inline constexpr char kAssignmentReassigned[] = "AssignmentReassigned";
inline constexpr char kAssignmentCompleted[] = "AssignmentCompleted";
inline constexpr char kAssignmentCancelled[] = "AssignmentCancelled";

enum class AssignmentStatus { kNone, kMade, kAccepted, kInProgress, kCompleted, kCancelled };

// "none", "made", "accepted", "in progress", "completed", "cancelled".
absl::string_view AssignmentStatusName(AssignmentStatus status);

// True for made, accepted and in progress: the statuses that can still change.
bool IsOpen(AssignmentStatus status);

// One assignment as folded from its events. kNone: nothing made yet.
struct AssignmentState {
  AssignmentStatus status = AssignmentStatus::kNone;
  std::string assignment_id;
  std::string subproject_id;
  std::vector<std::string> lead_units;
  std::vector<std::string> coordinating_units;
  std::string due_date;       // YYYY-MM-DD, the current deadline
  std::string assigned_date;  // YYYY-MM-DD; empty for events older than the field
  std::string description;
  std::string accepted_by;  // the lead unit that accepted; empty until then
  int64_t progress_reports = 0;
  int64_t reported_quantity = 0;  // sum of the progress reports' quantities
  std::string completion_summary;
  std::string cancel_reason;
  // Every event folded in: event id -> event type.
  AppliedEventIds applied_event_ids;
  // False in a fold that never decides (a projection): the ids are not kept.
  bool remember_event_ids = true;
};

// Commands: what a caller asks for. `event_id` is the 16-byte id of the one
// event the command writes.
struct MakeAssignment {
  std::string event_id;
  std::string assignment_id;
  std::string subproject_id;
  std::vector<std::string> lead_units;  // at least one
  std::vector<std::string> coordinating_units;
  std::string due_date;  // YYYY-MM-DD, not before assigned_date
  std::string description;
  // The day the assignment is made, YYYY-MM-DD: the command's business date,
  // filled in by the service. Empty: not checked.
  std::string assigned_date{};
};
struct AcceptAssignment {
  std::string event_id;
  std::string assignment_id;
  std::string by_unit;  // one of the current lead units
};
struct ReportProgress {
  std::string event_id;
  std::string assignment_id;
  std::string text;
  int64_t quantity = 0;  // >= 0
  std::vector<std::string> evidence_refs;
};
struct ChangeDueDate {
  std::string event_id;
  std::string assignment_id;
  // YYYY-MM-DD, differs from the current one, not before the assignment's date.
  std::string new_due_date;
  std::string reason;
};
struct Reassign {
  std::string event_id;
  std::string assignment_id;
  std::vector<std::string> lead_units;  // at least one, differs from the current ones
  std::string reason;
};
struct CompleteAssignment {
  std::string event_id;
  std::string assignment_id;
  std::string summary;
};
struct CancelAssignment {
  std::string event_id;
  std::string assignment_id;
  std::string reason;
};

using AssignmentCommand =
    std::variant<MakeAssignment, AcceptAssignment, ReportProgress, ChangeDueDate, Reassign,
                 CompleteAssignment, CancelAssignment>;

// Decides what `command` means for the assignment in `state`: the events to
// append (exactly one), or none when the command's event id is already
// applied with the same event type (a retry). `state` is not changed.
// Errors, in the order checked:
//   InvalidArgument: a malformed field (empty id or text, event id not 16
//     bytes, bad date, negative quantity, a duplicate or empty unit), or a
//     no-op change (same due date, same lead units); the message names the field;
//     also an assignment_id other than the state's.
//   AlreadyExists: the event id was applied as another event type, or
//     MakeAssignment for an assignment that already exists.
//   NotFound: any other command before the assignment is made.
//   FailedPrecondition: the command is not allowed in the current status
//     (named in the message), e.g. anything after completed or cancelled,
//     progress before acceptance, or acceptance by a unit that does not lead;
//     or a new due date before the day the assignment was made (rule of
//     issue 12; MakeAssignment with such a due date is InvalidArgument).
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const AssignmentState& state,
                                                              const AssignmentCommand& command);

// Folds one assignment event into `state`. Events are facts: no rule is
// checked again; an event id already applied is skipped. DataLoss when the
// payload does not parse; InvalidArgument for an event type that is not an
// assignment's. On error `state` is unchanged.
[[nodiscard]] absl::Status Apply(AssignmentState& state, const DomainEvent& event);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_ASSIGNMENT_H_
