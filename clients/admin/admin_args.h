// The command line of minhbach-admin: words (command, subcommand, operands)
// and --flags, each flag checked against those the command takes.
#ifndef MINHBACH_CLIENTS_ADMIN_ADMIN_ARGS_H_
#define MINHBACH_CLIENTS_ADMIN_ADMIN_ARGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace minhbach::clients::admin {

struct AdminArgs {
  std::vector<std::string> words;            // "token", "issue", ...
  std::map<std::string, std::string> flags;  // name (with '_', not '-') -> value ("" if none)

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string Get(const std::string& flag, const std::string& fallback = "") const;
};

// Splits argv[1..]: "--name=value" and "--name value" (for flags that take a
// value, `valued`), "--name" alone; "--some-flag" is "--some_flag". Words
// are everything else; after a bare "--", everything is a word.
AdminArgs SplitArgs(const std::vector<std::string>& argv, const std::vector<std::string>& valued);

// The first flag of `args` not in `allowed`, if any.
std::optional<std::string> UnknownFlag(const AdminArgs& args,
                                       const std::vector<std::string>& allowed);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_ADMIN_ARGS_H_
