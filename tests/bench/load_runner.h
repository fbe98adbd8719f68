// Runs an operation from N threads for a fixed time and summarises the
// latencies: the shared harness of every benchmark here.
#ifndef MINHBACH_TESTS_BENCH_LOAD_RUNNER_H_
#define MINHBACH_TESTS_BENCH_LOAD_RUNNER_H_

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace minhbach::bench {

struct LoadResult {
  double ops_per_second = 0;
  double p50_micros = 0;
  double p99_micros = 0;
  uint64_t operations = 0;
  uint64_t errors = 0;
};

// Calls op(thread_index, iteration) from `threads` threads for `duration`;
// op returns false on error. Latency is measured around each call.
inline LoadResult RunLoad(int threads, absl::Duration duration,
                          const std::function<bool(int, uint64_t)>& op) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<uint64_t> errors{0};
  std::atomic<bool> go{false};
  absl::Time stop;  // written before `go` is set, read only after
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (uint64_t i = 0; absl::Now() < stop; ++i) {
        const absl::Time before = absl::Now();
        if (!op(t, i)) ++errors;
        latencies[t].push_back(absl::ToDoubleMicroseconds(absl::Now() - before));
      }
    });
  }
  const absl::Time started = absl::Now();
  stop = started + duration;
  go.store(true);
  for (std::thread& worker : workers) worker.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - started);
  std::vector<double> all;
  for (const auto& per_thread : latencies)
    all.insert(all.end(), per_thread.begin(), per_thread.end());
  std::sort(all.begin(), all.end());
  LoadResult result;
  result.operations = all.size();
  result.errors = errors.load();
  result.ops_per_second = all.size() / elapsed;
  if (!all.empty()) {
    result.p50_micros = all[all.size() / 2];
    result.p99_micros = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return result;
}

inline void PrintRow(const std::string& name, int threads, const LoadResult& r) {
  std::printf("%-34s %4d %12.0f %10.0f %10.0f %8llu\n", name.c_str(), threads, r.ops_per_second,
              r.p50_micros, r.p99_micros, static_cast<unsigned long long>(r.errors));
  std::fflush(stdout);
}

inline void PrintHeader() {
  std::printf("%-34s %4s %12s %10s %10s %8s\n", "case", "thr", "ops/s", "p50 us", "p99 us",
              "errors");
}

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_LOAD_RUNNER_H_
