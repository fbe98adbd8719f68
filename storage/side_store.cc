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
  if (options.prefix_extractor != nullptr) {
    rocks.prefix_extractor = options.prefix_extractor;
    rocks.memtable_prefix_bloom_size_ratio = 0.05;
    // Keys come in position order within each prefix: a hint per prefix
    // spares the memtable's skip list a search from its head for each.
    rocks.memtable_insert_with_hint_prefix_extractor = options.prefix_extractor;
  }
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

SideStore::Cursor SideStore::NewCursor(absl::string_view prefix) const {
  rocksdb::ReadOptions read;
  // Without a prefix, every seek orders all keys, whatever the store's
  // prefix_extractor (RocksDB's default would seek within a prefix only).
  read.total_order_seek = prefix.empty();
  read.prefix_same_as_start = !prefix.empty();
  // The first key past the prefix's keys: the prefix with its last byte
  // below 0xff raised by one, what follows dropped. None for 0xff... only.
  std::unique_ptr<Cursor::Bound> bound;
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) {
    end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
    bound = std::make_unique<Cursor::Bound>(Cursor::Bound{std::move(end), {}});
    bound->slice = rocksdb::Slice(bound->key);
    read.iterate_upper_bound = &bound->slice;
  }
  return Cursor(std::move(bound), std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(read)),
                &what_);
}

void SideStore::Cursor::Seek(absl::string_view key) { it_->Seek(AsSlice(key)); }
void SideStore::Cursor::SeekForPrev(absl::string_view key) { it_->SeekForPrev(AsSlice(key)); }
absl::string_view SideStore::Cursor::key() const { return AsView(it_->key()); }
absl::string_view SideStore::Cursor::value() const { return AsView(it_->value()); }
absl::Status SideStore::Cursor::status() const {
  if (it_->status().ok()) return absl::OkStatus();
  return FromRocks(it_->status(), absl::StrCat("reading ", *what_));
}

}  // namespace minhbach::storage
