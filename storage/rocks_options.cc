#include "storage/rocks_options.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/listener.h"
#include "rocksdb/table.h"
#include "rocksdb/write_buffer_manager.h"

namespace minhbach::storage {
namespace {

// RocksDB's own info log (the LOG file) ignores a failed write and writes
// again, which trips an assertion in librocksdb builds that keep assertions,
// as Debian's does: a full disk would abort the server. This one writes each
// line with one write(2) and drops the lines it cannot write.
class InfoLog final : public rocksdb::Logger {
 public:
  // Opens <directory>/LOG after moving an existing one aside as RocksDB does
  // (LOG.old.<micros>), so that keep_log_file_num still prunes old ones.
  explicit InfoLog(const std::string& directory) {
    const std::string path = directory + "/LOG";
    const std::string old = absl::StrCat(path, ".old.", absl::ToUnixMicros(absl::Now()));
    std::rename(path.c_str(), old.c_str());  // fails when there is none yet: fine
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
  ~InfoLog() override {
    if (fd_ >= 0) close(fd_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    std::string message(512, '\0');
    va_list again;
    va_copy(again, ap);
    const int length = std::vsnprintf(message.data(), message.size(), format, ap);
    if (length >= 0 && static_cast<size_t>(length) >= message.size()) {
      message.resize(static_cast<size_t>(length) + 1);
      std::vsnprintf(message.data(), message.size(), format, again);
    }
    va_end(again);
    if (length < 0) return;
    message.resize(static_cast<size_t>(length));
    if (message.empty() || message.back() != '\n') message.push_back('\n');
    const std::string line = absl::StrCat(
        absl::FormatTime("%Y/%m/%d-%H:%M:%E6S ", absl::Now(), absl::LocalTimeZone()), message);
    if (write(fd_, line.data(), line.size()) < 0) {
      // A full or failing disk: this line is lost, and nothing else.
    }
  }

 private:
  int fd_ = -1;
};

// For read-only opens (offline verification, backups being checked, tools
// beside a running server): writes nothing into a directory it only reads.
class DiscardLog final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

// An error that stops writes (a full disk, say) leaves RocksDB stopped until
// it recovers. Its own recovery waits for room for a whole memtable (64 MiB)
// and meanwhile refuses DB::Resume, so appends would stay refused on a disk
// with less than that freed. The sequencer resumes instead, before its next
// write (sequencer.cc). Softer errors keep RocksDB's own recovery: writes go
// on through them, so the sequencer would never notice.
class ResumeByHand final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status bg_error,
                            bool* auto_recovery) override {
    if (bg_error.severity() >= rocksdb::Status::Severity::kHardError) *auto_recovery = false;
  }
};

// The process's shared budgets, once ShareRocksMemory is called.
struct SharedMemory {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> memtables;
};

absl::Mutex shared_mutex(absl::kConstInit);
SharedMemory* shared_memory ABSL_GUARDED_BY(shared_mutex) = nullptr;

std::optional<SharedMemory> Shared() {
  absl::MutexLock lock(&shared_mutex);
  if (shared_memory == nullptr) return std::nullopt;
  return *shared_memory;
}

}  // namespace

void ShareRocksMemory(size_t block_cache_bytes, size_t memtable_bytes) {
  absl::MutexLock lock(&shared_mutex);
  if (shared_memory != nullptr) return;
  shared_memory = new SharedMemory{rocksdb::NewLRUCache(block_cache_bytes),
                                   std::make_shared<rocksdb::WriteBufferManager>(memtable_bytes)};
}

size_t SharedMemtableBytes() {
  std::optional<SharedMemory> shared = Shared();
  return shared ? shared->memtables->memory_usage() : 0;
}

std::shared_ptr<rocksdb::Cache> BlockCache(const RocksMemory& memory) {
  std::optional<SharedMemory> shared = Shared();
  return shared ? shared->cache : rocksdb::NewLRUCache(memory.block_cache_bytes);
}

rocksdb::ColumnFamilyOptions ColumnFamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                                 const RocksMemory& memory) {
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = cache;
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kNoCompression;
  if (Shared()) options.write_buffer_size = memory.shared_memtable_bytes;
  return options;
}

rocksdb::DBOptions DatabaseOptions(const std::string& path, bool create, bool read_only,
                                   rocksdb::Env* env, const RocksMemory& memory) {
  rocksdb::DBOptions options;
  if (env != nullptr) options.env = env;
  options.info_log = read_only ? std::shared_ptr<rocksdb::Logger>(std::make_shared<DiscardLog>())
                               : std::make_shared<InfoLog>(path);
  options.listeners.push_back(std::make_shared<ResumeByHand>());
  options.create_if_missing = create;
  options.create_missing_column_families = create;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 5;
  options.bytes_per_sync = 1 << 20;
  if (std::optional<SharedMemory> shared = Shared()) {
    options.write_buffer_manager = shared->memtables;
  } else {
    options.db_write_buffer_size = memory.memtable_bytes;
  }
  return options;
}

}  // namespace minhbach::storage
