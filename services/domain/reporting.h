// The reporting aggregate of one period (section V of the plan): villages
// report to the commune, the commune coordinator (cán bộ LĐ-TB&XH) approves or
// returns each village report, consolidates the approved ones into the
// commune report and sends it to the district office, which accepts or
// returns it. Pure code: state + command -> events | error, and state + event
// -> state; no I/O.
//
//   ReportingState period;                 // folded from the period's stream
//   ConsolidateCommuneReport consolidate{id, "2024-H1"};
//   ASSIGN_OR_RETURN(std::vector<DomainEvent> events,
//                    Decide(period, ReportingCommand(consolidate)));
//
// Village report: none -> submitted -> approved, or -> returned -> submitted
// again (a resubmission replaces the values). An approved report may be
// resubmitted while no commune report built from the period stands (none yet,
// returned by the district, or reopened), not while one is consolidated or
// with the district.
//
// Commune report: consolidated (from at least one approved village report;
// the domain computes the totals) -> sent to the district -> accepted, or ->
// returned by the district -> consolidated again. It may also be consolidated
// again before it is sent. Accepted locks the period: every village and
// commune command is refused until the period is reopened (with a reason);
// reopened, it is consolidated again when the corrections are approved.
//
// Idempotency as for assignments (assignment.h): the command carries its
// event id; the same command on the same state gives byte-identical events; a
// command whose event id the state has applied, as the same event type,
// decides to no events.
//
// Thread safety: the functions are pure; a state may be read from many
// threads, but Apply needs exclusive access to the state it changes.
#ifndef MINHBACH_SERVICES_DOMAIN_REPORTING_H_
#define MINHBACH_SERVICES_DOMAIN_REPORTING_H_

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

// Event types (the payload messages' names in reporting_events.proto).
inline constexpr char kVillageReportSubmitted[] = "VillageReportSubmitted";
inline constexpr char kVillageReportApproved[] = "VillageReportApproved";
inline constexpr char kVillageReportReturned[] = "VillageReportReturned";
inline constexpr char kCommuneReportConsolidated[] = "CommuneReportConsolidated";
inline constexpr char kCommuneReportSentToDistrict[] = "CommuneReportSentToDistrict";
inline constexpr char kCommuneReportAccepted[] = "CommuneReportAccepted";
inline constexpr char kCommuneReportReturned[] = "CommuneReportReturned";
inline constexpr char kPeriodReopened[] = "PeriodReopened";

// True when `text` names a reporting period of the program's monitoring
// regime (6-monthly and annual reports, Thông tư 10/2022/TT-BLĐTBXH): a year
// "YYYY" or a half year "YYYY-H1" / "YYYY-H2"; the year has four digits and
// does not start with 0. Quarters ("2024-Q3") are not reporting periods.
bool IsValidPeriod(absl::string_view text);

// InvalidArgument naming `field`, the value and the accepted forms, when
// !IsValidPeriod(period).
[[nodiscard]] absl::Status ValidatePeriod(absl::string_view field, absl::string_view period);

// Target kinds as the plan gives them (plan.h): a share's numerator is at
// most its denominator; a count has no denominator (0).
inline constexpr char kTargetKindShare[] = "share";
inline constexpr char kTargetKindCount[] = "count";

// One target's value: `numerator` of `denominator`, never a bare percentage.
struct TargetValue {
  std::string target_id;    // e.g. "dim-health"
  int64_t numerator = 0;    // >= 0
  int64_t denominator = 0;  // > 0

  bool operator==(const TargetValue& other) const {
    return target_id == other.target_id && numerator == other.numerator &&
           denominator == other.denominator;
  }
  bool operator!=(const TargetValue& other) const { return !(*this == other); }
};

enum class VillageReportStatus { kNone, kSubmitted, kApproved, kReturned };
enum class CommuneReportStatus {
  kNone,
  kConsolidated,
  kSentToDistrict,
  kAccepted,
  kReturned,
  kReopened
};

// "none", "submitted", "approved", "returned".
absl::string_view VillageReportStatusName(VillageReportStatus status);
// "not consolidated", "consolidated", "sent to the district", "accepted by the
// district", "returned by the district", "reopened".
absl::string_view CommuneReportStatusName(CommuneReportStatus status);

// One village's report for the period.
struct VillageReport {
  VillageReportStatus status = VillageReportStatus::kNone;
  std::vector<TargetValue> values;  // as last submitted
  int64_t submissions = 0;
  std::string return_reason;  // the last return's; kept after a resubmission
};

