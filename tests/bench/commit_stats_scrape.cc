#include "tests/bench/commit_stats_scrape.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "storage/status_macros.h"

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
  auto seconds = [&](const char* part) -> absl::StatusOr<absl::Duration> {
    ASSIGN_OR_RETURN(
        double value,
        Sample(text, absl::StrCat("minhbach_log_write_seconds_total{part=\"", part, "\"}")));
    return absl::Seconds(value);
  };
  storage::CommitStats stats;
  ASSIGN_OR_RETURN(double groups, Sample(text, "minhbach_log_groups_total"));
  ASSIGN_OR_RETURN(double appends, Sample(text, "minhbach_log_group_appends_total"));
  stats.groups = static_cast<uint64_t>(groups);
  stats.appends = static_cast<uint64_t>(appends);
  ASSIGN_OR_RETURN(stats.writing, seconds("write"));
  ASSIGN_OR_RETURN(stats.logging, seconds("wal"));
  ASSIGN_OR_RETURN(stats.syncing, seconds("wal_sync"));
  ASSIGN_OR_RETURN(stats.inserting, seconds("memtable"));
  return stats;
}

void AddDifference(const storage::CommitStats& after, const storage::CommitStats& before,
                   storage::CommitStats& total) {
  total.groups += after.groups - before.groups;
  total.appends += after.appends - before.appends;
  total.writing += after.writing - before.writing;
  total.logging += after.logging - before.logging;
  total.syncing += after.syncing - before.syncing;
  total.inserting += after.inserting - before.inserting;
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
