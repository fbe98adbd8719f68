#include "services/domain/supervision.h"

#include <set>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "minhbach/v1/supervision_events.pb.h"
#include "services/domain/dates.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

absl::Status ValidateFields(const PlanSupervision& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("body", c.body));
  RETURN_IF_ERROR(RequireText("scope", c.scope));
  return ValidateDate("planned_date", c.planned_date);
}
absl::Status ValidateFields(const ConductInspection& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(ValidateDate("date", c.date));
  if (c.participants.empty()) {
    return absl::InvalidArgumentError("participants must name at least one participant");
  }
  std::set<std::string> seen;
  for (const std::string& participant : c.participants) {
    RETURN_IF_ERROR(RequireName("participants entry", participant));
    if (!seen.insert(participant).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("participants names \"", participant, "\" twice"));
    }
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const RecordFinding& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("finding_id", c.finding_id));
  RETURN_IF_ERROR(RequireName("subject", c.subject));
  if (!IsValidSeverity(c.severity)) {
    return absl::InvalidArgumentError(
        absl::StrCat("severity must be low, medium or high, got \"", c.severity, "\""));
  }
  return RequireText("description", c.description);
}
absl::Status ValidateFields(const IssueRecommendation& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("finding_id", c.finding_id));
  RETURN_IF_ERROR(RequireName("recommendation_id", c.recommendation_id));
  RETURN_IF_ERROR(RequireText("text", c.text));
  RETURN_IF_ERROR(RequireName("responsible_unit", c.responsible_unit));
  return ValidateDate("due_date", c.due_date);
}
absl::Status ValidateFields(const SubmitResponse& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("recommendation_id", c.recommendation_id));
  RETURN_IF_ERROR(RequireName("by_unit", c.by_unit));
  return RequireText("text", c.text);
}
absl::Status ValidateFields(const ResolveFinding& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("finding_id", c.finding_id));
  RETURN_IF_ERROR(RequireName("verified_by", c.verified_by));
  return ValidateOptionalText("note", c.note);
}
absl::Status ValidateFields(const CloseFinding& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("finding_id", c.finding_id));
  RETURN_IF_ERROR(RequireName("by", c.by));
  return RequireText("reason", c.reason);
}
absl::Status ValidateFields(const CloseSupervision& c) {
  RETURN_IF_ERROR(RequireName("supervision_id", c.supervision_id));
  RETURN_IF_ERROR(RequireName("by", c.by));
  return RequireText("summary", c.summary);
}

const char* EventTypeOf(const PlanSupervision&) { return kSupervisionPlanned; }
const char* EventTypeOf(const ConductInspection&) { return kInspectionConducted; }
const char* EventTypeOf(const RecordFinding&) { return kFindingRecorded; }
const char* EventTypeOf(const IssueRecommendation&) { return kRecommendationIssued; }
const char* EventTypeOf(const SubmitResponse&) { return kResponseSubmitted; }
const char* EventTypeOf(const ResolveFinding&) { return kFindingResolved; }
const char* EventTypeOf(const CloseFinding&) { return kFindingClosed; }
const char* EventTypeOf(const CloseSupervision&) { return kSupervisionClosed; }

// FailedPrecondition naming what was refused and the current status.
absl::Status NotAllowed(const SupervisionState& s, absl::string_view action,
                        absl::string_view why = "") {
  return absl::FailedPreconditionError(absl::StrCat("cannot ", action, " supervision \"",
                                                    s.supervision_id, "\": it is ",
                                                    SupervisionStatusName(s.status), why));
}

absl::Status RequireNotClosed(const SupervisionState& s, absl::string_view action) {
  if (s.status != SupervisionStatus::kClosed) return absl::OkStatus();
  return NotAllowed(s, action, "; nothing changes after closed");
}

