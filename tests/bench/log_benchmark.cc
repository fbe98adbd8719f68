// Append throughput and latency of the event log, beside raw RocksDB and a
// bare write+fdatasync measured on the same disk in the same run.
//
//   minhbach_log_benchmark [--dir=/var/tmp] [--seconds=3] [--threads=1,8,64]
//
// Prints one row per case and the ratios the README quotes. No pass/fail:
// the figures are for reading side by side, not for asserting.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rocksdb/db.h"
#include "storage/event_log.h"
#include "storage/process_settings.h"
#include "storage/uuid.h"
#include "tests/bench/load_runner.h"

ABSL_FLAG(std::string, dir, "/var/tmp", "directory on the disk to measure");
ABSL_FLAG(double, seconds, 3, "duration of each case");
ABSL_FLAG(std::string, threads, "1,8,64", "writer thread counts");
ABSL_FLAG(int, payload_bytes, 200, "payload size of each event");

namespace minhbach::bench {
namespace {

using storage::AppendRequest;
using storage::EventLog;
using storage::LogOptions;

std::string FreshDir(const std::string& name) {
  const std::string path = absl::StrCat(absl::GetFlag(FLAGS_dir), "/minhbach-bench-", name);
  std::filesystem::remove_all(path);
  return path;
}

LoadResult RunLog(int threads, bool tree) {
  const std::string path = FreshDir(absl::StrCat("log-", threads, tree ? "-tree" : "-notree"));
  LogOptions options;
  options.maintain_merkle_tree = tree;
  std::unique_ptr<EventLog> log = EventLog::Open(path, options).value();
  const std::string payload(absl::GetFlag(FLAGS_payload_bytes), 'p');
  LoadResult result =
      RunLoad(threads, absl::Seconds(absl::GetFlag(FLAGS_seconds)), [&](int thread, uint64_t) {
        AppendRequest request;
        request.stream = absl::StrCat("bench-", thread);
        request.actor = "bench";
        request.events.push_back(
            {storage::NewRandomUuid(), "Benchmarked", absl::Now(), "", "", payload});
        return log->Append(std::move(request)).ok();
      });
  log.reset();
  std::filesystem::remove_all(path);
  return result;
}

LoadResult RunRawRocksDb(int threads) {
  const std::string path = FreshDir(absl::StrCat("raw-", threads));
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, path, &raw).ok()) std::abort();
  std::unique_ptr<rocksdb::DB> db(raw);
  // The same bytes the log stores per event: a ~300-byte record and three index entries.
  const std::string value(absl::GetFlag(FLAGS_payload_bytes) + 100, 'v');
  rocksdb::WriteOptions sync;
  sync.sync = true;
  LoadResult result =
      RunLoad(threads, absl::Seconds(absl::GetFlag(FLAGS_seconds)), [&](int thread, uint64_t i) {
        return db->Put(sync, absl::StrCat(thread, "/", i), value).ok();
      });
  db.reset();
  std::filesystem::remove_all(path);
  return result;
}

LoadResult RunBareFdatasync() {
  const std::string path = FreshDir("fdatasync");
  std::filesystem::create_directories(path);
  const int fd = open((path + "/file").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) std::abort();
  const std::string record(absl::GetFlag(FLAGS_payload_bytes) + 100, 'r');
  LoadResult result = RunLoad(1, absl::Seconds(absl::GetFlag(FLAGS_seconds)), [&](int, uint64_t) {
    return write(fd, record.data(), record.size()) == static_cast<ssize_t>(record.size()) &&
           fdatasync(fd) == 0;
  });
  close(fd);
  std::filesystem::remove_all(path);
  return result;
}

int Main() {
  std::vector<int> thread_counts;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_threads), ',')) {
    int n = 0;
    if (absl::SimpleAtoi(part, &n) && n > 0) thread_counts.push_back(n);
  }
  std::printf("minhbach log benchmark: durable mode, %d-byte payloads, %.1f s per case, in %s\n",
              absl::GetFlag(FLAGS_payload_bytes), absl::GetFlag(FLAGS_seconds),
              absl::GetFlag(FLAGS_dir).c_str());
  PrintHeader();
  const LoadResult bare = RunBareFdatasync();
  PrintRow("bare write+fdatasync", 1, bare);
  std::map<int, LoadResult> log, raw, no_tree;
  for (int threads : thread_counts) {
    raw[threads] = RunRawRocksDb(threads);
    PrintRow("raw RocksDB Put sync=true", threads, raw[threads]);
    no_tree[threads] = RunLog(threads, /*tree=*/false);
    PrintRow("log append, no Merkle tree", threads, no_tree[threads]);
    log[threads] = RunLog(threads, /*tree=*/true);
    PrintRow("log append (durable, with tree)", threads, log[threads]);
  }
  std::printf("\nratios (same run):\n");
  for (int threads : thread_counts) {
    std::printf("  %2d writers: log/raw throughput %.2f; tree/no-tree throughput %.2f\n", threads,
                log[threads].ops_per_second / raw[threads].ops_per_second,
                log[threads].ops_per_second / no_tree[threads].ops_per_second);
  }
  if (log.count(1)) {
    std::printf("  1 writer: log p50 / bare write+fdatasync p50 = %.2f\n",
                log[1].p50_micros / bare.p50_micros);
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
