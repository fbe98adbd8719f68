// Aggregates the command path has already folded, so a command on a long
// stream (an annual review of thousands of households, a sub-project's
// budget) folds only the events appended since, not the whole stream again.
//
// An entry is the fold of its stream up to a version, made from the log:
// commands share it read-only; one that finds the stream has moved on folds
// it forward, in place when no one else holds it (TakeIfOnly), else a copy,
// and puts that back. Bounded: when full, the
// entry of the shortest stream (the quickest to fold again) makes room.
// Thread-safe.
#ifndef MINHBACH_SERVICES_PROGRAM_AGGREGATE_CACHE_H_
#define MINHBACH_SERVICES_PROGRAM_AGGREGATE_CACHE_H_

#include <atomic>
#include <memory>
#include <string>
#include <typeindex>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace minhbach::program {

class AggregateCache {
 public:
  explicit AggregateCache(size_t capacity) : capacity_(capacity) {}

  // The entry of `stream`; null when there is none (or it is of another
  // type: a stream holds one kind of aggregate). `Loaded` has a `version`
  // (std::optional<uint64_t>, the stream version it is folded to).
  template <typename Loaded>
  std::shared_ptr<const Loaded> Get(const std::string& stream) const {
    absl::MutexLock lock(&mutex_);
    auto it = entries_.find(stream);
    if (it == entries_.end() || it->second.type != std::type_index(typeid(Loaded))) return nullptr;
    return std::static_pointer_cast<const Loaded>(it->second.value);
  }

  // The entry `seen` (from Get), removed from the cache and writable, when
  // nobody else holds it: then it may be folded forward in place rather than
  // copied. Null otherwise.
  template <typename Loaded>
  std::shared_ptr<Loaded> TakeIfOnly(const std::string& stream,
                                     const std::shared_ptr<const Loaded>& seen) {
    absl::MutexLock lock(&mutex_);
    auto it = entries_.find(stream);
    // Held by the cache and by `seen` alone: no one else can reach it, since
    // references are handed out only under this lock.
    if (it == entries_.end() || it->second.value.get() != seen.get() || seen.use_count() != 2) {
      return nullptr;
    }
    // The others' last reads of it happened before they let it go (their
    // count's decrement); use_count() is a relaxed load, so order them
    // before the writes the caller is about to make.
    std::atomic_thread_fence(std::memory_order_acquire);
    std::shared_ptr<void> taken = std::move(it->second.value);
    entries_.erase(it);
    return std::static_pointer_cast<Loaded>(std::move(taken));
  }

  // Keeps `loaded` unless the entry there is folded further already.
  template <typename Loaded>
  void Put(const std::string& stream, std::shared_ptr<Loaded> loaded) {
    const int64_t rank = loaded->version ? static_cast<int64_t>(*loaded->version) : -1;
    std::shared_ptr<void> replaced;  // released after the lock
    absl::MutexLock lock(&mutex_);
    if (capacity_ == 0) return;
    auto it = entries_.find(stream);
    if (it != entries_.end()) {
      if (it->second.type == std::type_index(typeid(Loaded)) && it->second.rank >= rank) return;
      replaced = std::move(it->second.value);
      it->second = Entry{std::type_index(typeid(Loaded)), rank, std::move(loaded)};
      return;
    }
    if (entries_.size() >= capacity_) {
      // The entry quickest to fold again makes room: the shortest stream.
      auto cheapest = entries_.begin();
      for (auto e = entries_.begin(); e != entries_.end(); ++e) {
        if (e->second.rank < cheapest->second.rank) cheapest = e;
      }
      replaced = std::move(cheapest->second.value);
      entries_.erase(cheapest);
    }
    entries_.emplace(stream, Entry{std::type_index(typeid(Loaded)), rank, std::move(loaded)});
  }

 private:
  struct Entry {
    std::type_index type;
    int64_t rank;                 // the version folded to; -1: an empty stream
    std::shared_ptr<void> value;  // handed out const, but by TakeIfOnly
  };

  const size_t capacity_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_AGGREGATE_CACHE_H_
