#include "storage/log_database.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rocksdb/env.h"
#include "rocksdb/slice_transform.h"
#include "storage/rocks_options.h"
#include "storage/rocks_status.h"
#include "storage/status_macros.h"
#include "storage/zero_ended_prefix.h"

namespace minhbach::storage {
namespace {

namespace fs = std::filesystem;

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  const std::shared_ptr<rocksdb::Cache> cache = BlockCache(kLogMemory);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : format::kColumnFamilyNames) {
    descriptors.emplace_back(name, ColumnFamilyOptions(cache, kLogMemory));
  }
  // Each group inserts, per stream and per tree level, keys just after the
  // last ones of that stream or level; without a hint per prefix, the
  // memtable's skip list searches from its head for every one of them.
  descriptors[format::kStreamsCf].options.memtable_insert_with_hint_prefix_extractor =
      std::make_shared<ZeroEndedPrefix>("minhbach.log.StreamOfKey", 0);
  descriptors[format::kTreeCf].options.memtable_insert_with_hint_prefix_extractor.reset(
      rocksdb::NewFixedPrefixTransform(1));
  // Every new event's id is looked up first (to tell a retry from a reuse)
  // and is almost never there: a bloom filter of the memtable's ids answers
  // that without a search of the skip list, as the table files' filters do.
  descriptors[format::kEventIdsCf].options.memtable_whole_key_filtering = true;
  descriptors[format::kEventIdsCf].options.memtable_prefix_bloom_size_ratio = 0.02;
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
          ? rocksdb::DB::OpenForReadOnly(
                DatabaseOptions(path, false, true, options.env, kLogMemory), path, Descriptors(),
                &log->handles_, &db)
          : rocksdb::DB::Open(DatabaseOptions(path, create, false, options.env, kLogMemory), path,
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
