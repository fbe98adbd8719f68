#include "storage/rocks_status.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace minhbach::storage {

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsNoSpace() || absl::StrContains(status.ToString(), "No space left")) {
    return absl::ResourceExhaustedError(
        absl::StrCat(message, " (the data disk is full; free space, then retry)"));
  }
  if (status.IsCorruption()) {
    return absl::DataLossError(
        absl::StrCat(message, " (stored data is damaged; run offline verification)"));
  }
  if (absl::StrContains(status.ToString(), "lock")) {
    return absl::FailedPreconditionError(
        absl::StrCat(message, " (is another process using this data directory?)"));
  }
  if (status.IsInvalidArgument() || status.IsNotSupported()) {
    return absl::FailedPreconditionError(message);
  }
  return absl::UnavailableError(message);
}

}  // namespace minhbach::storage
