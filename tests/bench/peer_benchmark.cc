// minhbach beside the databases a ministry might deploy instead, in one run:
// PostgreSQL 15 (one event per transaction into an event-store table,
// synchronous_commit=on) and Redis 7 (XADD, appendfsync always), both started
// here from Debian's packages in a scratch directory on loopback, then
// minhbachd (a child process) over gRPC, the gRPC empty call, minhbach's
// cheapest call (GetEvent) and the in-process log. Same workload for all:
// `--payload_bytes` events, each durable before it is acknowledged, one
// request in flight per client.
//
//   minhbach_peer_benchmark [--dir=/var/tmp] [--seconds=3] [--clients=1,8,64]
//
// The peers' clients are event loops (libpq and hiredis async, every
// connection on one thread with poll), minhbach's the gRPC callback API, so
// that 64 clients on two cores measure the servers, not 64 blocking threads.
// The in-process log is called from N threads (its API blocks). No pass/fail:
// the figures are read beside each other, with their ratios.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/connection.h"
#include "storage/event_log.h"
#include "storage/process_settings.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"
#include "tests/bench/commit_stats_scrape.h"
#include "tests/bench/fdatasync_probe.h"
#include "tests/bench/grpc_async_load.h"
#include "tests/bench/grpc_batch_load.h"
#include "tests/bench/latency_log.h"
#include "tests/bench/load_runner.h"
#include "tests/bench/peer_processes.h"
#include "tests/bench/postgres_load.h"
#include "tests/bench/redis_load.h"
#include "tests/server_process.h"

ABSL_FLAG(std::string, dir, "/var/tmp", "where the scratch directory is made (one disk for all)");
ABSL_FLAG(double, seconds, 3, "duration of each case (all its slices)");
ABSL_FLAG(int, rounds, 3, "slices of each case, the cases taking turns");
ABSL_FLAG(std::string, clients, "1,8,64", "concurrent client counts");
ABSL_FLAG(int, payload_bytes, 300, "payload size of each event");
ABSL_FLAG(int, batch_appends, 16, "appends in each BatchAppend message (one message in flight)");
ABSL_FLAG(int, clients_per_channel, 8, "minhbach clients sharing one HTTP/2 connection");
ABSL_FLAG(std::string, server, MINHBACH_SERVER_PATH, "the minhbachd to start");
ABSL_FLAG(std::string, postgres_bin, "/usr/lib/postgresql/15/bin", "initdb and postgres");
ABSL_FLAG(std::string, redis_server, "/usr/bin/redis-server", "the redis-server to start");
ABSL_FLAG(std::string, run_as, "nobody", "as root: the user the peers run as");
ABSL_FLAG(std::string, only, "",
          "for profiling minhbachd (its pid is printed): 'append' or 'batch' runs that case "
          "alone, no peers, no ratios");
ABSL_FLAG(bool, keep, false, "keep the scratch directory (logs of every server)");

namespace minhbach::bench {
namespace {

struct Subjects {
  std::string scratch;
  PostgresPeer postgres;
  RedisPeer redis;
  std::optional<testing::ServerProcess> minhbachd;
  std::optional<GrpcChannels> channels;
  std::unique_ptr<storage::EventLog> log;

  ~Subjects() {
    channels.reset();
    if (minhbachd) minhbachd->Stop(SIGTERM);
    log.reset();
    postgres.process.reset();
    redis.process.reset();
    std::error_code ignored;
    if (!scratch.empty() && !absl::GetFlag(FLAGS_keep))
      std::filesystem::remove_all(scratch, ignored);
  }
};

struct Row {
  LoadResult postgres, redis, append, batch, empty, read, in_process;
};

absl::StatusOr<std::vector<int>> ClientCounts() {
  std::vector<int> counts;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_clients), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--clients must be positive counts separated by commas, not '",
                       absl::GetFlag(FLAGS_clients), "'"));
    }
    counts.push_back(n);
  }
  return counts;
}

absl::Status MakeScratch(Subjects& subjects) {
  std::string pattern = absl::GetFlag(FLAGS_dir) + "/minhbach-peer-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr || chmod(pattern.c_str(), 0755) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot make a directory in --dir=", absl::GetFlag(FLAGS_dir)));
  }
  subjects.scratch = pattern;
  return absl::OkStatus();
}