// The finding `finding_id`, which must exist (NotFound) and be open
// (FailedPrecondition naming its status) for `action`.
absl::StatusOr<const Finding*> OpenFinding(const SupervisionState& s, const std::string& finding_id,
                                           absl::string_view action) {
  auto finding = s.findings.find(finding_id);
  if (finding == s.findings.end()) {
    return absl::NotFoundError(absl::StrCat(
        "finding \"", finding_id, "\" does not exist in supervision \"", s.supervision_id, "\""));
  }
  if (finding->second.status != FindingStatus::kOpen) {
    return absl::FailedPreconditionError(absl::StrCat("cannot ", action, " finding \"", finding_id,
                                                      "\": it is ",
                                                      FindingStatusName(finding->second.status)));
  }
  return &finding->second;
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const PlanSupervision& c) {
  if (s.status != SupervisionStatus::kNone) {
    return absl::AlreadyExistsError(absl::StrCat("supervision \"", c.supervision_id,
                                                 "\" already exists (",
                                                 SupervisionStatusName(s.status), ")"));
  }
  pb::SupervisionPlanned planned;
  planned.set_supervision_id(c.supervision_id);
  planned.set_body(c.body);
  planned.set_scope(c.scope);
  planned.set_planned_date(c.planned_date);
  return MakeDomainEvent(c.event_id, kSupervisionPlanned, planned);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const ConductInspection& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "conduct an inspection in"));
  pb::InspectionConducted conducted;
  conducted.set_supervision_id(c.supervision_id);
  conducted.set_date(c.date);
  for (const std::string& participant : c.participants) conducted.add_participants(participant);
  return MakeDomainEvent(c.event_id, kInspectionConducted, conducted);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const RecordFinding& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "record a finding in"));
  if (s.status != SupervisionStatus::kInspected) {
    return NotAllowed(s, "record a finding in", "; an inspection must be conducted first");
  }
  if (s.findings.count(c.finding_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(
        "finding \"", c.finding_id, "\" already exists in supervision \"", s.supervision_id, "\""));
  }
  pb::FindingRecorded recorded;
  recorded.set_supervision_id(c.supervision_id);
  recorded.set_finding_id(c.finding_id);
  recorded.set_subject(c.subject);
  recorded.set_severity(c.severity);
  recorded.set_description(c.description);
  return MakeDomainEvent(c.event_id, kFindingRecorded, recorded);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const IssueRecommendation& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "issue a recommendation in"));
  if (s.recommendations.count(c.recommendation_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("recommendation \"", c.recommendation_id,
                                                 "\" already exists in supervision \"",
                                                 s.supervision_id, "\""));
  }
  RETURN_IF_ERROR(OpenFinding(s, c.finding_id, "issue a recommendation about").status());
  pb::RecommendationIssued issued;
  issued.set_supervision_id(c.supervision_id);
  issued.set_finding_id(c.finding_id);
  issued.set_recommendation_id(c.recommendation_id);
  issued.set_text(c.text);
  issued.set_responsible_unit(c.responsible_unit);
  issued.set_due_date(c.due_date);
  return MakeDomainEvent(c.event_id, kRecommendationIssued, issued);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const SubmitResponse& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "submit a response in"));
  auto recommendation = s.recommendations.find(c.recommendation_id);
  if (recommendation == s.recommendations.end()) {
    return absl::NotFoundError(absl::StrCat("recommendation \"", c.recommendation_id,
                                            "\" does not exist in supervision \"", s.supervision_id,
                                            "\""));
  }
  const Recommendation& r = recommendation->second;
  if (c.by_unit != r.responsible_unit) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot respond to recommendation \"", c.recommendation_id, "\": \"",
                     c.by_unit, "\" is not its responsible unit (\"", r.responsible_unit, "\")"));
  }
  RETURN_IF_ERROR(OpenFinding(s, r.finding_id, "respond about").status());
  pb::ResponseSubmitted submitted;
  submitted.set_supervision_id(c.supervision_id);
  submitted.set_recommendation_id(c.recommendation_id);
  submitted.set_by_unit(c.by_unit);
  submitted.set_text(c.text);
  return MakeDomainEvent(c.event_id, kResponseSubmitted, submitted);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const ResolveFinding& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "resolve a finding in"));
  ASSIGN_OR_RETURN(const Finding* finding, OpenFinding(s, c.finding_id, "resolve"));
  std::vector<std::string> unanswered;
  for (const std::string& id : finding->recommendation_ids) {
    auto recommendation = s.recommendations.find(id);
    if (recommendation == s.recommendations.end() || !recommendation->second.answered()) {
      unanswered.push_back(id);
    }
  }
  if (!unanswered.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot resolve finding \"", c.finding_id,
                     "\": recommendations not answered: ", absl::StrJoin(unanswered, ", ")));
  }
  pb::FindingResolved resolved;
  resolved.set_supervision_id(c.supervision_id);
  resolved.set_finding_id(c.finding_id);
  resolved.set_verified_by(c.verified_by);
  resolved.set_note(c.note);
  return MakeDomainEvent(c.event_id, kFindingResolved, resolved);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const CloseFinding& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "close a finding in"));
  RETURN_IF_ERROR(OpenFinding(s, c.finding_id, "close").status());
  pb::FindingClosed closed;
  closed.set_supervision_id(c.supervision_id);
  closed.set_finding_id(c.finding_id);
  closed.set_by(c.by);
  closed.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kFindingClosed, closed);
}

