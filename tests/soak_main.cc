// Soak: the real minhbachd under a steady append rate, with readers and
// live subscribers alongside, for a bounded time. Prints throughput, p99
// latency, the server's resident memory over time, and errors (must be 0);
// every subscriber must receive every event, in order.
//
//   minhbach_soak --server=build/services/minhbachd --seconds=60      (CI)
//   minhbach_soak --server=build/services/minhbachd --seconds=3600    (long)
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/connection.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/uuid.h"
#include "tests/server_process.h"

ABSL_FLAG(std::string, server, "", "path of the minhbachd binary");
ABSL_FLAG(int, seconds, 60, "how long to run");
ABSL_FLAG(int, rate, 400, "appends per second, over all writers");
ABSL_FLAG(int, writers, 4, "appending clients");
ABSL_FLAG(int, readers, 2, "clients paging through the log");
ABSL_FLAG(int, subscribers, 2, "live subscribers");
ABSL_FLAG(int, sample_seconds, 0,
          "sample the server's resident memory this often (0: every tenth of the run)");
ABSL_FLAG(int, memory_slack_mib, 192,
          "allowed RSS growth after warm-up: the caches' caps (128 MiB) and headroom");

namespace minhbach {
namespace {

using Stub = v1::EventLog::Stub;

struct Totals {
  std::atomic<uint64_t> appends{0}, reads{0}, errors{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
};

std::unique_ptr<grpc::ClientContext> Context(const std::string& token, absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

void Write(Stub* stub, const std::string& token, int writer, absl::Time end, Totals* totals) {
  const absl::Duration interval =
      absl::Seconds(1) * absl::GetFlag(FLAGS_writers) / absl::GetFlag(FLAGS_rate);
  std::vector<double> latencies;
  for (absl::Time next = absl::Now(); next < end; next += interval) {
    absl::SleepFor(next - absl::Now());
    v1::AppendRequest request;
    request.set_stream(absl::StrCat("ext/soak-", writer));
    v1::NewEvent* event = request.add_events();
    event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
    event->set_event_type("Soaked");
    event->set_payload(std::string(200, 's'));
    v1::AppendResponse response;
    const absl::Time before = absl::Now();
    const grpc::Status status =
        stub->Append(Context(token, absl::Seconds(10)).get(), request, &response);
    latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - before));
    (status.ok() ? totals->appends : totals->errors)++;
  }
  std::lock_guard<std::mutex> lock(totals->mu);
  totals->latencies_ms.insert(totals->latencies_ms.end(), latencies.begin(), latencies.end());
}

void Read(Stub* stub, const std::string& token, absl::Time end, Totals* totals) {
  uint64_t from = 0;
  while (absl::Now() < end) {
    v1::ReadAllRequest request;
    request.set_from_position(from);
    request.set_limit(100);
    v1::ReadEventsResponse page;
    const grpc::Status status =
        stub->ReadAll(Context(token, absl::Seconds(10)).get(), request, &page);
    (status.ok() ? totals->reads : totals->errors)++;
    from = page.has_next() ? page.next() : 0;  // round and round
    absl::SleepFor(absl::Milliseconds(2));
  }
}

// Follows the log until `expected` events arrived (or the call is cancelled);
// returns how many arrived in order, or -1 on a gap or a repeat.
int64_t Subscribe(Stub* stub, const std::string& token, grpc::ClientContext* context,
                  const std::atomic<uint64_t>* expected) {
  context->AddMetadata("authorization", "Bearer " + token);
  auto reader = stub->Subscribe(context, v1::SubscribeRequest());
  v1::Event event;
  int64_t received = 0;
  while (reader->Read(&event)) {
    if (event.record().position() != static_cast<uint64_t>(received)) return -1;
    if (static_cast<uint64_t>(++received) == expected->load()) break;
  }
  context->TryCancel();
  reader->Finish();
  return received;
}

int Main() {
  std::string pattern = (std::filesystem::temp_directory_path() / "minhbach-soak-XXXXXX").string();
  const std::string dir = mkdtemp(pattern.data());
  absl::StatusOr<testing::ServerProcess> server = testing::ServerProcess::Start(
      absl::GetFlag(FLAGS_server), dir + "/data", dir + "/server.log");
  if (!server.ok()) {
    std::printf("soak: cannot start the server: %s\nsoak: 0 passed, 1 failed\n",
                std::string(server.status().message()).c_str());
    return 1;
  }
  const std::string token = clients::ReadClientTokens(dir + "/data/client-tokens")["service"];
  auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  auto stub = v1::EventLog::NewStub(channel);

  Totals totals;
  std::atomic<uint64_t> expected{UINT64_MAX};  // set once the writers are done
  std::vector<std::unique_ptr<grpc::ClientContext>> subscription_contexts;
  std::vector<int64_t> received(absl::GetFlag(FLAGS_subscribers));
  std::vector<std::thread> subscribers;
  for (int i = 0; i < absl::GetFlag(FLAGS_subscribers); ++i) {
    subscription_contexts.push_back(std::make_unique<grpc::ClientContext>());
    subscription_contexts.back()->set_deadline(
        absl::ToChronoTime(absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_seconds) + 30)));
    subscribers.emplace_back([&, i] {
      received[i] = Subscribe(stub.get(), token, subscription_contexts[i].get(), &expected);
    });
  }
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::Seconds(absl::GetFlag(FLAGS_seconds));
  std::vector<std::thread> clients;
  for (int w = 0; w < absl::GetFlag(FLAGS_writers); ++w) {
    clients.emplace_back(Write, stub.get(), token, w, end, &totals);
  }
  for (int r = 0; r < absl::GetFlag(FLAGS_readers); ++r) {
    clients.emplace_back(Read, stub.get(), token, end, &totals);
  }
  // Resident memory every interval; growth is judged from the end of the
  // warm-up (the first tenth of the run) to the end.
  const absl::Duration run = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  const absl::Duration interval = absl::GetFlag(FLAGS_sample_seconds) > 0
                                      ? absl::Seconds(absl::GetFlag(FLAGS_sample_seconds))
                                      : run / 10;
  std::vector<long> rss_kib;
  size_t warm = 0;  // the first sample after warm-up
  for (absl::Duration at = interval; at <= run; at += interval) {
    absl::SleepFor(start + at - absl::Now());
    rss_kib.push_back(server->ResidentKib());
    if (at < run / 10) warm = rss_kib.size();
    if (absl::GetFlag(FLAGS_sample_seconds) > 0) {
      std::printf("soak: %4.0f s: server resident memory %ld MiB, %llu appends\n",
                  absl::ToDoubleSeconds(at), rss_kib.back() / 1024,
                  static_cast<unsigned long long>(totals.appends.load()));
      std::fflush(stdout);
    }
  }
  if (warm >= rss_kib.size()) warm = 0;
  for (std::thread& client : clients) client.join();
  expected = totals.appends.load();
  // Subscribers stop once they have everything, or at their deadline.
  for (std::thread& subscriber : subscribers) subscriber.join();
  const int stop_status = server->Stop(SIGTERM);

