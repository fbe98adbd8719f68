#include "services/auth/identity.h"

namespace minhbach::services {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCoordinator:
      return "coordinator";
    case Role::kImplementer:
      return "implementer";
    case Role::kVillage:
      return "village";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kDistrict:
      return "district";
    case Role::kService:
      return "service";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role role : kAllRoles) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace minhbach::services
