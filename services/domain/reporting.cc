#include "services/domain/reporting.h"

#include <limits>
#include <set>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

absl::Status CheckPeriod(absl::string_view period) { return ValidatePeriod("period", period); }

// The kind of `target_id` in `kinds`; empty when not given.
absl::string_view KindOf(const std::map<std::string, std::string>& kinds,
                         const std::string& target_id) {
  auto kind = kinds.find(target_id);
  return kind == kinds.end() ? absl::string_view() : absl::string_view(kind->second);
}

absl::Status ValidateValues(const std::vector<TargetValue>& values,
                            const std::map<std::string, std::string>& kinds) {
  if (values.empty()) {
    return absl::InvalidArgumentError("values must give at least one target");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < values.size(); ++i) {
    const TargetValue& v = values[i];
    const std::string field = absl::StrCat("values[", i, "]");
    RETURN_IF_ERROR(RequireName(absl::StrCat(field, ".target_id"), v.target_id));
    if (v.numerator < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".numerator must not be negative, got ", v.numerator));
    }
    const absl::string_view kind = KindOf(kinds, v.target_id);
    if (kind == kTargetKindCount) {
      if (v.denominator != 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".denominator must be 0 for target \"", v.target_id,
                         "\", a count (rule: a count has no denominator), got ", v.denominator));
      }
    } else if (v.denominator <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".denominator must be positive, got ", v.denominator));
    }
    if (kind == kTargetKindShare && v.numerator > v.denominator) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".numerator ", v.numerator, " exceeds its denominator ", v.denominator,
          " for target \"", v.target_id,
          "\", a share (rule: a share's part is never more than its whole); correct the counts"));
    }
    if (!seen.insert(v.target_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("values name target \"", v.target_id, "\" twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateFields(const SubmitVillageReport& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  RETURN_IF_ERROR(RequireName("village_id", c.village_id));
  return ValidateValues(c.values, c.target_kinds);
}
absl::Status ValidateFields(const ApproveVillageReport& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  return RequireName("village_id", c.village_id);
}
absl::Status ValidateFields(const ReturnVillageReport& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  RETURN_IF_ERROR(RequireName("village_id", c.village_id));
  return RequireText("reason", c.reason);
}
absl::Status ValidateFields(const ConsolidateCommuneReport& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  if (c.partial) return RequireText("partial_reason", c.partial_reason);
  if (!c.partial_reason.empty()) {
    return absl::InvalidArgumentError(
        "partial_reason is given but partial is not set: set partial to consolidate a partial "
        "report, or leave the reason out");
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const SendCommuneReportToDistrict& c) { return CheckPeriod(c.period); }
absl::Status ValidateFields(const AcceptCommuneReport& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  return RequireName("by", c.by);
}
absl::Status ValidateFields(const ReturnCommuneReport& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  return RequireText("reason", c.reason);
}
absl::Status ValidateFields(const ReopenPeriod& c) {
  RETURN_IF_ERROR(CheckPeriod(c.period));
  return RequireText("reason", c.reason);
}

const char* EventTypeOf(const SubmitVillageReport&) { return kVillageReportSubmitted; }
const char* EventTypeOf(const ApproveVillageReport&) { return kVillageReportApproved; }
const char* EventTypeOf(const ReturnVillageReport&) { return kVillageReportReturned; }
const char* EventTypeOf(const ConsolidateCommuneReport&) { return kCommuneReportConsolidated; }
const char* EventTypeOf(const SendCommuneReportToDistrict&) { return kCommuneReportSentToDistrict; }
const char* EventTypeOf(const AcceptCommuneReport&) { return kCommuneReportAccepted; }
const char* EventTypeOf(const ReturnCommuneReport&) { return kCommuneReportReturned; }
const char* EventTypeOf(const ReopenPeriod&) { return kPeriodReopened; }

// What a command is refused as while the period is locked.
const char* ActionOf(const SubmitVillageReport&) { return "submit a village report"; }
const char* ActionOf(const ApproveVillageReport&) { return "approve a village report"; }
const char* ActionOf(const ReturnVillageReport&) { return "return a village report"; }
const char* ActionOf(const ConsolidateCommuneReport&) { return "consolidate the commune report"; }
const char* ActionOf(const SendCommuneReportToDistrict&) {
  return "send the commune report to the district";
}
const char* ActionOf(const AcceptCommuneReport&) { return "accept the commune report"; }
const char* ActionOf(const ReturnCommuneReport&) { return "return the commune report"; }
const char* ActionOf(const ReopenPeriod&) { return "reopen the period"; }

void CopyValue(const TargetValue& from, pb::TargetValue* to) {
  to->set_target_id(from.target_id);
  to->set_numerator(from.numerator);
  to->set_denominator(from.denominator);
}

std::vector<TargetValue> FromProto(const google::protobuf::RepeatedPtrField<pb::TargetValue>& in) {
  std::vector<TargetValue> out;
  out.reserve(in.size());
  for (const pb::TargetValue& v : in)
    out.push_back({v.target_id(), v.numerator(), v.denominator()});
  return out;
}

// FailedPrecondition naming the village report's current status.
absl::Status VillageNotAllowed(const ReportingState& s, absl::string_view action,
                               absl::string_view village_id, VillageReportStatus status,
                               absl::string_view why = "") {
  return absl::FailedPreconditionError(absl::StrCat("cannot ", action, " the report of village \"",
                                                    village_id, "\" for ", s.period, ": it is ",
                                                    VillageReportStatusName(status), why));
}

// FailedPrecondition naming the commune report's current status.
absl::Status CommuneNotAllowed(const ReportingState& s, absl::string_view period,
                               absl::string_view action, absl::string_view why = "") {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", action, " for ", period, ": the commune report is ",
                   CommuneReportStatusName(s.commune.status), why));
}

// The village's report; NotFound when it was never submitted.
absl::StatusOr<const VillageReport*> FindVillage(const ReportingState& s, absl::string_view period,
                                                 absl::string_view village_id) {
  auto village = s.villages.find(std::string(village_id));
  if (village == s.villages.end()) {
    return absl::NotFoundError(
        absl::StrCat("village \"", village_id, "\" has not submitted a report for ", period));
  }
  return &village->second;
}

absl::Status RequireConsolidated(const ReportingState& s, absl::string_view period) {
  if (s.commune.status != CommuneReportStatus::kNone) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("the commune report for ", period, " has not been consolidated"));
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const SubmitVillageReport& c) {
  auto village = s.villages.find(c.village_id);
  if (village != s.villages.end()) {
    const VillageReportStatus status = village->second.status;
    if (status == VillageReportStatus::kSubmitted) {
      return VillageNotAllowed(s, "submit", c.village_id, status,
                               "; the coordinator must approve or return it first");
    }
    if (status == VillageReportStatus::kApproved &&
        (s.commune.status == CommuneReportStatus::kConsolidated ||
         s.commune.status == CommuneReportStatus::kSentToDistrict)) {
      return VillageNotAllowed(
          s, "resubmit", c.village_id, status,
          absl::StrCat(" and the commune report is ", CommuneReportStatusName(s.commune.status)));
    }
  }
  pb::VillageReportSubmitted submitted;
  submitted.set_period(c.period);
  submitted.set_village_id(c.village_id);
  for (const TargetValue& v : c.values) CopyValue(v, submitted.add_values());
  return MakeDomainEvent(c.event_id, kVillageReportSubmitted, submitted);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const ApproveVillageReport& c) {
  ASSIGN_OR_RETURN(const VillageReport* village, FindVillage(s, c.period, c.village_id));
  if (village->status != VillageReportStatus::kSubmitted) {
    return VillageNotAllowed(s, "approve", c.village_id, village->status);
  }
  pb::VillageReportApproved approved;
  approved.set_period(c.period);
  approved.set_village_id(c.village_id);
  return MakeDomainEvent(c.event_id, kVillageReportApproved, approved);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const ReturnVillageReport& c) {
  ASSIGN_OR_RETURN(const VillageReport* village, FindVillage(s, c.period, c.village_id));
  if (village->status != VillageReportStatus::kSubmitted) {
    return VillageNotAllowed(s, "return", c.village_id, village->status);
  }
  pb::VillageReportReturned returned;
  returned.set_period(c.period);
  returned.set_village_id(c.village_id);
  returned.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kVillageReportReturned, returned);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const ConsolidateCommuneReport& c) {
  if (s.commune.status == CommuneReportStatus::kSentToDistrict) {
    return CommuneNotAllowed(s, c.period, "consolidate the commune report",
                             "; wait for the district to accept or return it");
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::map<std::string, TargetValue> totals;  // ordered by target id
  pb::CommuneReportConsolidated consolidated;
  consolidated.set_period(c.period);
  for (const auto& [village_id, report] : s.villages) {  // ordered by village id
    if (report.status != VillageReportStatus::kApproved) continue;
    consolidated.add_villages_included(village_id);
    for (const TargetValue& v : report.values) {
      TargetValue& total = totals[v.target_id];
      if (v.numerator > kMax - total.numerator || v.denominator > kMax - total.denominator) {
        return absl::FailedPreconditionError(
            absl::StrCat("cannot consolidate the commune report for ", c.period,
                         ": the totals of target \"", v.target_id, "\" would overflow"));
      }
      total.target_id = v.target_id;
      total.numerator += v.numerator;
      total.denominator += v.denominator;
    }
  }
  if (consolidated.villages_included().empty()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot consolidate the commune report for ",
                                                      c.period, ": no village report is approved"));
  }
  std::vector<std::string> missing;
  for (const std::string& village_id : c.expected_villages) {
    auto report = s.villages.find(village_id);
    if (report == s.villages.end() || report->second.status != VillageReportStatus::kApproved) {
      missing.push_back(village_id);
    }
  }
  if (!missing.empty() && !c.partial) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot consolidate the commune report for ", c.period, ": village(s) ",
        absl::StrJoin(missing, ", "),
        " have not reported (submitted and approved) (rule: every registered village reports "
        "before the commune consolidates); approve their reports first, or consolidate a partial "
        "report with a reason (--partial)"));
  }
  if (missing.empty() && c.partial) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot consolidate a partial commune report for ", c.period,
                     ": every registered village has reported; consolidate without partial"));
  }
  if (c.partial) {
    consolidated.set_partial(true);
    consolidated.set_partial_reason(c.partial_reason);
    for (const std::string& village_id : missing) consolidated.add_villages_missing(village_id);
  }
  for (const auto& [target_id, total] : totals) CopyValue(total, consolidated.add_totals());
  return MakeDomainEvent(c.event_id, kCommuneReportConsolidated, consolidated);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s,
                                      const SendCommuneReportToDistrict& c) {
  RETURN_IF_ERROR(RequireConsolidated(s, c.period));
  if (s.commune.status != CommuneReportStatus::kConsolidated) {
    return CommuneNotAllowed(s, c.period, "send the commune report to the district",
                             "; only a consolidated report is sent");
  }
  pb::CommuneReportSentToDistrict sent;
  sent.set_period(c.period);
  return MakeDomainEvent(c.event_id, kCommuneReportSentToDistrict, sent);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const AcceptCommuneReport& c) {
  RETURN_IF_ERROR(RequireConsolidated(s, c.period));
  if (s.commune.status != CommuneReportStatus::kSentToDistrict) {
    return CommuneNotAllowed(s, c.period, "accept the commune report",
                             "; only a report sent to the district is accepted");
  }
  pb::CommuneReportAccepted accepted;
  accepted.set_period(c.period);
  accepted.set_by(c.by);
  return MakeDomainEvent(c.event_id, kCommuneReportAccepted, accepted);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const ReturnCommuneReport& c) {
  RETURN_IF_ERROR(RequireConsolidated(s, c.period));
  if (s.commune.status != CommuneReportStatus::kSentToDistrict) {
    return CommuneNotAllowed(s, c.period, "return the commune report",
                             "; only a report sent to the district is returned");
  }
  pb::CommuneReportReturned returned;
  returned.set_period(c.period);
  returned.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kCommuneReportReturned, returned);
}

