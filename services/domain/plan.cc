#include "services/domain/plan.h"

#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "minhbach/v1/plan_events.pb.h"
#include "services/domain/dates.h"
#include "services/domain/reporting.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

// A rate ("at-most", "at-least": numerator of a positive denominator, no
// date) or a "deadline" (a date, no rate).
absl::Status ValidateTarget(const Target& t) {
  RETURN_IF_ERROR(RequireText("description", t.description));
  RETURN_IF_ERROR(RequireName("value_text", t.value_text));
  if (t.direction == kDeadline) {
    if (t.numerator_target != 0 || t.denominator_target != 0) {
      return absl::InvalidArgumentError(
          "numerator_target and denominator_target must be 0 for a deadline target");
    }
    return ValidateDate("deadline_date", t.deadline_date);
  }
  if (t.direction != kAtMost && t.direction != kAtLeast) {
    return absl::InvalidArgumentError(absl::StrCat("direction must be \"", kAtMost, "\", \"",
                                                   kAtLeast, "\" or \"", kDeadline, "\", got \"",
                                                   t.direction, "\""));
  }
  if (!t.kind.empty() && t.kind != kTargetKindShare && t.kind != kTargetKindCount) {
    return absl::InvalidArgumentError(absl::StrCat("kind must be \"", kTargetKindShare, "\" or \"",
                                                   kTargetKindCount, "\", got \"", t.kind, "\""));
  }
  if (t.kind == kTargetKindCount) {
    if (t.denominator_target != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "denominator_target must be 0 for a count target (a count has no denominator), got ",
          t.denominator_target));
    }
  } else if (t.denominator_target <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("denominator_target must be positive, got ", t.denominator_target));
  }
  if (t.numerator_target < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("numerator_target must not be negative, got ", t.numerator_target));
  }
  if (!t.deadline_date.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("deadline_date must be empty for an ", t.direction, " target"));
  }
  return absl::OkStatus();
}

// What every target may carry besides its value: a unit and a horizon.
absl::Status ValidateTargetExtras(const Target& t) {
  RETURN_IF_ERROR(ValidateOptionalName("unit", t.unit));
  if (t.direction == kDeadline && !t.kind.empty()) {
    return absl::InvalidArgumentError("kind must be empty for a deadline target");
  }
  if (t.horizon_date.empty()) return absl::OkStatus();
  return ValidateDate("horizon_date", t.horizon_date);
}

// "YYYY-MM" naming a real month.
bool IsValidMonth(absl::string_view text) {
  return text.size() == 7 && IsValidDate(absl::StrCat(text, "-01"));
}

