#include "services/auth/token_file.h"

#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "storage/status_macros.h"
#include "storage/utf8.h"

namespace minhbach::services {
namespace {

constexpr absl::string_view kRevoked = "revoked";
constexpr absl::string_view kNameKey = " name=";
constexpr size_t kMaxIdBytes = 64;
constexpr size_t kMaxPersonBytes = 128;

bool IsHexHash(absl::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsTime(absl::string_view text) {
  absl::Time time;
  std::string error;
  return absl::ParseTime(absl::RFC3339_full, text, &time, &error);
}

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("token file line ", line, ": ", what));
}

// "<role> <identity> <hash> [scopes] [issued=T] [name=PERSON]", comment and
// surrounding blanks already removed.
absl::StatusOr<TokenLine> ParseToken(int line_number, absl::string_view line) {
  TokenLine token;
  if (const size_t name_at = line.find(kNameKey); name_at != absl::string_view::npos) {
    token.person = std::string(absl::StripAsciiWhitespace(line.substr(name_at + kNameKey.size())));
    if (absl::Status name = CheckPersonName(token.person); !name.ok()) {
      return LineError(line_number, name.message());
    }
    line = line.substr(0, name_at);
  }
  std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
  if (fields.size() < 3) {
    return LineError(line_number,
                     "expected '<role> <identity> <sha256 hex> [scopes] [issued=T] [name=PERSON]'");
  }
  std::optional<Role> role = ParseRole(fields[0]);
  if (!role.has_value()) {
    return LineError(line_number, absl::StrCat("unknown role '", fields[0], "'"));
  }
  if (!IsHexHash(fields[2])) {
    return LineError(line_number, "the token hash must be 64 lower-case hex digits");
  }
  token.role = *role;
  token.identity = std::string(fields[1]);
  token.hash = std::string(fields[2]);
  size_t next = 3;
  if (next < fields.size() && !absl::StrContains(fields[next], '=')) {
    token.scopes = absl::StrSplit(fields[next], ',', absl::SkipEmpty());
    ++next;
  }
  for (; next < fields.size(); ++next) {
    absl::string_view field = fields[next];
    if (!absl::ConsumePrefix(&field, "issued=") || !IsTime(field) || !token.issued.empty()) {
      return LineError(line_number, absl::StrCat("unexpected '", fields[next],
                                                 "': after the scopes only issued=<UTC time> "
                                                 "and name=<person> may follow"));
    }
    token.issued = std::string(field);
  }
  return token;
}

}  // namespace

absl::StatusOr<std::vector<TokenLine>> ParseTokenFile(absl::string_view text) {
  std::vector<TokenLine> tokens;
  absl::flat_hash_map<std::string, size_t> by_hash;
  std::vector<std::pair<int, std::vector<absl::string_view>>> revocations;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    if (absl::StartsWith(line, kRevoked) && line.size() > kRevoked.size() &&
        absl::ascii_isspace(line[kRevoked.size()])) {
      std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
      if (fields.size() < 2 || fields.size() > 3 || (fields.size() == 3 && !IsTime(fields[2]))) {
        return LineError(line_number, "expected 'revoked <token id> [<UTC time>]'");
      }
      revocations.push_back({line_number, std::move(fields)});
      continue;
    }
    ASSIGN_OR_RETURN(TokenLine token, ParseToken(line_number, line));
    if (!by_hash.emplace(token.hash, tokens.size()).second) {
      return LineError(line_number, "this token hash appears twice");
    }
    tokens.push_back(std::move(token));
  }
  // Revocations may only follow their token, but are applied after the whole
  // file is read so that one id's ambiguity is seen whatever the order.
  for (const auto& [revoked_line, fields] : revocations) {
    std::vector<TokenLine*> matches;
    for (TokenLine& token : tokens) {
      if (TokenId(token.hash) == fields[1]) matches.push_back(&token);
    }
    if (matches.size() != 1) {
      return LineError(revoked_line,
                       absl::StrCat(matches.empty() ? "no token has the id '"
                                                    : "more than one token has the id '",
                                    fields[1], "'"));
    }
    if (matches[0]->revoked) continue;  // revoked twice: the first time counts
    matches[0]->revoked = true;
    if (fields.size() == 3) matches[0]->revoked_at = std::string(fields[2]);
  }
  return tokens;
}

std::string TokenId(absl::string_view hash) { return std::string(hash.substr(0, 8)); }

std::string ActorOf(const TokenLine& token) {
  if (token.person.empty()) return token.identity;
  return absl::StrCat(token.identity, "/", token.person);
}

std::string FormatTokenLine(const TokenLine& token) {
  std::string line = absl::StrCat(RoleName(token.role), " ", token.identity, " ", token.hash);
  if (!token.scopes.empty()) absl::StrAppend(&line, " ", absl::StrJoin(token.scopes, ","));
  if (!token.issued.empty()) absl::StrAppend(&line, " issued=", token.issued);
  if (!token.person.empty()) absl::StrAppend(&line, kNameKey, token.person);
  return absl::StrCat(line, "\n");
}

std::string FormatRevocationLine(absl::string_view token_id, absl::string_view at) {
  return absl::StrCat(kRevoked, " ", token_id, at.empty() ? "" : " ", at, "\n");
}

absl::Status CheckSafeId(absl::string_view what, absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " is empty"));
  bool safe = id.size() <= kMaxIdBytes && absl::ascii_isalnum(id[0]);
  for (char c : id) safe = safe && (absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-');
  if (safe) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " '", id, "' is not a safe id: use 1 to ", kMaxIdBytes,
                   " letters, digits, '.', '_' or '-', starting with a letter or digit "
                   "(for example thon-2, khuyen-nong)"));
}

absl::Status CheckPersonName(absl::string_view name) {
  if (absl::StripAsciiWhitespace(name).empty()) {
    return absl::InvalidArgumentError("the person's name is blank; give their full name");
  }
  if (name.size() > kMaxPersonBytes) {
    return absl::InvalidArgumentError(absl::StrCat("the person's name is ", name.size(),
                                                   " bytes; the limit is ", kMaxPersonBytes));
  }
  if (!storage::IsValidUtf8(name)) {
    return absl::InvalidArgumentError("the person's name is not valid UTF-8");
  }
  if (storage::FindControlCodePoint(name).has_value() || absl::StrContains(name, '#')) {
    return absl::InvalidArgumentError(
        "the person's name must not hold control characters (tab, newline...) or '#'");
  }
  return absl::OkStatus();
}

}  // namespace minhbach::services
