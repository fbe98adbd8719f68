// A bounded LRU of unwrapped household data keys, each kept as a ready AES-GCM
// key schedule (GcmKey), so reads neither unwrap a key nor expand one per
// envelope. Keys leave memory wiped: on eviction, on Remove (erasure) and when
// the cache is destroyed, once the last read holding one returns. Thread-safe.
#ifndef MINHBACH_SERVICES_PRIVACY_KEY_CACHE_H_
#define MINHBACH_SERVICES_PRIVACY_KEY_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/privacy/aes_gcm.h"

namespace minhbach::privacy {

// A data key's bytes, as unwrapped or created: wiped when destroyed.
struct DataKey {
  uint32_t generation = 0;
  std::array<uint8_t, 32> bytes{};
  ~DataKey();
};

// A household's key as reads and seals use it.
struct HouseholdKey {
  uint32_t generation = 0;
  std::unique_ptr<GcmKey> cipher;
};

class KeyCache {
 public:
  explicit KeyCache(size_t capacity);
  ~KeyCache();
  KeyCache(const KeyCache&) = delete;
  KeyCache& operator=(const KeyCache&) = delete;

  // The household's key (marked recently used), or null.
  std::shared_ptr<const HouseholdKey> Get(absl::string_view household_id);
  void Put(absl::string_view household_id, std::shared_ptr<const HouseholdKey> key);
  void Remove(absl::string_view household_id);
  size_t size() const;

 private:
  struct Entry {
    std::string household_id;
    std::shared_ptr<const HouseholdKey> key;
  };
  void EraseEntry(std::list<Entry>::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const size_t capacity_;
  mutable absl::Mutex mutex_;
  std::list<Entry> entries_ ABSL_GUARDED_BY(mutex_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> index_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_KEY_CACHE_H_
