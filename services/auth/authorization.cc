#include "services/auth/authorization.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/program/program_streams.h"

namespace minhbach::services {
namespace {

constexpr Role kReaders[] = {Role::kCoordinator, Role::kSupervisor, Role::kDistrict, Role::kService,
                             Role::kAdmin};

constexpr Role kCoordinator = Role::kCoordinator;
constexpr Role kImplementer = Role::kImplementer;

std::vector<Role> Readers() { return std::vector<Role>(std::begin(kReaders), std::end(kReaders)); }
std::vector<Role> Everyone() {
  return std::vector<Role>(std::begin(kAllRoles), std::end(kAllRoles));
}

}  // namespace

const std::vector<MethodPolicy>& MethodPolicies() {
  // Program streams are written only through the domain's commands, so direct
  // appends are for internal systems (and operators) under their prefixes.
  static const std::vector<MethodPolicy>* policies = new std::vector<MethodPolicy>{
      {"/minhbach.v1.EventLog/Append", {Role::kService, Role::kAdmin}},
      {"/minhbach.v1.EventLog/BatchAppend", {Role::kService, Role::kAdmin}},
      {"/minhbach.v1.EventLog/ReadStream", Readers()},
      {"/minhbach.v1.EventLog/ReadAll", Readers()},
      {"/minhbach.v1.EventLog/GetEvent", Readers()},
      {"/minhbach.v1.EventLog/Subscribe", Readers()},
      {"/minhbach.v1.Audit/GetCheckpoint", Everyone()},
      {"/minhbach.v1.Audit/GetInclusionProof", Everyone()},
      {"/minhbach.v1.Audit/GetConsistencyProof", Everyone()},
      // Only a configured witness's key makes a cosignature count (witnessing.h).
      {"/minhbach.v1.Audit/AddCosignature", {Role::kSupervisor, Role::kDistrict}},
      {"/minhbach.v1.Admin/CreateBackup", {Role::kAdmin}},

      {"/minhbach.v1.ProgramSetup/IssuePlan", {kCoordinator}},
      {"/minhbach.v1.ProgramSetup/SetTarget", {kCoordinator}},
      {"/minhbach.v1.ProgramSetup/ReviseTarget", {kCoordinator}},
      {"/minhbach.v1.ProgramSetup/RegisterSubProject", {kCoordinator}},
      {"/minhbach.v1.ProgramSetup/RegisterVillage", {kCoordinator}},

      // Implementers only on assignments their units lead (program_access.h).
      {"/minhbach.v1.Assignments/MakeAssignment", {kCoordinator}},
      {"/minhbach.v1.Assignments/AcceptAssignment", {kCoordinator, kImplementer}},
      {"/minhbach.v1.Assignments/ReportProgress", {kCoordinator, kImplementer}},
      {"/minhbach.v1.Assignments/ChangeDueDate", {kCoordinator}},
      {"/minhbach.v1.Assignments/Reassign", {kCoordinator}},
      {"/minhbach.v1.Assignments/CompleteAssignment", {kCoordinator, kImplementer}},
      {"/minhbach.v1.Assignments/CancelAssignment", {kCoordinator}},

      // Implementers only on sub-projects their units lead.
      {"/minhbach.v1.Finance/AllocateBudget", {kCoordinator}},
      {"/minhbach.v1.Finance/RecordDisbursement", {kCoordinator, kImplementer}},
      {"/minhbach.v1.Finance/ReverseDisbursement", {kCoordinator, kImplementer}},

      // A village only for itself.
      {"/minhbach.v1.Reporting/SubmitVillageReport", {kCoordinator, Role::kVillage}},
      {"/minhbach.v1.Reporting/ApproveVillageReport", {kCoordinator}},
      {"/minhbach.v1.Reporting/ReturnVillageReport", {kCoordinator}},
      {"/minhbach.v1.Reporting/ConsolidateCommuneReport", {kCoordinator}},
      {"/minhbach.v1.Reporting/SendCommuneReportToDistrict", {kCoordinator}},
      {"/minhbach.v1.Reporting/AcceptCommuneReport", {Role::kDistrict}},
      {"/minhbach.v1.Reporting/ReturnCommuneReport", {Role::kDistrict}},
      {"/minhbach.v1.Reporting/ReopenPeriod", {kCoordinator, Role::kDistrict}},

      {"/minhbach.v1.Supervision/PlanSupervision", {Role::kSupervisor}},
      {"/minhbach.v1.Supervision/ConductInspection", {Role::kSupervisor}},
      {"/minhbach.v1.Supervision/RecordFinding", {Role::kSupervisor}},
      {"/minhbach.v1.Supervision/IssueRecommendation", {Role::kSupervisor}},
      // Only as the recommendation's responsible unit.
      {"/minhbach.v1.Supervision/SubmitResponse", {kCoordinator, kImplementer}},
      {"/minhbach.v1.Supervision/ResolveFinding", {Role::kSupervisor}},
      {"/minhbach.v1.Supervision/CloseFinding", {Role::kSupervisor}},
      {"/minhbach.v1.Supervision/CloseSupervision", {Role::kSupervisor}},

      // A village only for its own households and meeting (program_access.h).
      {"/minhbach.v1.Households/PublishStandard", {kCoordinator}},
      {"/minhbach.v1.Households/RegisterHousehold", {kCoordinator, Role::kVillage}},
      {"/minhbach.v1.Households/ChangeHouseholdDetails", {kCoordinator, Role::kVillage}},
      {"/minhbach.v1.Households/OpenReview", {kCoordinator}},
      {"/minhbach.v1.Households/RecordSurvey", {kCoordinator, Role::kVillage}},
      {"/minhbach.v1.Households/AgreeVillageMeeting", {kCoordinator, Role::kVillage}},
      {"/minhbach.v1.Households/PostReviewList", {kCoordinator}},
      {"/minhbach.v1.Households/FileComplaint", Everyone()},
      {"/minhbach.v1.Households/ResolveComplaint", {kCoordinator}},
      {"/minhbach.v1.Households/RecognizeReview", {Role::kDistrict}},
      // Implementers only for sub-projects their units lead.
      {"/minhbach.v1.Households/GiveSupport", {kCoordinator, kImplementer}},
      {"/minhbach.v1.Households/ErasePersonalData", {kCoordinator}},
      {"/minhbach.v1.Households/GrantPersonalDataAccess", {kCoordinator}},
      {"/minhbach.v1.Households/RevokePersonalDataAccess", {kCoordinator}},
      // Pseudonyms and numbers only.
      {"/minhbach.v1.Households/GetRegister", Everyone()},
      {"/minhbach.v1.Households/GetHouseholdTargets", Everyone()},
      // Personal data: a village only its own households' (program_access.h),
      // an auditor only under the coordinator's grant; every answer that
      // holds it is recorded first (an access event).
      {"/minhbach.v1.Households/GetHouseholdPersonalData",
       {kCoordinator, Role::kVillage, Role::kSupervisor, Role::kDistrict},
       "auditors see pseudonyms: a household's personal data is for the coordinator, its village "
       "and an auditor the coordinator grants it to"},
      // Public by law during the posting window, nothing after it.
      {"/minhbach.v1.Households/GetPostingList", Everyone()},

      {"/minhbach.v1.ProgramStatus/GetDashboard", Everyone()},
      {"/minhbach.v1.ProgramStatus/GetSubProject", Everyone()},
      {"/minhbach.v1.ProgramStatus/GetTarget", Everyone()},
      {"/minhbach.v1.Timeline/GetTimeline", Readers()},
      {"/minhbach.v1.Timeline/Replay", Readers()},
  };
  return *policies;
}

absl::Status Authorize(const Identity& who, absl::string_view method) {
  for (const MethodPolicy& policy : MethodPolicies()) {
    if (policy.method != method) continue;
    if (std::find(policy.allowed.begin(), policy.allowed.end(), who.role) != policy.allowed.end()) {
      return absl::OkStatus();
    }
    return absl::PermissionDeniedError(absl::StrCat(
        "role '", RoleName(who.role), "' may not call ", method, "; allowed roles: ",
        absl::StrJoin(policy.allowed, ", ",
                      [](std::string* out, Role role) { absl::StrAppend(out, RoleName(role)); }),
        policy.refusal_note.empty() ? "" : absl::StrCat("; ", policy.refusal_note)));
  }
  return absl::PermissionDeniedError(absl::StrCat(method, " is not open to any role"));
}

absl::Status AuthorizeDirectAppend(const Identity& who, absl::string_view stream) {
  if (absl::StartsWith(stream, program::kProgramStreamPrefix)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "streams under \"", program::kProgramStreamPrefix,
        "\" are written only by the program's command services (ProgramSetup, Assignments, "
        "Finance, Reporting, Supervision, Households), never by direct appends"));
  }
  for (const std::string& prefix : who.scopes) {
    if (absl::StartsWith(stream, prefix)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("'", who.name, "' may append only to streams starting with ",
                   who.scopes.empty() ? "(none)" : absl::StrJoin(who.scopes, " or "), "; stream '",
                   stream, "' is not one of them"));
}

}  // namespace minhbach::services
