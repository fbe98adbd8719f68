#include "services/rpc/log_line.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace minhbach::services {
namespace {

// Values with spaces, quotes or '=' are quoted, so every line splits cleanly.
std::string Quote(absl::string_view value) {
  if (!value.empty() && !absl::StrContains(value, ' ') && !absl::StrContains(value, '"') &&
      !absl::StrContains(value, '=') && !absl::StrContains(value, '\n')) {
    return std::string(value);
  }
  return absl::StrCat(
      "\"", absl::StrReplaceAll(value, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}}), "\"");
}

}  // namespace

void LogLine(absl::string_view level, absl::string_view message,
             std::initializer_list<std::pair<absl::string_view, std::string>> fields) {
  std::string line = absl::StrCat(
      "time=", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      " level=", level, " msg=", Quote(message));
  for (const auto& [key, value] : fields) absl::StrAppend(&line, " ", key, "=", Quote(value));
  line.push_back('\n');
  std::fputs(line.c_str(), stderr);
}

}  // namespace minhbach::services
