// Disk full: the log's data directory on a small tmpfs that the test mounts
// and fills. Appends must be refused with RESOURCE_EXHAUSTED or UNAVAILABLE
// and a message a person can act on, nothing acknowledged may be lost, reads
// must keep working, and appends must resume once space is freed. On a host
// of many logs, only the log on the full disk stops.
//
// Mounting needs root (CAP_SYS_ADMIN), as tests and CI run here: without it
// the tests fail, saying so; they never skip.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/admin/admin_command.h"
#include "clients/connection.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/server/log_host.h"
#include "storage/checkpoint.h"
#include "storage/log_verifier.h"
#include "storage/merkle.h"
#include "storage/uuid.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

constexpr uint64_t kFilesystemBytes = 16 << 20;
// What the filler file leaves free: room for the server to start and for a
// few hundred appends, so that the disk fills within a second or two.
constexpr uint64_t kHeadroomBytes = 1536 << 10;
constexpr size_t kPayloadBytes = 4096;
constexpr int kEventsPerAppend = 2;
constexpr int kWriters = 4;
// Each writer stops after this many refusals in a row, or after this many
// appends, so that a disk that never fills ends the test too.
constexpr int kRefusalsInARow = 3;
constexpr int kMaxAppendsPerWriter = 2000;
// Once space is freed, a client retrying its append gets through within this.
constexpr absl::Duration kResumeWithin = absl::Seconds(30);
constexpr absl::Duration kRetryPause = absl::Milliseconds(100);

// Moves this process into a mount namespace of its own, once, so that a
// mount made here dies with the process even when it crashes instead of
// unmounting. Best effort: without it, mounts are still undone on the way
// out. Must run before any thread starts (threads started earlier stay in the
// old namespace); every test here mounts before it starts a server.
void EnterPrivateMountNamespace() {
  static const bool entered =
      unshare(CLONE_NEWNS) == 0 && mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
  (void)entered;
}