absl::Status StartMinhbach(Subjects& subjects, int max_clients) {
  const std::string data_dir = subjects.scratch + "/minhbachd";
  ASSIGN_OR_RETURN(subjects.minhbachd,
                   testing::ServerProcess::Start(absl::GetFlag(FLAGS_server), data_dir,
                                                 subjects.scratch + "/minhbachd.log",
                                                 {"--metrics_listen=127.0.0.1:0"}));
  const std::map<std::string, std::string> tokens =
      clients::ReadClientTokens(data_dir + "/client-tokens");
  if (tokens.count("service") == 0) {
    return absl::FailedPreconditionError("no 'service' token in " + data_dir + "/client-tokens");
  }
  ASSIGN_OR_RETURN(subjects.channels,
                   GrpcChannels::Connect(subjects.minhbachd->address(), tokens.at("service"),
                                         max_clients, absl::GetFlag(FLAGS_clients_per_channel)));
  ASSIGN_OR_RETURN(subjects.log, storage::EventLog::Open(subjects.scratch + "/in-process-log",
                                                         storage::LogOptions()));
  return absl::OkStatus();
}

absl::Status Setup(Subjects& subjects, int max_clients) {
  if (absl::GetFlag(FLAGS_seconds) <= 0 || absl::GetFlag(FLAGS_payload_bytes) < 0 ||
      absl::GetFlag(FLAGS_clients_per_channel) <= 0 || absl::GetFlag(FLAGS_rounds) <= 0) {
    return absl::InvalidArgumentError(
        "--seconds, --rounds and --clients_per_channel must be > 0, --payload_bytes >= 0");
  }
  RETURN_IF_ERROR(MakeScratch(subjects));
  const std::string run_as = absl::GetFlag(FLAGS_run_as);
  const std::string only = absl::GetFlag(FLAGS_only);
  if (only != "" && only != "append" && only != "batch") {
    return absl::InvalidArgumentError(
        absl::StrCat("--only is 'append' or 'batch' (or empty for every case), not '", only, "'"));
  }
  if (!only.empty()) return StartMinhbach(subjects, max_clients);
  ASSIGN_OR_RETURN(subjects.postgres,
                   StartPostgres(absl::GetFlag(FLAGS_postgres_bin), subjects.scratch, run_as));
  ASSIGN_OR_RETURN(subjects.redis,
                   StartRedis(absl::GetFlag(FLAGS_redis_server), subjects.scratch, run_as));
  return StartMinhbach(subjects, max_clients);
}

