// The allocator settings of minhbachd (and of the benchmarks that measure
// its code in their own process), read by jemalloc when it starts; linked
// only when MINHBACH_JEMALLOC is on (minhbach_server_allocator in
// services/CMakeLists.txt).
//
// Why jemalloc: with glibc's malloc, a BatchAppend server spent about 14 % of
// its CPU in malloc, free and arena consolidation (perf, issue 15); linked
// with jemalloc it spends 21 µs of CPU per append instead of 23 and serves
// 7–12 % more appends per second (alternating runs of the peer benchmark).
//
// Why these settings: memory a burst of readers held goes back to the
// system within about a second of being freed, even when the server is
// quiet afterwards (a background thread purges; without it jemalloc purges
// only while the process allocates), as glibc with a fixed mmap threshold
// did (storage/process_settings.h; HostileReadersTest checks it).
extern "C" {
// NOLINTNEXTLINE: the name is jemalloc's.
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
