// Who may act on which aggregate, beyond the role table (authorization.h):
// an implementer only on the assignments and sub-projects its units lead, a
// village only for itself, a unit answering only the recommendations
// addressed to it.
//
// An implementer's or a village's units are its token's scopes ("vhxh",
// "thon-1"), or its identity when the token names none.
#ifndef MINHBACH_SERVICES_PROGRAM_API_PROGRAM_ACCESS_H_
#define MINHBACH_SERVICES_PROGRAM_API_PROGRAM_ACCESS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/auth/identity.h"
#include "services/domain/assignment.h"
#include "services/domain/plan.h"

namespace minhbach::services {

// The units `who` acts as.
std::vector<std::string> ActingUnits(const Identity& who);

// OK when `who` may act as `unit`: a coordinator acts for any unit; others
// only as their own units. PermissionDenied otherwise.
absl::Status MayActAs(const Identity& who, absl::string_view unit);

// OK for a coordinator, and for an implementer whose units lead `assignment`
// (no assignment yet: NotFound, so that the domain's message is not hidden).
absl::Status MayWorkOnAssignment(const Identity& who, const domain::AssignmentState& assignment);

// OK for a coordinator, and for an implementer whose units lead the
// sub-project in the plan. NotFound when the plan has no such sub-project.
absl::Status MayHandleSubProjectMoney(const Identity& who, const domain::PlanState& plan,
                                      absl::string_view subproject_id);

// NotFound naming the sub-project when the plan has not registered it.
absl::Status RequireSubProject(const domain::PlanState& plan, absl::string_view subproject_id);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_PROGRAM_ACCESS_H_
