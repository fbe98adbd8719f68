// Many logs in one server (services/server/log_host.h) under a mixed load:
// per-log append latency with --logs logs against one log, in the same run,
// beside a plain single-log server without the relay.
//
//   minhbach_host_benchmark [--logs=300] [--clients=16] [--seconds=5] [--rounds=2]
//                           [--read_share=0.2] [--dir=/var/tmp]
//   minhbach_host_benchmark --servers=H1:P1,H2:P2 --logs_dirs=D1,D2 [--clients=32]
//
// Without --servers: the logs are made with `minhbach-admin log create` (its
// code, in this process) under a fresh directory, then three cases take
// turns, --rounds times each: a plain server (one log, no relay), a host of
// one log, and a host of --logs logs. Each client thread does, one call at
// a time, either a read (GetCheckpoint, with probability --read_share) or an
// append of one event to its own stream, each to a log drawn at random with
// that log's own token. Append latencies are summarised apart from reads.
// With --servers: the load alone, against running hosts whose logs are in
// --logs_dirs (same order), for the simulation (deploy/simulate-scale.sh).
// No pass/fail: the figures are for reading side by side.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/admin/admin_command.h"
#include "clients/connection.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/server/log_host.h"
#include "services/server/server.h"
#include "storage/process_settings.h"
#include "storage/uuid.h"

ABSL_FLAG(std::string, dir, "/var/tmp", "where the fresh logs are made");
ABSL_FLAG(int, logs, 300, "logs in the many-log host");
ABSL_FLAG(int, clients, 16, "concurrent client threads");
ABSL_FLAG(double, seconds, 5, "duration of each case, each round");
ABSL_FLAG(int, rounds, 2, "rounds: the cases take turns, so each meets the machine's bad moments");
ABSL_FLAG(double, read_share, 0.2, "share of calls that are reads (GetCheckpoint)");
ABSL_FLAG(int, payload_bytes, 200, "payload size of each appended event");
ABSL_FLAG(std::string, servers, "", "load only: running hosts, host:port,...");
ABSL_FLAG(std::string, logs_dirs, "", "load only: each host's --logs_dir, in the same order");

namespace minhbach::bench {
namespace {

namespace fs = std::filesystem;

// One log the load may call: where, which name, with which token.
struct Target {
  std::shared_ptr<grpc::Channel> channel;
  std::string log;  // empty: a plain server
  std::string token;
};

struct Figures {
  std::vector<double> append_micros;
  uint64_t reads = 0, errors = 0;
  double seconds = 0;
};

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(sorted.size() * p))];
}

// The mixed load over `targets` for `duration`; adds to `figures`.
void RunMixed(const std::vector<Target>& targets, int clients, absl::Duration duration,
              Figures& figures) {
  std::vector<std::vector<double>> appends(clients);
  std::atomic<uint64_t> reads{0}, errors{0};
  const double read_share = absl::GetFlag(FLAGS_read_share);
  const std::string payload(absl::GetFlag(FLAGS_payload_bytes), 'x');
  const absl::Time start = absl::Now(), stop = start + duration;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937_64 random(c * 7919 + getpid());
      std::uniform_int_distribution<size_t> pick(0, targets.size() - 1);
      std::uniform_real_distribution<double> coin(0, 1);
      while (absl::Now() < stop) {
        const Target& target = targets[pick(random)];
        grpc::ClientContext context;
        if (!target.log.empty()) context.AddMetadata("minhbach-log", target.log);
        context.AddMetadata("authorization", "Bearer " + target.token);
        context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
        if (coin(random) < read_share) {
          v1::SignedCheckpoint head;
          const bool ok = v1::Audit::NewStub(target.channel)
                              ->GetCheckpoint(&context, v1::GetCheckpointRequest(), &head)
                              .ok();
          ++(ok ? reads : errors);
          continue;
        }
        v1::AppendRequest request;
        request.set_stream(absl::StrCat("ext/load-", c));
        v1::NewEvent* event = request.add_events();
        event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
        event->set_event_type("Load");
        event->set_payload(payload);
        v1::AppendResponse response;
        const absl::Time before = absl::Now();
        const bool ok =
            v1::EventLog::NewStub(target.channel)->Append(&context, request, &response).ok();
        if (ok) {
          appends[c].push_back(absl::ToDoubleMicroseconds(absl::Now() - before));
        } else {
          ++errors;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  figures.seconds += absl::ToDoubleSeconds(absl::Now() - start);
  for (const auto& one : appends) {
    figures.append_micros.insert(figures.append_micros.end(), one.begin(), one.end());
  }
  figures.reads += reads;
  figures.errors += errors;
}

struct Summary {
  double appends_per_second = 0, p50 = 0, p99 = 0, reads_per_second = 0;
  uint64_t errors = 0;
};

Summary Summarize(Figures& figures) {
  std::sort(figures.append_micros.begin(), figures.append_micros.end());
  Summary s;
  s.appends_per_second = figures.append_micros.size() / figures.seconds;
  s.p50 = Percentile(figures.append_micros, 0.5);
  s.p99 = Percentile(figures.append_micros, 0.99);
  s.reads_per_second = figures.reads / figures.seconds;
  s.errors = figures.errors;
  return s;
}

void PrintRow(const std::string& name, const Summary& s) {
  std::printf("%-30s %11.0f %11.0f %11.0f %9.0f %7llu\n", name.c_str(), s.appends_per_second, s.p50,
              s.p99, s.reads_per_second, static_cast<unsigned long long>(s.errors));
  std::fflush(stdout);
}

void PrintHeader() {
  std::printf("%-30s %11s %11s %11s %9s %7s\n", "case", "appends/s", "p50 us", "p99 us", "reads/s",
              "errors");
}

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

// A target for each log of `logs_dir` behind `address`, each with its own
// quick-start service token.
std::vector<Target> TargetsOf(const std::string& address, const std::string& logs_dir) {
  std::vector<Target> targets;
  // A few channels, shared: a real province would not open one per log.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("minhbach.channel", i);  // distinct connections
    channels.push_back(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments));
  }
  for (const std::string& log : services::FindLogs(logs_dir)) {
    auto tokens = clients::ReadClientTokens(logs_dir + "/" + log + "/client-tokens");
    targets.push_back({channels[targets.size() % channels.size()], log, tokens["service"]});
  }
  return targets;
}

