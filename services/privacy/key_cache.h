// A bounded LRU of unwrapped household data keys, so reads do not unwrap a key
// per envelope. Keys leave memory wiped (OPENSSL_cleanse): on eviction, on
// Remove (erasure) and when the cache is destroyed. Thread-safe.
#ifndef MINHBACH_SERVICES_PRIVACY_KEY_CACHE_H_
#define MINHBACH_SERVICES_PRIVACY_KEY_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace minhbach::privacy {

struct DataKey {
  uint32_t generation = 0;
  std::array<uint8_t, 32> bytes{};
  ~DataKey();  // wipes the bytes
};

class KeyCache {
 public:
  explicit KeyCache(size_t capacity);
  ~KeyCache();
  KeyCache(const KeyCache&) = delete;
  KeyCache& operator=(const KeyCache&) = delete;

  // Copies the household's key into *key and marks it recently used.
  bool Get(absl::string_view household_id, DataKey* key);
  void Put(absl::string_view household_id, const DataKey& key);
  void Remove(absl::string_view household_id);
  size_t size() const;

 private:
  struct Entry {
    std::string household_id;
    DataKey key;
  };
  void EraseEntry(std::list<Entry>::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const size_t capacity_;
  mutable absl::Mutex mutex_;
  std::list<Entry> entries_ ABSL_GUARDED_BY(mutex_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> index_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_KEY_CACHE_H_
