// Raw RocksDB access to a closed log, as an attacker with the disk would
// have: for tests that prove tampering is detected, and only for them.
#ifndef MINHBACH_TESTS_RAW_LOG_H_
#define MINHBACH_TESTS_RAW_LOG_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/format.h"
#include "storage/merkle.h"

namespace minhbach::testing {

namespace format = ::minhbach::storage::format;
namespace merkle = ::minhbach::storage::merkle;

class RawLog {
 public:
  explicit RawLog(const std::string& path) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : format::kColumnFamilyNames) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* db = nullptr;
    EXPECT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles_, &db).ok());
    db_.reset(db);
  }
  ~RawLog() {
    for (auto* handle : handles_) EXPECT_TRUE(db_->DestroyColumnFamilyHandle(handle).ok());
  }
  std::string Get(format::ColumnFamily cf, const std::string& key) {
    std::string value;
    EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), handles_[cf], key, &value).ok());
    return value;
  }
  void Put(format::ColumnFamily cf, const std::string& key, const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[cf], key, value).ok());
  }
  void Delete(format::ColumnFamily cf, const std::string& key) {
    ASSERT_TRUE(db_->Delete(rocksdb::WriteOptions(), handles_[cf], key).ok());
  }
  // Rewrites every tree node from the stored events, as a careful forger would.
  void RebuildTree() {
    merkle::CompactRange tree;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handles_[format::kEventsCf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      tree.Append(merkle::HashLeaf(it->value().ToString()), [&](int level, uint64_t index,
                                                                const merkle::Hash& hash) {
        Put(format::kTreeCf, format::TreeKey(level, index), std::string(hash.begin(), hash.end()));
      });
    }
  }
  // Root recomputed from the stored event bytes, and how many there are.
  std::pair<uint64_t, merkle::Hash> RootOfEvents() {
    merkle::CompactRange tree;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handles_[format::kEventsCf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      tree.Append(merkle::HashLeaf(it->value().ToString()),
                  [](int, uint64_t, const merkle::Hash&) {});
    }
    return {tree.size(), tree.Root()};
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_RAW_LOG_H_
