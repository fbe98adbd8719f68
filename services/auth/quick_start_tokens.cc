#include "services/auth/quick_start_tokens.h"

#include "absl/strings/str_cat.h"
#include "services/auth/token_file.h"
#include "services/auth/token_store.h"

namespace minhbach::services {

const std::vector<QuickStartUnit>& QuickStartUnits() {
  static const auto* units = new std::vector<QuickStartUnit>{
      {Role::kImplementer, "ldtbxh", "Cán bộ LĐ-TB&XH"},
      {Role::kImplementer, "khuyen-nong", "Cán bộ khuyến nông"},
      {Role::kImplementer, "vhxh", "Công chức VH-XH"},
      {Role::kVillage, "thon-1", "Trưởng thôn"},
      {Role::kVillage, "thon-2", "Trưởng thôn"},
      {Role::kVillage, "thon-3", "Trưởng thôn"},
      {Role::kVillage, "thon-4", "Trưởng thôn"},
  };
  return *units;
}

QuickStartTokens MakeQuickStartTokens() {
  QuickStartTokens tokens;
  tokens.token_file =
      "# minhbach token file (services/auth/token_file.h):\n"
      "#   <role> <identity> <sha256 hex of token> [scopes] [issued=T] [name=PERSON]\n"
      "#   revoked <token id> [T]\n"
      "# Made for the local quick start; issue each person's own token with\n"
      "# 'minhbach-admin token issue' and revoke these for production.\n";
  tokens.client_file =
      "# minhbach client tokens for the local quick start: <role> <token>, then\n"
      "# <role>:<unit> <token> for each lead unit and village (--role=implementer:khuyen-nong)\n";
  for (Role role : kAllRoles) {
    const std::string token = NewToken();
    TokenLine line;
    line.role = role;
    line.identity = absl::StrCat("local-", RoleName(role));
    line.hash = HashToken(token);
    if (role == Role::kService || role == Role::kAdmin) line.scopes = {"ext/"};
    if (role == Role::kVillage) line.scopes = {"thon-1"};
    if (role == Role::kImplementer) line.scopes = {"vhxh"};  // the VH-XH civil servant's unit
    absl::StrAppend(&tokens.token_file, FormatTokenLine(line));
    absl::StrAppend(&tokens.client_file, RoleName(role), " ", token, "\n");
  }
  for (const QuickStartUnit& unit : QuickStartUnits()) {
    const std::string token = NewToken();
    TokenLine line;
    line.role = unit.role;
    line.identity = std::string(unit.id);
    line.hash = HashToken(token);
    line.scopes = {line.identity};
    line.person = std::string(unit.holder);
    absl::StrAppend(&tokens.token_file, FormatTokenLine(line));
    absl::StrAppend(&tokens.client_file, RoleName(unit.role), ":", unit.id, " ", token, "\n");
  }
  return tokens;
}

}  // namespace minhbach::services
