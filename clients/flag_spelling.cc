#include "clients/flag_spelling.h"

#include <algorithm>
#include <utility>

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
  for (int i = 0; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") flags_ended = true;
    const bool is_flag = i > 0 && !flags_ended && arg.size() > 2 && absl::StartsWith(arg, "--");
    out.push_back(is_flag ? Respelled(arg) : std::string(arg));
  }
  return out;
}

std::string FlagNameOf(absl::string_view arg) {
  if (arg.size() <= 2 || !absl::StartsWith(arg, "--")) return "";
  arg.remove_prefix(2);
  return std::string(arg.substr(0, arg.find('=')));
}

}  // namespace minhbach::clients
