// The one place where RocksDB statuses become absl::Status.
#ifndef MINHBACH_STORAGE_ROCKS_STATUS_H_
#define MINHBACH_STORAGE_ROCKS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace minhbach::storage {

// Maps `status` to an absl::Status whose message starts with `context`:
// NotFound -> NotFound, a full disk -> ResourceExhausted, corruption ->
// DataLoss, a held lock -> FailedPrecondition, other I/O -> Unavailable.
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view context);

// A RocksDB slice over `bytes` (which must outlive it).
inline rocksdb::Slice AsSlice(absl::string_view bytes) {
  return rocksdb::Slice(bytes.data(), bytes.size());
}

// The bytes of a RocksDB slice, as an Abseil string view (Debian's Abseil
// does not alias std::string_view).
inline absl::string_view AsView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_ROCKS_STATUS_H_