// The in-process log's API blocks: one thread per client.
void RunInProcess(storage::EventLog& log, int clients, absl::Duration duration,
                  const std::string& payload, int round, LatencyLog& latencies) {
  latencies.Start(duration);
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client) {
    threads.emplace_back([&, client] {
      while (latencies.Running()) {
        storage::AppendRequest request;
        request.stream = absl::StrCat("ext/load-", round, "-", client);
        request.actor = "bench";
        request.events.push_back(
            {storage::NewRandomUuid(), "Benchmarked", absl::Now(), "", "", payload});
        const absl::Time issued = absl::Now();
        latencies.Record(issued, log.Append(std::move(request)).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  latencies.Stop();
}

// CPU time of this process (the clients) and of minhbachd, from the kernel,
// and minhbachd's commit groups.
struct CpuTimes {
  absl::Duration client, server;
  storage::CommitStats commits;
};

absl::Duration ProcessCpu(pid_t pid) {
  std::istringstream stat(testing::ReadWholeFile(absl::StrCat("/proc/", pid, "/stat")));
  std::string field;
  long ticks = 0;
  for (int i = 1; i <= 15 && stat >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stol(field);  // utime, stime (after "(comm)")
  }
  return absl::Seconds(static_cast<double>(ticks) / sysconf(_SC_CLK_TCK));
}

CpuTimes CpuNow(const Subjects& subjects) {
  return {ProcessCpu(getpid()), ProcessCpu(subjects.minhbachd->pid()), {}};
}

struct Logs {
  LatencyLog postgres, redis, append, batch, empty, read, in_process;
  CpuTimes append_cpu, batch_cpu;  // spent during the Append and BatchAppend slices
};

// Runs one minhbachd case and adds the CPU both sides spent meanwhile, and
// minhbachd's commit groups.
template <typename Run>
absl::Status Measured(const Subjects& subjects, CpuTimes& spent, Run run) {
  const int metrics_port = subjects.minhbachd->metrics_port();
  ASSIGN_OR_RETURN(const storage::CommitStats commits_before, ScrapeCommitStats(metrics_port));
  const CpuTimes before = CpuNow(subjects);
  run();
  const CpuTimes after = CpuNow(subjects);
  ASSIGN_OR_RETURN(const storage::CommitStats commits_after, ScrapeCommitStats(metrics_port));
  spent.client += after.client - before.client;
  spent.server += after.server - before.server;
  AddDifference(commits_after, commits_before, spent.commits);
  return absl::OkStatus();
}

void PrintCpu(const char* what, const CpuTimes& spent, const LoadResult& result) {
  const double operations = std::max<double>(1, result.operations);
  std::printf("%-39s CPU per %s: client %.0f us, minhbachd %.0f us\n", "", what,
              absl::ToDoubleMicroseconds(spent.client) / operations,
              absl::ToDoubleMicroseconds(spent.server) / operations);
  std::printf("%-39s %s\n", "", DescribeGroups(spent.commits).c_str());
}

// One slice of each case at `clients`, in turn.
absl::Status RunSlices(Subjects& subjects, int clients, absl::Duration slice, int round,
                       Logs& logs) {
  const std::string payload(absl::GetFlag(FLAGS_payload_bytes), 'p');
  const std::string only = absl::GetFlag(FLAGS_only);
  if (only.empty()) {
    RETURN_IF_ERROR(RunPostgresAppends(subjects.postgres.conninfo, clients, slice, payload, round,
                                       logs.postgres));
    RETURN_IF_ERROR(
        RunRedisAppends(subjects.redis.port, clients, slice, payload, round, logs.redis));
  }
  if (only.empty() || only == "append") {
    RETURN_IF_ERROR(Measured(subjects, logs.append_cpu, [&] {
      RunGrpcAppends(*subjects.channels, clients, slice, payload, round, logs.append);
    }));
  }
  if (only.empty() || only == "batch") {
    RETURN_IF_ERROR(Measured(subjects, logs.batch_cpu, [&] {
      RunGrpcBatchAppends(*subjects.channels, clients, absl::GetFlag(FLAGS_batch_appends), slice,
                          payload, round, logs.batch);
    }));
  }
  if (!only.empty()) return absl::OkStatus();
  RunGrpcEmptyCalls(*subjects.channels, clients, slice, logs.empty);
  RunGrpcReads(*subjects.channels, clients, slice, logs.read);
  RunInProcess(*subjects.log, clients, slice, payload, round, logs.in_process);
  return absl::OkStatus();
}

// The cases at `clients`, taking turns for --rounds slices each (so that
// a noisy moment of the shared machine falls on all of them alike).
absl::StatusOr<Row> RunRow(Subjects& subjects, int clients, int& round) {
  const int rounds = absl::GetFlag(FLAGS_rounds);
  const absl::Duration slice = absl::Seconds(absl::GetFlag(FLAGS_seconds)) / rounds;
  Logs logs;
  for (int i = 0; i < rounds; ++i)
    RETURN_IF_ERROR(RunSlices(subjects, clients, slice, round++, logs));
  Row row{logs.postgres.Summarize(),  logs.redis.Summarize(), logs.append.Summarize(),
          logs.batch.Summarize(),     logs.empty.Summarize(), logs.read.Summarize(),
          logs.in_process.Summarize()};
  const std::string only = absl::GetFlag(FLAGS_only);
  if (only.empty()) {
    PrintRow("PostgreSQL INSERT (1 event/txn)", clients, row.postgres);
    PrintRow("Redis XADD (appendfsync always)", clients, row.redis);
  }
  if (only.empty() || only == "append") {
    PrintRow("minhbach Append over gRPC", clients, row.append);
    PrintCpu("append", logs.append_cpu, row.append);
  }
  if (only.empty() || only == "batch") {
    PrintRow(
        absl::StrCat("minhbach BatchAppend (", absl::GetFlag(FLAGS_batch_appends), "/message)"),
        clients, row.batch);
    PrintCpu("append", logs.batch_cpu, row.batch);
  }
  if (!only.empty()) return row;
  PrintRow("gRPC empty call (health Check)", clients, row.empty);
  PrintRow("minhbach GetEvent (token, 1 read)", clients, row.read);
  PrintRow("minhbach in-process log Append", clients, row.in_process);
  return row;
}

void PrintRatios(const std::map<int, Row>& rows) {
  std::printf("\nratios (same run, throughput):\n");
  for (const auto& [clients, row] : rows) {
    std::printf(
        "  %2d clients: minhbach/PostgreSQL %.2f; minhbach/Redis %.2f; minhbach/in-process %.2f; "
        "minhbach/empty call %.2f\n"
        "              BatchAppend: /PostgreSQL %.2f; /Redis %.2f; /in-process %.2f\n",
        clients, row.append.ops_per_second / row.postgres.ops_per_second,
        row.append.ops_per_second / row.redis.ops_per_second,
        row.append.ops_per_second / row.in_process.ops_per_second,
        row.append.ops_per_second / row.empty.ops_per_second,
        row.batch.ops_per_second / row.postgres.ops_per_second,
        row.batch.ops_per_second / row.redis.ops_per_second,
        row.batch.ops_per_second / row.in_process.ops_per_second);
    // Issue 15's latency goal: an append costs an fsync plus a call, no more.
    std::printf(
        "              p50: Append %.0f us; in-process %.0f + empty call %.0f = %.0f us "
        "(x1.1: %.0f); in-process + GetEvent %.0f us\n",
        row.append.p50_micros, row.in_process.p50_micros, row.empty.p50_micros,
        row.in_process.p50_micros + row.empty.p50_micros,
        1.1 * (row.in_process.p50_micros + row.empty.p50_micros),
        row.in_process.p50_micros + row.read.p50_micros);
  }
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "minhbach_peer_benchmark: %s\n", std::string(status.message()).c_str());
  return 1;
}

int Main() {
  absl::StatusOr<std::vector<int>> counts = ClientCounts();
  if (!counts.ok()) return Fail(counts.status());
  Subjects subjects;
  if (absl::Status setup = Setup(subjects, *std::max_element(counts->begin(), counts->end()));
      !setup.ok()) {
    return Fail(setup);
  }
  std::printf(
      "minhbach peer benchmark: %d-byte events, durable before acknowledged, %.1f s per case, "
      "%d turns, %u CPUs, data in %s\n",
      absl::GetFlag(FLAGS_payload_bytes), absl::GetFlag(FLAGS_seconds), absl::GetFlag(FLAGS_rounds),
      std::thread::hardware_concurrency(), subjects.scratch.c_str());
  std::printf("minhbachd pid %d\n", subjects.minhbachd->pid());
  PrintHeader();
  std::map<int, Row> rows;
  int round = 1;
  for (int clients : *counts) {
    absl::StatusOr<Row> row = RunRow(subjects, clients, round);
    if (!row.ok()) return Fail(row.status());
    rows[clients] = *row;
  }
  if (absl::GetFlag(FLAGS_only).empty()) {
    PrintRatios(rows);
    // What bounds one client (README): the write-ahead log's fdatasync.
    absl::StatusOr<FdatasyncCosts> sync =
        MeasureFdatasync(subjects.scratch, 2000, absl::GetFlag(FLAGS_payload_bytes) + 200);
    if (!sync.ok()) return Fail(sync.status());
    std::printf(
        "\nfdatasync of one %d-byte write on this disk, p50: %.0f us appending (the file grows, so "
        "its inode is written too, as for RocksDB's write-ahead log); %.0f us overwriting (as "
        "PostgreSQL's preallocated WAL segments)\n",
        absl::GetFlag(FLAGS_payload_bytes) + 200, sync->appending_p50_micros,
        sync->overwriting_p50_micros);
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
