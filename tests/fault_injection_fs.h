// A RocksDB FileSystem for tests that fails file operations on demand and
// simulates a power loss, in the manner of LevelDB's and RocksDB's own
// fault-injection test environments.
//
// It remembers, for every file written through it, how many bytes were
// appended and how many of them a Sync/Fsync covered. CutPower() makes every
// later change fail (the machine is off); once the database is closed,
// DropUnsyncedData() truncates every file to its synced length, which is
// what a disk holds after power returns. Syncs are recorded, not performed:
// the page cache is only dropped by DropUnsyncedData, so the simulation is
// fast and independent of the real disk.
//
// The model is the one RocksDB's own tests use by default: file creation,
// renames and deletions are taken as durable when they return; only file
// contents can be lost. RangeSync is not a sync (sync_file_range promises
// nothing after a crash).
//
//   auto fs = std::make_shared<FaultInjectionFileSystem>();
//   std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
//   options.env = env.get();
//   ... open, append, fs->CutPower(), close, fs->DropUnsyncedData(), reopen
//
// Thread-safe.
#ifndef MINHBACH_TESTS_FAULT_INJECTION_FS_H_
#define MINHBACH_TESTS_FAULT_INJECTION_FS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace minhbach::testing {

class FaultInjectionFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  enum class Op { kWrite, kSync, kRead };

  explicit FaultInjectionFileSystem(
      std::shared_ptr<rocksdb::FileSystem> base = rocksdb::FileSystem::Default());

  static const char* kClassName() { return "MinhbachFaultInjectionFileSystem"; }
  const char* Name() const override { return kClassName(); }

  // Until cleared, every `op` on a file whose name ends with `suffix` (all
  // files when empty; kWrite fails appends, not file creation)
  // files when empty; ".log" for RocksDB's write-ahead logs) fails with
  // `error`, e.g. IOStatus::IOError("EIO") or IOStatus::NoSpace().
  void SetFault(Op op, rocksdb::IOStatus error, std::string suffix = "");
  void ClearFaults();

  // While held, every Sync/Fsync waits until released.
  void HoldSyncs();
  void ReleaseSyncs();
  // Blocks until at least `count` syncs are held.
  void AwaitHeldSyncs(int count) const;

  // The machine is off: every write, sync, file creation, rename and
  // deletion from now on fails.
  void CutPower();
  // After the database is closed: truncates every file written through this
  // file system to what was synced. Returns the bytes dropped.
  uint64_t DropUnsyncedData();

  // The file system's side of the wrapped files.
  struct FileState {
    uint64_t size = 0;    // bytes appended
    uint64_t synced = 0;  // bytes covered by a completed sync
  };
  // Errors once the power is off (file creation, renames, deletions).
  rocksdb::IOStatus PowerCheck() const;
  // Errors for appends: the power, or a write fault.
  rocksdb::IOStatus BeforeWrite(const std::string& path) const;
  rocksdb::IOStatus BeforeRead(const std::string& path) const;
  // Waits while syncs are held; the error to return, if any.
  rocksdb::IOStatus BeforeSync(const std::string& path);
  void RecordAppend(const std::shared_ptr<FileState>& file, uint64_t bytes);
  void RecordSync(const std::shared_ptr<FileState>& file, uint64_t synced_size);
  absl::Mutex* mu() const { return &mu_; }

  // rocksdb::FileSystem
  rocksdb::IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& path, const std::string& old_path,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus NewSequentialFile(const std::string& path, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSSequentialFile>* result,
                                      rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus NewRandomAccessFile(const std::string& path,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                        rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus DeleteFile(const std::string& path, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus LinkFile(const std::string& from, const std::string& to,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus Truncate(const std::string& path, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override;

 private:
  struct Fault {
    rocksdb::IOStatus error;
    std::string suffix;
  };
  rocksdb::IOStatus FaultFor(Op op, const std::string& path) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A tracked writable file at `path`, starting at `existing_size` bytes.
  std::unique_ptr<rocksdb::FSWritableFile> Track(const std::string& path,
                                                 std::unique_ptr<rocksdb::FSWritableFile> file,
                                                 uint64_t existing_size);

  mutable absl::Mutex mu_;
  std::map<Op, Fault> faults_ ABSL_GUARDED_BY(mu_);
  bool power_off_ ABSL_GUARDED_BY(mu_) = false;
  bool hold_syncs_ ABSL_GUARDED_BY(mu_) = false;
  int held_syncs_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, std::shared_ptr<FileState>> files_ ABSL_GUARDED_BY(mu_);
};

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_FAULT_INJECTION_FS_H_
