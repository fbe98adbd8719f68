// Listening addresses: whether one is reachable only from this host. The
// answer looks at what the name resolves to, never at how it is spelled
// ("127.0.0.1.nip.io" is a DNS name like any other).
#ifndef MINHBACH_SERVICES_SERVER_LISTEN_ADDRESS_H_
#define MINHBACH_SERVICES_SERVER_LISTEN_ADDRESS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::services {

// OK when every address the host of `listen` ("host:port", "[v6]:port", or
// gRPC's "unix:path") resolves to is a loopback address (127.0.0.0/8, ::1,
// ::ffff:127.0.0.0/104); a unix socket counts as local. Resolution uses the
// system resolver (getaddrinfo: /etc/hosts, then DNS). Errors, each saying
// what to give instead: InvalidArgument when `listen` is not host:port;
// FailedPrecondition when the host resolves to a non-loopback address (it is
// named) or does not resolve at all.
absl::Status CheckLoopbackOnly(absl::string_view listen);

// CheckLoopbackOnly(listen).ok().
bool IsLoopbackAddress(absl::string_view listen);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_LISTEN_ADDRESS_H_
