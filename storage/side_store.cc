#include "storage/side_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/options.h"
#include "storage/rocks_options.h"
#include "storage/rocks_status.h"
#include "storage/status_macros.h"

namespace minhbach::storage {

absl::StatusOr<std::unique_ptr<SideStore>> SideStore::Open(const std::string& path,
                                                           std::string what,
                                                           const SideStoreOptions& options) {
  rocksdb::Options rocks(
      DatabaseOptions(path, /*create=*/true, /*read_only=*/false, options.env, kSideStoreMemory),
      ColumnFamilyOptions(BlockCache(kSideStoreMemory), kSideStoreMemory));
  rocks.max_open_files = 256;
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(rocks, path, &raw),
                            absl::StrCat("opening ", what, " in ", path)));
  return std::unique_ptr<SideStore>(
      new SideStore(std::unique_ptr<rocksdb::DB>(raw), std::move(what)));
}

absl::Status SideStore::Destroy(const std::string& path, absl::string_view what) {
  return FromRocks(rocksdb::DestroyDB(path, rocksdb::Options()),
                   absl::StrCat("deleting ", what, " in ", path));
}

SideStore::~SideStore() { db_->Close().PermitUncheckedError(); }

absl::StatusOr<std::optional<std::string>> SideStore::Get(absl::string_view key) const {
  std::string value;
  const rocksdb::Status got = db_->Get(rocksdb::ReadOptions(), AsSlice(key), &value);
  if (got.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(got, absl::StrCat("reading ", what_)));
  return value;
}

absl::Status SideStore::Write(rocksdb::WriteBatch& batch, bool sync) {
  absl::MutexLock lock(&mu_);
  if (resume_before_write_) {
    RETURN_IF_ERROR(
        FromRocks(db_->Resume(), absl::StrCat("resuming ", what_, " after a failed write")));
    resume_before_write_ = false;
  }
  rocksdb::WriteOptions write;
  write.sync = sync;
  const rocksdb::Status written = db_->Write(write, &batch);
  if (!written.ok()) resume_before_write_ = true;
  return FromRocks(written, absl::StrCat("writing ", what_));
}

absl::Status SideStore::Put(absl::string_view key, absl::string_view value, bool sync) {
  rocksdb::WriteBatch batch;
  batch.Put(AsSlice(key), AsSlice(value));
  return Write(batch, sync);
}

SideStore::Cursor SideStore::NewCursor() const {
  return Cursor(std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(rocksdb::ReadOptions())),
                &what_);
}

void SideStore::Cursor::Seek(absl::string_view key) { it_->Seek(AsSlice(key)); }
void SideStore::Cursor::SeekForPrev(absl::string_view key) { it_->SeekForPrev(AsSlice(key)); }
absl::string_view SideStore::Cursor::key() const { return AsView(it_->key()); }
absl::string_view SideStore::Cursor::value() const { return AsView(it_->value()); }
absl::Status SideStore::Cursor::status() const {
  return FromRocks(it_->status(), absl::StrCat("reading ", *what_));
}

}  // namespace minhbach::storage
