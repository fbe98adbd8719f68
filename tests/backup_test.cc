// Online backup while appends go on, and restore: the restored log verifies,
// and signed heads taken before the backup still match their proofs.
#include "storage/backup.h"

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "minhbach/v1/admin_service.grpc.pb.h"
#include "storage/checkpoint.h"
#include "storage/log_verifier.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

class BackupTest : public ::testing::Test {
 protected:
  grpc::Status Backup(const std::string& destination, v1::Backup* backup,
                      const std::string& role = "admin") {
    v1::CreateBackupRequest request;
    request.set_destination(destination);
    return v1::Admin::NewStub(server_.Channel())
        ->CreateBackup(server_.Context(role).get(), request, backup);
  }

  storage::Checkpoint SignedHead() {
    v1::SignedCheckpoint head;
    EXPECT_TRUE(v1::Audit::NewStub(server_.Channel())
                    ->GetCheckpoint(server_.Context("supervisor").get(), {}, &head)
                    .ok());
    return storage::OpenCheckpoint(head.signed_note(), Key()).value();
  }

  storage::note::Verifier Key() {
    return storage::note::Verifier::Parse(server_.server().verifier_key()).value();
  }

  TestServer server_;
  TempDir backups_;
};

TEST_F(BackupTest, OnlineBackupWhileAppendingRestoresAndKeepsOldHeadsValid) {
  auto stub = v1::EventLog::NewStub(server_.Channel());
  v1::AppendResponse appended;
  ASSERT_TRUE(
      stub->Append(server_.Context("service").get(), NewAppend("ext/a", 100), &appended).ok());
  const storage::Checkpoint old_head = SignedHead();

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      while (!stop) {
        v1::AppendResponse response;
        if (!stub->Append(server_.Context("service").get(), NewAppend(absl::StrCat("ext/w", t), 3),
                          &response)
                 .ok()) {
          ++failures;
        }
      }
    });
  }
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (server_.log().Size() < 400 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(5));
  const uint64_t acknowledged_before = server_.log().Size();
  v1::Backup backup;
  const grpc::Status backed_up = Backup(backups_.Sub("backup"), &backup);
  // The writers go on past the backup before they stop.
  while (backed_up.ok() && server_.log().Size() <= backup.tree_size() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  stop = true;
  for (std::thread& writer : writers) writer.join();
  ASSERT_TRUE(backed_up.ok()) << backed_up.error_message();
  EXPECT_EQ(failures, 0);
  EXPECT_GE(backup.tree_size(), acknowledged_before);
  EXPECT_LT(backup.tree_size(), server_.log().Size()) << "appends did not go on during the backup";

  // The backup's own signed head is the log's, of exactly its size.
  const storage::Checkpoint backup_head =
      storage::OpenCheckpoint(backup.checkpoint().signed_note(), Key()).value();
  EXPECT_EQ(backup_head.size, backup.tree_size());

  absl::StatusOr<storage::BackupInfo> restored =
      storage::RestoreBackup(backups_.Sub("backup"), backups_.Sub("restored"));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->events, backup.tree_size());
  EXPECT_EQ(restored->root, backup_head.root);

  // Offline verification of the restored copy, against the head taken before the backup.
  storage::VerifyOptions options;
  options.trusted_checkpoints = {old_head, backup_head};
  storage::VerifyReport report =
      storage::VerifyLogDirectory(backups_.Sub("restored"), options).value();
  EXPECT_TRUE(report.ok) << report.problem;

  // The old head still matches its proofs in the restored log.
  storage::LogOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<storage::EventLog> log =
      storage::EventLog::Open(backups_.Sub("restored"), read_only).value();
  EXPECT_EQ(log->RootAt(old_head.size).value(), old_head.root);
  EXPECT_TRUE(storage::merkle::VerifyConsistency(
                  old_head.size, log->Size(), old_head.root, log->RootAt(log->Size()).value(),
                  log->ConsistencyProof(old_head.size, log->Size()).value())
                  .ok());
}

TEST_F(BackupTest, RestoreRefusesAnExistingDirectoryAndTouchesNothing) {
  v1::Backup backup;
  ASSERT_TRUE(Backup(backups_.Sub("backup"), &backup).ok());
  std::filesystem::create_directories(backups_.Sub("live"));
  { std::ofstream(backups_.Sub("live/CURRENT")) << "precious"; }
  absl::StatusOr<storage::BackupInfo> restored =
      storage::RestoreBackup(backups_.Sub("backup"), backups_.Sub("live"));
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(restored.status().message(), "move it aside")) << restored.status();
  std::ifstream in(backups_.Sub("live/CURRENT"));
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
  // The live server's own directory is refused too.
  EXPECT_EQ(storage::RestoreBackup(backups_.Sub("backup"), server_.data_dir_parent() + "/data/log")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(BackupTest, BackupRefusesAnExistingDestinationABadPathAndNonAdmins) {
  v1::Backup backup;
  std::filesystem::create_directories(backups_.Sub("exists"));
  EXPECT_EQ(Backup(backups_.Sub("exists"), &backup).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Backup("relative/dir", &backup).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Backup(backups_.Sub("by-service"), &backup, "service").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(std::filesystem::exists(backups_.Sub("by-service")));
}

}  // namespace
}  // namespace minhbach
