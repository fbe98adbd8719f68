// A RocksDB database kept beside the log for what is derived from it or
// attached to it: the projections, the timeline index, the witnesses'
// cosignatures (storage/FORMAT.md, "Stores beside the log"). Opened with the
// log's options (rocks_options.h): an info log that cannot abort the server
// on a full disk, capped memory, and writes that resume by themselves once a
// failed write's cause (a full disk) is gone.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<SideStore> store,
//                    SideStore::Open(dir + "/timeline", "the timeline index", {}));
//   rocksdb::WriteBatch batch;
//   batch.Put("k", "v");
//   RETURN_IF_ERROR(store->Write(batch));
//
// Thread-safe, as RocksDB is.
#ifndef MINHBACH_STORAGE_SIDE_STORE_H_
#define MINHBACH_STORAGE_SIDE_STORE_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace minhbach::storage {

struct SideStoreOptions {
  // Where the files go; nullptr: the machine's file system. Tests pass an Env
  // that injects faults. Must outlive the store.
  rocksdb::Env* env = nullptr;
};

class SideStore {
 public:
  // Opens (creating when missing) the store in `path`. `what` names it in
  // every error message ("the timeline index").
  static absl::StatusOr<std::unique_ptr<SideStore>> Open(const std::string& path, std::string what,
                                                         const SideStoreOptions& options);
  // Deletes the store in `path`: only for derived data, rebuilt after.
  static absl::Status Destroy(const std::string& path, absl::string_view what);
  ~SideStore();

  // The value of `key`, nullopt when there is none.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const;
  // Writes `batch` atomically; with `sync`, durable before it returns. After
  // a failed write, the next one first resumes RocksDB (which refuses writes
  // until then), and fails again for as long as the cause lasts.
  absl::Status Write(rocksdb::WriteBatch& batch, bool sync = false);
  absl::Status Put(absl::string_view key, absl::string_view value, bool sync = false);

  // An ordered cursor over the keys; errors come back through status().
  class Cursor {
   public:
    void Seek(absl::string_view key);
    void SeekForPrev(absl::string_view key);
    void SeekToLast() { it_->SeekToLast(); }
    void Next() { it_->Next(); }
    void Prev() { it_->Prev(); }
    bool Valid() const { return it_->Valid(); }
    absl::string_view key() const;
    absl::string_view value() const;
    absl::Status status() const;

   private:
    friend class SideStore;
    Cursor(std::unique_ptr<rocksdb::Iterator> it, const std::string* what)
        : it_(std::move(it)), what_(what) {}
    std::unique_ptr<rocksdb::Iterator> it_;
    const std::string* what_;
  };
  Cursor NewCursor() const;

  const std::string& what() const { return what_; }

 private:
  SideStore(std::unique_ptr<rocksdb::DB> db, std::string what)
      : db_(std::move(db)), what_(std::move(what)) {}

  const std::unique_ptr<rocksdb::DB> db_;
  const std::string what_;
  absl::Mutex mu_;
  bool resume_before_write_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_SIDE_STORE_H_
