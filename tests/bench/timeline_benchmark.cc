// What a filtered timeline costs as the log grows: for entities with 10, 100
// and 1,000 events, the time the timeline index takes to return all of them
// from logs of 100,000 and 1,000,000 events, beside a scan of the whole log
// that filters the same events, measured in the same run.
//
//   minhbach_timeline_benchmark [--sizes=100000,1000000] [--matches=10,100,1000] [--dir=/var/tmp]
//
// Prints figures; asserts nothing. The index's time should follow the
// number of matches and stay flat as the log grows tenfold; the scan's
// follows the log. Building each index from its log is timed too. Each
// query is timed the first time (its blocks cold, just after a scan of the
// whole log went through the block cache) and as the best of --repeats
// (warm: what a server answering auditors sees).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/program/timeline_index.h"
#include "storage/process_settings.h"
#include "storage/uuid.h"

ABSL_FLAG(std::string, sizes, "100000,1000000", "log sizes to measure");
ABSL_FLAG(std::string, dir, "/var/tmp", "directory for the logs and indexes");
ABSL_FLAG(std::string, matches, "10,100,1000",
          "entities to query, by their number of events (10, 100, 1000)");
ABSL_FLAG(int, repeats, 20,
          "timed runs of each query after the first; the best is the warm figure");

namespace minhbach::bench {
namespace {

constexpr int kMatches[] = {10, 100, 1000};

// A log of `size` events over 5,000 streams, among which "ext/entity-<M>"
// holds exactly M events spread evenly through the log.
std::unique_ptr<storage::EventLog> BuildLog(const std::string& path, uint64_t size) {
  std::filesystem::remove_all(path);
  storage::LogOptions options;
  options.durability = storage::Durability::kNotDurable;
  std::unique_ptr<storage::EventLog> log = storage::EventLog::Open(path, options).value();
  for (uint64_t i = 0; i < size; ++i) {
    std::string stream = absl::StrCat("ext/s-", i % 5000);
    // Residues chosen so that no event falls to two entities.
    if (i % (size / 10) == 3) stream = "ext/entity-10";
    if (i % (size / 100) == 2) stream = "ext/entity-100";
    if (i % (size / 1000) == 1) stream = "ext/entity-1000";
    storage::AppendRequest request;
    request.stream = std::move(stream);
    request.actor = "bench";
    request.events.push_back(
        {storage::NewRandomUuid(), "NoteRecorded", absl::Now(), "", "", std::string(120, 'x')});
    if (!log->Append(std::move(request)).ok()) std::abort();
  }
  return log;
}

double IndexSeconds(const program::TimelineIndex& index, int matches, size_t* found) {
  program::TimelineQuery query;
  query.entity = absl::StrCat("ext/entity-", matches);
  query.limit = 1000;
  const absl::Time start = absl::Now();
  *found = index.Find(query).value().events.size();
  return absl::ToDoubleSeconds(absl::Now() - start);
}

double ScanSeconds(const storage::EventLog& log, int matches, size_t* found) {
  const std::string stream = absl::StrCat("ext/entity-", matches);
  const absl::Time start = absl::Now();
  *found = 0;
  for (uint64_t position = 0; position < log.Size();) {
    std::vector<storage::StoredEvent> page = log.ReadAll(position, 1000).value();
    for (const storage::StoredEvent& e : page) *found += e.record.stream() == stream ? 1 : 0;
    position += page.size();
  }
  return absl::ToDoubleSeconds(absl::Now() - start);
}

int Main() {
  std::printf("%10s %8s %16s %16s %14s\n", "log", "matches", "index ms, first", "index ms, warm",
              "full scan ms");
  std::map<int, std::vector<std::pair<uint64_t, double>>> warm;  // matches -> (size, seconds)
  for (absl::string_view text : absl::StrSplit(absl::GetFlag(FLAGS_sizes), ',')) {
    uint64_t size = 0;
    if (!absl::SimpleAtoi(text, &size) || size < 5000) {
      std::fprintf(stderr, "--sizes: %s is not a size of at least 5000\n",
                   std::string(text).c_str());
      return 2;
    }
    const std::string base = absl::StrCat(absl::GetFlag(FLAGS_dir), "/minhbach-bench-timeline");
    std::unique_ptr<storage::EventLog> log = BuildLog(base + "-log", size);
    std::unique_ptr<program::TimelineIndex> index =
        program::TimelineIndex::Open(log.get(), base + "-index", /*rebuild=*/true,
                                     [](const absl::Status&) {})
            .value();
    const absl::Time index_start = absl::Now();
    if (!index->CatchUp().ok()) return 1;
    const double index_build = absl::ToDoubleSeconds(absl::Now() - index_start);
    std::printf("%10llu events indexed in %.2f s: %.0f events/s\n",
                static_cast<unsigned long long>(size), index_build, size / index_build);
    for (int matches : kMatches) {
      if (!absl::StrContains(absl::StrCat(",", absl::GetFlag(FLAGS_matches), ","),
                             absl::StrCat(",", matches, ","))) {
        continue;
      }
      size_t by_index = 0, by_scan = 0;
      const double scan_seconds = ScanSeconds(*log, matches, &by_scan);
      const double first_seconds = IndexSeconds(*index, matches, &by_index);
      double warm_seconds = first_seconds;
      for (int i = 0; i < absl::GetFlag(FLAGS_repeats); ++i) {
        warm_seconds = std::min(warm_seconds, IndexSeconds(*index, matches, &by_index));
      }
      if (by_index != by_scan) {
        std::fprintf(stderr, "the index found %zu events, the scan %zu\n", by_index, by_scan);
        return 1;
      }
      std::printf("%10llu %8zu %16.3f %16.3f %14.1f\n", static_cast<unsigned long long>(size),
                  by_index, first_seconds * 1000, warm_seconds * 1000, scan_seconds * 1000);
      warm[matches].emplace_back(size, warm_seconds);
    }
    index.reset();
    log.reset();
    std::filesystem::remove_all(base + "-log");
    std::filesystem::remove_all(base + "-index");
  }
  // The measure: the same answer from the largest log against the
  // smallest (aim: at most 1.5x).
  for (auto& [matches, runs] : warm) {
    if (runs.size() < 2) continue;
    std::sort(runs.begin(), runs.end());  // by log size, whatever order --sizes gave
    std::printf("%d matches, warm: %llu events / %llu events = %.2fx\n", matches,
                static_cast<unsigned long long>(runs.back().first),
                static_cast<unsigned long long>(runs.front().first),
                runs.back().second / runs.front().second);
  }
  return 0;
}

}  // namespace
}  // namespace minhbach::bench

int main(int argc, char** argv) {
  minhbach::storage::UseServerProcessSettings();
  absl::ParseCommandLine(argc, argv);
  return minhbach::bench::Main();
}
