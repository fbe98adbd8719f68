#include "clients/file_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace minhbach::clients {
namespace {

absl::Status Failed(const std::string& path, absl::string_view step) {
  return absl::UnavailableError(
      absl::StrCat("cannot ", step, " ", path, ": ", std::strerror(errno)));
}

// The directory holding `path` ("." for a bare name).
std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  const std::string temporary = absl::StrCat(path, ".tmp.", getpid());
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Failed(path, "create");
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status failed = Failed(path, "write");
      close(fd);
      unlink(temporary.c_str());
      return failed;
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    absl::Status failed = Failed(path, "flush to disk");
    close(fd);
    unlink(temporary.c_str());
    return failed;
  }
  if (close(fd) != 0) {
    absl::Status failed = Failed(path, "close");
    unlink(temporary.c_str());
    return failed;
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status failed = Failed(path, "put in place");
    unlink(temporary.c_str());
    return failed;
  }
  const int dir = open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Failed(path, "open the directory of");
  const bool synced = fsync(dir) == 0;
  absl::Status failed = synced ? absl::OkStatus() : Failed(path, "flush the directory of");
  close(dir);
  return failed;
}

}  // namespace minhbach::clients