absl::StatusOr<DomainEvent> DecideFor(const ReportingState& s, const ReopenPeriod& c) {
  if (!s.locked()) {
    return CommuneNotAllowed(s, c.period, "reopen the period",
                             "; only a period the district has accepted is locked");
  }
  pb::PeriodReopened reopened;
  reopened.set_period(c.period);
  reopened.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kPeriodReopened, reopened);
}

// Checks shared by every command, then the command's own decision.
template <typename Command>
absl::StatusOr<Events> DecideCommand(const ReportingState& s, const Command& c) {
  RETURN_IF_ERROR(ValidateEventId(c.event_id));
  RETURN_IF_ERROR(ValidateFields(c));
  if (!s.period.empty() && c.period != s.period) {
    return absl::InvalidArgumentError(
        absl::StrCat("period \"", c.period, "\" is not this period (\"", s.period, "\")"));
  }
  if (auto retry = RetryOutcome(s.applied_event_ids, c.event_id, EventTypeOf(c))) {
    return *std::move(retry);
  }
  if (s.locked() && !std::is_same_v<Command, ReopenPeriod>) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot ", ActionOf(c), ": period ", s.period,
                     " is locked (the district accepted its commune report); reopen it first"));
  }
  ASSIGN_OR_RETURN(DomainEvent event, DecideFor(s, c));
  Events events;
  events.push_back(std::move(event));
  return events;
}

