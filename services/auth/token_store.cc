#include "services/auth/token_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

bool IsHexHash(absl::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("token file line ", line, ": ", what));
}

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  const int error = errno;
  const std::string message = absl::StrCat(what, " ", path, ": ", strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES || error == EPERM) return absl::PermissionDeniedError(message);
  return absl::UnavailableError(message);
}

}  // namespace

std::string HashToken(absl::string_view token) {
  unsigned char digest[32];
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

std::string NewToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // no entropy: nothing safe to do
  return absl::StrCat(
      "mbt_", absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<char*>(bytes), 32)));
}

absl::StatusOr<TokenStore> TokenStore::Parse(absl::string_view text) {
  TokenStore store;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (fields.size() < 3 || fields.size() > 4) {
      return LineError(line_number, "expected '<role> <identity> <sha256 hex> [scopes]'");
    }
    std::optional<Role> role = ParseRole(fields[0]);
    if (!role.has_value()) {
      return LineError(line_number, absl::StrCat("unknown role '", fields[0], "'"));
    }
    if (!IsHexHash(fields[2])) {
      return LineError(line_number, "the token hash must be 64 lower-case hex digits");
    }
    Identity identity{std::string(fields[1]), *role, {}};
    if (fields.size() == 4) {
      identity.scopes = absl::StrSplit(fields[3], ',', absl::SkipEmpty());
    }
    if (!store.by_hash_.emplace(std::string(fields[2]), std::move(identity)).second) {
      return LineError(line_number, "this token hash appears twice");
    }
  }
  return store;
}

absl::StatusOr<TokenStore> TokenStore::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return ErrnoError("cannot read the token file", path);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<TokenStore> store = Parse(text.str());
  if (!store.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", store.status().message()));
  }
  return store;
}

absl::StatusOr<Identity> TokenStore::Authenticate(absl::string_view token) const {
  auto found = by_hash_.find(HashToken(token));
  if (found == by_hash_.end()) {
    return absl::UnauthenticatedError("unknown token; ask the operator for a valid one");
  }
  return found->second;
}

QuickStartTokens MakeQuickStartTokens() {
  QuickStartTokens tokens;
  tokens.token_file =
      "# minhbach token file: <role> <identity> <sha256 hex of token> [scopes]\n"
      "# Made for the local quick start; replace it for production.\n";
  tokens.client_file = "# minhbach client tokens for the local quick start: <role> <token>\n";
  for (Role role : kAllRoles) {
    const std::string token = NewToken();
    const std::string name = absl::StrCat("local-", RoleName(role));
    std::string scope;
    if (role == Role::kService || role == Role::kAdmin) scope = " ext/";
    if (role == Role::kVillage) scope = " thon-1";
    if (role == Role::kImplementer) scope = " vhxh";  // the VH-XH civil servant's unit
    absl::StrAppend(&tokens.token_file, RoleName(role), " ", name, " ", HashToken(token), scope,
                    "\n");
    absl::StrAppend(&tokens.client_file, RoleName(role), " ", token, "\n");
  }
  return tokens;
}

absl::Status WritePrivateFile(const std::string& path, absl::string_view text) {
  const std::string temporary = absl::StrCat(path, ".tmp");
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return ErrnoError("cannot create", temporary);
  const bool written =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  if (!written || rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status error = ErrnoError("cannot write", path);
    unlink(temporary.c_str());
    return error;
  }
  return absl::OkStatus();
}

}  // namespace minhbach::services
