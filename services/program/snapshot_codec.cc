#include "services/program/snapshot_codec.h"

#include <climits>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/program/program_streams.h"
#include "storage/status_macros.h"

namespace minhbach::program {
namespace {

namespace pb = ::minhbach::v1::snapshot;
using ::google::protobuf::RepeatedPtrField;

// ---- Shapes that repeat.

void WriteStrings(const std::vector<std::string>& from, RepeatedPtrField<std::string>& to) {
  to.Add(from.begin(), from.end());
}
std::vector<std::string> ReadStrings(const RepeatedPtrField<std::string>& from) {
  return std::vector<std::string>(from.begin(), from.end());
}

void WriteTargetValues(const std::vector<domain::TargetValue>& from,
                       RepeatedPtrField<pb::TargetValue>& to) {
  for (const domain::TargetValue& value : from) {
    pb::TargetValue& out = *to.Add();
    out.set_target_id(value.target_id);
    out.set_numerator(value.numerator);
    out.set_denominator(value.denominator);
  }
}
std::vector<domain::TargetValue> ReadTargetValues(const RepeatedPtrField<pb::TargetValue>& from) {
  std::vector<domain::TargetValue> to;
  to.reserve(from.size());
  for (const pb::TargetValue& value : from) {
    to.push_back({value.target_id(), value.numerator(), value.denominator()});
  }
  return to;
}

// Writes each entry of `map` (an ordered map) in key order, as one entry of
// `to` filled by write(key, value, entry).
template <typename Map, typename Entry, typename Write>
void WriteEntries(const Map& map, RepeatedPtrField<Entry>& to, Write write) {
  for (const auto& [key, value] : map) write(key, value, *to.Add());
}

// `noun "key"`, after `parent: ` when there is a parent: how errors name an entity.
std::string EntityName(absl::string_view parent, absl::string_view noun, absl::string_view key) {
  return absl::StrCat(parent, parent.empty() ? "" : ": ", noun, " \"", key, "\"");
}

// The inverse of WriteEntries: each entry of `from`, keyed by (entry.*key)(),
// becomes a value of `map` filled by read(entry, its EntityName, value) -> Status.
// DataLoss when a key repeats: the writer never does that, so the snapshot is damaged.
template <typename Entry, typename Map, typename Read>
absl::Status ReadEntries(const RepeatedPtrField<Entry>& from,
                         const std::string& (Entry::*key)() const, absl::string_view parent,
                         absl::string_view noun, Map& map, Read read) {
  for (const Entry& entry : from) {
    const std::string& id = (entry.*key)();
    std::string name = EntityName(parent, noun, id);
    auto [it, inserted] = map.try_emplace(id);
    if (!inserted) return absl::DataLossError(absl::StrCat(name, " appears more than once"));
    RETURN_IF_ERROR(read(entry, name, it->second));
  }
  return absl::OkStatus();
}

// The domain's enums run densely from 0 to `last`; anything else was not
// written by ToSnapshot.
template <typename Enum>
absl::StatusOr<Enum> ReadEnum(int32_t value, Enum last, absl::string_view entity,
                              absl::string_view field, absl::string_view kind) {
  if (value < 0 || value > static_cast<int32_t>(last)) {
    return absl::DataLossError(
        absl::StrCat(entity, ": ", field, " ", value, " is not a known ", kind));
  }
  return static_cast<Enum>(value);
}

// ---- The plan.

void WritePlan(const domain::PlanState& plan, pb::Plan& out) {
  out.set_plan_id(plan.plan_id);
  out.set_document_number(plan.document_number);
  out.set_issued_date(plan.issued_date);
  out.set_issuer(plan.issuer);
  out.set_legal_basis(plan.legal_basis);
  out.set_title(plan.title);
  out.set_issued_month(plan.issued_month);
  out.set_signer_title(plan.signer_title);
  out.set_signer_name(plan.signer_name);
  // A target's revision reasons travel with the target: the domain only
  // records reasons for targets it holds.
  WriteEntries(plan.targets, *out.mutable_targets(),
               [&plan](const std::string& key, const domain::Target& t, pb::Target& o) {
                 o.set_target_id(key);
                 o.set_description(t.description);
                 o.set_direction(t.direction);
                 o.set_value_text(t.value_text);
                 o.set_numerator_target(t.numerator_target);
                 o.set_denominator_target(t.denominator_target);
                 o.set_deadline_date(t.deadline_date);
                 o.set_kind(t.kind);
                 o.set_unit(t.unit);
                 o.set_horizon_date(t.horizon_date);
                 auto reasons = plan.revision_reasons.find(key);
                 if (reasons != plan.revision_reasons.end()) {
                   WriteStrings(reasons->second, *o.mutable_revision_reasons());
                 }
               });
  WriteEntries(plan.subprojects, *out.mutable_subprojects(),
               [](const std::string& key, const domain::SubProject& p, pb::SubProject& o) {
                 o.set_subproject_id(key);
                 o.set_name(p.name);
                 o.set_funding_source(p.funding_source);
                 WriteStrings(p.lead_units, *o.mutable_lead_units());
                 WriteStrings(p.coordinating_units, *o.mutable_coordinating_units());
                 o.set_deadline_date(p.deadline_date);
                 o.set_project_name(p.project_name);
                 o.set_beneficiaries_and_support(p.beneficiaries_and_support);
               });
  WriteEntries(plan.villages, *out.mutable_villages(),
               [](const std::string& key, const std::string& name, pb::Village& o) {
                 o.set_village_id(key);
                 o.set_name(name);
               });
}

absl::Status ReadPlan(const pb::Plan& in, domain::PlanState& plan) {
  plan.plan_id = in.plan_id();
  plan.document_number = in.document_number();
  plan.issued_date = in.issued_date();
  plan.issuer = in.issuer();
  plan.legal_basis = in.legal_basis();
  plan.title = in.title();
  plan.issued_month = in.issued_month();
  plan.signer_title = in.signer_title();
  plan.signer_name = in.signer_name();
  const std::string name = EntityName("", "plan", in.plan_id());
  RETURN_IF_ERROR(ReadEntries(
      in.targets(), &pb::Target::target_id, name, "target", plan.targets,
      [&plan](const pb::Target& t, const std::string&, domain::Target& o) {
        o = {t.description(),        t.direction(),     t.value_text(), t.numerator_target(),
             t.denominator_target(), t.deadline_date(), t.kind(),       t.unit(),
             t.horizon_date()};
        // Absent when never revised, as the domain keeps it.
        if (!t.revision_reasons().empty()) {
          plan.revision_reasons[t.target_id()] = ReadStrings(t.revision_reasons());
        }
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(ReadEntries(
      in.subprojects(), &pb::SubProject::subproject_id, name, "sub-project", plan.subprojects,
      [](const pb::SubProject& p, const std::string&, domain::SubProject& o) {
        o = {p.name(),
             p.funding_source(),
             ReadStrings(p.lead_units()),
             ReadStrings(p.coordinating_units()),
             p.deadline_date(),
             p.project_name(),
             p.beneficiaries_and_support()};
        return absl::OkStatus();
      }));
  return ReadEntries(in.villages(), &pb::Village::village_id, name, "village", plan.villages,
                     [](const pb::Village& v, const std::string&, std::string& o) {
                       o = v.name();
                       return absl::OkStatus();
                     });
}

// ---- Budgets.

void WriteBudget(const std::string& id, const domain::BudgetState& budget, pb::Budget& out) {
  out.set_subproject_id(id);
  WriteEntries(budget.allocations, *out.mutable_allocations(),
               [](const std::string& key, const domain::Allocation& a, pb::Allocation& o) {
                 o.set_allocation_id(key);
                 o.set_source(a.source);
                 o.set_fiscal_year(a.fiscal_year);
                 o.set_amount_dong(a.amount_dong);
                 o.set_decision_number(a.decision_number);
                 o.set_disbursed_dong(a.disbursed_dong);
                 o.set_allocated_date(a.allocated_date);
               });
  WriteEntries(budget.disbursements, *out.mutable_disbursements(),
               [](const std::string& key, const domain::Disbursement& d, pb::Disbursement& o) {
                 o.set_disbursement_id(key);
                 o.set_allocation_id(d.allocation_id);
                 o.set_amount_dong(d.amount_dong);
                 o.set_date_paid(d.date_paid);
                 o.set_voucher_number(d.voucher_number);
                 o.set_reversed(d.reversed);
                 o.set_reversal_reason(d.reversal_reason);
               });
}

absl::Status ReadBudget(const pb::Budget& in, const std::string& name,
                        domain::BudgetState& budget) {
  budget.subproject_id = in.subproject_id();
  RETURN_IF_ERROR(ReadEntries(
      in.allocations(), &pb::Allocation::allocation_id, name, "allocation", budget.allocations,
      [](const pb::Allocation& a, const std::string&, domain::Allocation& o) {
        o = {a.source(),          a.fiscal_year(),    a.amount_dong(),
             a.decision_number(), a.disbursed_dong(), a.allocated_date()};
        return absl::OkStatus();
      }));
  return ReadEntries(in.disbursements(), &pb::Disbursement::disbursement_id, name, "disbursement",
                     budget.disbursements,
                     [](const pb::Disbursement& d, const std::string&, domain::Disbursement& o) {
                       o = {d.allocation_id(),  d.amount_dong(), d.date_paid(),
                            d.voucher_number(), d.reversed(),    d.reversal_reason()};
                       return absl::OkStatus();
                     });
}

// ---- Assignments.

void WriteAssignment(const std::string& id, const domain::AssignmentState& a, pb::Assignment& out) {
  out.set_status(static_cast<int32_t>(a.status));
  out.set_assignment_id(id);
  out.set_subproject_id(a.subproject_id);
  WriteStrings(a.lead_units, *out.mutable_lead_units());
  WriteStrings(a.coordinating_units, *out.mutable_coordinating_units());
  out.set_due_date(a.due_date);
  out.set_assigned_date(a.assigned_date);
  out.set_description(a.description);
  out.set_accepted_by(a.accepted_by);
  out.set_progress_reports(a.progress_reports);
  out.set_reported_quantity(a.reported_quantity);
  out.set_completion_summary(a.completion_summary);
  out.set_cancel_reason(a.cancel_reason);
}

absl::Status ReadAssignment(const pb::Assignment& in, const std::string& name,
                            domain::AssignmentState& a) {
  ASSIGN_OR_RETURN(a.status, ReadEnum(in.status(), domain::AssignmentStatus::kCancelled, name,
                                      "status", "assignment status"));
  a.assignment_id = in.assignment_id();
  a.subproject_id = in.subproject_id();
  a.lead_units = ReadStrings(in.lead_units());
  a.coordinating_units = ReadStrings(in.coordinating_units());
  a.due_date = in.due_date();
  a.assigned_date = in.assigned_date();
  a.description = in.description();
  a.accepted_by = in.accepted_by();
  a.progress_reports = in.progress_reports();
  a.reported_quantity = in.reported_quantity();
  a.completion_summary = in.completion_summary();
  a.cancel_reason = in.cancel_reason();
  return absl::OkStatus();
}

// ---- Reporting periods.

void WritePeriod(const std::string& id, const domain::ReportingState& period, pb::Period& out) {
  out.set_period(id);
  WriteEntries(period.villages, *out.mutable_villages(),
               [](const std::string& key, const domain::VillageReport& v, pb::VillageReport& o) {
                 o.set_village_id(key);
                 o.set_status(static_cast<int32_t>(v.status));
                 WriteTargetValues(v.values, *o.mutable_values());
                 o.set_submissions(v.submissions);
                 o.set_return_reason(v.return_reason);
               });
  // The commune report is flattened into the period's message.
  const domain::CommuneReport& commune = period.commune;
  out.set_commune_status(static_cast<int32_t>(commune.status));
  WriteTargetValues(commune.totals, *out.mutable_commune_totals());
  WriteStrings(commune.villages_included, *out.mutable_villages_included());
  out.set_consolidations(commune.consolidations);
  out.set_accepted_by(commune.accepted_by);
  out.set_commune_return_reason(commune.return_reason);
  out.set_reopen_reason(commune.reopen_reason);
  out.set_partial_reason(commune.partial_reason);
  WriteStrings(commune.villages_missing, *out.mutable_villages_missing());
}

absl::Status ReadPeriod(const pb::Period& in, const std::string& name,
                        domain::ReportingState& period) {
  period.period = in.period();
  RETURN_IF_ERROR(ReadEntries(
      in.villages(), &pb::VillageReport::village_id, name, "village", period.villages,
      [](const pb::VillageReport& v, const std::string& village,
         domain::VillageReport& o) -> absl::Status {
        ASSIGN_OR_RETURN(o.status, ReadEnum(v.status(), domain::VillageReportStatus::kReturned,
                                            village, "status", "village report status"));
        o.values = ReadTargetValues(v.values());
        o.submissions = v.submissions();
        o.return_reason = v.return_reason();
        return absl::OkStatus();
      }));
  domain::CommuneReport& commune = period.commune;
  ASSIGN_OR_RETURN(commune.status,
                   ReadEnum(in.commune_status(), domain::CommuneReportStatus::kReopened, name,
                            "commune status", "commune report status"));
  commune.totals = ReadTargetValues(in.commune_totals());
  commune.villages_included = ReadStrings(in.villages_included());
  commune.consolidations = in.consolidations();
  commune.accepted_by = in.accepted_by();
  commune.return_reason = in.commune_return_reason();
  commune.reopen_reason = in.reopen_reason();
  commune.partial_reason = in.partial_reason();
  commune.villages_missing = ReadStrings(in.villages_missing());
  return absl::OkStatus();
}

// ---- Supervisions.

void WriteSupervision(const std::string& id, const domain::SupervisionState& s,
                      pb::Supervision& out) {
  out.set_status(static_cast<int32_t>(s.status));
  out.set_supervision_id(id);
  out.set_body(s.body);
  out.set_scope(s.scope);
  out.set_planned_date(s.planned_date);
  for (const domain::Inspection& inspection : s.inspections) {
    pb::Inspection& o = *out.add_inspections();
    o.set_date(inspection.date);
    WriteStrings(inspection.participants, *o.mutable_participants());
  }
  WriteEntries(s.findings, *out.mutable_findings(),
               [](const std::string& key, const domain::Finding& f, pb::Finding& o) {
                 o.set_finding_id(key);
                 o.set_subject(f.subject);
                 o.set_severity(f.severity);
                 o.set_description(f.description);
                 o.set_status(static_cast<int32_t>(f.status));
                 WriteStrings(f.recommendation_ids, *o.mutable_recommendation_ids());
                 o.set_verified_by(f.verified_by);
                 o.set_resolution_note(f.resolution_note);
                 o.set_closed_by(f.closed_by);
                 o.set_close_reason(f.close_reason);
               });
  WriteEntries(s.recommendations, *out.mutable_recommendations(),
               [](const std::string& key, const domain::Recommendation& r, pb::Recommendation& o) {
                 o.set_recommendation_id(key);
                 o.set_finding_id(r.finding_id);
                 o.set_text(r.text);
                 o.set_responsible_unit(r.responsible_unit);
                 o.set_due_date(r.due_date);
                 for (const domain::RecommendationResponse& response : r.responses) {
                   pb::Response& to = *o.add_responses();
                   to.set_by_unit(response.by_unit);
                   to.set_text(response.text);
                 }
               });
  out.set_closed_by(s.closed_by);
  out.set_summary(s.summary);
}

absl::Status ReadSupervision(const pb::Supervision& in, const std::string& name,
                             domain::SupervisionState& s) {
  ASSIGN_OR_RETURN(s.status, ReadEnum(in.status(), domain::SupervisionStatus::kClosed, name,
                                      "status", "supervision status"));
  s.supervision_id = in.supervision_id();
  s.body = in.body();
  s.scope = in.scope();
  s.planned_date = in.planned_date();
  s.inspections.reserve(in.inspections_size());
  for (const pb::Inspection& inspection : in.inspections()) {
    s.inspections.push_back({inspection.date(), ReadStrings(inspection.participants())});
  }
  RETURN_IF_ERROR(ReadEntries(
      in.findings(), &pb::Finding::finding_id, name, "finding", s.findings,
      [](const pb::Finding& f, const std::string& finding, domain::Finding& o) -> absl::Status {
        o.subject = f.subject();
        o.severity = f.severity();
        o.description = f.description();
        ASSIGN_OR_RETURN(o.status, ReadEnum(f.status(), domain::FindingStatus::kClosed, finding,
                                            "status", "finding status"));
        o.recommendation_ids = ReadStrings(f.recommendation_ids());
        o.verified_by = f.verified_by();
        o.resolution_note = f.resolution_note();
        o.closed_by = f.closed_by();
        o.close_reason = f.close_reason();
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(
      ReadEntries(in.recommendations(), &pb::Recommendation::recommendation_id, name,
                  "recommendation", s.recommendations,
                  [](const pb::Recommendation& r, const std::string&, domain::Recommendation& o) {
                    o.finding_id = r.finding_id();
                    o.text = r.text();
                    o.responsible_unit = r.responsible_unit();
                    o.due_date = r.due_date();
                    o.responses.reserve(r.responses_size());
                    for (const pb::Response& response : r.responses()) {
                      o.responses.push_back({response.by_unit(), response.text()});
                    }
                    return absl::OkStatus();
                  }));
  s.closed_by = in.closed_by();
  s.summary = in.summary();
  return absl::OkStatus();
}

// ---- Households: the standards, the register, the reviews.

void WriteStandard(const std::string&, const domain::StandardState& s,
                   ::minhbach::v1::PovertyStandardPublished& out) {
  out = s.standard;
}

absl::Status ReadStandard(const ::minhbach::v1::PovertyStandardPublished& in, const std::string&,
                          domain::StandardState& s) {
  s.published = true;
  s.standard = in;
  return absl::OkStatus();
}

void WriteHousehold(const std::string& id, const domain::HouseholdState& s, pb::Household& out) {
  out.set_household_id(id);
  out.set_village_id(s.village_id);
  out.set_area(s.area);
  out.set_member_count(s.member_count);
  out.set_sealed_personal(s.sealed_personal);
  out.set_erased(s.erased);
  WriteEntries(s.support, *out.mutable_support(),
               [](const std::string& key, const domain::SupportRecord& r, pb::HouseholdSupport& o) {
                 o.set_support_id(key);
                 o.set_subproject_id(r.subproject_id);
                 o.set_kind(r.kind);
                 o.set_date(r.date);
                 o.set_amount_dong(r.amount_dong);
                 o.set_disbursement_id(r.disbursement_id);
                 o.set_in_kind(r.in_kind);
               });
}

absl::Status ReadHousehold(const pb::Household& in, const std::string& name,
                           domain::HouseholdState& s) {
  s.registered = true;
  s.household_id = in.household_id();
  s.village_id = in.village_id();
  s.area = in.area();
  s.member_count = in.member_count();
  s.sealed_personal = in.sealed_personal();
  s.erased = in.erased();
  return ReadEntries(in.support(), &pb::HouseholdSupport::support_id, name, "support", s.support,
                     [](const pb::HouseholdSupport& r, const std::string&,
                        domain::SupportRecord& o) -> absl::Status {
                       o = {r.subproject_id(),   r.kind(),   r.date(), r.amount_dong(),
                            r.disbursement_id(), r.in_kind()};
                       return absl::OkStatus();
                     });
}

void WriteReview(const std::string& id, const domain::ReviewState& s, pb::Review& out) {
  out.set_status(static_cast<int32_t>(s.status));
  out.set_review_id(id);
  out.set_standard_id(s.standard_id);
  out.set_opened_on(s.opened_on);
  WriteEntries(s.villages, *out.mutable_villages(),
               [](const std::string& key, const domain::ReviewVillage& v, pb::ReviewVillage& o) {
                 o.set_village_id(key);
                 o.set_meeting_date(v.meeting_date);
                 o.set_posted_on(v.posted_on);
                 o.set_complaints_until(v.complaints_until);
               });
  WriteEntries(
      s.households, *out.mutable_households(),
      [](const std::string& key, const domain::ReviewedHousehold& h, pb::ReviewedHousehold& o) {
        o.set_household_id(key);
        o.set_village_id(h.village_id);
        o.set_surveyed(h.surveyed);
        o.set_income_per_person_month_dong(h.income_per_person_month_dong);
        WriteStrings(h.deprived_indicators, *o.mutable_deprived_indicators());
        o.set_classification(h.classification);
        WriteStrings(h.history, *o.mutable_history());
      });
  WriteEntries(s.complaints, *out.mutable_complaints(),
               [](const std::string& key, const domain::Complaint& c, pb::ReviewComplaint& o) {
                 o.set_complaint_id(key);
                 o.set_household_id(c.household_id);
                 o.set_filed_on(c.filed_on);
                 o.set_resolved(c.resolved);
                 o.set_outcome(c.outcome);
               });
  out.set_decision_number(s.decision_number);
  out.set_recognized_on(s.recognized_on);
}

absl::Status ReadReview(const pb::Review& in, const std::string& name, domain::ReviewState& s) {
  ASSIGN_OR_RETURN(s.status, ReadEnum(in.status(), domain::ReviewStatus::kRecognized, name,
                                      "status", "review status"));
  s.review_id = in.review_id();
  s.standard_id = in.standard_id();
  s.opened_on = in.opened_on();
  RETURN_IF_ERROR(
      ReadEntries(in.villages(), &pb::ReviewVillage::village_id, name, "village", s.villages,
                  [](const pb::ReviewVillage& v, const std::string&, domain::ReviewVillage& o) {
                    o = {v.meeting_date(), v.posted_on(), v.complaints_until()};
                    return absl::OkStatus();
                  }));
  RETURN_IF_ERROR(ReadEntries(
      in.households(), &pb::ReviewedHousehold::household_id, name, "household", s.households,
      [](const pb::ReviewedHousehold& h, const std::string&, domain::ReviewedHousehold& o) {
        o.village_id = h.village_id();
        o.surveyed = h.surveyed();
        o.income_per_person_month_dong = h.income_per_person_month_dong();
        o.deprived_indicators = ReadStrings(h.deprived_indicators());
        o.classification = h.classification();
        o.history = ReadStrings(h.history());
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(ReadEntries(
      in.complaints(), &pb::ReviewComplaint::complaint_id, name, "complaint", s.complaints,
      [](const pb::ReviewComplaint& c, const std::string&, domain::Complaint& o) {
        o = {c.household_id(), c.filed_on(), c.resolved(), c.outcome()};
        return absl::OkStatus();
      }));
  s.decision_number = in.decision_number();
  s.recognized_on = in.recognized_on();
  return absl::OkStatus();
}

}  // namespace

v1::snapshot::ProgramSnapshot HeaderSnapshot(const ProgramState& state) {
  pb::ProgramSnapshot out;
  out.set_position(state.position);
  out.set_max_business_time_micros(state.max_business_time_micros);
  out.set_illustrative_data(state.illustrative_data);
  out.mutable_skipped_positions()->Add(state.skipped_positions.begin(),
                                       state.skipped_positions.end());
  return out;
}

v1::snapshot::ProgramSnapshot AggregateSnapshot(const ProgramState& state,
                                                absl::string_view stream) {
  pb::ProgramSnapshot out;
  std::optional<AggregateRef> ref = ParseProgramStream(stream);
  if (!ref) return out;
  // Writes the entry of `map` under the stream's id, if there is one.
  auto write_one = [&ref](const auto& map, auto* to, auto write) {
    auto found = map.find(ref->id);
    if (found != map.end()) write(found->first, found->second, *to->Add());
  };
  switch (ref->kind) {
    case AggregateKind::kPlan:
      if (!state.plan.plan_id.empty()) WritePlan(state.plan, *out.mutable_plan());
      break;
    case AggregateKind::kBudget:
      write_one(state.budgets, out.mutable_budgets(), WriteBudget);
      break;
    case AggregateKind::kAssignment:
      write_one(state.assignments, out.mutable_assignments(), WriteAssignment);
      break;
    case AggregateKind::kReporting:
      write_one(state.periods, out.mutable_periods(), WritePeriod);
      break;
    case AggregateKind::kSupervision:
      write_one(state.supervisions, out.mutable_supervisions(), WriteSupervision);
      break;
    case AggregateKind::kStandard:
      write_one(state.standards, out.mutable_standards(), WriteStandard);
      break;
    case AggregateKind::kHousehold:
      write_one(state.households, out.mutable_households(), WriteHousehold);
      break;
    case AggregateKind::kReview:
      write_one(state.reviews, out.mutable_reviews(), WriteReview);
      break;
  }
  return out;
}

v1::snapshot::ProgramSnapshot ToSnapshot(const ProgramState& state) {
  pb::ProgramSnapshot out;
  out.set_position(state.position);
  out.set_max_business_time_micros(state.max_business_time_micros);
  out.set_illustrative_data(state.illustrative_data);
  WritePlan(state.plan, *out.mutable_plan());
  WriteEntries(state.budgets, *out.mutable_budgets(), WriteBudget);
  WriteEntries(state.assignments, *out.mutable_assignments(), WriteAssignment);
  WriteEntries(state.periods, *out.mutable_periods(), WritePeriod);
  WriteEntries(state.supervisions, *out.mutable_supervisions(), WriteSupervision);
  WriteEntries(state.standards, *out.mutable_standards(), WriteStandard);
  WriteEntries(state.households, *out.mutable_households(), WriteHousehold);
  WriteEntries(state.reviews, *out.mutable_reviews(), WriteReview);
  out.mutable_skipped_positions()->Add(state.skipped_positions.begin(),
                                       state.skipped_positions.end());
  return out;
}

absl::StatusOr<ProgramState> FromSnapshot(const v1::snapshot::ProgramSnapshot& snapshot) {
  ProgramState state;
  state.position = snapshot.position();
  state.max_business_time_micros = snapshot.max_business_time_micros();
  state.illustrative_data = snapshot.illustrative_data();
  RETURN_IF_ERROR(ReadPlan(snapshot.plan(), state.plan));
  RETURN_IF_ERROR(ReadEntries(snapshot.budgets(), &pb::Budget::subproject_id, "", "budget",
                              state.budgets, ReadBudget));
  RETURN_IF_ERROR(ReadEntries(snapshot.assignments(), &pb::Assignment::assignment_id, "",
                              "assignment", state.assignments, ReadAssignment));
  RETURN_IF_ERROR(ReadEntries(snapshot.periods(), &pb::Period::period, "", "period", state.periods,
                              ReadPeriod));
  RETURN_IF_ERROR(ReadEntries(snapshot.supervisions(), &pb::Supervision::supervision_id, "",
                              "supervision", state.supervisions, ReadSupervision));
  RETURN_IF_ERROR(ReadEntries(snapshot.standards(),
                              &::minhbach::v1::PovertyStandardPublished::standard_id, "",
                              "standard", state.standards, ReadStandard));
  RETURN_IF_ERROR(ReadEntries(snapshot.households(), &pb::Household::household_id, "", "household",
                              state.households, ReadHousehold));
  RETURN_IF_ERROR(ReadEntries(snapshot.reviews(), &pb::Review::review_id, "", "review",
                              state.reviews, ReadReview));
  state.skipped_positions.assign(snapshot.skipped_positions().begin(),
                                 snapshot.skipped_positions().end());
  return state;
}

std::string SerializeState(const ProgramState& state) {
  return DeterministicBytes(ToSnapshot(state));
}

std::string DeterministicBytes(const google::protobuf::MessageLite& snapshot) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    // Without this, map fields and unknown fields may come out in any order;
    // the snapshot has neither today, but equal bytes are the contract.
    coded.SetSerializationDeterministic(true);
    // Fails only for missing required fields, which proto3 does not have.
    snapshot.SerializeToCodedStream(&coded);
  }  // `coded` and `stream` trim `bytes` to what was written when destroyed.
  return bytes;
}

absl::StatusOr<ProgramState> ParseState(absl::string_view bytes) {
  pb::ProgramSnapshot snapshot;
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("the projection snapshot does not parse");
  }
  return FromSnapshot(snapshot);
}

}  // namespace minhbach::program