// A tmpfs of a fixed size mounted on a fresh temporary directory, unmounted
// when this goes away, whatever the test did.
class SmallFilesystem {
 public:
  // FailedPrecondition, saying why and what to do, when it cannot be mounted.
  static absl::StatusOr<std::unique_ptr<SmallFilesystem>> Mount(uint64_t bytes) {
    EnterPrivateMountNamespace();
    std::unique_ptr<SmallFilesystem> fs(new SmallFilesystem());
    const std::string options = absl::StrCat("size=", bytes, ",mode=0700");
    if (mount("tmpfs", fs->path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot mount a tmpfs (", options, ") at ", fs->path(), ": ", std::strerror(errno),
          ". The disk-full tests need root (CAP_SYS_ADMIN) to mount a small filesystem; run them "
          "as root, as CI does"));
    }
    fs->mounted_ = true;
    struct statvfs stats;
    if (statvfs(fs->path().c_str(), &stats) != 0 ||
        static_cast<uint64_t>(stats.f_blocks) * stats.f_frsize != bytes) {
      return absl::FailedPreconditionError(
          absl::StrCat("mounted a tmpfs at ", fs->path(), " but it is not ", bytes, " bytes"));
    }
    return fs;
  }

  ~SmallFilesystem() {
    if (!mounted_) return;
    if (umount2(path().c_str(), 0) != 0) {
      // Something still holds a file there: detach it now; the kernel frees
      // it once the last file is closed.
      ADD_FAILURE() << "cannot unmount " << path() << ": " << std::strerror(errno);
      umount2(path().c_str(), MNT_DETACH);
    }
  }

  const std::string& path() const { return dir_.path(); }
  std::string filler() const { return dir_.Sub("filler"); }

  uint64_t FreeBytes() const {
    struct statvfs stats;
    if (statvfs(path().c_str(), &stats) != 0) return 0;
    return static_cast<uint64_t>(stats.f_bavail) * stats.f_frsize;
  }

  // Writes a filler file that leaves `headroom` bytes free.
  absl::Status FillLeaving(uint64_t headroom) const {
    const uint64_t free = FreeBytes();
    if (free <= headroom) {
      return absl::FailedPreconditionError(
          absl::StrCat("only ", free, " bytes free, less than the ", headroom, " to leave"));
    }
    const int fd = open(filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return absl::UnavailableError(absl::StrCat("open filler: ", std::strerror(errno)));
    const std::string chunk(1 << 20, 'f');
    for (uint64_t left = free - headroom; left > 0;) {
      const ssize_t wrote = write(fd, chunk.data(), std::min<uint64_t>(left, chunk.size()));
      if (wrote <= 0) {
        const int error = errno;
        close(fd);
        return absl::UnavailableError(absl::StrCat("write filler: ", std::strerror(error)));
      }
      left -= static_cast<uint64_t>(wrote);
    }
    close(fd);
    return absl::OkStatus();
  }

  absl::Status RemoveFiller() const {
    if (unlink(filler().c_str()) != 0) {
      return absl::UnavailableError(absl::StrCat("remove filler: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

 private:
  SmallFilesystem() = default;

  TempDir dir_;
  bool mounted_ = false;
};

// An append of fresh events to `stream` whose payloads are a few KB each.
v1::AppendRequest LargeAppend(const std::string& stream) {
  v1::AppendRequest request = testing::NewAppend(stream, kEventsPerAppend);
  for (v1::NewEvent& event : *request.mutable_events()) {
    std::string payload = event.event_id();
    payload.resize(kPayloadBytes, '.');
    event.set_payload(payload);
  }
  return request;
}

// An acknowledged event: what the client sent, and where it was told it went.
struct Acknowledged {
  std::string event_id;  // UUID text
  std::string payload;
  uint64_t position = 0;
};

struct Refusal {
  grpc::StatusCode code;
  std::string message;
};

// What a disk-full refusal must look like: the documented codes, and the
// cause and remedy in words.
void ExpectActionableRefusal(grpc::StatusCode code, const std::string& message) {
  EXPECT_TRUE(code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::UNAVAILABLE)
      << "code " << code << ": " << message;
  EXPECT_TRUE(absl::StrContains(message, "disk is full") &&
              absl::StrContains(message, "free space"))
      << message;
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SmallFilesystem>> fs = SmallFilesystem::Mount(kFilesystemBytes);
    ASSERT_TRUE(fs.ok()) << fs.status().message();
    fs_ = *std::move(fs);
  }

  // Starts the real server with its data directory on the small filesystem,
  // after a filler file has taken all but kHeadroomBytes of it.
  void StartServerOnANearlyFullDisk() {
    ASSERT_TRUE(fs_->FillLeaving(kHeadroomBytes).ok());
    server_ = std::make_unique<TestServer>(services::ServerOptions(), fs_->path());
    ASSERT_FALSE(HasFailure()) << "the server did not start";
    log_stub_ = v1::EventLog::NewStub(server_->Channel());
    audit_stub_ = v1::Audit::NewStub(server_->Channel());
  }

  grpc::Status Append(const v1::AppendRequest& request, v1::AppendResponse* response) {
    return log_stub_->Append(server_->Context("service").get(), request, response);
  }

  void Record(const v1::AppendRequest& request, const grpc::Status& status,
              const v1::AppendResponse& response) {
    absl::MutexLock lock(&mu_);
    if (!status.ok()) {
      refusals_.push_back({status.error_code(), status.error_message()});
      return;
    }
    EXPECT_FALSE(response.duplicate()) << "fresh events were taken for a retry";
    EXPECT_EQ(response.count(), static_cast<uint64_t>(request.events_size()));
    for (int i = 0; i < request.events_size(); ++i) {
      acknowledged_.push_back({request.events(i).event_id(), request.events(i).payload(),
                               response.first_position() + i});
    }
  }

  // Appends from kWriters clients at once until each has been refused
  // kRefusalsInARow times in a row, recording every acknowledgement and refusal.
  void AppendUntilTheDiskIsFull() {
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([this, w] {
        const std::string stream = absl::StrCat("ext/disk-", w);
        int refused_in_a_row = 0;
        for (int i = 0; i < kMaxAppendsPerWriter && refused_in_a_row < kRefusalsInARow; ++i) {
          const v1::AppendRequest request = LargeAppend(stream);
          v1::AppendResponse response;
          const grpc::Status status = Append(request, &response);
          refused_in_a_row = status.ok() ? 0 : refused_in_a_row + 1;
          Record(request, status, response);
        }
      });
    }
    for (std::thread& writer : writers) writer.join();
    ASSERT_FALSE(refusals_.empty()) << "the disk never filled: no append was refused";
    ASSERT_FALSE(acknowledged_.empty()) << "no append was acknowledged before the disk filled";
  }

  // Retries `request` unchanged, as a client would, until it is acknowledged
  // or kResumeWithin has passed; returns the last status.
  grpc::Status AppendWithRetries(const v1::AppendRequest& request) {
    const absl::Time deadline = absl::Now() + kResumeWithin;
    for (;;) {
      v1::AppendResponse response;
      const grpc::Status status = Append(request, &response);
      if (status.ok() || absl::Now() > deadline) {
        Record(request, status, response);
        return status;
      }
      ExpectActionableRefusal(status.error_code(), status.error_message());
      absl::SleepFor(kRetryPause);
    }
  }

  // The log holds exactly the acknowledged events, at dense positions from 0,
  // as ReadAll, GetEvent and a signed GetCheckpoint all tell.
  void ExpectReadsShowExactlyTheAcknowledgedEvents() {
    std::map<uint64_t, const Acknowledged*> by_position;
    for (const Acknowledged& event : acknowledged_) {
      ASSERT_TRUE(by_position.emplace(event.position, &event).second)
          << "two events acknowledged at position " << event.position;
    }

    v1::ReadAllRequest read;
    read.set_limit(100);
    uint64_t next = 0;
    for (;;) {
      v1::ReadEventsResponse page;
      const grpc::Status status =
          log_stub_->ReadAll(server_->Context("district").get(), read, &page);
      ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
      for (const v1::Event& event : page.events()) {
        ASSERT_EQ(event.record().position(), next) << "positions are not dense";
        auto acknowledged = by_position.find(next);
        ASSERT_NE(acknowledged, by_position.end())
            << "position " << next << " holds an event that was never acknowledged";
        EXPECT_EQ(storage::FormatUuid(event.record().event_id()), acknowledged->second->event_id);
        EXPECT_EQ(event.record().payload(), acknowledged->second->payload);
        ++next;
      }
      if (!page.has_next()) break;
      read.set_from_position(page.next());
    }
    EXPECT_EQ(next, acknowledged_.size()) << "acknowledged events are missing";

    for (const Acknowledged& acknowledged : acknowledged_) {
      v1::GetEventRequest get;
      get.set_event_id(acknowledged.event_id);
      v1::Event event;
      const grpc::Status status =
          log_stub_->GetEvent(server_->Context("supervisor").get(), get, &event);
      ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
      EXPECT_EQ(event.record().position(), acknowledged.position);
    }

    v1::SignedCheckpoint head;
    const grpc::Status status =
        audit_stub_->GetCheckpoint(server_->Context("supervisor").get(), {}, &head);
    ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
    absl::StatusOr<storage::note::Verifier> key =
        storage::note::Verifier::Parse(server_->server().verifier_key());
    ASSERT_TRUE(key.ok()) << key.status();
    absl::StatusOr<storage::Checkpoint> checkpoint =
        storage::OpenCheckpoint(head.signed_note(), *key);
    ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
    EXPECT_EQ(checkpoint->size, acknowledged_.size());
    head_ = *checkpoint;
  }

  std::unique_ptr<SmallFilesystem> fs_;  // declared first: unmounted after the server stops
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::EventLog::Stub> log_stub_;
  std::unique_ptr<v1::Audit::Stub> audit_stub_;

  absl::Mutex mu_;  // guards these two while writers run
  std::vector<Acknowledged> acknowledged_;
  std::vector<Refusal> refusals_;
  storage::Checkpoint head_;  // the last one read
};

TEST_F(DiskFullTest, AppendsAreRefusedWithResourceExhaustedOrUnavailableWhenTheDiskIsFull) {
  ASSERT_NO_FATAL_FAILURE(StartServerOnANearlyFullDisk());
  ASSERT_NO_FATAL_FAILURE(AppendUntilTheDiskIsFull());
  bool named_the_cause = false;
  for (const Refusal& refusal : refusals_) {
    ExpectActionableRefusal(refusal.code, refusal.message);
    named_the_cause |= refusal.code == grpc::StatusCode::RESOURCE_EXHAUSTED;
  }
  EXPECT_TRUE(named_the_cause) << "no refusal was RESOURCE_EXHAUSTED; the first was "
                               << refusals_.front().code << ": " << refusals_.front().message;
}

TEST_F(DiskFullTest, ReadsKeepWorkingAndKeepEveryAcknowledgedEventWhileTheDiskIsFull) {
  ASSERT_NO_FATAL_FAILURE(StartServerOnANearlyFullDisk());
  ASSERT_NO_FATAL_FAILURE(AppendUntilTheDiskIsFull());
  ExpectReadsShowExactlyTheAcknowledgedEvents();
  absl::StatusOr<storage::merkle::Hash> root = server_->log().RootAt(head_.size);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(*root, head_.root);
}

TEST_F(DiskFullTest, AppendsResumeOnceSpaceIsFreedAndTheLogStillVerifies) {
  ASSERT_NO_FATAL_FAILURE(StartServerOnANearlyFullDisk());
  ASSERT_NO_FATAL_FAILURE(AppendUntilTheDiskIsFull());
  ASSERT_TRUE(fs_->RemoveFiller().ok());

  const absl::Time freed = absl::Now();
  const grpc::Status resumed = AppendWithRetries(LargeAppend("ext/disk-0"));
  ASSERT_TRUE(resumed.ok()) << "appends did not resume within " << kResumeWithin
                            << " of freeing space: " << resumed.error_code() << ": "
                            << resumed.error_message();
  EXPECT_LT(absl::Now() - freed, kResumeWithin);
  for (int i = 0; i < 20; ++i) {
    const v1::AppendRequest request = LargeAppend(absl::StrCat("ext/disk-", i % kWriters));
    v1::AppendResponse response;
    const grpc::Status status = Append(request, &response);
    ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
    Record(request, status, response);
  }
  ASSERT_NO_FATAL_FAILURE(ExpectReadsShowExactlyTheAcknowledgedEvents());

  server_->server().Shutdown();
  absl::StatusOr<storage::VerifyReport> report =
      storage::VerifyLogDirectory(server_->data_dir() + "/log", {});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok) << "position " << report->first_bad_position << ": " << report->problem;
  EXPECT_EQ(report->stored_events, acknowledged_.size());
  EXPECT_EQ(report->verified, acknowledged_.size());
  EXPECT_EQ(report->root, head_.root);
}

// The same, on the storage layer alone, with a reopen at the end.
TEST_F(DiskFullTest, EventLogRefusesAppendsWhenFullAndAcceptsThemOnceSpaceIsFreed) {
  ASSERT_TRUE(fs_->FillLeaving(kHeadroomBytes).ok());
  const std::string path = fs_->path() + "/log";
  std::unique_ptr<storage::EventLog> log = testing::OpenOrDie(path);
  ASSERT_NE(log, nullptr);

  auto large_append = [] {
    storage::AppendRequest request =
        testing::MakeAppend("ext/direct", storage::ExpectedVersion::Any(), kEventsPerAppend);
    for (storage::NewEvent& event : request.events) {
      event.payload = storage::FormatUuid(event.event_id);
      event.payload.resize(kPayloadBytes, '.');
    }
    return request;
  };
  std::vector<std::string> acknowledged;  // event ids, by position
  absl::Status refused;
  for (int i = 0; i < kMaxAppendsPerWriter; ++i) {
    storage::AppendRequest request = large_append();
    absl::StatusOr<storage::AppendResult> result = log->Append(request);
    if (!result.ok()) {
      refused = result.status();
      break;
    }
    ASSERT_EQ(result->first_position, acknowledged.size());
    for (const storage::NewEvent& event : request.events) acknowledged.push_back(event.event_id);
  }
  ASSERT_FALSE(refused.ok()) << "the disk never filled";
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
  ExpectActionableRefusal(static_cast<grpc::StatusCode>(refused.code()),
                          std::string(refused.message()));
  const storage::AppendRequest retried = large_append();
  absl::StatusOr<storage::AppendResult> again = log->Append(retried);
  ASSERT_FALSE(again.ok()) << "appended with the disk still full";
  ExpectActionableRefusal(static_cast<grpc::StatusCode>(again.status().code()),
                          std::string(again.status().message()));

  EXPECT_EQ(log->Size(), acknowledged.size());
  absl::StatusOr<std::vector<storage::StoredEvent>> stored = log->ReadAll(0, 100000);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), acknowledged.size());
  for (size_t i = 0; i < acknowledged.size(); ++i) {
    EXPECT_EQ((*stored)[i].record.event_id(), acknowledged[i]) << "position " << i;
  }

  ASSERT_TRUE(fs_->RemoveFiller().ok());
  const absl::Time deadline = absl::Now() + kResumeWithin;
  absl::StatusOr<storage::AppendResult> resumed = log->Append(retried);
  while (!resumed.ok() && absl::Now() < deadline) {
    absl::SleepFor(kRetryPause);
    resumed = log->Append(retried);
  }
  ASSERT_TRUE(resumed.ok()) << "appends did not resume within " << kResumeWithin << ": "
                            << resumed.status();
  EXPECT_FALSE(resumed->duplicate) << "a refused append had been written";
  EXPECT_EQ(resumed->first_position, acknowledged.size());
  for (const storage::NewEvent& event : retried.events) acknowledged.push_back(event.event_id);

  log.reset();
  log = testing::OpenOrDie(path);
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->Size(), acknowledged.size());
  log.reset();
  absl::StatusOr<storage::VerifyReport> report = storage::VerifyLogDirectory(path, {});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok) << "position " << report->first_bad_position << ": " << report->problem;
  EXPECT_EQ(report->verified, acknowledged.size());
}

