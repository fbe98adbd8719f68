#include "services/server/listen_address.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace minhbach::services {
namespace {

// The host part of "host:port" or "[v6]:port"; empty when there is none.
std::string HostOf(absl::string_view listen) {
  if (absl::StartsWith(listen, "[")) {
    const size_t close = listen.find("]:");
    return close == absl::string_view::npos ? "" : std::string(listen.substr(1, close - 1));
  }
  const size_t colon = listen.rfind(':');
  return colon == absl::string_view::npos ? "" : std::string(listen.substr(0, colon));
}

bool IsLoopback(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const uint32_t ip = ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr);
    return (ip >> 24) == 127;
  }
  if (address->sa_family == AF_INET6) {
    const in6_addr& ip = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&ip) || (IN6_IS_ADDR_V4MAPPED(&ip) && ip.s6_addr[12] == 127);
  }
  return false;
}

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "?";
  const void* ip =
      address->sa_family == AF_INET
          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr)
          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  inet_ntop(address->sa_family, ip, text, sizeof(text));
  return text;
}

}  // namespace

absl::Status CheckLoopbackOnly(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") || absl::StartsWith(listen, "unix-abstract:")) {
    return absl::OkStatus();
  }
  const std::string host = HostOf(listen);
  if (host.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", listen, "' is not host:port (e.g. 127.0.0.1:50051 or [::1]:50051)"));
  }
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (error != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot tell whether ", listen, " is a loopback address: host '", host,
                     "' does not resolve (", gai_strerror(error),
                     "); give an address such as 127.0.0.1 or [::1], or a name in /etc/hosts"));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, &freeaddrinfo);
  for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
    if (!IsLoopback(a->ai_addr)) {
      return absl::FailedPreconditionError(absl::StrCat(listen,
                                                        " is not a loopback address: host '", host,
                                                        "' resolves to ", AddressText(a->ai_addr)));
    }
  }
  return absl::OkStatus();
}

bool IsLoopbackAddress(absl::string_view listen) { return CheckLoopbackOnly(listen).ok(); }

}  // namespace minhbach::services
