#include "tests/bench/fdatasync_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minhbach::bench {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// p50 of `writes` pwrite+fdatasync pairs; with `prewritten`, the file's
// blocks are written and synced first, so that no write grows it.
absl::StatusOr<double> SyncedWritesP50(const std::string& path, int writes, int bytes,
                                       bool prewritten) {
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot create", path);
  absl::Status failed;
  const std::string data(bytes, 'e');
  if (prewritten) {
    const std::string zeros(static_cast<size_t>(writes) * bytes, '\0');
    if (pwrite(fd, zeros.data(), zeros.size(), 0) != static_cast<ssize_t>(zeros.size()) ||
        fdatasync(fd) != 0) {
      failed = Errno("cannot preallocate", path);
    }
  }
  std::vector<double> micros;
  for (int i = 0; i < writes && failed.ok(); ++i) {
    const absl::Time start = absl::Now();
    if (pwrite(fd, data.data(), data.size(), static_cast<off_t>(i) * bytes) != bytes ||
        fdatasync(fd) != 0) {
      failed = Errno("cannot write and sync", path);
      break;
    }
    micros.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
  }
  close(fd);
  unlink(path.c_str());
  if (!failed.ok()) return failed;
  if (micros.empty()) return absl::InvalidArgumentError("no writes to measure");
  std::nth_element(micros.begin(), micros.begin() + micros.size() / 2, micros.end());
  return micros[micros.size() / 2];
}

}  // namespace

absl::StatusOr<FdatasyncCosts> MeasureFdatasync(const std::string& dir, int writes, int bytes) {
  const std::string path = dir + "/fdatasync-probe";
  FdatasyncCosts costs;
  // Alternated twice, so that both share the disk's good and bad moments.
  double appending[2], overwriting[2];
  for (int turn = 0; turn < 2; ++turn) {
    absl::StatusOr<double> grown = SyncedWritesP50(path, writes / 2, bytes, false);
    if (!grown.ok()) return grown.status();
    absl::StatusOr<double> over = SyncedWritesP50(path, writes / 2, bytes, true);
    if (!over.ok()) return over.status();
    appending[turn] = *grown;
    overwriting[turn] = *over;
  }
  costs.appending_p50_micros = (appending[0] + appending[1]) / 2;
  costs.overwriting_p50_micros = (overwriting[0] + overwriting[1]) / 2;
  return costs;
}

}  // namespace minhbach::bench
