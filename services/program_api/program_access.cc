#include "services/program_api/program_access.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

bool LeadsAny(const std::vector<std::string>& units, const std::vector<std::string>& leads) {
  for (const std::string& unit : units) {
    if (std::find(leads.begin(), leads.end(), unit) != leads.end()) return true;
  }
  return false;
}

absl::Status NotALead(const Identity& who, absl::string_view what,
                      const std::vector<std::string>& leads) {
  return absl::PermissionDeniedError(absl::StrCat(
      "'", who.name, "' (units ", absl::StrJoin(ActingUnits(who), ", "), ") does not lead ", what,
      "; its lead units are ", leads.empty() ? "(none)" : absl::StrJoin(leads, ", ")));
}

}  // namespace

std::vector<std::string> ActingUnits(const Identity& who) {
  if (!who.scopes.empty()) return who.scopes;
  return {who.name};
}

absl::Status MayActAs(const Identity& who, absl::string_view unit) {
  if (who.role == Role::kCoordinator) return absl::OkStatus();
  const std::vector<std::string> units = ActingUnits(who);
  if (std::find(units.begin(), units.end(), unit) != units.end()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "'", who.name, "' acts only as ", absl::StrJoin(units, ", "), ", not as '", unit, "'"));
}

absl::Status MayWorkOnAssignment(const Identity& who, const domain::AssignmentState& assignment) {
  if (who.role == Role::kCoordinator) return absl::OkStatus();
  if (assignment.status == domain::AssignmentStatus::kNone) {
    return absl::NotFoundError("the assignment has not been made");
  }
  if (LeadsAny(ActingUnits(who), assignment.lead_units)) return absl::OkStatus();
  return NotALead(who, absl::StrCat("assignment \"", assignment.assignment_id, "\""),
                  assignment.lead_units);
}

absl::Status RequireSubProject(const domain::PlanState& plan, absl::string_view subproject_id) {
  if (plan.subprojects.count(std::string(subproject_id)) > 0) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("sub-project \"", subproject_id, "\" is not registered in the plan",
                   plan.plan_id.empty() ? " (no plan has been issued yet)" : ""));
}

absl::Status MayHandleSubProjectMoney(const Identity& who, const domain::PlanState& plan,
                                      absl::string_view subproject_id) {
  RETURN_IF_ERROR(RequireSubProject(plan, subproject_id));
  if (who.role == Role::kCoordinator) return absl::OkStatus();
  const domain::SubProject& subproject = plan.subprojects.at(std::string(subproject_id));
  if (LeadsAny(ActingUnits(who), subproject.lead_units)) return absl::OkStatus();
  return NotALead(who, absl::StrCat("sub-project \"", subproject_id, "\""), subproject.lead_units);
}

}  // namespace minhbach::services
