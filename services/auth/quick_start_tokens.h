// The tokens a first start makes for the local quick start: one per role (as
// before), and one per lead unit and village of the seed plan, so that every
// one of them can act (the extension officer co-leads DA7-TDA2).
#ifndef MINHBACH_SERVICES_AUTH_QUICK_START_TOKENS_H_
#define MINHBACH_SERVICES_AUTH_QUICK_START_TOKENS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/auth/identity.h"

namespace minhbach::services {

// A unit or village of deploy/seed that gets its own quick-start token.
struct QuickStartUnit {
  Role role;
  absl::string_view id;      // as the plan (lead units) or demo (villages) name it
  absl::string_view holder;  // who acts for it, shown in the actor "<id>/<holder>"
};

// The lead units of lien-chung-2024.plan.json and the villages of
// demo-activity.json (a test checks this list against those files).
const std::vector<QuickStartUnit>& QuickStartUnits();

struct QuickStartTokens {
  std::string token_file;  // hashes, for the server
  // For the command-line client: "<role> <token>" lines (one per role: the
  // village token is thon-1's, the implementer token acts as unit "vhxh"),
  // then "<role>:<unit> <token>" lines, one per QuickStartUnits() entry
  // (--role=implementer:khuyen-nong).
  std::string client_file;
};

// Makes the quick start's tokens, as the texts of a token file and of a
// client credentials file.
QuickStartTokens MakeQuickStartTokens();

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_QUICK_START_TOKENS_H_