  std::sort(totals.latencies_ms.begin(), totals.latencies_ms.end());
  const double p99 =
      totals.latencies_ms.empty() ? 0 : totals.latencies_ms[totals.latencies_ms.size() * 99 / 100];
  const double seconds = absl::ToDoubleSeconds(absl::Seconds(absl::GetFlag(FLAGS_seconds)));
  std::printf(
      "soak: %d s, %llu appends (%.0f/s, target %d/s), append p99 %.2f ms, %llu reads, "
      "%llu errors\n",
      absl::GetFlag(FLAGS_seconds), static_cast<unsigned long long>(totals.appends.load()),
      totals.appends.load() / seconds, absl::GetFlag(FLAGS_rate), p99,
      static_cast<unsigned long long>(totals.reads.load()),
      static_cast<unsigned long long>(totals.errors.load()));
  std::printf("soak: server resident memory (MiB) every %.0f s:", absl::ToDoubleSeconds(interval));
  for (long kib : rss_kib) std::printf(" %ld", kib / 1024);
  std::printf("\n");
  bool ok = totals.errors == 0 && WIFEXITED(stop_status) && WEXITSTATUS(stop_status) == 0;
  for (size_t i = 0; i < received.size(); ++i) {
    std::printf("soak: subscriber %zu received %lld of %llu events in order\n", i,
                static_cast<long long>(received[i]),
                static_cast<unsigned long long>(totals.appends.load()));
    ok = ok && received[i] == static_cast<int64_t>(totals.appends.load());
  }
  const long growth_mib = (rss_kib.back() - rss_kib[warm]) / 1024;
  std::printf("soak: memory grew %ld MiB after warm-up (allowed %d MiB)\n", growth_mib,
              absl::GetFlag(FLAGS_memory_slack_mib));
  ok = ok && growth_mib <= absl::GetFlag(FLAGS_memory_slack_mib);
  std::filesystem::remove_all(dir);
  std::printf("soak: %d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace minhbach

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return minhbach::Main();
}
