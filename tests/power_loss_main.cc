// Power-loss harness: appends to the log from several threads through a file
// system that remembers what was synced (tests/fault_injection_fs.h), cuts
// the power at a random moment, drops every byte that was not synced, and
// reopens. After every power loss: each acknowledged append is there at the
// position it was given, positions and stream versions are dense, offline
// verification passes, and the root at the last acknowledged size is the one
// computed before the loss (a head signed then still verifies).
//
// Unlike a SIGKILL, which leaves the page cache to the kernel, this notices a
// missing fsync: `--no_sync` opens the log without syncing, and the harness
// must then report lost appends (CI checks that it does).
//
//   minhbach_power_loss --cycles=100      (CI)
//   minhbach_power_loss --cycles=1000     (long)
#include <atomic>
#include <cstdio>
#include <filesystem>
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
#include "rocksdb/env.h"
#include "storage/event_log.h"
#include "storage/log_verifier.h"
#include "storage/uuid.h"
#include "tests/fault_injection_fs.h"
#include "tests/temp_dir.h"

ABSL_FLAG(int, cycles, 100, "simulated power losses");
ABSL_FLAG(int, threads, 4, "appending threads");
ABSL_FLAG(int, max_run_ms, 40, "longest the log runs before the power is cut");
ABSL_FLAG(int, fresh_every, 50, "start a new log every this many cycles (keeps checks short)");
ABSL_FLAG(uint64_t, seed, 1, "random seed");
ABSL_FLAG(std::string, dir, "", "work directory (default: a new temporary one, removed after)");
ABSL_FLAG(bool, no_sync, false,
          "open the log without syncing (Durability::kNotDurable): the harness must report loss");

namespace minhbach {
namespace {

using storage::AppendRequest;
using storage::AppendResult;
using storage::EventLog;
using storage::ExpectedVersion;

constexpr int kStreams = 12;

// One acknowledged append: where it went and the ids it carried.
struct Ack {
  uint64_t position;
  std::vector<std::string> event_ids;
};

struct Totals {
  uint64_t acknowledged = 0;
  uint64_t retries_checked = 0;
  uint64_t kept_unacknowledged = 0;  // written but not acknowledged when the power went
  uint64_t bytes_dropped = 0;
  int idle_cycles = 0;
};

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "power loss: FAILED: %s\n", message.c_str());
  std::printf("power loss: 0 passed, 1 failed\n");
  std::exit(1);
}

AppendRequest RandomAppend(std::mt19937_64& random, EventLog& log) {
  AppendRequest request;
  request.stream = absl::StrCat("power/", random() % kStreams);
  request.actor = "power-loss";
  if (random() % 3 == 0) {
    absl::StatusOr<std::optional<uint64_t>> version = log.StreamVersion(request.stream);
    if (version.ok()) {
      request.expected = version->has_value() ? ExpectedVersion::Exact(**version)
                                              : ExpectedVersion::NoStream();
    }
  }
  const int events = 1 + static_cast<int>(random() % 3);
  for (int i = 0; i < events; ++i) {
    storage::NewEvent event;
    event.event_id = storage::NewRandomUuid();
    event.event_type = "PowerTested";
    event.payload = std::string(16 + random() % 3000, static_cast<char>('a' + random() % 26));
    request.events.push_back(std::move(event));
  }
  return request;
}

// Appends until the power goes (the first error that is not a version
// conflict), recording every acknowledged append; now and then retries one
// and expects the same positions back.
void AppendUntilPowerLoss(EventLog* log, uint64_t seed, std::mutex* mu, std::vector<Ack>* acks,
                          Totals* totals) {
  std::mt19937_64 random(seed);
  for (;;) {
    AppendRequest request = RandomAppend(random, *log);
    absl::StatusOr<AppendResult> result = log->Append(request);
    if (result.status().code() == absl::StatusCode::kAborted) continue;
    if (!result.ok()) return;  // the machine is off
    if (result->duplicate) Fail("a new append was answered as a duplicate");
    Ack ack{result->first_position, {}};
    for (const storage::NewEvent& event : request.events) ack.event_ids.push_back(event.event_id);
    if (random() % 8 == 0) {
      absl::StatusOr<AppendResult> again = log->Append(request);
      if (again.ok() && (!again->duplicate || again->first_position != ack.position)) {
        Fail(absl::StrCat("a retry of the append at ", ack.position, " was answered at ",
                          again->first_position));
      }
      if (again.ok()) {
        std::lock_guard<std::mutex> lock(*mu);
        ++totals->retries_checked;
      }
    }
    std::lock_guard<std::mutex> lock(*mu);
    acks->push_back(std::move(ack));
    ++totals->acknowledged;
  }
}

// Every acknowledged append at its position; positions and versions dense.
void CheckLog(EventLog& log, const std::vector<Ack>& acks, uint64_t* lost) {
  std::map<uint64_t, const Ack*> by_position;
  for (const Ack& ack : acks) by_position[ack.position] = &ack;
  std::map<std::string, uint64_t> next_version;
  uint64_t position = 0;
  const uint64_t size = log.Size();
  while (position < size) {
    absl::StatusOr<std::vector<storage::StoredEvent>> page = log.ReadAll(position, 1000);
    if (!page.ok()) Fail(absl::StrCat("reading from ", position, ": ", page.status().ToString()));
    if (page->empty()) Fail(absl::StrCat("the log says ", size, " events but ends at ", position));
    for (const storage::StoredEvent& event : *page) {
      if (event.record.position() != position) {
        Fail(absl::StrCat("positions not dense: ", event.record.position(), " after ",
                          position - 1));
      }
      uint64_t& version = next_version[event.record.stream()];
      if (event.record.stream_version() != version) {
        Fail(absl::StrCat("stream ", event.record.stream(), " skips from version ", version,
                          " to ", event.record.stream_version(), " at position ", position));
      }
      ++version;
      ++position;
    }
  }
  for (const Ack& ack : acks) {
    for (size_t i = 0; i < ack.event_ids.size(); ++i) {
      const uint64_t at = ack.position + i;
      absl::StatusOr<storage::StoredEvent> event =
          at < size ? log.GetEvent(at) : absl::NotFoundError("beyond the log");
      if (!event.ok() || event->record.event_id() != ack.event_ids[i]) ++*lost;
    }
  }
}

