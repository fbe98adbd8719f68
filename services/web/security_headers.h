// The headers every response of the web server carries: a strict
// Content-Security-Policy (no inline script or style, nothing from other
// origins), no MIME sniffing, no referrer, no framing, and HSTS under TLS.
#ifndef MINHBACH_SERVICES_WEB_SECURITY_HEADERS_H_
#define MINHBACH_SERVICES_WEB_SECURITY_HEADERS_H_

#include <string>
#include <utility>
#include <vector>

namespace minhbach::services::web {

inline constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; font-src 'self'; manifest-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Name and value of each header; Strict-Transport-Security only when `tls`.
std::vector<std::pair<std::string, std::string>> SecurityHeaders(bool tls);

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_SECURITY_HEADERS_H_