// The village report an approval or return refers to; DataLoss when unknown.
absl::StatusOr<VillageReport*> FoldTarget(ReportingState& s, const std::string& village_id) {
  auto village = s.villages.find(village_id);
  if (village == s.villages.end()) {
    return absl::DataLossError(
        absl::StrCat("event refers to unknown village report \"", village_id, "\""));
  }
  return &village->second;
}

// Folds `event` into `s`; every path checks before it changes anything.
absl::Status Fold(ReportingState& s, const DomainEvent& event) {
  const std::string& type = event.event_type;
  std::string period;
  if (type == kVillageReportSubmitted) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::VillageReportSubmitted>(event));
    VillageReport& village = s.villages[e.village_id()];
    village.status = VillageReportStatus::kSubmitted;
    village.values = FromProto(e.values());
    village.submissions += 1;
    period = e.period();
  } else if (type == kVillageReportApproved) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::VillageReportApproved>(event));
    ASSIGN_OR_RETURN(VillageReport * village, FoldTarget(s, e.village_id()));
    village->status = VillageReportStatus::kApproved;
    period = e.period();
  } else if (type == kVillageReportReturned) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::VillageReportReturned>(event));
    ASSIGN_OR_RETURN(VillageReport * village, FoldTarget(s, e.village_id()));
    village->status = VillageReportStatus::kReturned;
    village->return_reason = e.reason();
    period = e.period();
  } else if (type == kCommuneReportConsolidated) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::CommuneReportConsolidated>(event));
    s.commune.status = CommuneReportStatus::kConsolidated;
    s.commune.totals = FromProto(e.totals());
    s.commune.villages_included.assign(e.villages_included().begin(), e.villages_included().end());
    s.commune.consolidations += 1;
    s.commune.partial_reason = e.partial_reason();
    s.commune.villages_missing.assign(e.villages_missing().begin(), e.villages_missing().end());
    period = e.period();
  } else if (type == kCommuneReportSentToDistrict) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::CommuneReportSentToDistrict>(event));
    s.commune.status = CommuneReportStatus::kSentToDistrict;
    period = e.period();
  } else if (type == kCommuneReportAccepted) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::CommuneReportAccepted>(event));
    s.commune.status = CommuneReportStatus::kAccepted;
    s.commune.accepted_by = e.by();
    period = e.period();
  } else if (type == kCommuneReportReturned) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::CommuneReportReturned>(event));
    s.commune.status = CommuneReportStatus::kReturned;
    s.commune.return_reason = e.reason();
    period = e.period();
  } else if (type == kPeriodReopened) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::PeriodReopened>(event));
    s.commune.status = CommuneReportStatus::kReopened;
    s.commune.reopen_reason = e.reason();
    period = e.period();
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not a reporting event"));
  }
  s.period = std::move(period);
  if (s.remember_event_ids) s.applied_event_ids.emplace(event.event_id, type);
  return absl::OkStatus();
}

}  // namespace

