#include "services/server/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace minhbach::services {
namespace {

constexpr const char* kCodeNames[] = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

const char* CodeName(int code) { return code >= 0 && code < 17 ? kCodeNames[code] : "UNKNOWN"; }

void Header(std::string* out, const char* name, const char* type, const char* help) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

}  // namespace

void Metrics::RecordRpc(const std::string& method, grpc::StatusCode code, absl::Duration latency) {
  {
    absl::MutexLock lock(&mu_);
    ++rpcs_[{method, static_cast<int>(code)}];
  }
  if (method != "/minhbach.v1.EventLog/Append" || code != grpc::StatusCode::OK) return;
  appends_ok_.fetch_add(1);
  append_latency_micros_.fetch_add(absl::ToInt64Microseconds(latency));
  const double seconds = absl::ToDoubleSeconds(latency);
  size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  append_buckets_[bucket].fetch_add(1);  // the last slot is +Inf
}

void Metrics::WatchFollower(const std::string& name, std::function<uint64_t()> position) {
  absl::MutexLock lock(&mu_);
  followers_[name] = std::move(position);
}

void Metrics::WatchGauge(const std::string& name, const std::string& help,
                         std::function<double()> value) {
  absl::MutexLock lock(&mu_);
  gauges_[name] = Gauge{help, std::move(value)};
}

std::string Metrics::Render(const storage::EventLog& log) const {
  std::string out;
  Header(&out, "minhbach_log_events", "gauge", "Events in the log (also the next position).");
  absl::StrAppend(&out, "minhbach_log_events ", log.Size(), "\n");
  Header(&out, "minhbach_tree_size", "gauge", "Leaves of the Merkle tree the server signs.");
  absl::StrAppend(&out, "minhbach_tree_size ", log.Size(), "\n");
  // Group commit: how many appends share a write, and where its time goes.
  const storage::CommitStats commits = log.GetCommitStats();
  Header(&out, "minhbach_log_groups_total", "counter",
         "Commit groups written (a failed write counts too): each one RocksDB write and, when "
         "durable, one fdatasync.");
  absl::StrAppend(&out, "minhbach_log_groups_total ", commits.groups, "\n");
  Header(&out, "minhbach_log_group_appends_total", "counter",
         "Appends in those groups (refused ones and retries included).");
  absl::StrAppend(&out, "minhbach_log_group_appends_total ", commits.appends, "\n");
  const std::pair<const char*, absl::Duration> times[] = {{"write", commits.writing},
                                                          {"wal", commits.logging},
                                                          {"wal_sync", commits.syncing},
                                                          {"memtable", commits.inserting}};
  Header(&out, "minhbach_log_write_seconds_total", "counter",
         "Time writing those groups, by part: write (all of RocksDB's Write), wal (of which the "
         "write-ahead log, its sync included), wal_sync (of which fdatasync), memtable (of "
         "write, inserting into the memtables).");
  for (const auto& [part, time] : times) {
    absl::StrAppend(&out, "minhbach_log_write_seconds_total{part=\"", part, "\"} ",
                    absl::StrFormat("%.6f", absl::ToDoubleSeconds(time)), "\n");
  }
  Header(&out, "minhbach_subscribers", "gauge", "Subscribe calls in progress.");
  absl::StrAppend(&out, "minhbach_subscribers ", subscribers_.load(), "\n");

  Header(&out, "minhbach_append_latency_seconds", "histogram",
         "Latency of successful Append calls, until durable.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= kLatencyBuckets.size(); ++i) {
    cumulative += append_buckets_[i].load();
    const std::string bound =
        i < kLatencyBuckets.size() ? absl::StrFormat("%g", kLatencyBuckets[i]) : "+Inf";
    absl::StrAppend(&out, "minhbach_append_latency_seconds_bucket{le=\"", bound, "\"} ", cumulative,
                    "\n");
  }
  absl::StrAppend(&out, "minhbach_append_latency_seconds_sum ",
                  absl::StrFormat("%.6f", append_latency_micros_.load() / 1e6), "\n");
  absl::StrAppend(&out, "minhbach_append_latency_seconds_count ", appends_ok_.load(), "\n");

  absl::MutexLock lock(&mu_);
  const uint64_t size = log.Size();
  Header(&out, "minhbach_follower_position", "gauge",
         "Events a follower of the log (projections, timeline index) has folded.");
  for (const auto& [name, position] : followers_) {
    absl::StrAppend(&out, "minhbach_follower_position{follower=\"", name, "\"} ", position(), "\n");
  }
  Header(&out, "minhbach_follower_lag_events", "gauge",
         "Events in the log a follower has not folded yet.");
  for (const auto& [name, position] : followers_) {
    const uint64_t at = position();
    absl::StrAppend(&out, "minhbach_follower_lag_events{follower=\"", name, "\"} ",
                    at < size ? size - at : 0, "\n");
  }
  for (const auto& [name, gauge] : gauges_) {
    Header(&out, name.c_str(), "gauge", gauge.help.c_str());
    absl::StrAppend(&out, name, " ", absl::StrFormat("%.17g", gauge.value()), "\n");
  }
  Header(&out, "minhbach_rpcs_total", "counter", "Finished RPCs by method and status code.");
  for (const auto& [key, count] : rpcs_) {
    absl::StrAppend(&out, "minhbach_rpcs_total{method=\"", key.first, "\",code=\"",
                    CodeName(key.second), "\"} ", count, "\n");
  }
  return out;
}

}  // namespace minhbach::services
