// Crash loop: runs the real minhbachd under append load from several
// clients, SIGKILLs it at random moments, checks the log offline, restarts
// it, and repeats. After every cycle each acknowledged append must be there,
// positions dense, and offline verification must pass.
//
//   minhbach_crash_loop --server=build/services/minhbachd --cycles=20     (CI)
//   minhbach_crash_loop --server=build/services/minhbachd --cycles=1000   (long)

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/connection.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/event_log.h"
#include "storage/log_verifier.h"
#include "storage/uuid.h"
#include "tests/server_process.h"
#include "tests/temp_dir.h"

ABSL_FLAG(std::string, server, "", "path of the minhbachd binary");
ABSL_FLAG(int, cycles, 20, "kill-and-restart cycles");
ABSL_FLAG(int, clients, 4, "concurrent appending clients");
ABSL_FLAG(std::string, dir, "", "work directory (default: a new temporary one, removed after)");
ABSL_FLAG(int, max_run_ms, 600, "longest a server runs before it is killed");
ABSL_FLAG(uint64_t, seed, 1, "random seed for the kill moments");

namespace minhbach {
namespace {

struct Ack {
  uint64_t position;
  uint64_t count;
  std::string first_id;  // 16 raw bytes
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "crash loop: FAILED: %s\n", message.c_str());
  std::printf("crash loop: 0 passed, 1 failed\n");
  std::exit(1);
}

std::string ServiceToken(const std::string& data) {
  const std::map<std::string, std::string> tokens =
      clients::ReadClientTokens(data + "/client-tokens");
  if (tokens.count("service") == 0) Die("no service token in " + data + "/client-tokens");
  return tokens.at("service");
}

// Appends from one client until `stop`, recording each acknowledged append.
void AppendUntilStopped(int client, int port, const std::string& token, std::atomic<bool>* stop,
                        std::mutex* mu, std::vector<Ack>* acks) {
  auto stub = v1::EventLog::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  for (uint64_t i = 0; !*stop; ++i) {
    v1::AppendRequest request;
    request.set_stream(absl::StrCat("ext/crash-", client));
    const std::string first_id = storage::NewRandomUuid();
    for (uint64_t k = 0; k <= i % 3; ++k) {
      v1::NewEvent* event = request.add_events();
      event->set_event_id(storage::FormatUuid(k == 0 ? first_id : storage::NewRandomUuid()));
      event->set_event_type("CrashTested");
      event->set_payload(absl::StrCat("client ", client, " append ", i, " event ", k));
    }
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    v1::AppendResponse response;
    if (stub->Append(&context, request, &response).ok()) {
      std::lock_guard<std::mutex> lock(*mu);
      acks->push_back({response.first_position(), response.count(), first_id});
    } else {
      absl::SleepFor(absl::Milliseconds(5));  // the server is down: nothing was acknowledged
    }
  }
}

// Every acknowledged append is in the log, in order, and the log verifies.
uint64_t CheckLog(const std::string& log_dir, const std::vector<Ack>& acks) {
  absl::StatusOr<storage::VerifyReport> report = storage::VerifyLogDirectory(log_dir, {});
  if (!report.ok()) Die(std::string(report.status().message()));
  if (!report->ok) Die("offline verification: " + report->problem);
  storage::LogOptions read_only;
  read_only.read_only = true;
  absl::StatusOr<std::unique_ptr<storage::EventLog>> log =
      storage::EventLog::Open(log_dir, read_only);
  if (!log.ok()) Die(std::string(log.status().message()));
  for (const Ack& ack : acks) {
    absl::StatusOr<storage::StoredEvent> first = (*log)->GetEvent(ack.position);
    if (!first.ok() || first->record.event_id() != ack.first_id) {
      Die(absl::StrCat("acknowledged append at position ", ack.position, " is lost"));
    }
    for (uint64_t k = 1; k < ack.count; ++k) {
      absl::StatusOr<storage::StoredEvent> next = (*log)->GetEvent(ack.position + k);
      if (!next.ok() || next->record.stream() != first->record.stream()) {
        Die(absl::StrCat("acknowledged append at position ", ack.position, " is torn"));
      }
    }
  }
  return (*log)->Size();
}

int Main() {
  if (absl::GetFlag(FLAGS_server).empty()) Die("give --server=PATH of minhbachd");
  std::string dir = absl::GetFlag(FLAGS_dir);
  const bool own_dir = dir.empty();
  if (own_dir) dir = testing::MakeTempDirectory("minhbach-crash");
  const std::string data = dir + "/data";
  std::mt19937_64 random(absl::GetFlag(FLAGS_seed));
  std::vector<Ack> acks;
  std::mutex mu;
  uint64_t events = 0;
  int idle_cycles = 0;  // cycles in which no append was acknowledged
  for (int cycle = 0; cycle < absl::GetFlag(FLAGS_cycles); ++cycle) {
    absl::StatusOr<testing::ServerProcess> server =
        testing::ServerProcess::Start(absl::GetFlag(FLAGS_server), data, dir + "/server.log");
    if (!server.ok()) Die(std::string(server.status().message()));
    const int port = server->port();
    const std::string token = ServiceToken(data);
    std::atomic<bool> stop{false};
    const size_t acked_at_start = acks.size();
    std::vector<std::thread> clients;
    for (int c = 0; c < absl::GetFlag(FLAGS_clients); ++c) {
      clients.emplace_back(AppendUntilStopped, c, port, token, &stop, &mu, &acks);
    }
    const int run_ms =
        std::uniform_int_distribution<int>(100, absl::GetFlag(FLAGS_max_run_ms))(random);
    absl::SleepFor(absl::Milliseconds(run_ms));
    server->Stop(SIGKILL);
    stop = true;
    for (std::thread& client : clients) client.join();
    events = CheckLog(data + "/log", acks);
    if (acks.size() == acked_at_start) ++idle_cycles;
    std::printf("cycle %d: killed after %d ms; %llu events, %zu acknowledged appends all present\n",
                cycle + 1, run_ms, static_cast<unsigned long long>(events), acks.size());
    std::fflush(stdout);
  }
  // A loop that acknowledged nothing proved nothing (a refused token, a server
  // that never came up): that is a failure, not a pass.
  if (acks.empty()) Die("no append was acknowledged in any cycle; nothing was tested");
  std::printf("crash loop: survived %d cycles; %llu events and %zu acknowledged appends checked"
              " (%d cycles acknowledged nothing)\n",
              absl::GetFlag(FLAGS_cycles), static_cast<unsigned long long>(events), acks.size(),
              idle_cycles);
  std::printf("crash loop: 1 passed, 0 failed\n");
  if (own_dir) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace minhbach

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return minhbach::Main();
}