absl::StatusOr<DomainEvent> DecideFor(const SupervisionState& s, const CloseSupervision& c) {
  RETURN_IF_ERROR(RequireNotClosed(s, "close"));
  const std::vector<std::string> open = s.OpenFindingIds();
  if (!open.empty()) {
    return NotAllowed(s, "close",
                      absl::StrCat(" with findings still open: ", absl::StrJoin(open, ", ")));
  }
  pb::SupervisionClosed closed;
  closed.set_supervision_id(c.supervision_id);
  closed.set_by(c.by);
  closed.set_summary(c.summary);
  return MakeDomainEvent(c.event_id, kSupervisionClosed, closed);
}

// Checks shared by every command, then the command's own decision.
template <typename Command>
absl::StatusOr<Events> DecideCommand(const SupervisionState& s, const Command& c) {
  RETURN_IF_ERROR(ValidateEventId(c.event_id));
  RETURN_IF_ERROR(ValidateFields(c));
  if (s.status != SupervisionStatus::kNone && c.supervision_id != s.supervision_id) {
    return absl::InvalidArgumentError(absl::StrCat("supervision_id \"", c.supervision_id,
                                                   "\" is not this supervision (\"",
                                                   s.supervision_id, "\")"));
  }
  if (auto retry = RetryOutcome(s.applied_event_ids, c.event_id, EventTypeOf(c))) {
    return *std::move(retry);
  }
  if (s.status == SupervisionStatus::kNone && !std::is_same_v<Command, PlanSupervision>) {
    return absl::NotFoundError(
        absl::StrCat("supervision \"", c.supervision_id, "\" has not been planned"));
  }
  ASSIGN_OR_RETURN(DomainEvent event, DecideFor(s, c));
  Events events;
  events.push_back(std::move(event));
  return events;
}

absl::StatusOr<Finding*> KnownFinding(SupervisionState& s, const std::string& finding_id) {
  auto finding = s.findings.find(finding_id);
  if (finding == s.findings.end()) {
    return absl::DataLossError(
        absl::StrCat("event refers to unknown finding \"", finding_id, "\""));
  }
  return &finding->second;
}

absl::Status FoldIssued(SupervisionState& s, const pb::RecommendationIssued& e) {
  ASSIGN_OR_RETURN(Finding * finding, KnownFinding(s, e.finding_id()));
  if (s.recommendations.count(e.recommendation_id()) == 0) {
    finding->recommendation_ids.push_back(e.recommendation_id());
  }
  Recommendation& r = s.recommendations[e.recommendation_id()];
  r.finding_id = e.finding_id();
  r.text = e.text();
  r.responsible_unit = e.responsible_unit();
  r.due_date = e.due_date();
  return absl::OkStatus();
}

absl::Status FoldResponse(SupervisionState& s, const pb::ResponseSubmitted& e) {
  auto r = s.recommendations.find(e.recommendation_id());
  if (r == s.recommendations.end()) {
    return absl::DataLossError(
        absl::StrCat("response to unknown recommendation \"", e.recommendation_id(), "\""));
  }
  r->second.responses.push_back({e.by_unit(), e.text()});
  return absl::OkStatus();
}

