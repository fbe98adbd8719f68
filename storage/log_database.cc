#include "storage/log_database.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rocksdb/env.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/listener.h"
#include "rocksdb/table.h"
#include "storage/rocks_status.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

namespace fs = std::filesystem;

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
class ResumeFromTheSequencer final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status bg_error,
                            bool* auto_recovery) override {
    if (bg_error.severity() >= rocksdb::Status::Severity::kHardError) *auto_recovery = false;
  }
};

// Memory a log may hold, whatever its size: one block cache shared by all
// column families, and one cap on all memtables together.
constexpr size_t kBlockCacheBytes = 64 << 20;
constexpr size_t kMemtableBytes = 64 << 20;

rocksdb::ColumnFamilyOptions ColumnFamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = cache;
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kNoCompression;
  return options;
}

rocksdb::DBOptions DatabaseOptions(const std::string& path, bool create, bool read_only,
                                   rocksdb::Env* env) {
  rocksdb::DBOptions options;
  if (env != nullptr) options.env = env;
  options.info_log = read_only ? std::shared_ptr<rocksdb::Logger>(std::make_shared<DiscardLog>())
                               : std::make_shared<InfoLog>(path);
  options.listeners.push_back(std::make_shared<ResumeFromTheSequencer>());
  options.create_if_missing = create;
  options.create_missing_column_families = create;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 5;
  options.bytes_per_sync = 1 << 20;
  options.db_write_buffer_size = kMemtableBytes;
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  const std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : format::kColumnFamilyNames) {
    descriptors.emplace_back(name, ColumnFamilyOptions(cache));
  }
  return descriptors;
}

// "missing" (no directory or an empty one), "rocksdb" (has CURRENT) or "other".
enum class DirectoryKind { kMissing, kRocksDb, kOther };

absl::StatusOr<DirectoryKind> InspectDirectory(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return DirectoryKind::kMissing;
  if (!fs::is_directory(path, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a directory; give a log directory or a new path"));
  }
  if (fs::is_empty(path, error)) return DirectoryKind::kMissing;
  if (fs::exists(fs::path(path) / "CURRENT", error)) return DirectoryKind::kRocksDb;
  return DirectoryKind::kOther;
}

absl::Status NotALog(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(
      path, " is not a minhbach log (", why,
      "); give the directory of an existing log, or a new or empty one to create a log"));
}

// Checks that the column families on disk are exactly the log's.
absl::Status CheckColumnFamilies(const std::string& path) {
  std::vector<std::string> names;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names),
                            absl::StrCat("listing column families of ", path)));
  for (const char* expected : format::kColumnFamilyNames) {
    if (std::find(names.begin(), names.end(), expected) == names.end()) {
      return NotALog(path, absl::StrCat("it has column families ", absl::StrJoin(names, ", "),
                                        " but no '", expected, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<LogDatabase>> LogDatabase::Open(const std::string& path,
                                                               const LogOptions& options) {
  ASSIGN_OR_RETURN(DirectoryKind kind, InspectDirectory(path));
  if (kind == DirectoryKind::kOther) return NotALog(path, "it holds no RocksDB database");
  const bool create = kind == DirectoryKind::kMissing;
  if (create && (!options.create_if_missing || options.read_only)) {
    return absl::NotFoundError(absl::StrCat("no log at ", path));
  }
  if (!create) RETURN_IF_ERROR(CheckColumnFamilies(path));
  if (create) {
    std::error_code error;
    fs::create_directories(path, error);
    if (error) {
      return absl::UnavailableError(absl::StrCat("cannot create ", path, ": ", error.message()));
    }
  }

  std::unique_ptr<LogDatabase> log(new LogDatabase());
  log->path_ = path;
  rocksdb::DB* db = nullptr;
  const rocksdb::Status opened =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(DatabaseOptions(path, false, true, options.env), path,
                                         Descriptors(), &log->handles_, &db)
          : rocksdb::DB::Open(DatabaseOptions(path, create, false, options.env), path,
                              Descriptors(), &log->handles_, &db);
  RETURN_IF_ERROR(FromRocks(opened, absl::StrCat("opening ", path)));
  log->db_.reset(db);
  RETURN_IF_ERROR(log->CheckOrWriteMeta(options));
  return log;
}

absl::Status LogDatabase::CheckOrWriteMeta(const LogOptions& options) {
  std::string version_text;
  rocksdb::Status got = db_->Get(rocksdb::ReadOptions(), cf(format::kMetaCf),
                                 AsSlice(format::kFormatVersionKey), &version_text);
  if (got.IsNotFound()) return InitializeMeta(options);
  RETURN_IF_ERROR(FromRocks(got, "reading the format version"));
  uint64_t version = 0;
  if (!absl::SimpleAtoi(version_text, &version)) {
    return NotALog(path_, absl::StrCat("format version '", version_text, "' is not a number"));
  }
  if (version > format::kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path_, " was written by a newer minhbach (format version ", version,
        "; this build reads up to ", format::kFormatVersion, "); run a newer minhbach"));
  }
  std::string tree;
  RETURN_IF_ERROR(FromRocks(
      db_->Get(rocksdb::ReadOptions(), cf(format::kMetaCf), AsSlice(format::kMerkleTreeKey), &tree),
      "reading the tree setting"));
  has_merkle_tree_ = tree == "on";
  return absl::OkStatus();
}

// A log whose meta was never written is either brand new or was interrupted
// while being created; either way it must hold no events to be taken as ours.
absl::Status LogDatabase::InitializeMeta(const LogOptions& options) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(format::kEventsCf)));
  it->SeekToFirst();
  if (it->Valid()) return NotALog(path_, "it holds events but no format version");
  if (options.read_only) return NotALog(path_, "it has no format version");
  rocksdb::WriteBatch batch;
  batch.Put(cf(format::kMetaCf), AsSlice(format::kFormatVersionKey),
            std::to_string(format::kFormatVersion));
  batch.Put(cf(format::kMetaCf), AsSlice(format::kMerkleTreeKey),
            options.maintain_merkle_tree ? "on" : "off");
  rocksdb::WriteOptions write;
  write.sync = true;
  RETURN_IF_ERROR(FromRocks(db_->Write(write, &batch), "writing the format version"));
  has_merkle_tree_ = options.maintain_merkle_tree;
  return absl::OkStatus();
}

LogDatabase::~LogDatabase() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (db_ != nullptr) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
}

}  // namespace minhbach::storage
