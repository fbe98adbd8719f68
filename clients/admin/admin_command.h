// minhbach-admin's command line: help, "did you mean", and the token
// commands (token_commands.h). Exit codes: 0 done (help included), 1 failed,
// 2 usage error (unknown command or flag, missing or bad argument).
#ifndef MINHBACH_CLIENTS_ADMIN_ADMIN_COMMAND_H_
#define MINHBACH_CLIENTS_ADMIN_ADMIN_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace minhbach::clients::admin {

// Runs the command `argv` (without the program name) at time `now`.
int RunAdmin(const std::vector<std::string>& argv, absl::Time now, std::ostream& out,
             std::ostream& err);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_ADMIN_COMMAND_H_