// Folds `event` into `s`; every path checks before it changes anything.
absl::Status Fold(SupervisionState& s, const DomainEvent& event) {
  const std::string& type = event.event_type;
  if (type == kSupervisionPlanned) {
    ASSIGN_OR_RETURN(pb::SupervisionPlanned e, PayloadAs<pb::SupervisionPlanned>(event));
    s.status = SupervisionStatus::kPlanned;
    s.supervision_id = e.supervision_id();
    s.body = e.body();
    s.scope = e.scope();
    s.planned_date = e.planned_date();
  } else if (type == kInspectionConducted) {
    ASSIGN_OR_RETURN(pb::InspectionConducted e, PayloadAs<pb::InspectionConducted>(event));
    s.status = SupervisionStatus::kInspected;
    s.inspections.push_back(
        {e.date(), std::vector<std::string>(e.participants().begin(), e.participants().end())});
  } else if (type == kFindingRecorded) {
    ASSIGN_OR_RETURN(pb::FindingRecorded e, PayloadAs<pb::FindingRecorded>(event));
    Finding& finding = s.findings[e.finding_id()];
    finding.subject = e.subject();
    finding.severity = e.severity();
    finding.description = e.description();
  } else if (type == kRecommendationIssued) {
    ASSIGN_OR_RETURN(pb::RecommendationIssued e, PayloadAs<pb::RecommendationIssued>(event));
    RETURN_IF_ERROR(FoldIssued(s, e));
  } else if (type == kResponseSubmitted) {
    ASSIGN_OR_RETURN(pb::ResponseSubmitted e, PayloadAs<pb::ResponseSubmitted>(event));
    RETURN_IF_ERROR(FoldResponse(s, e));
  } else if (type == kFindingResolved) {
    ASSIGN_OR_RETURN(pb::FindingResolved e, PayloadAs<pb::FindingResolved>(event));
    ASSIGN_OR_RETURN(Finding * finding, KnownFinding(s, e.finding_id()));
    finding->status = FindingStatus::kResolved;
    finding->verified_by = e.verified_by();
    finding->resolution_note = e.note();
  } else if (type == kFindingClosed) {
    ASSIGN_OR_RETURN(pb::FindingClosed e, PayloadAs<pb::FindingClosed>(event));
    ASSIGN_OR_RETURN(Finding * finding, KnownFinding(s, e.finding_id()));
    finding->status = FindingStatus::kClosed;
    finding->closed_by = e.by();
    finding->close_reason = e.reason();
  } else if (type == kSupervisionClosed) {
    ASSIGN_OR_RETURN(pb::SupervisionClosed e, PayloadAs<pb::SupervisionClosed>(event));
    s.status = SupervisionStatus::kClosed;
    s.closed_by = e.by();
    s.summary = e.summary();
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not a supervision event"));
  }
  if (s.remember_event_ids) s.applied_event_ids.emplace(event.event_id, type);
  return absl::OkStatus();
}

}  // namespace

absl::string_view SupervisionStatusName(SupervisionStatus status) {
  switch (status) {
    case SupervisionStatus::kNone:
      return "none";
    case SupervisionStatus::kPlanned:
      return "planned";
    case SupervisionStatus::kInspected:
      return "inspected";
    case SupervisionStatus::kClosed:
      return "closed";
  }
  return "unknown";
}

absl::string_view FindingStatusName(FindingStatus status) {
  switch (status) {
    case FindingStatus::kOpen:
      return "open";
    case FindingStatus::kResolved:
      return "resolved";
    case FindingStatus::kClosed:
      return "closed";
  }
  return "unknown";
}

bool IsValidSeverity(absl::string_view severity) {
  return severity == "low" || severity == "medium" || severity == "high";
}

std::vector<std::string> SupervisionState::OpenFindingIds() const {
  std::vector<std::string> open;
  for (const auto& [id, finding] : findings) {
    if (finding.status == FindingStatus::kOpen) open.push_back(id);
  }
  return open;
}

absl::StatusOr<std::vector<DomainEvent>> Decide(const SupervisionState& state,
                                                const SupervisionCommand& command) {
  return std::visit([&state](const auto& c) { return DecideCommand(state, c); }, command);
}

absl::Status Apply(SupervisionState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  return Fold(state, event);
}

absl::StatusOr<std::vector<PastDueFinding>> OpenFindingsPastDue(const SupervisionState& state,
                                                                absl::string_view as_of_date) {
  RETURN_IF_ERROR(ValidateDate("as_of_date", as_of_date));
  std::vector<PastDueFinding> past_due;
  for (const auto& [finding_id, finding] : state.findings) {
    if (finding.status != FindingStatus::kOpen) continue;
    PastDueFinding entry{finding_id, finding.subject, finding.severity, {}};
    for (const std::string& id : finding.recommendation_ids) {
      auto r = state.recommendations.find(id);
      // "YYYY-MM-DD" dates order as strings.
      if (r != state.recommendations.end() && !r->second.answered() &&
          r->second.due_date < as_of_date) {
        entry.recommendation_ids.push_back(id);
      }
    }
    if (!entry.recommendation_ids.empty()) past_due.push_back(std::move(entry));
  }
  return past_due;
}

}  // namespace minhbach::domain
