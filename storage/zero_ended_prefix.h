// A RocksDB key prefix that ends at a name's 0x00: for keys laid out as
// [fixed bytes] name 0x00 [rest], the prefix is the fixed bytes, the name
// and its 0x00, so that one name's keys share a prefix and no other name's
// do (names hold no 0x00). Used for prefix bloom filters and memtable
// insert hints.
#ifndef MINHBACH_STORAGE_ZERO_ENDED_PREFIX_H_
#define MINHBACH_STORAGE_ZERO_ENDED_PREFIX_H_

#include <cstddef>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/slice_transform.h"

namespace minhbach::storage {

class ZeroEndedPrefix final : public rocksdb::SliceTransform {
 public:
  // `name` is recorded in table files with their filters: a store must keep
  // it from open to open. The name starts `name_start` bytes into the key.
  ZeroEndedPrefix(std::string name, size_t name_start)
      : name_(std::move(name)), name_start_(name_start) {}

  const char* Name() const override { return name_.c_str(); }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), NameEnd(key) + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return NameEnd(key) != absl::string_view::npos;
  }

 private:
  size_t NameEnd(const rocksdb::Slice& key) const {
    return absl::string_view(key.data(), key.size()).find('\0', name_start_);
  }

  const std::string name_;
  const size_t name_start_;
};

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_ZERO_ENDED_PREFIX_H_
