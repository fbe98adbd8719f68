// Opening (or creating) the RocksDB database that holds a log, with the
// format checks that keep us from misreading a directory that is not ours.
#ifndef MINHBACH_STORAGE_LOG_DATABASE_H_
#define MINHBACH_STORAGE_LOG_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "storage/event_log.h"
#include "storage/format.h"

namespace minhbach::storage {

// An open RocksDB with the log's column families. Thread-safe (RocksDB is);
// the handles live as long as this object.
class LogDatabase {
 public:
  // Opens `path` per `options` (create_if_missing, read_only,
  // maintain_merkle_tree for a new log). Errors as EventLog::Open; a failed
  // open of an existing directory writes nothing to it.
  static absl::StatusOr<std::unique_ptr<LogDatabase>> Open(const std::string& path,
                                                           const LogOptions& options);
  ~LogDatabase();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(format::ColumnFamily family) const { return handles_[family]; }
  // Whether this log keeps a Merkle tree (fixed when it was created).
  bool has_merkle_tree() const { return has_merkle_tree_; }
  const std::string& path() const { return path_; }

 private:
  LogDatabase() = default;
  absl::Status CheckOrWriteMeta(const LogOptions& options);
  absl::Status InitializeMeta(const LogOptions& options);

  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  bool has_merkle_tree_ = true;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_LOG_DATABASE_H_
