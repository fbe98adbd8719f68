// Who is calling: the identity and role a bearer token stands for.
#ifndef MINHBACH_SERVICES_AUTH_IDENTITY_H_
#define MINHBACH_SERVICES_AUTH_IDENTITY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace minhbach::services {

// The roles of the program (see the README's "Roles" table).
enum class Role {
  kCoordinator,  // the commune's LĐ-TB&XH officer: all program commands
  kImplementer,  // a department or unit: commands on its own sub-projects
  kVillage,      // a village: reports for itself only
  kSupervisor,   // MTTQ and member organisations: read everything, record supervision
  kDistrict,     // the district office: read
  kService,      // an internal system: EventLog reads, appends under its stream prefixes
  kAdmin,        // operators
};

// Every role, in declaration order.
inline constexpr Role kAllRoles[] = {Role::kCoordinator, Role::kImplementer, Role::kVillage,
                                     Role::kSupervisor,  Role::kDistrict,    Role::kService,
                                     Role::kAdmin};

absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

struct Identity {
  // Stored as the actor of every event this caller appends: "<unit>/<person>"
  // for a token issued to a person ("thon-2/Nguyễn Văn A"), else the token
  // file's identity ("local-coordinator"). See services/token_file.h.
  std::string name;
  Role role = Role::kDistrict;
  // What the token is scoped to: stream prefixes for service and admin
  // tokens, the village or unit for village and implementer tokens.
  std::vector<std::string> scopes;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_IDENTITY_H_
