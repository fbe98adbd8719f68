// The web app's files, served from one directory (the web root) as they are:
// GET / is index.html, GET /<path> a file under the root; nothing outside it,
// whatever the path says.
#ifndef MINHBACH_SERVICES_WEB_STATIC_FILES_H_
#define MINHBACH_SERVICES_WEB_STATIC_FILES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace minhbach::services::web {

struct StaticReply {
  int http_status = 200;
  std::string content_type;
  std::string body;
  std::string cache_control;  // empty: none
};

// The reply to GET `path` (already %-decoded) under `web_root`. 404 for a
// path with a "." or ".." segment, a backslash or NUL, a directory, a file
// that does not exist or a symbolic link leading outside the root. When the
// root or its index.html is missing (the web app was not built), a page in
// Vietnamese that says so and how to build it (503).
StaticReply ServeStatic(const std::string& web_root, absl::string_view path);

// The Content-Type of a file name, by extension; text/* types say
// charset=utf-8 (JSON and SVG are UTF-8 by definition, and cpp-httplib
// compresses them only under their bare type).
std::string ContentTypeOf(absl::string_view file_name);

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_STATIC_FILES_H_
