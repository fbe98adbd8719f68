#include "services/server/data_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace minhbach::services {
namespace {

namespace fs = std::filesystem;

// Everything the server (and the storage below it) writes into the data
// directory. Keep in step with server.cc, program_services.cc and
// household_vault.h.
constexpr const char* kOwnEntries[] = {"log",         "tokens",   "client-tokens",
                                       "log.key",     "log.pub",  "cosignatures",
                                       "projections", "timeline", "household-keys"};

bool IsOwnEntry(const std::string& name) {
  if (name == "lost+found") return true;  // the directory is a filesystem's root
  for (const char* own : kOwnEntries) {
    // Also a temporary file left by a crash while writing one (name.tmp...).
    if (name == own || absl::StartsWith(name, absl::StrCat(own, ".tmp"))) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<DataDirClaim> DataDirClaim::Inspect(const std::string& path) {
  DataDirClaim claim;
  claim.path_ = path;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) return claim;
  if (!fs::is_directory(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("the data directory ", path, " is not a directory; give --data_dir=DIR"));
  }
  claim.existed_ = true;
  std::vector<std::string> strangers;
  for (const fs::directory_entry& entry : fs::directory_iterator(path, error)) {
    const std::string name = entry.path().filename().string();
    claim.entries_before_.insert(name);
    if (!IsOwnEntry(name)) strangers.push_back(name);
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot list the data directory ", path, ": ", error.message()));
  }
  if (!strangers.empty()) {
    const size_t shown = std::min<size_t>(strangers.size(), 5);
    return absl::FailedPreconditionError(absl::StrCat(
        "the data directory ", path, " holds files that are not minhbach's (",
        absl::StrJoin(strangers.begin(), strangers.begin() + shown, ", "),
        strangers.size() > shown ? ", ..." : "",
        "); give --data_dir an empty or new directory, or the directory of an existing log"));
  }
  return claim;
}

absl::Status DataDirClaim::Create() {
  if (existed_) return absl::OkStatus();
  std::error_code error;
  const fs::path path(path_);
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), error);
  if (error || (mkdir(path_.c_str(), 0700) != 0 && errno != EEXIST)) {
    return absl::UnavailableError(absl::StrCat("cannot create the data directory ", path_, ": ",
                                               error ? error.message() : std::strerror(errno)));
  }
  created_ = true;
  return absl::OkStatus();
}

absl::Status DataDirClaim::Undo() const {
  std::error_code error;
  if (created_) {
    fs::remove_all(path_, error);
  } else if (existed_) {
    for (const fs::directory_entry& entry : fs::directory_iterator(path_, error)) {
      if (entries_before_.count(entry.path().filename().string()) == 0) {
        std::error_code removal;
        fs::remove_all(entry.path(), removal);
        if (removal && !error) error = removal;
      }
    }
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot remove what a failed start added to ", path_, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace minhbach::services
