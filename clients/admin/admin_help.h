// minhbach-admin's usage texts, Vietnamese by default, English with
// --lang=en (clients/text/language.h).
#ifndef MINHBACH_CLIENTS_ADMIN_ADMIN_HELP_H_
#define MINHBACH_CLIENTS_ADMIN_ADMIN_HELP_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace minhbach::clients::admin {

// The commands help knows: "token", "token issue", "token list",
// "token revoke", "help".
const std::vector<std::string>& HelpTopics();

// The usage of `command` (one of HelpTopics(), or empty for all of them).
std::string Usage(absl::string_view command);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_ADMIN_HELP_H_
