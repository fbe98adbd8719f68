#include "clients/terminal_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "storage/utf8.h"

namespace minhbach::clients {

std::string TerminalSafe(absl::string_view text) {
  std::string safe;
  safe.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    uint32_t code_point = 0;
    if (!storage::DecodeCodePoint(text, &i, &code_point)) {
      absl::StrAppend(&safe, absl::StrFormat("\\x%02x", static_cast<uint8_t>(text[start])));
    } else if (!storage::IsControlCodePoint(code_point)) {
      absl::StrAppend(&safe, text.substr(start, i - start));
    } else if (code_point <= 0x7f) {
      absl::StrAppend(&safe, absl::StrFormat("\\x%02x", code_point));
    } else {
      absl::StrAppend(&safe, absl::StrFormat("\\u%04x", code_point));
    }
  }
  return safe;
}

std::string TerminalSafeLines(absl::string_view text) {
  return absl::StrJoin(
      absl::StrSplit(text, '\n'), "\n",
      [](std::string* out, absl::string_view line) { absl::StrAppend(out, TerminalSafe(line)); });
}

}  // namespace minhbach::clients
