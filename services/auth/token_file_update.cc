#include "services/auth/token_file_update.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "services/auth/token_store.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  const int error = errno;
  const std::string message = absl::StrCat(what, " ", path, ": ", strerror(error));
  if (error == ENOENT) {
    return absl::NotFoundError(
        absl::StrCat(message, "; start minhbachd once (it makes the file) or give --tokens=FILE"));
  }
  if (error == EACCES || error == EPERM) return absl::PermissionDeniedError(message);
  return absl::UnavailableError(message);
}

// An open, exclusively locked descriptor of the file `path` names now. A
// writer replaces the file by rename, so a lock won on the replaced file is
// given up and taken again on the new one.
class LockedFile {
 public:
  ~LockedFile() {
    if (fd_ >= 0) close(fd_);
  }
  absl::Status Lock(const std::string& path) {
    for (;;) {
      fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) return ErrnoError("cannot open the token file", path);
      while (flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) return ErrnoError("cannot lock the token file", path);
      }
      struct stat locked, named;
      if (fstat(fd_, &locked) != 0) return ErrnoError("cannot stat the token file", path);
      if (stat(path.c_str(), &named) == 0 && named.st_dev == locked.st_dev &&
          named.st_ino == locked.st_ino) {
        return absl::OkStatus();
      }
      close(fd_);  // replaced meanwhile: lock the new file
      fd_ = -1;
    }
  }
  absl::StatusOr<std::string> ReadAll(const std::string& path) const {
    std::string text;
    char buffer[1 << 16];
    for (;;) {
      const ssize_t got = read(fd_, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return ErrnoError("cannot read the token file", path);
      if (got == 0) return text;
      text.append(buffer, got);
    }
  }

 private:
  int fd_ = -1;
};

}  // namespace

absl::Status AppendToTokenFile(
    const std::string& path,
    const std::function<absl::StatusOr<std::string>(const std::vector<TokenLine>&)>& lines) {
  LockedFile file;
  RETURN_IF_ERROR(file.Lock(path));
  ASSIGN_OR_RETURN(std::string text, file.ReadAll(path));
  absl::StatusOr<std::vector<TokenLine>> tokens = ParseTokenFile(text);
  if (!tokens.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", tokens.status().message(),
                                                   "; fix that line before changing the file"));
  }
  ASSIGN_OR_RETURN(const std::string added, lines(*tokens));
  if (added.empty()) return absl::OkStatus();  // nothing to change
  if (!text.empty() && text.back() != '\n') text += '\n';
  return WritePrivateFile(path, text + added);  // the lock is released after the rename
}

}  // namespace minhbach::services
