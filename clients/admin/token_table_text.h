// `minhbach-admin token list`: the tokens of a token file as a table for a
// person (Vietnamese, or English) or as JSON. Never a token, never a hash:
// only the short id.
#ifndef MINHBACH_CLIENTS_ADMIN_TOKEN_TABLE_TEXT_H_
#define MINHBACH_CLIENTS_ADMIN_TOKEN_TABLE_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/auth/token_file.h"

namespace minhbach::clients::admin {

// A UTC time of the token file ("2026-11-30T20:00:00Z") in Vietnam time
// (clients/text/formats.h, FormatVietnamTime: "01/12/2026 03:00:00"); ""
// stays "".
std::string ShownTime(absl::string_view utc_time);

// Columns: id, role, unit, holder, issued, revoked; a line per token.
std::string TokenTableText(const std::vector<services::TokenLine>& tokens);

// {"tokens":[{"id","role","identity","scopes","person","issued","revoked",
// "revoked_at"}...]}, times as in the file (ISO 8601 UTC, "" when unknown).
std::string TokenTableJson(const std::vector<services::TokenLine>& tokens);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_TOKEN_TABLE_TEXT_H_
