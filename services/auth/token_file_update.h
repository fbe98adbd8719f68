// Changes to a token file by more than one writer at a time (two operators
// issuing tokens at once must not lose a line): each change runs under an
// exclusive lock of the file and replaces it atomically (temporary file,
// fsync, rename; mode 0600), so the server never reads half a change.
#ifndef MINHBACH_SERVICES_AUTH_TOKEN_FILE_UPDATE_H_
#define MINHBACH_SERVICES_AUTH_TOKEN_FILE_UPDATE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/auth/token_file.h"

namespace minhbach::services {

// Locks the token file at `path`, parses it, and appends the text `lines`
// returns for its tokens (nothing written if `lines` returns "" or fails:
// then its error is returned). NotFound when the file does not exist (the server makes it on
// its first start); InvalidArgument when it does not parse (fix it first).
absl::Status AppendToTokenFile(
    const std::string& path,
    const std::function<absl::StatusOr<std::string>(const std::vector<TokenLine>&)>& lines);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_TOKEN_FILE_UPDATE_H_
