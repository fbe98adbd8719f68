// The token file's lines: what the server authenticates against and what
// `minhbach-admin token issue|revoke` appends. It holds only SHA-256 hashes
// of the tokens, never a token. '#' starts a comment.
//
//   <role> <identity> <sha256 hex> [scopes] [issued=<UTC time>] [name=<person>]
//   revoked <token id> [<UTC time>]
//
//   service  payments-bridge  3a7f...e1  bank/,ext/
//   village  thon-1  91c0...7d  thon-1
//   village  thon-2  5be2...04  thon-2 issued=2026-11-30T06:40:00Z name=Nguyễn Văn A
//   revoked  5be204c1  2026-12-01T01:00:00Z
//
// The first form (no issued=, no name=) is the file of earlier versions and
// stays valid. name= takes the rest of the line (a person's name has
// spaces). A token's id is the first 8 hex digits of its hash: short enough
// to type, and never enough to act as the token.
#ifndef MINHBACH_SERVICES_AUTH_TOKEN_FILE_H_
#define MINHBACH_SERVICES_AUTH_TOKEN_FILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/auth/identity.h"

namespace minhbach::services {

struct TokenLine {
  Role role = Role::kDistrict;
  std::string identity;  // the unit, village or system the token acts for
  std::string hash;      // hex SHA-256 of the token
  // Stream prefixes (service, admin), or the units the token acts as; empty
  // in old lines: the identity then stands for the unit.
  std::vector<std::string> scopes;
  std::string issued;  // UTC time, "2026-11-30T06:40:00Z"; empty in old lines
  std::string person;  // who holds the token; empty in old lines
  bool revoked = false;
  std::string revoked_at;  // from the revocation line; may be empty
};

// Every token of a file, in file order, with its revocation applied.
// InvalidArgument "token file line N: ..." for a malformed line, an unknown
// role, a repeated hash, or a revocation of an id no line (or more than one)
// holds.
absl::StatusOr<std::vector<TokenLine>> ParseTokenFile(absl::string_view text);

// The short id `list` shows and `revoke` takes: the hash's first 8 digits.
std::string TokenId(absl::string_view hash);

// The actor of the events a token appends: "<identity>/<person>" when the
// token names its holder ("thon-2/Nguyễn Văn A"), else the identity.
std::string ActorOf(const TokenLine& token);

// The line a token is stored as (new form), and a revocation line; both end
// in '\n'.
std::string FormatTokenLine(const TokenLine& token);
std::string FormatRevocationLine(absl::string_view token_id, absl::string_view at);

// An identity or unit id must be 1 to 64 of [A-Za-z0-9._-], starting with a
// letter or digit: it is a field of the file and a part of the actor.
absl::Status CheckSafeId(absl::string_view what, absl::string_view id);
// A person's name: non-blank UTF-8, at most 128 bytes, no control characters
// and no '#' (which starts a comment in the file).
absl::Status CheckPersonName(absl::string_view name);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_TOKEN_FILE_H_
