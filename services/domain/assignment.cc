#include "services/domain/assignment.h"

#include <algorithm>
#include <limits>
#include <set>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "minhbach/v1/program_events.pb.h"
#include "services/domain/dates.h"
#include "services/domain/money.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

// Each unit named, none twice; at least one when `require_one`.
absl::Status ValidateUnits(absl::string_view field, const std::vector<std::string>& units,
                           bool require_one) {
  if (require_one && units.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must name at least one unit"));
  }
  std::set<std::string> seen;
  for (const std::string& unit : units) {
    RETURN_IF_ERROR(RequireName(absl::StrCat(field, " entry"), unit));
    if (!seen.insert(unit).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, " names \"", unit, "\" twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateFields(const MakeAssignment& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  RETURN_IF_ERROR(RequireName("subproject_id", c.subproject_id));
  RETURN_IF_ERROR(ValidateUnits("lead_units", c.lead_units, /*require_one=*/true));
  RETURN_IF_ERROR(ValidateUnits("coordinating_units", c.coordinating_units, false));
  RETURN_IF_ERROR(ValidateDate("due_date", c.due_date));
  RETURN_IF_ERROR(ValidateOptionalText("description", c.description));
  if (c.assigned_date.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(ValidateDate("assigned_date", c.assigned_date));
  if (c.due_date < c.assigned_date) {  // YYYY-MM-DD: text order is date order
    return absl::InvalidArgumentError(absl::StrCat(
        "due_date ", c.due_date, " is before the day the assignment is made (", c.assigned_date,
        ") (rule: a due date is never before its assignment); give a later due date"));
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const AcceptAssignment& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  return RequireName("by_unit", c.by_unit);
}
absl::Status ValidateFields(const ReportProgress& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  RETURN_IF_ERROR(RequireText("text", c.text));
  if (c.quantity < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantity must not be negative, got ", c.quantity));
  }
  for (const std::string& ref : c.evidence_refs) {
    RETURN_IF_ERROR(RequireName("evidence_refs entry", ref));
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const ChangeDueDate& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  RETURN_IF_ERROR(ValidateDate("new_due_date", c.new_due_date));
  return RequireText("reason", c.reason);
}
absl::Status ValidateFields(const Reassign& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  RETURN_IF_ERROR(ValidateUnits("lead_units", c.lead_units, /*require_one=*/true));
  return RequireText("reason", c.reason);
}
absl::Status ValidateFields(const CompleteAssignment& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  return RequireText("summary", c.summary);
}
absl::Status ValidateFields(const CancelAssignment& c) {
  RETURN_IF_ERROR(RequireName("assignment_id", c.assignment_id));
  return RequireText("reason", c.reason);
}

const char* EventTypeOf(const MakeAssignment&) { return kAssignmentMade; }
const char* EventTypeOf(const AcceptAssignment&) { return kAssignmentAccepted; }
const char* EventTypeOf(const ReportProgress&) { return kAssignmentProgressReported; }
const char* EventTypeOf(const ChangeDueDate&) { return kAssignmentDueDateChanged; }
const char* EventTypeOf(const Reassign&) { return kAssignmentReassigned; }
const char* EventTypeOf(const CompleteAssignment&) { return kAssignmentCompleted; }
const char* EventTypeOf(const CancelAssignment&) { return kAssignmentCancelled; }

// FailedPrecondition naming what was refused and the current status.
absl::Status NotAllowed(const AssignmentState& s, absl::string_view action,
                        absl::string_view why = "") {
  return absl::FailedPreconditionError(absl::StrCat("cannot ", action, " assignment \"",
                                                    s.assignment_id, "\": it is ",
                                                    AssignmentStatusName(s.status), why));
}

absl::Status RequireOpen(const AssignmentState& s, absl::string_view action) {
  if (IsOpen(s.status)) return absl::OkStatus();
  return NotAllowed(s, action, "; nothing changes after completed or cancelled");
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const MakeAssignment& c) {
  if (s.status != AssignmentStatus::kNone) {
    return absl::AlreadyExistsError(absl::StrCat("assignment \"", c.assignment_id,
                                                 "\" already exists (",
                                                 AssignmentStatusName(s.status), ")"));
  }
  pb::AssignmentMade made;
  made.set_assignment_id(c.assignment_id);
  made.set_subproject_id(c.subproject_id);
  for (const std::string& unit : c.lead_units) made.add_lead_units(unit);
  for (const std::string& unit : c.coordinating_units) made.add_coordinating_units(unit);
  made.set_due_date(c.due_date);
  made.set_description(c.description);
  made.set_assigned_date(c.assigned_date);
  return MakeDomainEvent(c.event_id, kAssignmentMade, made);
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const AcceptAssignment& c) {
  if (s.status != AssignmentStatus::kMade) return NotAllowed(s, "accept");
  if (std::find(s.lead_units.begin(), s.lead_units.end(), c.by_unit) == s.lead_units.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot accept assignment \"", s.assignment_id, "\": \"", c.by_unit,
                     "\" is not one of its lead units (", absl::StrJoin(s.lead_units, ", "), ")"));
  }
  pb::AssignmentAccepted accepted;
  accepted.set_assignment_id(c.assignment_id);
  accepted.set_by_unit(c.by_unit);
  return MakeDomainEvent(c.event_id, kAssignmentAccepted, accepted);
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const ReportProgress& c) {
  RETURN_IF_ERROR(RequireOpen(s, "report progress on"));
  if (s.status == AssignmentStatus::kMade) {
    return NotAllowed(s, "report progress on", "; a lead unit must accept it first");
  }
  if (c.quantity > std::numeric_limits<int64_t>::max() - s.reported_quantity) {
    return absl::InvalidArgumentError("quantity would overflow the assignment's reported total");
  }
  pb::AssignmentProgressReported reported;
  reported.set_assignment_id(c.assignment_id);
  reported.set_text(c.text);
  reported.set_quantity(c.quantity);
  for (const std::string& ref : c.evidence_refs) reported.add_evidence_refs(ref);
  return MakeDomainEvent(c.event_id, kAssignmentProgressReported, reported);
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const ChangeDueDate& c) {
  RETURN_IF_ERROR(RequireOpen(s, "change the due date of"));
  if (c.new_due_date == s.due_date) {
    return absl::InvalidArgumentError(
        absl::StrCat("new_due_date ", c.new_due_date, " is already the due date"));
  }
  if (!s.assigned_date.empty() && c.new_due_date < s.assigned_date) {
    return absl::FailedPreconditionError(
        absl::StrCat("new_due_date ", c.new_due_date, " is before the day assignment \"",
                     s.assignment_id, "\" was made (", s.assigned_date,
                     ") (rule: a due date is never before its assignment); give a later due date"));
  }
  pb::AssignmentDueDateChanged changed;
  changed.set_assignment_id(c.assignment_id);
  changed.set_old_due_date(s.due_date);
  changed.set_new_due_date(c.new_due_date);
  changed.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kAssignmentDueDateChanged, changed);
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const Reassign& c) {
  RETURN_IF_ERROR(RequireOpen(s, "reassign"));
  if (std::set<std::string>(c.lead_units.begin(), c.lead_units.end()) ==
      std::set<std::string>(s.lead_units.begin(), s.lead_units.end())) {
    return absl::InvalidArgumentError("lead_units are already the assignment's lead units");
  }
  pb::AssignmentReassigned reassigned;
  reassigned.set_assignment_id(c.assignment_id);
  for (const std::string& unit : c.lead_units) reassigned.add_lead_units(unit);
  reassigned.set_reason(c.reason);
  for (const std::string& unit : s.lead_units) reassigned.add_old_lead_units(unit);
  return MakeDomainEvent(c.event_id, kAssignmentReassigned, reassigned);
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const CompleteAssignment& c) {
  RETURN_IF_ERROR(RequireOpen(s, "complete"));
  if (s.status != AssignmentStatus::kInProgress) {
    return NotAllowed(s, "complete", "; it needs at least one progress report first");
  }
  pb::AssignmentCompleted completed;
  completed.set_assignment_id(c.assignment_id);
  completed.set_summary(c.summary);
  return MakeDomainEvent(c.event_id, kAssignmentCompleted, completed);
}

absl::StatusOr<DomainEvent> DecideFor(const AssignmentState& s, const CancelAssignment& c) {
  RETURN_IF_ERROR(RequireOpen(s, "cancel"));
  pb::AssignmentCancelled cancelled;
  cancelled.set_assignment_id(c.assignment_id);
  cancelled.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kAssignmentCancelled, cancelled);
}

// Checks shared by every command, then the command's own decision.
template <typename Command>
absl::StatusOr<Events> DecideCommand(const AssignmentState& s, const Command& c) {
  RETURN_IF_ERROR(ValidateEventId(c.event_id));
  RETURN_IF_ERROR(ValidateFields(c));
  if (s.status != AssignmentStatus::kNone && c.assignment_id != s.assignment_id) {
    return absl::InvalidArgumentError(absl::StrCat("assignment_id \"", c.assignment_id,
                                                   "\" is not this assignment (\"", s.assignment_id,
                                                   "\")"));
  }
  if (auto retry = RetryOutcome(s.applied_event_ids, c.event_id, EventTypeOf(c))) {
    return *std::move(retry);
  }
  if (s.status == AssignmentStatus::kNone && !std::is_same_v<Command, MakeAssignment>) {
    return absl::NotFoundError(
        absl::StrCat("assignment \"", c.assignment_id, "\" has not been made"));
  }
  ASSIGN_OR_RETURN(DomainEvent event, DecideFor(s, c));
  Events events;
  events.push_back(std::move(event));
  return events;
}

std::vector<std::string> ToVector(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return std::vector<std::string>(field.begin(), field.end());
}

// Folds `event` into `s`. Every branch parses before it changes anything, so
// `s` is unchanged on error.
absl::Status Fold(AssignmentState& s, const DomainEvent& event) {
  const std::string& type = event.event_type;
  if (type == kAssignmentMade) {
    ASSIGN_OR_RETURN(pb::AssignmentMade e, PayloadAs<pb::AssignmentMade>(event));
    s.status = AssignmentStatus::kMade;
    s.assignment_id = e.assignment_id();
    s.subproject_id = e.subproject_id();
    s.lead_units = ToVector(e.lead_units());
    s.coordinating_units = ToVector(e.coordinating_units());
    s.due_date = e.due_date();
    s.assigned_date = e.assigned_date();
    s.description = e.description();
  } else if (type == kAssignmentAccepted) {
    ASSIGN_OR_RETURN(pb::AssignmentAccepted e, PayloadAs<pb::AssignmentAccepted>(event));
    s.status = AssignmentStatus::kAccepted;
    s.accepted_by = e.by_unit();
  } else if (type == kAssignmentProgressReported) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::AssignmentProgressReported>(event));
    int64_t total;
    if (!CheckedAdd(s.reported_quantity, e.quantity(), &total)) {
      return absl::DataLossError("progress quantity overflows the assignment's reported total");
    }
    s.status = AssignmentStatus::kInProgress;
    s.progress_reports += 1;
    s.reported_quantity = total;
  } else if (type == kAssignmentDueDateChanged) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::AssignmentDueDateChanged>(event));
    s.due_date = e.new_due_date();
  } else if (type == kAssignmentReassigned) {
    ASSIGN_OR_RETURN(pb::AssignmentReassigned e, PayloadAs<pb::AssignmentReassigned>(event));
    s.status = AssignmentStatus::kMade;
    s.lead_units = ToVector(e.lead_units());
    s.accepted_by.clear();
  } else if (type == kAssignmentCompleted) {
    ASSIGN_OR_RETURN(pb::AssignmentCompleted e, PayloadAs<pb::AssignmentCompleted>(event));
    s.status = AssignmentStatus::kCompleted;
    s.completion_summary = e.summary();
  } else if (type == kAssignmentCancelled) {
    ASSIGN_OR_RETURN(pb::AssignmentCancelled e, PayloadAs<pb::AssignmentCancelled>(event));
    s.status = AssignmentStatus::kCancelled;
    s.cancel_reason = e.reason();
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not an assignment event"));
  }
  if (s.remember_event_ids) s.applied_event_ids.emplace(event.event_id, type);
  return absl::OkStatus();
}

}  // namespace

absl::string_view AssignmentStatusName(AssignmentStatus status) {
  switch (status) {
    case AssignmentStatus::kNone:
      return "none";
    case AssignmentStatus::kMade:
      return "made";
    case AssignmentStatus::kAccepted:
      return "accepted";
    case AssignmentStatus::kInProgress:
      return "in progress";
    case AssignmentStatus::kCompleted:
      return "completed";
    case AssignmentStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

bool IsOpen(AssignmentStatus status) {
  return status == AssignmentStatus::kMade || status == AssignmentStatus::kAccepted ||
         status == AssignmentStatus::kInProgress;
}

absl::StatusOr<std::vector<DomainEvent>> Decide(const AssignmentState& state,
                                                const AssignmentCommand& command) {
  return std::visit([&state](const auto& c) { return DecideCommand(state, c); }, command);
}

absl::Status Apply(AssignmentState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  return Fold(state, event);
}

}  // namespace minhbach::domain
