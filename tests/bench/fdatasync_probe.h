// What one small durable write costs the disk under --dir, two ways: written
// at the end of a file that grows (as RocksDB's write-ahead log is), and
// written over a file's existing blocks (as PostgreSQL's preallocated WAL
// segments are). On ext4 the growing file's fdatasync also writes its inode
// (its size changed); the overwrite's writes data only.
#ifndef MINHBACH_TESTS_BENCH_FDATASYNC_PROBE_H_
#define MINHBACH_TESTS_BENCH_FDATASYNC_PROBE_H_

#include <string>

#include "absl/status/statusor.h"

namespace minhbach::bench {

struct FdatasyncCosts {
  double appending_p50_micros = 0;
  double overwriting_p50_micros = 0;
};

// `writes` writes of `bytes` each, each followed by fdatasync, in a scratch
// file in `dir` (removed after).
absl::StatusOr<FdatasyncCosts> MeasureFdatasync(const std::string& dir, int writes, int bytes);

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_FDATASYNC_PROBE_H_
