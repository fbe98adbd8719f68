#include "clients/config_file.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace minhbach::clients {

const std::vector<std::string>& ConfigKeys() {
  static const std::vector<std::string>* keys =
      new std::vector<std::string>{"server", "log",      "token",   "role",    "client_tokens",
                                   "tls_ca", "tls_cert", "tls_key", "log_key", "timeout"};
  return *keys;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseConfig(
    absl::string_view text) {
  std::vector<std::pair<std::string, std::string>> settings;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    const size_t equals = line.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("config line ", number, ": expected 'key = value'"));
    }
    std::string key(absl::StripAsciiWhitespace(line.substr(0, equals)));
    std::string value(absl::StripAsciiWhitespace(line.substr(equals + 1)));
    const std::vector<std::string>& keys = ConfigKeys();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return absl::InvalidArgumentError(absl::StrCat("config line ", number, ": unknown setting '",
                                                     key, "'; known: ", absl::StrJoin(keys, ", ")));
    }
    settings.emplace_back(std::move(key), std::move(value));
  }
  return settings;
}

}  // namespace minhbach::clients
