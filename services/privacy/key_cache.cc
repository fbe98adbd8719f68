#include "services/privacy/key_cache.h"

#include <openssl/crypto.h>

namespace minhbach::privacy {

DataKey::~DataKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }

KeyCache::KeyCache(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

// The entries' keys are GcmKeys: destroying the last reference wipes them.
KeyCache::~KeyCache() = default;

std::shared_ptr<const HouseholdKey> KeyCache::Get(absl::string_view household_id) {
  absl::MutexLock lock(&mutex_);
  auto found = index_.find(household_id);
  if (found == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, found->second);
  return found->second->key;
}

void KeyCache::Put(absl::string_view household_id, std::shared_ptr<const HouseholdKey> key) {
  absl::MutexLock lock(&mutex_);
  auto found = index_.find(household_id);
  if (found != index_.end()) EraseEntry(found->second);
  entries_.emplace_front();
  entries_.front().household_id = std::string(household_id);
  entries_.front().key = std::move(key);
  index_[entries_.front().household_id] = entries_.begin();
  while (entries_.size() > capacity_) EraseEntry(std::prev(entries_.end()));
}

void KeyCache::Remove(absl::string_view household_id) {
  absl::MutexLock lock(&mutex_);
  auto found = index_.find(household_id);
  if (found != index_.end()) EraseEntry(found->second);
}

size_t KeyCache::size() const {
  absl::MutexLock lock(&mutex_);
  return entries_.size();
}

void KeyCache::EraseEntry(std::list<Entry>::iterator it) {
  index_.erase(it->household_id);
  entries_.erase(it);  // the last reference to its GcmKey wipes it
}

}  // namespace minhbach::privacy
