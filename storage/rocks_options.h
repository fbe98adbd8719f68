// The RocksDB options every database of minhbach is opened with: the log
// (log_database.h) and the stores kept beside it (side_store.h). One place,
// so that what the log learned (an info log that cannot abort the server on a
// full disk, bounded memory, resuming after a hard error) holds for all.
#ifndef MINHBACH_STORAGE_ROCKS_OPTIONS_H_
#define MINHBACH_STORAGE_ROCKS_OPTIONS_H_

#include <cstddef>
#include <memory>
#include <string>

#include "rocksdb/cache.h"
#include "rocksdb/env.h"
#include "rocksdb/options.h"

namespace minhbach::storage {

// Memory one database may hold, whatever its size: one block cache shared by
// all its column families, and one cap on all its memtables together.
// Shared by many databases (ShareRocksMemory), each memtable is smaller:
// memory is reserved an eighth of a memtable at a time, and RocksDB
// preallocates each write-ahead log file at 1.1 times a memtable, on disk,
// for as long as the database is open (300 logs of four databases at 64 MiB
// would hold 85 GB of disk).
struct RocksMemory {
  size_t block_cache_bytes;
  size_t memtable_bytes;
  size_t shared_memtable_bytes;  // one memtable's size when shared
};
inline constexpr RocksMemory kLogMemory{64 << 20, 64 << 20, 4 << 20};
inline constexpr RocksMemory kSideStoreMemory{16 << 20, 32 << 20, 1 << 20};

// A process that opens many databases (a host of many logs) shares one block
// cache and one memtable budget among them all (rocksdb::WriteBufferManager:
// the database being written flushes when all memtables together pass the
// budget), so its memory is bounded by the process, not multiplied by its
// logs. Call before opening any database; without it, each database sizes
// its own (RocksMemory). Thread-safe; a second call changes nothing.
void ShareRocksMemory(size_t block_cache_bytes, size_t memtable_bytes);

// The memtable bytes of every database together when shared; 0 otherwise.
size_t SharedMemtableBytes();

// The block cache a database of `memory` uses: the shared one, or its own.
std::shared_ptr<rocksdb::Cache> BlockCache(const RocksMemory& memory);

// Options for the database in `path`: `create` it (and its column families)
// when missing; `read_only` opens write nothing into the directory (no LOG
// file); `env` null for the machine's file system. A hard error (a full
// disk) stops writes until the writer calls DB::Resume itself.
rocksdb::DBOptions DatabaseOptions(const std::string& path, bool create, bool read_only,
                                   rocksdb::Env* env, const RocksMemory& memory);

// Options for each column family of a database of `memory`: bloom filters,
// the shared `cache`, no compression (event payloads are small and the CPU
// is better spent hashing).
rocksdb::ColumnFamilyOptions ColumnFamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                                 const RocksMemory& memory);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_ROCKS_OPTIONS_H_
