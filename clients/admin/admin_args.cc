#include "clients/admin/admin_args.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"

namespace minhbach::clients::admin {

std::string AdminArgs::Get(const std::string& flag, const std::string& fallback) const {
  auto found = flags.find(flag);
  return found == flags.end() ? fallback : found->second;
}

AdminArgs SplitArgs(const std::vector<std::string>& argv, const std::vector<std::string>& valued) {
  AdminArgs args;
  bool only_words = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (only_words || !absl::StartsWith(arg, "--")) {
      args.words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_words = true;
      continue;
    }
    const size_t equals = arg.find('=');
    std::string name = absl::StrReplaceAll(arg.substr(2, equals - 2), {{"-", "_"}});
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (std::find(valued.begin(), valued.end(), name) != valued.end() &&
               i + 1 < argv.size() && !absl::StartsWith(argv[i + 1], "--")) {
      value = argv[++i];
    }
    args.flags[name] = value;
  }
  return args;
}

std::optional<std::string> UnknownFlag(const AdminArgs& args,
                                       const std::vector<std::string>& allowed) {
  for (const auto& [name, value] : args.flags) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return name;
  }
  return std::nullopt;
}

}  // namespace minhbach::clients::admin