// The commune report for the period.
struct CommuneReport {
  CommuneReportStatus status = CommuneReportStatus::kNone;
  std::vector<TargetValue> totals;             // of the last consolidation, by target id
  std::vector<std::string> villages_included;  // of the last consolidation, in order
  int64_t consolidations = 0;
  std::string partial_reason;                 // of the last consolidation; empty: complete
  std::vector<std::string> villages_missing;  // of the last consolidation, in order
  std::string accepted_by;                    // the last acceptance's
  std::string return_reason;                  // the district's last return's
  std::string reopen_reason;                  // the last reopening's
};

// One period's reports as folded from its events. Empty period: nothing
// recorded yet.
struct ReportingState {
  std::string period;
  std::map<std::string, VillageReport> villages;  // by village id
  CommuneReport commune;
  // Every event folded in: event id -> event type.
  AppliedEventIds applied_event_ids;
  // False in a fold that never decides (a projection): the ids are not kept.
  bool remember_event_ids = true;

  // True when the district has accepted the commune report and the period
  // has not been reopened since.
  bool locked() const { return commune.status == CommuneReportStatus::kAccepted; }
};

// Commands. `event_id` is the 16-byte id of the one event the command writes.
struct SubmitVillageReport {
  std::string event_id;
  std::string period;
  std::string village_id;
  std::vector<TargetValue> values;  // at least one, each target once
  // Target id -> kTargetKindShare or kTargetKindCount, from the plan (filled
  // in by the service). A target not in it is checked as a share would be
  // but for numerator <= denominator.
  std::map<std::string, std::string> target_kinds{};
};
struct ApproveVillageReport {
  std::string event_id;
  std::string period;
  std::string village_id;
};
struct ReturnVillageReport {
  std::string event_id;
  std::string period;
  std::string village_id;
  std::string reason;
};
// Names the period: the domain sums the approved village reports.
struct ConsolidateCommuneReport {
  std::string event_id;
  std::string period;
  // Consolidate although villages have not reported, and why (not blank).
  bool partial = false;
  std::string partial_reason{};
  // The villages registered in the plan (filled in by the service): each
  // must have an approved report unless `partial`.
  std::vector<std::string> expected_villages{};
};
struct SendCommuneReportToDistrict {
  std::string event_id;
  std::string period;
};
struct AcceptCommuneReport {
  std::string event_id;
  std::string period;
  std::string by;  // who accepted it at the district
};
struct ReturnCommuneReport {
  std::string event_id;
  std::string period;
  std::string reason;
};
struct ReopenPeriod {
  std::string event_id;
  std::string period;
  std::string reason;
};

using ReportingCommand =
    std::variant<SubmitVillageReport, ApproveVillageReport, ReturnVillageReport,
                 ConsolidateCommuneReport, SendCommuneReportToDistrict, AcceptCommuneReport,
                 ReturnCommuneReport, ReopenPeriod>;

// Decides what `command` means for the period in `state`: the events to
// append (exactly one), or none when the command's event id is already
// applied with the same event type (a retry). `state` is not changed.
// Errors, in the order checked:
//   InvalidArgument: a malformed field (event id not 16 bytes, bad period,
//     empty or blank id or text, no values, a target twice, a negative
//     numerator, a denominator not positive (not 0 for a count), a share's
//     numerator above its denominator, partial without a reason or a reason
//     without partial), named at the start of the message; or a period other
//     than the state's.
//   AlreadyExists: the event id was applied as another event type.
//   FailedPrecondition: the period is locked (any command but ReopenPeriod);
//     the message says so and that it must be reopened first.
//   NotFound: approving or returning a village report never submitted; any
//     commune command before the first consolidation.
//   FailedPrecondition: the command is not allowed in the report's current
//     status (named in the message); consolidation with no approved village
//     report, or whose totals would overflow int64; consolidation while
//     expected villages have not reported and not `partial` (the message
//     names them), or `partial` when none is missing.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const ReportingState& state,
                                                              const ReportingCommand& command);

// Folds one reporting event into `state`. Events are facts: the rules are not
// checked again; an event id already applied is skipped. Errors, which leave
// `state` unchanged: DataLoss (the payload does not parse, or it approves or
// returns a village report the state does not hold), InvalidArgument (not a
// reporting event type).
[[nodiscard]] absl::Status Apply(ReportingState& state, const DomainEvent& event);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_REPORTING_H_
