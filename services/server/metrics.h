// Counters and gauges of a running server, rendered in the Prometheus text
// exposition format: appends, append latency, log and tree size, subscribers,
// every RPC by method and status code, and how far each follower of the log
// (the projections, the timeline index) has got.
//
// Thread-safe: recording is lock-free except for the per-method table.
#ifndef MINHBACH_SERVICES_SERVER_METRICS_H_
#define MINHBACH_SERVICES_SERVER_METRICS_H_

#include <grpcpp/support/status.h>

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/event_log.h"

namespace minhbach::services {

class Metrics {
 public:
  // Upper bounds of the append latency histogram, in seconds.
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};

  // One finished RPC. Appends also feed the latency histogram.
  void RecordRpc(const std::string& method, grpc::StatusCode code, absl::Duration latency);
  void SubscriberStarted() { subscribers_.fetch_add(1); }
  void SubscriberEnded() { subscribers_.fetch_sub(1); }
  // A follower of the log whose position (events folded) the metrics show,
  // with its lag behind the log. `position` must stay callable while the
  // metrics are rendered.
  void WatchFollower(const std::string& name, std::function<uint64_t()> position)
      ABSL_LOCKS_EXCLUDED(mu_);

  // A gauge whose value `value` gives at each rendering (which must stay
  // callable while the metrics are rendered).
  void WatchGauge(const std::string& name, const std::string& help, std::function<double()> value)
      ABSL_LOCKS_EXCLUDED(mu_);

  // The exposition text; log and tree size are read from `log` now.
  std::string Render(const storage::EventLog& log) const;

 private:
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> append_buckets_{};
  std::atomic<uint64_t> append_latency_micros_{0};
  std::atomic<uint64_t> appends_ok_{0};
  std::atomic<int64_t> subscribers_{0};

  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> rpcs_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::function<uint64_t()>> followers_ ABSL_GUARDED_BY(mu_);
  struct Gauge {
    std::string help;
    std::function<double()> value;
  };
  std::map<std::string, Gauge> gauges_ ABSL_GUARDED_BY(mu_);
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_METRICS_H_
