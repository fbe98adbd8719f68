// The supervision aggregate (giám sát): one supervision by the Fatherland
// Front (UBMTTQ) from planning to closure, with its findings, the
// recommendations about them and the responsible units' responses. Pure code:
// state + command -> events | error, and state + event -> state; no I/O.
//
//   SupervisionState state;                // folded from the supervision's stream
//   SubmitResponse answer{id, "GS-2024-01", "kn-01", "ldtbxh", "vouchers re-filed"};
//   ASSIGN_OR_RETURN(std::vector<DomainEvent> events, Decide(state, SupervisionCommand(answer)));
//
// Lifecycle of the supervision: planned -> inspected (first inspection;
// later inspections are follow-ups) -> closed. Findings are recorded only
// once inspected; recommendations (each with a responsible unit and a due
// date) only about open findings; responses only by the recommendation's
// responsible unit, while its finding is open. A finding ends resolved
// (every one of its recommendations answered at least once; a finding with
// no recommendation can be resolved directly) or closed without resolution
// (with a reason). The supervision closes only when no finding is open; a
// supervision called off before any inspection is closed with a summary
// saying so. Nothing is decided after closed.
//
// Idempotency as for assignments (assignment.h): the command carries its
// event id; the same command on the same state gives byte-identical events; a
// command whose event id the state has applied, as the same event type,
// decides to no events.
//
// Thread safety: the functions are pure; a state may be read from many
// threads, but Apply needs exclusive access to the state it changes.
#ifndef MINHBACH_SERVICES_DOMAIN_SUPERVISION_H_
#define MINHBACH_SERVICES_DOMAIN_SUPERVISION_H_

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain {

// Event types (the payload messages' names in supervision_events.proto).
inline constexpr char kSupervisionPlanned[] = "SupervisionPlanned";
inline constexpr char kInspectionConducted[] = "InspectionConducted";
inline constexpr char kFindingRecorded[] = "FindingRecorded";
inline constexpr char kRecommendationIssued[] = "RecommendationIssued";
inline constexpr char kResponseSubmitted[] = "ResponseSubmitted";
inline constexpr char kFindingResolved[] = "FindingResolved";
inline constexpr char kFindingClosed[] = "FindingClosed";
inline constexpr char kSupervisionClosed[] = "SupervisionClosed";

enum class SupervisionStatus { kNone, kPlanned, kInspected, kClosed };

// "none", "planned", "inspected", "closed".
absl::string_view SupervisionStatusName(SupervisionStatus status);

enum class FindingStatus { kOpen, kResolved, kClosed };

// "open", "resolved", "closed".
absl::string_view FindingStatusName(FindingStatus status);

// True for "low", "medium" and "high", the severities a finding may have.
bool IsValidSeverity(absl::string_view severity);

struct Inspection {
  std::string date;  // YYYY-MM-DD
  std::vector<std::string> participants;
};

struct RecommendationResponse {
  std::string by_unit;
  std::string text;
};

struct Recommendation {
  std::string finding_id;
  std::string text;
  std::string responsible_unit;
  std::string due_date;                           // YYYY-MM-DD
  std::vector<RecommendationResponse> responses;  // in the order submitted

  bool answered() const { return !responses.empty(); }
};

struct Finding {
  std::string subject;   // e.g. a sub-project id
  std::string severity;  // "low", "medium" or "high"
  std::string description;
  FindingStatus status = FindingStatus::kOpen;
  std::vector<std::string> recommendation_ids;  // in the order issued
  std::string verified_by;                      // set when resolved
  std::string resolution_note;                  // set when resolved (may be empty)
  std::string closed_by;                        // set when closed
  std::string close_reason;                     // set when closed
};

// One supervision as folded from its events. kNone: nothing planned yet.
struct SupervisionState {
  SupervisionStatus status = SupervisionStatus::kNone;
  std::string supervision_id;
  std::string body;
  std::string scope;
  std::string planned_date;                               // YYYY-MM-DD
  std::vector<Inspection> inspections;                    // in the order conducted
  std::map<std::string, Finding> findings;                // by finding id
  std::map<std::string, Recommendation> recommendations;  // by recommendation id
  std::string closed_by;
  std::string summary;
  // Every event folded in: event id -> event type.
  AppliedEventIds applied_event_ids;
  // False in a fold that never decides (a projection): the ids are not kept.
  bool remember_event_ids = true;

  // The ids of the findings still open, in id order.
  std::vector<std::string> OpenFindingIds() const;
};

// Commands. `event_id` is the 16-byte id of the one event the command writes.
struct PlanSupervision {
  std::string event_id;
  std::string supervision_id;
  std::string body;
  std::string scope;
  std::string planned_date;  // YYYY-MM-DD
};
struct ConductInspection {
  std::string event_id;
  std::string supervision_id;
  std::string date;                       // YYYY-MM-DD
  std::vector<std::string> participants;  // at least one, none twice
};
struct RecordFinding {
  std::string event_id;
  std::string supervision_id;
  std::string finding_id;  // new within the supervision
  std::string subject;
  std::string severity;  // "low", "medium" or "high"
  std::string description;
};
struct IssueRecommendation {
  std::string event_id;
  std::string supervision_id;
  std::string finding_id;         // an open finding
  std::string recommendation_id;  // new within the supervision
  std::string text;
  std::string responsible_unit;
  std::string due_date;  // YYYY-MM-DD
};
struct SubmitResponse {
  std::string event_id;
  std::string supervision_id;
  std::string recommendation_id;
  std::string by_unit;  // the recommendation's responsible unit
  std::string text;
};
struct ResolveFinding {
  std::string event_id;
  std::string supervision_id;
  std::string finding_id;
  std::string verified_by;
  std::string note;  // may be empty
};
struct CloseFinding {
  std::string event_id;
  std::string supervision_id;
  std::string finding_id;
  std::string by;
  std::string reason;
};
struct CloseSupervision {
  std::string event_id;
  std::string supervision_id;
  std::string by;
  std::string summary;
};

using SupervisionCommand =
    std::variant<PlanSupervision, ConductInspection, RecordFinding, IssueRecommendation,
                 SubmitResponse, ResolveFinding, CloseFinding, CloseSupervision>;

// Decides what `command` means for the supervision in `state`: the events to
// append (exactly one), or none when the command's event id is already
// applied with the same event type (a retry). `state` is not changed.
// Errors, in the order checked:
//   InvalidArgument: a malformed field (empty id or text, event id not 16
//     bytes, bad date, severity not low/medium/high, no or duplicate
//     participants), named in the message; or a supervision_id other than
//     the state's.
//   AlreadyExists: the event id was applied as another event type;
//     PlanSupervision for a supervision that already exists; a finding or
//     recommendation id already used in this supervision.
//   NotFound: any other command before the supervision is planned; the
//     finding or recommendation named does not exist.
//   FailedPrecondition: the command is not allowed in the current status
//     (named in the message): anything after closed, a finding before the
//     inspection; or the finding concerned is not open; or a response by a
//     unit that is not responsible; or a resolution while a recommendation
//     is unanswered; or closing while findings are open (listed).
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const SupervisionState& state,
                                                              const SupervisionCommand& command);

// Folds one supervision event into `state`. Events are facts: the rules are
// not checked again; an event id already applied is skipped. Errors, which
// leave `state` unchanged: DataLoss (the payload does not parse, or it refers
// to a finding or recommendation the state does not hold), InvalidArgument
// (not a supervision event type).
[[nodiscard]] absl::Status Apply(SupervisionState& state, const DomainEvent& event);

// One open finding that is past due as of a date.
struct PastDueFinding {
  std::string finding_id;
  std::string subject;
  std::string severity;
  // Its recommendations due before the date and not answered, in the order issued.
  std::vector<std::string> recommendation_ids;
};

// The open findings that have at least one recommendation whose due_date is
// before `as_of_date` and which has no response, in finding id order. For the
// dashboard's "open findings past due". InvalidArgument naming "as_of_date"
// when it is not a date YYYY-MM-DD.
[[nodiscard]] absl::StatusOr<std::vector<PastDueFinding>> OpenFindingsPastDue(
    const SupervisionState& state, absl::string_view as_of_date);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_SUPERVISION_H_
