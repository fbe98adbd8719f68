// minhbach-admin's token commands, on the server's token file
// (services/token_file.h): issue, list, revoke. Each writes what it did to
// `out`, its errors to `err`, and returns the exit code: 0 done, 1 the file
// could not be read or changed (or no such token), 2 a usage error.
#ifndef MINHBACH_CLIENTS_ADMIN_TOKEN_COMMANDS_H_
#define MINHBACH_CLIENTS_ADMIN_TOKEN_COMMANDS_H_

#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "clients/admin/admin_args.h"

namespace minhbach::clients::admin {

struct TokenCommandContext {
  std::string token_file;  // --tokens, or <--data_dir>/tokens
  absl::Time now;          // the issue or revocation time recorded in the file
};

// --role, --identity, --name (and --streams for service and admin tokens).
int IssueToken(const AdminArgs& args, const TokenCommandContext& context, std::ostream& out,
               std::ostream& err);
// --json for JSON.
int ListTokens(const AdminArgs& args, const TokenCommandContext& context, std::ostream& out,
               std::ostream& err);
// The token id is args.words[2] ("token revoke ID").
int RevokeToken(const AdminArgs& args, const TokenCommandContext& context, std::ostream& out,
                std::ostream& err);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_TOKEN_COMMANDS_H_
