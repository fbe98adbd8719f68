#include "clients/admin/token_table_text.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "clients/terminal_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"

namespace minhbach::clients::admin {
namespace {

using services::TokenLine;

// Characters on the screen: UTF-8 code points (no combining marks are
// written by the admin tool; precomposed Vietnamese letters are one each).
size_t Width(absl::string_view text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string Padded(absl::string_view text, size_t width) {
  return absl::StrCat(text, std::string(width - std::min(width, Width(text)), ' '));
}

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      absl::StrAppend(&out, "\\", std::string(1, c));
    } else if (c < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", c));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string ShownTime(absl::string_view utc_time) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, utc_time, &time, &error)) {
    return std::string(utc_time);
  }
  return FormatVietnamTime(time);
}

std::string TokenTableText(const std::vector<TokenLine>& tokens) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", Say("VAI TRÒ", "ROLE"), Say("ĐƠN VỊ", "UNIT"), Say("NGƯỜI GIỮ", "HOLDER"),
       Say("NGÀY CẤP", "ISSUED"), Say("THU HỒI", "REVOKED")}};
  for (const TokenLine& token : tokens) {
    std::string revoked = Say("còn hiệu lực", "in force");
    if (token.revoked) {
      revoked = token.revoked_at.empty()
                    ? Say("đã thu hồi", "revoked")
                    : absl::StrCat(Say("đã thu hồi ", "revoked "), ShownTime(token.revoked_at));
    }
    rows.push_back({services::TokenId(token.hash), std::string(services::RoleName(token.role)),
                    TerminalSafe(token.identity),
                    token.person.empty() ? "-" : TerminalSafe(token.person),
                    token.issued.empty() ? "-" : ShownTime(token.issued), revoked});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&line, i + 1 < row.size() ? Padded(row[i], widths[i] + 2) : row[i]);
    }
    absl::StrAppend(&out, line, "\n");
  }
  const size_t in_force =
      std::count_if(tokens.begin(), tokens.end(), [](const TokenLine& t) { return !t.revoked; });
  absl::StrAppend(&out, Say(absl::StrCat(tokens.size(), " token, ", in_force, " còn hiệu lực\n"),
                            absl::StrCat(tokens.size(), " tokens, ", in_force, " in force\n")));
  return out;
}

std::string TokenTableJson(const std::vector<TokenLine>& tokens) {
  std::string out = "{\"tokens\":[";
  for (size_t i = 0; i < tokens.size(); ++i) {
    const TokenLine& t = tokens[i];
    std::string scopes;
    for (size_t j = 0; j < t.scopes.size(); ++j) {
      absl::StrAppend(&scopes, j > 0 ? "," : "", JsonString(t.scopes[j]));
    }
    absl::StrAppend(&out, i > 0 ? "," : "", "{\"id\":", JsonString(services::TokenId(t.hash)),
                    ",\"role\":", JsonString(services::RoleName(t.role)),
                    ",\"identity\":", JsonString(t.identity), ",\"scopes\":[", scopes,
                    "],\"person\":", JsonString(t.person), ",\"issued\":", JsonString(t.issued),
                    ",\"revoked\":", t.revoked ? "true" : "false",
                    ",\"revoked_at\":", JsonString(t.revoked_at), "}");
  }
  return out + "]}\n";
}

}  // namespace minhbach::clients::admin
