// minhbach-admin's usage texts, Vietnamese by default, English with
// --lang=en, and the one-line choice between the two.
#ifndef MINHBACH_CLIENTS_ADMIN_ADMIN_HELP_H_
#define MINHBACH_CLIENTS_ADMIN_ADMIN_HELP_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace minhbach::clients::admin {

// `vi` unless `english`.
inline std::string Say(bool english, absl::string_view vi, absl::string_view en) {
  return std::string(english ? en : vi);
}

// The commands help knows: "token", "token issue", "token list",
// "token revoke", "help".
const std::vector<std::string>& HelpTopics();

// The usage of `command` (one of HelpTopics(), or empty for all of them).
std::string Usage(absl::string_view command, bool english);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_ADMIN_HELP_H_
