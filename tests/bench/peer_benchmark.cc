// minhbach beside the databases a ministry might deploy instead, in one run:
// PostgreSQL 15 (one event per transaction into an event-store table,
// synchronous_commit=on) and Redis 7 (XADD, appendfsync always), both started
// here from Debian's packages in a scratch directory on loopback, then
// minhbachd (a child process) over gRPC, the gRPC empty call and the
// in-process log. Same workload for all: `--payload_bytes` events, each
// durable before it is acknowledged, one request in flight per client.
//
//   minhbach_peer_benchmark [--dir=/var/tmp] [--seconds=3] [--clients=1,8,64]
//
// The peers' clients are event loops (libpq and hiredis async, every
// connection on one thread with poll), minhbach's the gRPC callback API, so
// that 64 clients on two cores measure the servers, not 64 blocking threads.
// The in-process log is called from N threads (its API blocks). No pass/fail:
// the figures are read beside each other, with their ratios.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <map>
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
#include "storage/status_macros.h"
#include "storage/uuid.h"
#include "tests/bench/grpc_async_load.h"
#include "tests/bench/load_runner.h"
#include "tests/bench/peer_processes.h"
#include "tests/bench/postgres_load.h"
#include "tests/bench/redis_load.h"
#include "tests/server_process.h"

ABSL_FLAG(std::string, dir, "/var/tmp", "where the scratch directory is made (one disk for all)");
ABSL_FLAG(double, seconds, 3, "duration of each case");
ABSL_FLAG(std::string, clients, "1,8,64", "concurrent client counts");
ABSL_FLAG(int, payload_bytes, 300, "payload size of each event");
ABSL_FLAG(int, clients_per_channel, 8, "minhbach clients sharing one HTTP/2 connection");
ABSL_FLAG(std::string, server, MINHBACH_SERVER_PATH, "the minhbachd to start");
ABSL_FLAG(std::string, postgres_bin, "/usr/lib/postgresql/15/bin", "initdb and postgres");
ABSL_FLAG(std::string, redis_server, "/usr/bin/redis-server", "the redis-server to start");
ABSL_FLAG(std::string, run_as, "nobody", "as root: the user the peers run as");
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
  LoadResult postgres, redis, append, empty, in_process;
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
                                                 subjects.scratch + "/minhbachd.log"));
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
      absl::GetFlag(FLAGS_clients_per_channel) <= 0) {
    return absl::InvalidArgumentError(
        "--seconds and --clients_per_channel must be > 0, --payload_bytes >= 0");
  }
  RETURN_IF_ERROR(MakeScratch(subjects));
  const std::string run_as = absl::GetFlag(FLAGS_run_as);
  ASSIGN_OR_RETURN(subjects.postgres,
                   StartPostgres(absl::GetFlag(FLAGS_postgres_bin), subjects.scratch, run_as));
  ASSIGN_OR_RETURN(subjects.redis,
                   StartRedis(absl::GetFlag(FLAGS_redis_server), subjects.scratch, run_as));
  return StartMinhbach(subjects, max_clients);
}

LoadResult RunInProcess(storage::EventLog& log, int clients, const std::string& payload,
                        int round) {
  return RunLoad(clients, absl::Seconds(absl::GetFlag(FLAGS_seconds)), [&](int client, uint64_t) {
    storage::AppendRequest request;
    request.stream = absl::StrCat("ext/load-", round, "-", client);
    request.actor = "bench";
    request.events.push_back(
        {storage::NewRandomUuid(), "Benchmarked", absl::Now(), "", "", payload});
    return log.Append(std::move(request)).ok();
  });
}

// The five cases at `clients`; the peers' setup errors end the run.
absl::StatusOr<Row> RunRow(Subjects& subjects, int clients, int round) {
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  const std::string payload(absl::GetFlag(FLAGS_payload_bytes), 'p');
  Row row;
  ASSIGN_OR_RETURN(row.postgres, RunPostgresAppends(subjects.postgres.conninfo, clients, duration,
                                                    payload, round));
  PrintRow("PostgreSQL INSERT (1 event/txn)", clients, row.postgres);
  ASSIGN_OR_RETURN(row.redis,
                   RunRedisAppends(subjects.redis.port, clients, duration, payload, round));
  PrintRow("Redis XADD (appendfsync always)", clients, row.redis);
  row.append = RunGrpcAppends(*subjects.channels, clients, duration, payload, round);
  PrintRow("minhbach Append over gRPC", clients, row.append);
  row.empty = RunGrpcEmptyCalls(*subjects.channels, clients, duration);
  PrintRow("gRPC empty call (health Check)", clients, row.empty);
  row.in_process = RunInProcess(*subjects.log, clients, payload, round);
  PrintRow("minhbach in-process log Append", clients, row.in_process);
  return row;
}

void PrintRatios(const std::map<int, Row>& rows) {
  std::printf("\nratios (same run, throughput):\n");
  for (const auto& [clients, row] : rows) {
    std::printf(
        "  %2d clients: minhbach/PostgreSQL %.2f; minhbach/Redis %.2f; minhbach/in-process %.2f; "
        "minhbach/empty call %.2f\n",
        clients, row.append.ops_per_second / row.postgres.ops_per_second,
        row.append.ops_per_second / row.redis.ops_per_second,
        row.append.ops_per_second / row.in_process.ops_per_second,
        row.append.ops_per_second / row.empty.ops_per_second);
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
      "%u CPUs, data in %s\n",
      absl::GetFlag(FLAGS_payload_bytes), absl::GetFlag(FLAGS_seconds),
      std::thread::hardware_concurrency(), subjects.scratch.c_str());
  PrintHeader();
  std::map<int, Row> rows;
  int round = 1;
  for (int clients : *counts) {
    absl::StatusOr<Row> row = RunRow(subjects, clients, round++);
    if (!row.ok()) return Fail(row.status());
    rows[clients] = *row;
  }
  PrintRatios(rows);
  return 0;
}

}  // namespace
}  // namespace minhbach::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return minhbach::bench::Main();
}
