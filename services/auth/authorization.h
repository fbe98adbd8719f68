// Which roles may call which RPC: one table, consulted by every handler and
// checked by the authorization matrix test against a table of its own, written
// by hand (tests/authorization_matrix_test.cc). Domain services add their rows
// here and there.
#ifndef MINHBACH_SERVICES_AUTH_AUTHORIZATION_H_
#define MINHBACH_SERVICES_AUTH_AUTHORIZATION_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/auth/identity.h"

namespace minhbach::services {

struct MethodPolicy {
  absl::string_view method;  // full gRPC method name, e.g. "/minhbach.v1.EventLog/Append"
  std::vector<Role> allowed;
  // Said to a role that is refused, after who may call it. Empty: nothing.
  absl::string_view refusal_note = {};
};

// Every RPC the server serves behind authentication, with its roles.
const std::vector<MethodPolicy>& MethodPolicies();

// OK when `who` may call `method`; PermissionDenied saying who may otherwise.
// A method missing from the table is denied to everyone.
absl::Status Authorize(const Identity& who, absl::string_view method);

// OK when `who` may append to `stream` directly: the stream must start with
// one of the token's stream prefixes, and never with "program/" (only the
// command services write there). PermissionDenied otherwise.
absl::Status AuthorizeDirectAppend(const Identity& who, absl::string_view stream);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_AUTH_AUTHORIZATION_H_