// `count` logs made by minhbach-admin's code under `logs_dir`, a few at once.
void CreateLogs(const std::string& logs_dir, int count) {
  std::atomic<int> next{0};
  std::vector<std::thread> makers;
  for (int m = 0; m < 8; ++m) {
    makers.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        std::ostringstream out, err;
        const std::string name = absl::StrFormat("xa-%03d/2026-2030", i + 1);
        if (clients::admin::RunAdmin({"log", "create", name, "--logs_dir=" + logs_dir}, absl::Now(),
                                     out, err) != 0) {
          std::fprintf(stderr, "cannot create %s: %s\n", name.c_str(), err.str().c_str());
          std::exit(1);
        }
      }
    });
  }
  for (std::thread& maker : makers) maker.join();
}

std::unique_ptr<services::LogHost> StartHost(const std::string& logs_dir) {
  services::LogHostOptions options;
  options.logs_dir = logs_dir;
  options.listen = "127.0.0.1:0";
  options.log_options.command_threads = 1;
  options.log_options.scrub_bytes_per_second = 0;
  absl::StatusOr<std::unique_ptr<services::LogHost>> host = services::LogHost::Start(options);
  if (!host.ok()) {
    std::fprintf(stderr, "cannot start a host of %s: %s\n", logs_dir.c_str(),
                 host.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(host);
}

std::string ProcessFigure(const char* field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (absl::StartsWith(line, field))
      return std::string(absl::StripAsciiWhitespace(line.substr(strlen(field))));
  }
  return "?";
}

int LoadOnly() {
  std::vector<std::string> servers = absl::StrSplit(absl::GetFlag(FLAGS_servers), ',');
  std::vector<std::string> dirs = absl::StrSplit(absl::GetFlag(FLAGS_logs_dirs), ',');
  if (servers.size() != dirs.size()) {
    std::fprintf(stderr, "give one --logs_dirs entry per --servers entry\n");
    return 2;
  }
  std::vector<Target> targets;
  for (size_t i = 0; i < servers.size(); ++i) {
    std::vector<Target> more = TargetsOf(servers[i], dirs[i]);
    targets.insert(targets.end(), more.begin(), more.end());
  }
  if (targets.empty()) {
    std::fprintf(stderr, "no logs in --logs_dirs\n");
    return 2;
  }
  Figures figures;
  RunMixed(targets, absl::GetFlag(FLAGS_clients), absl::Seconds(absl::GetFlag(FLAGS_seconds)),
           figures);
  PrintHeader();
  PrintRow(absl::StrCat(targets.size(), " logs on ", servers.size(), " servers"),
           Summarize(figures));
  return 0;
}

int Main() {
  if (!absl::GetFlag(FLAGS_servers).empty()) return LoadOnly();
  const int logs = absl::GetFlag(FLAGS_logs), clients = absl::GetFlag(FLAGS_clients);
  const std::string dir = absl::StrCat(absl::GetFlag(FLAGS_dir), "/minhbach-host-bench-", getpid());
  const std::string one_dir = dir + "/one", many_dir = dir + "/many";
  fs::create_directories(one_dir);
  fs::create_directories(many_dir);
  const absl::Time made = absl::Now();
  CreateLogs(one_dir, 1);
  CreateLogs(many_dir, logs);
  std::printf("made %d logs in %.1f s\n", logs + 1, absl::ToDoubleSeconds(absl::Now() - made));

  // The plain server: the first log of one_dir, served alone on its own port.
  const std::string plain_log = services::FindLogs(one_dir).at(0);
  services::ServerOptions plain_options;
  plain_options.listen = "127.0.0.1:0";
  plain_options.http_listen.clear();
  plain_options.metrics_listen.clear();
  plain_options.data_dir = dir + "/plain";
  plain_options.command_threads = 1;
  plain_options.scrub_bytes_per_second = 0;
  fs::copy(one_dir + "/" + plain_log, plain_options.data_dir, fs::copy_options::recursive);
  plain_options.log_name = plain_log;
  auto plain = services::Server::Start(plain_options);
  if (!plain.ok()) {
    std::fprintf(stderr, "cannot start the plain server: %s\n", plain.status().ToString().c_str());
    return 1;
  }
  const std::vector<Target> plain_targets = {
      {ChannelTo(absl::StrCat("127.0.0.1:", (*plain)->port())), "",
       clients::ReadClientTokens(plain_options.data_dir + "/client-tokens")["service"]}};

  const std::string before_rss = ProcessFigure("VmRSS:");
  std::unique_ptr<services::LogHost> one = StartHost(one_dir);
  const absl::Time opening = absl::Now();
  std::unique_ptr<services::LogHost> many = StartHost(many_dir);
  std::printf(
      "a host of %d logs opened in %.1f s; this process: RSS %s before the hosts, %s "
      "after, %s threads\n",
      logs, absl::ToDoubleSeconds(absl::Now() - opening), before_rss.c_str(),
      ProcessFigure("VmRSS:").c_str(), ProcessFigure("Threads:").c_str());
  const std::vector<Target> one_targets =
      TargetsOf(absl::StrCat("127.0.0.1:", one->port()), one_dir);
  const std::vector<Target> many_targets =
      TargetsOf(absl::StrCat("127.0.0.1:", many->port()), many_dir);

  Figures plain_figures, one_figures, many_figures;
  const absl::Duration slice = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  for (int round = 0; round < absl::GetFlag(FLAGS_rounds); ++round) {
    RunMixed(plain_targets, clients, slice, plain_figures);
    RunMixed(one_targets, clients, slice, one_figures);
    RunMixed(many_targets, clients, slice, many_figures);
  }
  std::printf(
      "%d clients, %.0f%% reads (GetCheckpoint), appends of %d bytes; 3 cases x %d "
      "rounds of %.1f s, taking turns\n",
      clients, 100 * absl::GetFlag(FLAGS_read_share), absl::GetFlag(FLAGS_payload_bytes),
      absl::GetFlag(FLAGS_rounds), absl::GetFlag(FLAGS_seconds));
  PrintHeader();
  const Summary plain_summary = Summarize(plain_figures);
  const Summary one_summary = Summarize(one_figures);
  const Summary many_summary = Summarize(many_figures);
  PrintRow("plain server, 1 log", plain_summary);
  PrintRow("host, 1 log", one_summary);
  PrintRow(absl::StrCat("host, ", logs, " logs"), many_summary);
  std::printf("per-log append latency, %d logs / 1 log: p50 %.2f, p99 %.2f; appends/s %.2f\n", logs,
              many_summary.p50 / one_summary.p50, many_summary.p99 / one_summary.p99,
              many_summary.appends_per_second / one_summary.appends_per_second);
  std::printf("the relay's cost, host of 1 log / plain server: p50 %.2f, appends/s %.2f\n",
              one_summary.p50 / plain_summary.p50,
              one_summary.appends_per_second / plain_summary.appends_per_second);
  many->Shutdown();
  one->Shutdown();
  (*plain)->Shutdown();
  fs::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace minhbach::bench

int main(int argc, char** argv) {
  minhbach::storage::UseServerProcessSettings();
  absl::ParseCommandLine(argc, argv);
  return minhbach::bench::Main();
}
