// Bearer tokens and the identities they stand for, loaded from a token file
// that holds only SHA-256 hashes of the tokens.
//
// Token file: one token per line, '#' starts a comment:
//
//   <role> <identity> <sha256 hex of the token> [scope,scope,...]
//
//   service  payments-bridge  3a7f...e1  bank/,ext/
//   village  thon-lien-chung  91c0...7d  thon-lien-chung
//
// Thread-safe: immutable after Load.
#ifndef MINHBACH_SERVICES_AUTH_TOKEN_STORE_H_
#define MINHBACH_SERVICES_AUTH_TOKEN_STORE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "services/auth/identity.h"

namespace minhbach::services {

class TokenStore {
 public:
  // Parses a token file's text. InvalidArgument naming the line on any
  // malformed line, unknown role or repeated hash.
  static absl::StatusOr<TokenStore> Parse(absl::string_view text);
  // Reads and parses the file at `path`; NotFound when it does not exist.
  static absl::StatusOr<TokenStore> Load(const std::string& path);

  // The identity of `token`; Unauthenticated when no line holds its hash.
  absl::StatusOr<Identity> Authenticate(absl::string_view token) const;

  size_t size() const { return by_hash_.size(); }

 private:
  absl::flat_hash_map<std::string, Identity> by_hash_;  // hex SHA-256 -> identity
};

// Hex SHA-256 of a token: what a token file stores.
std::string HashToken(absl::string_view token);

// A new random token ("mbt_" and 43 base64url characters: 256 bits).
std::string NewToken();

// Plain tokens for the local quick start, one per role.
struct QuickStartTokens {
  std::string token_file;   // hashes, for the server
  std::string client_file;  // "<role> <token>" lines, for the command-line client
};

// Makes one token per role (service and admin tokens may append under
// "ext/"; the village token is thon-1's, the implementer token acts as unit
// "vhxh"), as the texts of a token file and of a client credentials file.
QuickStartTokens MakeQuickStartTokens();

// Writes `text` to `path` with mode 0600, atomically (temporary file, fsync,
// rename). Errors carry the errno's meaning.
absl::Status WritePrivateFile(const std::string& path, absl::string_view text);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_TOKEN_STORE_H_