// Many logs in one server (services/server/log_host.h): the disk under one
// log fills; only that log refuses appends, the other appends on, and the
// full one resumes once space is freed.
TEST_F(DiskFullTest, AFullDiskStopsOnlyTheHostedLogOnIt) {
  TempDir logs;
  for (const char* name : {"xa-a", "xa-b"}) {
    std::ostringstream out, err;
    ASSERT_EQ(clients::admin::RunAdmin({"log", "create", name, "--logs_dir=" + logs.path()},
                                       absl::Now(), out, err),
              0)
        << err.str();
  }
  // xa-b moves onto the small filesystem; xa-a stays on the machine's disk.
  const std::string moved = fs_->path() + "/xa-b";
  std::filesystem::copy(logs.Sub("xa-b"), moved, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(logs.Sub("xa-b"));
  std::filesystem::create_directory_symlink(moved, logs.Sub("xa-b"));
  services::LogHostOptions options;
  options.logs_dir = logs.path();
  options.listen = "127.0.0.1:0";
  options.log_options.command_threads = 1;
  options.log_options.scrub_bytes_per_second = 0;
  absl::StatusOr<std::unique_ptr<services::LogHost>> host = services::LogHost::Start(options);
  ASSERT_TRUE(host.ok()) << host.status();
  ASSERT_EQ((*host)->LogNames(), (std::vector<std::string>{"xa-a", "xa-b"}));
  ASSERT_TRUE(fs_->FillLeaving(kHeadroomBytes).ok());

  auto stub = v1::EventLog::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*host)->port()),
                                                        grpc::InsecureChannelCredentials()));
  auto append = [&](const std::string& log, const v1::AppendRequest& request) {
    grpc::ClientContext context;
    context.AddMetadata("minhbach-log", log);
    context.AddMetadata(
        "authorization",
        "Bearer " + clients::ReadClientTokens(logs.Sub(log) + "/client-tokens").at("service"));
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    v1::AppendResponse response;
    return stub->Append(&context, request, &response);
  };
  grpc::Status refused;
  for (int i = 0; i < kMaxAppendsPerWriter && refused.ok(); ++i) {
    refused = append("xa-b", LargeAppend("ext/disk"));
  }
  ASSERT_FALSE(refused.ok()) << "the small filesystem never filled";
  ExpectActionableRefusal(refused.error_code(), refused.error_message());
  for (int i = 0; i < 20; ++i) {
    const grpc::Status status = append("xa-a", LargeAppend("ext/disk"));
    ASSERT_TRUE(status.ok()) << "the other log stopped too: " << status.error_message();
  }
  ASSERT_TRUE(fs_->RemoveFiller().ok());
  const v1::AppendRequest retried = LargeAppend("ext/disk");
  grpc::Status resumed = append("xa-b", retried);
  for (const absl::Time deadline = absl::Now() + kResumeWithin;
       !resumed.ok() && absl::Now() < deadline; resumed = append("xa-b", retried)) {
    absl::SleepFor(kRetryPause);
  }
  EXPECT_TRUE(resumed.ok()) << resumed.error_message();
  (*host)->Shutdown();
}

}  // namespace
}  // namespace minhbach