int Main() {
  std::string dir = absl::GetFlag(FLAGS_dir);
  const bool own_dir = dir.empty();
  if (own_dir) dir = testing::MakeTempDirectory("minhbach-power");
  std::mt19937_64 random(absl::GetFlag(FLAGS_seed));
  Totals totals;
  std::vector<Ack> acks;
  uint64_t trusted_size = 0;
  storage::merkle::Hash trusted_root = storage::merkle::EmptyRoot();
  std::string path;
  const int cycles = absl::GetFlag(FLAGS_cycles);
  for (int cycle = 0; cycle < cycles; ++cycle) {
    if (cycle % absl::GetFlag(FLAGS_fresh_every) == 0) {
      path = absl::StrCat(dir, "/log-", cycle);
      acks.clear();
      trusted_size = 0;
      trusted_root = storage::merkle::EmptyRoot();
    }
    auto fs = std::make_shared<testing::FaultInjectionFileSystem>();
    std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
    storage::LogOptions options;
    options.env = env.get();
    if (absl::GetFlag(FLAGS_no_sync)) options.durability = storage::Durability::kNotDurable;
    absl::StatusOr<std::unique_ptr<EventLog>> opened = EventLog::Open(path, options);
    if (!opened.ok()) Fail(absl::StrCat("reopening after power loss: ", opened.status().ToString()));
    std::unique_ptr<EventLog> log = *std::move(opened);

    uint64_t lost = 0;
    CheckLog(*log, acks, &lost);
    if (lost > 0) {
      std::printf("power loss: LOST: %llu acknowledged events after power loss %d\n",
                  static_cast<unsigned long long>(lost), cycle);
      Fail(absl::StrCat(lost, " acknowledged events lost"));
    }
    absl::StatusOr<storage::merkle::Hash> root = log->RootAt(trusted_size);
    if (!root.ok() || *root != trusted_root) {
      Fail(absl::StrCat("the root at ", trusted_size, " changed across the power loss"));
    }
    const uint64_t size_at_start = log->Size();
    uint64_t acknowledged_at_start = totals.acknowledged;

    std::mutex mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < absl::GetFlag(FLAGS_threads); ++t) {
      threads.emplace_back(AppendUntilPowerLoss, log.get(), random(), &mu, &acks, &totals);
    }
    const int run_ms = static_cast<int>(random() % (absl::GetFlag(FLAGS_max_run_ms) + 1));
    absl::SleepFor(absl::Milliseconds(run_ms));
    fs->CutPower();
    for (std::thread& thread : threads) thread.join();
    // What was acknowledged is what a head signed now would cover.
    trusted_size = log->Size();
    absl::StatusOr<storage::merkle::Hash> head = log->RootAt(trusted_size);
    if (!head.ok()) Fail(absl::StrCat("root before the loss: ", head.status().ToString()));
    trusted_root = *head;
    log.reset();  // closes RocksDB; every write fails now, as on a dead machine
    totals.bytes_dropped += fs->DropUnsyncedData();
    if (totals.acknowledged == acknowledged_at_start) ++totals.idle_cycles;

    absl::StatusOr<storage::VerifyReport> report = storage::VerifyLogDirectory(path, {});
    if (!report.ok()) Fail(absl::StrCat("offline verification: ", report.status().ToString()));
    if (!report->ok) Fail("offline verification: " + report->problem);
    if (report->stored_events < trusted_size) {
      std::printf("power loss: LOST: the log holds %llu events but %llu were acknowledged\n",
                  static_cast<unsigned long long>(report->stored_events),
                  static_cast<unsigned long long>(trusted_size));
      Fail("acknowledged events lost");
    }
    totals.kept_unacknowledged += report->stored_events - trusted_size;
    if ((cycle + 1) % 50 == 0 || cycle + 1 == cycles) {
      std::printf("power loss %d: cut after %d ms; %llu events (%llu new), %llu acknowledged "
                  "appends so far, all present\n",
                  cycle + 1, run_ms, static_cast<unsigned long long>(report->stored_events),
                  static_cast<unsigned long long>(report->stored_events - size_at_start),
                  static_cast<unsigned long long>(totals.acknowledged));
      std::fflush(stdout);
    }
  }
  if (totals.acknowledged == 0) Fail("no append was acknowledged; nothing was tested");
  std::printf("power loss: %d simulated power losses; %llu acknowledged appends, 0 lost; "
              "%llu retries answered with their positions; %llu written but unacknowledged "
              "events kept; %llu unsynced bytes dropped; %d cycles acknowledged nothing\n",
              cycles, static_cast<unsigned long long>(totals.acknowledged),
              static_cast<unsigned long long>(totals.retries_checked),
              static_cast<unsigned long long>(totals.kept_unacknowledged),
              static_cast<unsigned long long>(totals.bytes_dropped), totals.idle_cycles);
  std::printf("power loss: 1 passed, 0 failed\n");
  if (own_dir) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace minhbach

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return minhbach::Main();
}