bool IsValidPeriod(absl::string_view text) {
  if (text.size() != 4 && text.size() != 7) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  if (text[0] == '0') return false;
  if (text.size() == 4) return true;
  if (text[4] != '-') return false;
  const char part = text[6];
  return text[5] == 'H' && (part == '1' || part == '2');
}

absl::Status ValidatePeriod(absl::string_view field, absl::string_view period) {
  if (IsValidPeriod(period)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field,
      " must be a reporting period of Thông tư 10/2022/TT-BLĐTBXH: \"YYYY-H1\" (first "
      "six months), \"YYYY-H2\" (last six months) or \"YYYY\" (the year), e.g. \"2024-H1\"; got \"",
      period, "\""));
}

absl::string_view VillageReportStatusName(VillageReportStatus status) {
  switch (status) {
    case VillageReportStatus::kNone:
      return "none";
    case VillageReportStatus::kSubmitted:
      return "submitted";
    case VillageReportStatus::kApproved:
      return "approved";
    case VillageReportStatus::kReturned:
      return "returned";
  }
  return "unknown";
}

absl::string_view CommuneReportStatusName(CommuneReportStatus status) {
  switch (status) {
    case CommuneReportStatus::kNone:
      return "not consolidated";
    case CommuneReportStatus::kConsolidated:
      return "consolidated";
    case CommuneReportStatus::kSentToDistrict:
      return "sent to the district";
    case CommuneReportStatus::kAccepted:
      return "accepted by the district";
    case CommuneReportStatus::kReturned:
      return "returned by the district";
    case CommuneReportStatus::kReopened:
      return "reopened";
  }
  return "unknown";
}

absl::StatusOr<std::vector<DomainEvent>> Decide(const ReportingState& state,
                                                const ReportingCommand& command) {
  return std::visit([&state](const auto& c) { return DecideCommand(state, c); }, command);
}

absl::Status Apply(ReportingState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  return Fold(state, event);
}

}  // namespace minhbach::domain