// The plan's date: a full date, or only its month when the document leaves
// the day blank; both agree when both are given.
absl::Status ValidateIssueDate(const IssuePlan& c) {
  if (!c.issued_month.empty() && !IsValidMonth(c.issued_month)) {
    return absl::InvalidArgumentError(
        absl::StrCat("issued_month must be a month YYYY-MM, got \"", c.issued_month, "\""));
  }
  if (c.issued_date.empty()) {
    if (c.issued_month.empty()) {
      return absl::InvalidArgumentError(
          "issued_date or issued_month must be given: the date YYYY-MM-DD, or the month YYYY-MM "
          "when the document leaves the day blank");
    }
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(ValidateDate("issued_date", c.issued_date));
  if (!c.issued_month.empty() && c.issued_date.substr(0, 7) != c.issued_month) {
    return absl::InvalidArgumentError(absl::StrCat(
        "issued_month ", c.issued_month, " is not the month of issued_date ", c.issued_date));
  }
  return absl::OkStatus();
}

absl::Status ValidateFields(const IssuePlan& c) {
  RETURN_IF_ERROR(RequireName("plan_id", c.plan_id));
  RETURN_IF_ERROR(RequireName("document_number", c.document_number));
  RETURN_IF_ERROR(ValidateIssueDate(c));
  RETURN_IF_ERROR(RequireName("issuer", c.issuer));
  RETURN_IF_ERROR(RequireText("legal_basis", c.legal_basis));
  RETURN_IF_ERROR(ValidateOptionalName("signer_title", c.signer_title));
  RETURN_IF_ERROR(ValidateOptionalName("signer_name", c.signer_name));
  return RequireName("title", c.title);
}
absl::Status ValidateFields(const SetTarget& c) {
  RETURN_IF_ERROR(RequireName("plan_id", c.plan_id));
  RETURN_IF_ERROR(RequireName("target_id", c.target_id));
  RETURN_IF_ERROR(ValidateTarget(c.target));
  return ValidateTargetExtras(c.target);
}
absl::Status ValidateFields(const ReviseTarget& c) {
  RETURN_IF_ERROR(RequireName("plan_id", c.plan_id));
  RETURN_IF_ERROR(RequireName("target_id", c.target_id));
  RETURN_IF_ERROR(ValidateTarget(c.target));
  RETURN_IF_ERROR(ValidateTargetExtras(c.target));
  return RequireText("reason", c.reason);
}
absl::Status ValidateFields(const RegisterSubProject& c) {
  RETURN_IF_ERROR(RequireName("plan_id", c.plan_id));
  RETURN_IF_ERROR(RequireName("subproject_id", c.subproject_id));
  const SubProject& p = c.subproject;
  RETURN_IF_ERROR(RequireName("name", p.name));
  RETURN_IF_ERROR(RequireName("funding_source", p.funding_source));
  for (const std::string& unit : p.lead_units) {
    RETURN_IF_ERROR(RequireName("lead_units entry", unit));
  }
  for (const std::string& unit : p.coordinating_units) {
    RETURN_IF_ERROR(RequireName("coordinating_units entry", unit));
  }
  RETURN_IF_ERROR(ValidateOptionalName("project_name", p.project_name));
  RETURN_IF_ERROR(ValidateOptionalText("beneficiaries_and_support", p.beneficiaries_and_support));
  if (p.deadline_date.empty()) return absl::OkStatus();  // the plan states none
  return ValidateDate("deadline_date", p.deadline_date);
}

absl::Status ValidateFields(const RegisterVillage& c) {
  RETURN_IF_ERROR(RequireName("plan_id", c.plan_id));
  RETURN_IF_ERROR(RequireName("village_id", c.village_id));
  return RequireName("name", c.name);
}

const char* EventTypeOf(const IssuePlan&) { return kPlanIssued; }
const char* EventTypeOf(const SetTarget&) { return kTargetSet; }
const char* EventTypeOf(const ReviseTarget&) { return kTargetRevised; }
const char* EventTypeOf(const RegisterSubProject&) { return kSubProjectRegistered; }
const char* EventTypeOf(const RegisterVillage&) { return kVillageRegistered; }

// TargetSet and TargetRevised carry the same target fields.
template <typename Message>
void SetTargetFields(const std::string& plan_id, const std::string& target_id, const Target& t,
                     Message* m) {
  m->set_plan_id(plan_id);
  m->set_target_id(target_id);
  m->set_description(t.description);
  m->set_direction(t.direction);
  m->set_value_text(t.value_text);
  m->set_numerator_target(t.numerator_target);
  m->set_denominator_target(t.denominator_target);
  m->set_deadline_date(t.deadline_date);
  m->set_kind(t.kind);
  m->set_unit(t.unit);
  m->set_horizon_date(t.horizon_date);
}

template <typename Message>
Target TargetOf(const Message& m) {
  Target t;
  t.description = m.description();
  t.direction = m.direction();
  t.value_text = m.value_text();
  t.numerator_target = m.numerator_target();
  t.denominator_target = m.denominator_target();
  t.deadline_date = m.deadline_date();
  t.kind = m.kind();
  t.unit = m.unit();
  t.horizon_date = m.horizon_date();
  return t;
}

absl::StatusOr<DomainEvent> DecideFor(const PlanState& s, const IssuePlan& c) {
  if (!s.plan_id.empty()) {
    return absl::AlreadyExistsError(
        absl::StrCat("plan \"", s.plan_id, "\" is already issued (", s.document_number, ", ",
                     s.issued_date.empty() ? s.issued_month : s.issued_date, ")"));
  }
  pb::PlanIssued issued;
  issued.set_plan_id(c.plan_id);
  issued.set_document_number(c.document_number);
  issued.set_issued_date(c.issued_date);
  issued.set_issuer(c.issuer);
  issued.set_legal_basis(c.legal_basis);
  issued.set_title(c.title);
  issued.set_issued_month(c.issued_month);
  issued.set_signer_title(c.signer_title);
  issued.set_signer_name(c.signer_name);
  return MakeDomainEvent(c.event_id, kPlanIssued, issued);
}

absl::StatusOr<DomainEvent> DecideFor(const PlanState& s, const SetTarget& c) {
  if (s.targets.count(c.target_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("target \"", c.target_id,
                                                 "\" is already set in plan \"", s.plan_id,
                                                 "\"; revise it instead"));
  }
  pb::TargetSet set;
  SetTargetFields(c.plan_id, c.target_id, c.target, &set);
  return MakeDomainEvent(c.event_id, kTargetSet, set);
}

absl::StatusOr<DomainEvent> DecideFor(const PlanState& s, const ReviseTarget& c) {
  auto current = s.targets.find(c.target_id);
  if (current == s.targets.end()) {
    return absl::NotFoundError(
        absl::StrCat("target \"", c.target_id, "\" is not set in plan \"", s.plan_id, "\""));
  }
  if (current->second == c.target) {
    return absl::InvalidArgumentError(
        absl::StrCat("the revision of target \"", c.target_id, "\" changes nothing"));
  }
  pb::TargetRevised revised;
  SetTargetFields(c.plan_id, c.target_id, c.target, &revised);
  revised.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kTargetRevised, revised);
}

