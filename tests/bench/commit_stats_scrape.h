// The log's group-commit counters, read from minhbachd's /metrics
// (minhbach_log_groups_total and its kin), so that a benchmark can say how
// many appends shared each write and where the write's time went.
#ifndef MINHBACH_TESTS_BENCH_COMMIT_STATS_SCRAPE_H_
#define MINHBACH_TESTS_BENCH_COMMIT_STATS_SCRAPE_H_

#include <string>

#include "absl/status/statusor.h"
#include "storage/event_log.h"

namespace minhbach::bench {

// The counters of the minhbachd whose /metrics is on 127.0.0.1:`port`.
absl::StatusOr<storage::CommitStats> ScrapeCommitStats(int port);

// Adds what happened between two scrapes, `after` less `before`, to `total`.
void AddDifference(const storage::CommitStats& after, const storage::CommitStats& before,
                   storage::CommitStats& total);

// "412 appends per group; per group: write 4.2 ms (write-ahead log 1.7 ms,
// fdatasync 1.3 ms of it; memtables 2.3 ms)", or why there is nothing to say.
std::string DescribeGroups(const storage::CommitStats& stats);

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_COMMIT_STATS_SCRAPE_H_
