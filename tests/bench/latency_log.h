// Latencies of a closed-loop load driven by an event loop or callbacks (one
// request in flight per client), summarised like RunLoad's (load_runner.h).
#ifndef MINHBACH_TESTS_BENCH_LATENCY_LOG_H_
#define MINHBACH_TESTS_BENCH_LATENCY_LOG_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/bench/load_runner.h"

namespace minhbach::bench {

// Collects one latency per completed request between Start() and the
// deadline it sets. Thread-safe: callbacks of several threads may Record().
class LatencyLog {
 public:
  // Starts the clock; requests should be issued only while Running().
  void Start(absl::Duration duration) {
    started_ = absl::Now();
    stop_ = started_ + duration;
  }

  bool Running() const { return absl::Now() < stop_; }

  void Record(absl::Time issued, bool ok) {
    const double micros = absl::ToDoubleMicroseconds(absl::Now() - issued);
    absl::MutexLock lock(&mutex_);
    latencies_.push_back(micros);
    if (!ok) ++errors_;
  }

  // Called once every client has had its last answer.
  LoadResult Summarize() {
    const double elapsed = absl::ToDoubleSeconds(absl::Now() - started_);
    absl::MutexLock lock(&mutex_);
    std::sort(latencies_.begin(), latencies_.end());
    LoadResult result;
    result.operations = latencies_.size();
    result.errors = errors_;
    result.ops_per_second = latencies_.size() / elapsed;
    if (!latencies_.empty()) {
      result.p50_micros = latencies_[latencies_.size() / 2];
      result.p99_micros = latencies_[std::min(latencies_.size() - 1, latencies_.size() * 99 / 100)];
    }
    return result;
  }

 private:
  absl::Time started_;  // constant while the load runs
  absl::Time stop_;
  absl::Mutex mutex_;
  std::vector<double> latencies_ ABSL_GUARDED_BY(mutex_);
  uint64_t errors_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_LATENCY_LOG_H_
