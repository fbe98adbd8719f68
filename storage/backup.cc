#include "storage/backup.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "storage/log_verifier.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

namespace fs = std::filesystem;

// Opens a finished backup (or restored copy) read-only and verifies it fully.
absl::StatusOr<BackupInfo> VerifiedInfo(const std::string& path) {
  ASSIGN_OR_RETURN(VerifyReport report, VerifyLogDirectory(path, {}));
  if (!report.ok) {
    return absl::DataLossError(absl::StrCat(path, " does not verify: ", report.problem));
  }
  return BackupInfo{path, report.verified, report.root};
}

}  // namespace

absl::Status CheckOutsideOf(const std::string& path, const std::string& dir,
                            absl::string_view what) {
  std::error_code error;
  fs::path resolved_dir = fs::weakly_canonical(fs::absolute(dir, error), error);
  if (!resolved_dir.has_filename()) resolved_dir = resolved_dir.parent_path();  // a trailing '/'
  // Resolved as the system would, and with ".." taken away first: either
  // inside is refused.
  const fs::path absolute = fs::absolute(path, error);
  for (const fs::path& candidate : {absolute, absolute.lexically_normal()}) {
    fs::path resolved = fs::weakly_canonical(candidate, error);
    if (error) break;
    if (!resolved.has_filename()) resolved = resolved.parent_path();
    // Inside: every component of the directory is a leading component of the path.
    auto [dir_end, path_end] =
        std::mismatch(resolved_dir.begin(), resolved_dir.end(), resolved.begin(), resolved.end());
    if (dir_end == resolved_dir.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " is inside ", what, " (", resolved_dir.string(),
                       "); put the backup in another directory, ideally on another disk"));
    }
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot resolve ", path, " or ", dir, ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<BackupInfo> BackupLog(const EventLog& log, const std::string& destination) {
  std::error_code error;
  if (fs::exists(destination, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("backup destination ", destination, " already exists; name a new one"));
  }
  RETURN_IF_ERROR(log.Checkpoint(destination));
  absl::StatusOr<BackupInfo> info = VerifiedInfo(destination);
  if (!info.ok()) fs::remove_all(destination, error);
  return info;
}

absl::StatusOr<BackupInfo> RestoreBackup(const std::string& backup, const std::string& target) {
  std::error_code error;
  if (fs::exists(target, error) &&
      !(fs::is_directory(target, error) && fs::is_empty(target, error))) {
    return absl::FailedPreconditionError(
        absl::StrCat("refusing to restore over ", target,
                     ": it exists and is not empty; stop the server and move it aside first"));
  }
  ASSIGN_OR_RETURN(BackupInfo source, VerifiedInfo(backup));
  const std::string staging = absl::StrCat(target, ".restoring");
  fs::remove_all(staging, error);
  fs::copy(backup, staging, fs::copy_options::recursive, error);
  if (!error) {
    fs::remove(target, error);  // the empty directory, if any
    error.clear();
    fs::rename(staging, target, error);
  }
  if (error) {
    fs::remove_all(staging, error);
    return absl::UnavailableError(
        absl::StrCat("cannot copy ", backup, " to ", target, ": ", error.message()));
  }
  ASSIGN_OR_RETURN(BackupInfo restored, VerifiedInfo(target));
  if (restored.events != source.events || restored.root != source.root) {
    return absl::DataLossError(
        absl::StrCat("the restored copy at ", target, " differs from the backup; do not use it"));
  }
  return restored;
}

}  // namespace minhbach::storage
