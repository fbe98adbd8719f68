#include "services/authorization.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace minhbach::services {
namespace {

constexpr Role kReaders[] = {Role::kCoordinator, Role::kSupervisor, Role::kDistrict, Role::kService,
                             Role::kAdmin};

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
      {"/minhbach.v1.EventLog/ReadStream", Readers()},
      {"/minhbach.v1.EventLog/ReadAll", Readers()},
      {"/minhbach.v1.EventLog/GetEvent", Readers()},
      {"/minhbach.v1.EventLog/Subscribe", Readers()},
      {"/minhbach.v1.Audit/GetCheckpoint", Everyone()},
      {"/minhbach.v1.Audit/GetInclusionProof", Everyone()},
      {"/minhbach.v1.Audit/GetConsistencyProof", Everyone()},
      {"/minhbach.v1.Admin/CreateBackup", {Role::kAdmin}},
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
        "role '", RoleName(who.role), "' may not call ", method,
        "; allowed roles: ", absl::StrJoin(policy.allowed, ", ", [](std::string* out, Role role) {
          absl::StrAppend(out, RoleName(role));
        })));
  }
  return absl::PermissionDeniedError(absl::StrCat(method, " is not open to any role"));
}

absl::Status AuthorizeDirectAppend(const Identity& who, absl::string_view stream) {
  for (const std::string& prefix : who.scopes) {
    if (absl::StartsWith(stream, prefix)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("'", who.name, "' may append only to streams starting with ",
                   who.scopes.empty() ? "(none)" : absl::StrJoin(who.scopes, " or "), "; stream '",
                   stream, "' is not one of them"));
}

}  // namespace minhbach::services