absl::StatusOr<DomainEvent> DecideFor(const PlanState& s, const RegisterSubProject& c) {
  if (s.subprojects.count(c.subproject_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(
        "sub-project \"", c.subproject_id, "\" is already registered in plan \"", s.plan_id, "\""));
  }
  const SubProject& p = c.subproject;
  pb::SubProjectRegistered registered;
  registered.set_plan_id(c.plan_id);
  registered.set_subproject_id(c.subproject_id);
  registered.set_name(p.name);
  registered.set_funding_source(p.funding_source);
  for (const std::string& unit : p.lead_units) registered.add_lead_units(unit);
  for (const std::string& unit : p.coordinating_units) registered.add_coordinating_units(unit);
  registered.set_deadline_date(p.deadline_date);
  registered.set_project_name(p.project_name);
  registered.set_beneficiaries_and_support(p.beneficiaries_and_support);
  return MakeDomainEvent(c.event_id, kSubProjectRegistered, registered);
}

absl::StatusOr<DomainEvent> DecideFor(const PlanState& s, const RegisterVillage& c) {
  if (s.villages.count(c.village_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(
        "village \"", c.village_id, "\" is already registered in plan \"", s.plan_id, "\""));
  }
  pb::VillageRegistered registered;
  registered.set_plan_id(c.plan_id);
  registered.set_village_id(c.village_id);
  registered.set_name(c.name);
  return MakeDomainEvent(c.event_id, kVillageRegistered, registered);
}

