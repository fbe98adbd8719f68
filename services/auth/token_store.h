// Bearer tokens and the identities they stand for, from a token file
// (services/auth/token_file.h) that holds only SHA-256 hashes of the tokens.
//
// A store loaded from a file notices when the file changes (a token issued
// or revoked with minhbach-admin) and reloads it, at most once per reload
// interval, on the authentication path: no restart needed. A file that no
// longer parses keeps the previous tokens in force and logs an error, so a
// typo never locks everyone out.
//
// Thread-safe.
#ifndef MINHBACH_SERVICES_AUTH_TOKEN_STORE_H_
#define MINHBACH_SERVICES_AUTH_TOKEN_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/identity.h"
#include "services/auth/token_file.h"

namespace minhbach::services {

class TokenStore {
 public:
  // Parses a token file's text; never reloads. InvalidArgument naming the
  // line on any malformed line, unknown role or repeated hash.
  static absl::StatusOr<TokenStore> Parse(absl::string_view text);
  // Reads and parses the file at `path`; NotFound when it does not exist.
  // Afterwards, looks at the file's inode, size and modification time at
  // most once per `reload_interval` and reloads it when they changed.
  static absl::StatusOr<TokenStore> Load(const std::string& path,
                                         absl::Duration reload_interval = absl::Seconds(1));

  TokenStore(TokenStore&&);
  TokenStore& operator=(TokenStore&&);
  ~TokenStore();

  // The identity of `token`; Unauthenticated when no line holds its hash, or
  // when its token was revoked (saying so).
  absl::StatusOr<Identity> Authenticate(absl::string_view token) const;

  // Tokens in force (revoked ones not counted).
  size_t size() const;

  // Checks the file now, whatever the interval: OK when it is unchanged or
  // was reloaded; the parse error when it changed but does not parse (the
  // previous tokens stay in force). For tests and operators' tools.
  absl::Status ReloadIfChanged() const;

 private:
  struct State;
  explicit TokenStore(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Hex SHA-256 of a token: what a token file stores.
std::string HashToken(absl::string_view token);

// A new random token ("mbt_" and 43 base64url characters: 256 bits).
std::string NewToken();

// Writes `text` to `path` with mode 0600, atomically (temporary file, fsync,
// rename). Errors carry the errno's meaning.
absl::Status WritePrivateFile(const std::string& path, absl::string_view text);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_TOKEN_STORE_H_
