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

// Collects one latency per completed request over one or more slices of
// time (so that cases can take turns and share the machine's bad moments).
// Thread-safe: callbacks of several threads may Record() and Running().
class LatencyLog {
 public:
  // Starts a slice; requests should be issued only while Running().
  void Start(absl::Duration duration) {
    absl::MutexLock lock(&mutex_);
    started_ = absl::Now();
    stop_ = started_ + duration;
  }

  bool Running() const {
    absl::MutexLock lock(&mutex_);
    return absl::Now() < stop_;
  }

  // Ends a slice, once every client has had its last answer.
  void Stop() {
    absl::MutexLock lock(&mutex_);
    elapsed_ += absl::Now() - started_;
  }

  void Record(absl::Time issued, bool ok) { Record(issued, 1, ok ? 0 : 1); }

  // `count` requests answered together (one message of a batch), `failed`
  // of them with an error.
  void Record(absl::Time issued, int count, int failed) {
    const double micros = absl::ToDoubleMicroseconds(absl::Now() - issued);
    absl::MutexLock lock(&mutex_);
    latencies_.insert(latencies_.end(), count, micros);
    errors_ += failed;
  }

  // Throughput and latencies over every slice.
  LoadResult Summarize() {
    absl::MutexLock lock(&mutex_);
    const double elapsed = absl::ToDoubleSeconds(elapsed_);
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
  mutable absl::Mutex mutex_;
  absl::Time started_ ABSL_GUARDED_BY(mutex_);
  absl::Time stop_ ABSL_GUARDED_BY(mutex_);
  absl::Duration elapsed_ ABSL_GUARDED_BY(mutex_);
  std::vector<double> latencies_ ABSL_GUARDED_BY(mutex_);
  uint64_t errors_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_LATENCY_LOG_H_