// Checks shared by every command, then the command's own decision.
template <typename Command>
absl::StatusOr<Events> DecideCommand(const PlanState& s, const Command& c) {
  RETURN_IF_ERROR(ValidateEventId(c.event_id));
  RETURN_IF_ERROR(ValidateFields(c));
  if (!s.plan_id.empty() && c.plan_id != s.plan_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("plan_id \"", c.plan_id, "\" is not this plan (\"", s.plan_id, "\")"));
  }
  if (auto retry = RetryOutcome(s.applied_event_ids, c.event_id, EventTypeOf(c))) {
    return *std::move(retry);
  }
  if (s.plan_id.empty() && !std::is_same_v<Command, IssuePlan>) {
    return absl::FailedPreconditionError(
        absl::StrCat("plan \"", c.plan_id, "\" has not been issued; issue it first"));
  }
  ASSIGN_OR_RETURN(DomainEvent event, DecideFor(s, c));
  Events events;
  events.push_back(std::move(event));
  return events;
}

// Folds `event` into `s`. Every branch parses and checks before it changes
// anything, so `s` is unchanged on error.
absl::Status Fold(PlanState& s, const DomainEvent& event) {
  const std::string& type = event.event_type;
  if (type == kPlanIssued) {
    pb::PlanIssued e;
    RETURN_IF_ERROR(ParsePayload(event, &e));
    s.plan_id = e.plan_id();
    s.document_number = e.document_number();
    s.issued_date = e.issued_date();
    s.issuer = e.issuer();
    s.legal_basis = e.legal_basis();
    s.title = e.title();
    s.issued_month = e.issued_month();
    s.signer_title = e.signer_title();
    s.signer_name = e.signer_name();
  } else if (type == kTargetSet) {
    pb::TargetSet e;
    RETURN_IF_ERROR(ParsePayload(event, &e));
    s.targets[e.target_id()] = TargetOf(e);
  } else if (type == kTargetRevised) {
    pb::TargetRevised e;
    RETURN_IF_ERROR(ParsePayload(event, &e));
    auto target = s.targets.find(e.target_id());
    if (target == s.targets.end()) {
      return absl::DataLossError(
          absl::StrCat("revision of unknown target \"", e.target_id(), "\""));
    }
    target->second = TargetOf(e);
    s.revision_reasons[e.target_id()].push_back(e.reason());
  } else if (type == kSubProjectRegistered) {
    pb::SubProjectRegistered e;
    RETURN_IF_ERROR(ParsePayload(event, &e));
    SubProject& p = s.subprojects[e.subproject_id()];
    p.name = e.name();
    p.funding_source = e.funding_source();
    p.lead_units.assign(e.lead_units().begin(), e.lead_units().end());
    p.coordinating_units.assign(e.coordinating_units().begin(), e.coordinating_units().end());
    p.deadline_date = e.deadline_date();
    p.project_name = e.project_name();
    p.beneficiaries_and_support = e.beneficiaries_and_support();
  } else if (type == kVillageRegistered) {
    pb::VillageRegistered e;
    RETURN_IF_ERROR(ParsePayload(event, &e));
    s.villages[e.village_id()] = e.name();
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not a plan event"));
  }
  if (s.remember_event_ids) s.applied_event_ids.emplace(event.event_id, type);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<DomainEvent>> Decide(const PlanState& state,
                                                const PlanCommand& command) {
  return std::visit([&state](const auto& c) { return DecideCommand(state, c); }, command);
}

absl::Status Apply(PlanState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  return Fold(state, event);
}

std::string TargetKindOf(const Target& target) {
  if (target.direction == kDeadline) return "";
  return target.kind.empty() ? kTargetKindShare : target.kind;
}

std::string PlanIssuedFrom(const PlanState& state) {
  if (!state.issued_date.empty()) return state.issued_date;
  if (!state.issued_month.empty()) return absl::StrCat(state.issued_month, "-01");
  return "";
}

std::vector<std::string> SubProjectsWithoutLead(const PlanState& state) {
  std::vector<std::string> ids;
  for (const auto& [id, subproject] : state.subprojects) {
    if (subproject.lead_units.empty()) ids.push_back(id);
  }
  return ids;
}

}  // namespace minhbach::domain
