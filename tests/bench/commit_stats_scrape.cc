#include "tests/bench/commit_stats_scrape.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace minhbach::bench {
namespace {

// The sample `name` (labels included) of a Prometheus text page.
absl::StatusOr<double> Sample(const std::string& page, const std::string& name) {
  const std::string start = "\n" + name + " ";
  const size_t at = page.find(start);
  double value = 0;
  if (at == std::string::npos) {
    return absl::NotFoundError(absl::StrCat("no ", name, " in minhbachd's /metrics"));
  }
  const size_t from = at + start.size();
  if (!absl::SimpleAtod(page.substr(from, page.find('\n', from) - from), &value)) {
    return absl::DataLossError(absl::StrCat(name, " in minhbachd's /metrics is not a number"));
  }
  return value;
}

double Millis(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

}  // namespace

absl::StatusOr<storage::CommitStats> ScrapeCommitStats(int port) {
  httplib::Client client("127.0.0.1", port);
  httplib::Result page = client.Get("/metrics");
  if (!page || page->status != 200) {
    return absl::UnavailableError(absl::StrCat("no /metrics from minhbachd on port ", port));
  }
  const std::string& text = page->body;
  storage::CommitStats stats;
  auto seconds = [&](const char* part) -> absl::StatusOr<absl::Duration> {
    absl::StatusOr<double> value =
        Sample(text, absl::StrCat("minhbach_log_write_seconds_total{part=\"", part, "\"}"));
    if (!value.ok()) return value.status();
    return absl::Seconds(*value);
  };
  absl::StatusOr<double> groups = Sample(text, "minhbach_log_groups_total");
  absl::StatusOr<double> appends = Sample(text, "minhbach_log_group_appends_total");
  absl::StatusOr<absl::Duration> writing = seconds("write"), logging = seconds("wal"),
                                 syncing = seconds("wal_sync"), inserting = seconds("memtable");
  for (const absl::Status& status : {groups.status(), appends.status(), writing.status(),
                                     logging.status(), syncing.status(), inserting.status()}) {
    if (!status.ok()) return status;
  }
  stats.groups = static_cast<uint64_t>(*groups);
  stats.appends = static_cast<uint64_t>(*appends);
  stats.writing = *writing;
  stats.logging = *logging;
  stats.syncing = *syncing;
  stats.inserting = *inserting;
  return stats;
}

storage::CommitStats Difference(const storage::CommitStats& after,
                                const storage::CommitStats& before) {
  storage::CommitStats d;
  d.groups = after.groups - before.groups;
  d.appends = after.appends - before.appends;
  d.writing = after.writing - before.writing;
  d.logging = after.logging - before.logging;
  d.syncing = after.syncing - before.syncing;
  d.inserting = after.inserting - before.inserting;
  return d;
}

std::string DescribeGroups(const storage::CommitStats& stats) {
  if (stats.groups == 0) return "no commit group was written";
  const double groups = static_cast<double>(stats.groups);
  return absl::StrFormat(
      "%.1f appends per group; per group: write %.2f ms (write-ahead log %.2f ms, fdatasync "
      "%.2f ms of it; memtables %.2f ms)",
      stats.appends / groups, Millis(stats.writing) / groups, Millis(stats.logging) / groups,
      Millis(stats.syncing) / groups, Millis(stats.inserting) / groups);
}

}  // namespace minhbach::bench
