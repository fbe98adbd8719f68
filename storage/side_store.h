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
#include "rocksdb/slice_transform.h"
#include "rocksdb/write_batch.h"

namespace minhbach::storage {

struct SideStoreOptions {
  // Where the files go; nullptr: the machine's file system. Tests pass an Env
  // that injects faults. Must outlive the store.
  rocksdb::Env* env = nullptr;
  // What part of a key a bloom filter of prefixes is kept for, in each table
  // file and in the memtable, so that a cursor over one prefix (NewCursor)
  // skips what holds none of it; nullptr: whole keys only. A store keeps
  // the same one from open to open (RocksDB ignores the filters of files
  // written with another). The memtable also keeps an insert hint per
  // prefix: writes whose keys follow the last ones of their prefix are cheap.
  std::shared_ptr<const rocksdb::SliceTransform> prefix_extractor;
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
  // With a `prefix`, over the keys that start with it only: RocksDB then
  // skips the blocks and table files that hold none of them rather than
  // reading on to find where they end, and, in a store with a
  // prefix_extractor, the table files whose filter says they hold no key of
  // the prefix extracted from `prefix` (which must be at least that long).
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
    // On the heap: the iterator keeps a pointer to the slice.
    struct Bound {
      std::string key;
      rocksdb::Slice slice;
    };
    Cursor(std::unique_ptr<Bound> bound, std::unique_ptr<rocksdb::Iterator> it,
           const std::string* what)
        : bound_(std::move(bound)), it_(std::move(it)), what_(what) {}
    std::unique_ptr<Bound> bound_;  // declared before it_: outlives it
    std::unique_ptr<rocksdb::Iterator> it_;
    const std::string* what_;
  };
  Cursor NewCursor(absl::string_view prefix = {}) const;

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
