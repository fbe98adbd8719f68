#include "clients/tiles_source.h"

#include <httplib.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace minhbach::clients {
namespace {

constexpr size_t kMaxFileBytes = 64 << 20;  // a full bundle of the largest entries is 16 MiB

storage::tiles::Fetch DirectorySource(std::string dir) {
  return [dir = std::move(dir)](const std::string& path) -> absl::StatusOr<std::string> {
    const std::string file = absl::StrCat(dir, "/", path);
    std::ifstream in(file, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("no file ", file));
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", file));
    return bytes.str();
  };
}

storage::tiles::Fetch HttpSource(const std::string& url) {
  // "http://host:port/prefix" -> the client for "http://host:port", the prefix.
  const size_t scheme_end = url.find("://") + 3;
  const size_t path_start = url.find('/', scheme_end);
  const std::string origin = url.substr(0, path_start);
  std::string prefix = path_start == std::string::npos ? "" : url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  auto client = std::make_shared<httplib::Client>(origin);
  client->set_connection_timeout(10);
  client->set_read_timeout(30);
  client->set_follow_location(true);
  return [client, origin, prefix](const std::string& path) -> absl::StatusOr<std::string> {
    const std::string target = absl::StrCat(prefix, "/", path);
    std::string body;
    bool too_large = false;
    httplib::Result result = client->Get(target, [&](const char* data, size_t length) {
      if (body.size() + length > kMaxFileBytes) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large) {
      return absl::DataLossError(
          absl::StrCat(origin, target, " is larger than any tile or bundle can be"));
    }
    if (!result) {
      return absl::UnavailableError(
          absl::StrCat("cannot fetch ", origin, target, ": ", httplib::to_string(result.error())));
    }
    if (result->status == 404) return absl::NotFoundError(absl::StrCat("no file ", origin, target));
    if (result->status != 200) {
      return absl::UnavailableError(
          absl::StrCat(origin, target, " answered HTTP ", result->status));
    }
    return body;
  };
}

}  // namespace

storage::tiles::Fetch TilesSource(const std::string& source) {
  if (absl::StartsWith(source, "http://") || absl::StartsWith(source, "https://")) {
    return HttpSource(source);
  }
  return DirectorySource(source);
}

}  // namespace minhbach::clients
