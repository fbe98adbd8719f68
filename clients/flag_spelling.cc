#include "clients/flag_spelling.h"

#include <algorithm>
#include <utility>

#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace minhbach::clients {
namespace {

// Short names from the guide, and the flag each one stands for.
constexpr std::pair<absl::string_view, absl::string_view> kAliases[] = {
    {"as_of", "as_of_date"},
};

std::string Respelled(absl::string_view arg) {
  const size_t equals = arg.find('=');
  std::string name(arg.substr(2, equals == absl::string_view::npos ? arg.npos : equals - 2));
  std::replace(name.begin(), name.end(), '-', '_');
  for (const auto& [alias, flag] : kAliases) {
    if (name == alias) name = std::string(flag);
  }
  return absl::StrCat("--", name, equals == absl::string_view::npos ? "" : arg.substr(equals));
}

}  // namespace

std::vector<std::string> WithFlagNamesSpelledForAbseil(int argc, char** argv) {
  std::vector<std::string> out;
  bool flags_ended = false;
  bool next_is_value = false;  // the argument after "--reason" is its value
  for (int i = 0; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    const bool is_flag =
        i > 0 && !flags_ended && !next_is_value && arg.size() > 2 && absl::StartsWith(arg, "--");
    if (arg == "--" && !next_is_value) flags_ended = true;
    next_is_value = false;
    if (!is_flag) {
      out.emplace_back(arg);
      continue;
    }
    out.push_back(Respelled(arg));
    if (arg.find('=') == absl::string_view::npos) {
      const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(FlagNameOf(out.back()));
      next_is_value = flag != nullptr && !flag->IsOfType<bool>();
    }
  }
  return out;
}

std::string FlagNameOf(absl::string_view arg) {
  if (arg.size() <= 2 || !absl::StartsWith(arg, "--")) return "";
  arg.remove_prefix(2);
  return std::string(arg.substr(0, arg.find('=')));
}

}  // namespace minhbach::clients
