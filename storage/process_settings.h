// How a process that serves the log sets up glibc's malloc and Abseil's
// mutexes, before its first thread: minhbachd calls this, and so do the
// benchmarks, so that they measure what runs. Tests do not: they keep Abseil's
// deadlock detection, which would catch a lock-order inversion.
#ifndef MINHBACH_STORAGE_PROCESS_SETTINGS_H_
#define MINHBACH_STORAGE_PROCESS_SETTINGS_H_

namespace minhbach::storage {

// - A fixed mmap threshold: buffers of large events (over 256 KiB) are mapped
//   apart and unmapped when freed, so memory returns to the system after large
//   reads instead of staying in malloc's arenas (glibc would otherwise raise
//   the threshold to the largest block freed). minhbachd and the benchmarks
//   allocate with jemalloc, set up to the same end
//   (services/server/jemalloc_conf.cc); this holds for builds without it.
// - Abseil's Mutex deadlock detection off. Debian's Abseil is built with it on:
//   every acquisition updates a process-wide lock graph (84 ns for a reader
//   lock and a lock here, against 12 ns without it). It is a debugging aid.
void UseServerProcessSettings();

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_PROCESS_SETTINGS_H_
