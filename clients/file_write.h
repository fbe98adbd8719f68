// Writing a file the client promises to have kept (a verified head, an
// export): all of it or nothing, and a failure is reported, never hidden.
#ifndef MINHBACH_CLIENTS_FILE_WRITE_H_
#define MINHBACH_CLIENTS_FILE_WRITE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::clients {

// Replaces the file at `path` with `contents`: written to a temporary file
// beside it, flushed to disk (fsync), renamed over `path`, and the directory
// flushed, so that a reader sees the old file or the new one, never a part.
// An error (a directory that does not exist, no permission, a full disk)
// names `path` and the reason, and leaves any old file as it was.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_FILE_WRITE_H_
