// What minhbachd refuses at start, and what a refused or failed start leaves
// behind: nothing it did not find (issue 11, findings 5, 12 and 13).
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "minhbach/v1/admin_service.grpc.pb.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/server/listen_address.h"
#include "services/server/server.h"
#include "storage/checkpoint.h"
#include "tests/log_test_util.h"
#include "tests/server_process.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

namespace fs = std::filesystem;
using ::minhbach::testing::NewAppend;
using ::minhbach::testing::ReadWholeFile;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

services::ServerOptions Options(const std::string& data_dir) {
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir;
  return options;
}

// Starts a server on `data_dir`, appends `events` events, and stops it.
void MakeLog(const std::string& data_dir, int events,
             services::ServerOptions options = services::ServerOptions()) {
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir;
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  for (int i = 0; i < events; ++i) {
    ASSERT_TRUE((*server)
                    ->log()
                    ->Append(testing::MakeAppend("ext/notes", storage::ExpectedVersion::Any(), 1))
                    .ok());
  }
  (*server)->Shutdown();
}

mode_t ModeOf(const std::string& path) {
  struct stat info;
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

// Finding 5: a log with events whose key file is missing does not get a new
// key (which would overwrite log.pub and break every auditor's trusted head).
TEST(ServerStartTest, Finding5_AMissingKeyForALogWithEventsIsRefused) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  MakeLog(data, 3);
  const std::string published = ReadWholeFile(data + "/log.pub");
  ASSERT_FALSE(published.empty());

  services::ServerOptions options = Options(data);
  options.signing_key = dir.Sub("wrong/path/log.key");
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(server.status().message(), "holds 3 events")) << server.status();
  EXPECT_TRUE(absl::StrContains(server.status().message(), "restore the key file"));
  EXPECT_FALSE(fs::exists(options.signing_key));
  EXPECT_EQ(ReadWholeFile(data + "/log.pub"), published);

  // The default path too: the log's own key file deleted.
  fs::remove(data + "/log.key");
  EXPECT_EQ(services::Server::Start(Options(data)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(data + "/log.key"));
  EXPECT_EQ(ReadWholeFile(data + "/log.pub"), published);
}

TEST(ServerStartTest, Finding5_AnotherLogsKeyIsRefusedAndLogPubIsKept) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  MakeLog(data, 1);
  const std::string published = ReadWholeFile(data + "/log.pub");
  ASSERT_TRUE(storage::LoadOrCreateSignerKeyFile(dir.Sub("other.key"), "minhbach.local/log").ok());

  services::ServerOptions options = Options(data);
  options.signing_key = dir.Sub("other.key");
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition) << server.status();
  EXPECT_TRUE(absl::StrContains(server.status().message(), "is not the log's key"))
      << server.status();
  EXPECT_EQ(ReadWholeFile(data + "/log.pub"), published);
}

TEST(ServerStartTest, Finding5_ANewKeyIsMadeForANewLogAtTheGivenPath) {
  TempDir dir;
  services::ServerOptions options = Options(dir.Sub("data"));
  options.signing_key = dir.Sub("keys.log.key");
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(fs::exists(options.signing_key));
  EXPECT_EQ(ReadWholeFile(dir.Sub("data/log.pub")), (*server)->verifier_key() + "\n");
}

// Finding 12: with gRPC's default SO_REUSEPORT a second server bound the same
// port and took half of the calls.
TEST(ServerStartTest, Finding12_ASecondServerOnTheSamePortFailsAndLeavesNothing) {
  TestServer first;
  TempDir dir;
  services::ServerOptions options = Options(dir.Sub("second"));
  options.listen = first.address();
  absl::StatusOr<std::unique_ptr<services::Server>> second = services::Server::Start(options);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
  EXPECT_TRUE(absl::StrContains(second.status().message(), "the port is in use"))
      << second.status();
  // Finding 13: the failed start removed the new data directory it made.
  EXPECT_FALSE(fs::exists(dir.Sub("second")));
}

TEST(ServerStartTest, Finding12_ASecondMetricsEndpointOnTheSamePortFails) {
  services::ServerOptions with_metrics;
  with_metrics.metrics_listen = "127.0.0.1:0";
  TestServer first(with_metrics);
  ASSERT_GT(first.server().metrics_port(), 0);
  TempDir dir;
  services::ServerOptions options = Options(dir.Sub("second"));
  options.metrics_listen = absl::StrCat("127.0.0.1:", first.server().metrics_port());
  absl::StatusOr<std::unique_ptr<services::Server>> second = services::Server::Start(options);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
  EXPECT_FALSE(fs::exists(dir.Sub("second")));
}

// Finding 12: the loopback rule looks at what a name resolves to.
TEST(ServerStartTest, Finding12_LoopbackIsJudgedByTheResolvedAddress) {
  for (const char* loopback : {"127.0.0.1:1", "127.3.4.5:1", "[::1]:1", "localhost:1"}) {
    EXPECT_TRUE(services::CheckLoopbackOnly(loopback).ok())
        << loopback << ": " << services::CheckLoopbackOnly(loopback);
  }
  // ".invalid" never resolves (RFC 6761), with or without a network.
  for (const char* not_loopback :
       {"0.0.0.0:1", "10.1.2.3:1", "[::]:1", "127.0.0.1.invalid:1", "127.evil.invalid:1"}) {
    EXPECT_EQ(services::CheckLoopbackOnly(not_loopback).code(),
              absl::StatusCode::kFailedPrecondition)
        << not_loopback;
  }
  EXPECT_FALSE(services::IsLoopbackAddress("127.0.0.1.invalid:1"));
  EXPECT_EQ(services::CheckLoopbackOnly("127.0.0.1").code(), absl::StatusCode::kInvalidArgument);

  TempDir dir;
  services::ServerOptions options = Options(dir.Sub("data"));
  options.listen = "127.0.0.1.invalid:0";
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition) << server.status();
  EXPECT_TRUE(absl::StrContains(server.status().message(), "refusing plaintext"));
  EXPECT_FALSE(fs::exists(dir.Sub("data")));
}

// Finding 12: /metrics has no TLS and no authentication: loopback only.
TEST(ServerStartTest, Finding12_MetricsOnANonLoopbackAddressIsRefused) {
  TempDir dir;
  for (const char* address : {"0.0.0.0:0", "[::]:0", "127.0.0.1.invalid:0"}) {
    services::ServerOptions options = Options(dir.Sub("data"));
    options.metrics_listen = address;
    absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
    EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition) << address;
    EXPECT_TRUE(absl::StrContains(server.status().message(), "/metrics")) << server.status();
    EXPECT_FALSE(fs::exists(dir.Sub("data")));
  }
}

// Finding 13: a directory of someone else's files is not turned into a log,
// and a directory minhbach did not create keeps its mode.
TEST(ServerStartTest, Finding13_ADirectoryOfOtherFilesIsRefusedUntouched) {
  TempDir dir;
  const std::string data = dir.Sub("home");
  fs::create_directory(data);
  std::ofstream(data + "/thesis.tex") << "\\begin{document}";
  chmod(data.c_str(), 0755);
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(Options(data));
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(server.status().message(), "thesis.tex")) << server.status();
  EXPECT_EQ(ModeOf(data), 0755u);
  EXPECT_EQ(std::distance(fs::directory_iterator(data), fs::directory_iterator()), 1);
}

TEST(ServerStartTest, Finding13_AnEmptyDirectoryBecomesALogAndKeepsItsMode) {
  TempDir dir;
  const std::string data = dir.Sub("given");
  fs::create_directory(data);
  chmod(data.c_str(), 0750);
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(Options(data));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(ModeOf(data), 0750u);
  EXPECT_TRUE(fs::exists(data + "/log"));
  (*server)->Shutdown();
  // A new directory is made private.
  ASSERT_TRUE(services::Server::Start(Options(dir.Sub("new"))).ok());
  EXPECT_EQ(ModeOf(dir.Sub("new")), 0700u);
}

TEST(ServerStartTest, Finding13_AFailedStartInAnEmptyDirectoryLeavesItEmpty) {
  TestServer first;
  TempDir dir;
  const std::string data = dir.Sub("given");
  fs::create_directory(data);
  services::ServerOptions options = Options(data);
  options.listen = first.address();  // in use: the start fails after the log is made
  EXPECT_FALSE(services::Server::Start(options).ok());
  EXPECT_TRUE(fs::exists(data));
  EXPECT_TRUE(fs::is_empty(data));
}

// Finding 13: a backup inside the live data directory is lost with it.
TEST(ServerStartTest, Finding13_ABackupInsideTheDataDirectoryIsRefused) {
  TestServer server;
  TempDir outside;
  fs::create_directory_symlink(server.data_dir(), outside.Sub("link"));
  for (const std::string& destination :
       {server.data_dir() + "/backup", server.data_dir(), server.data_dir() + "/log/b",
        outside.Sub("x/../link/backup"), outside.Sub("link/backup"),
        server.data_dir() + "/../data/b"}) {
    v1::CreateBackupRequest request;
    request.set_destination(destination);
    v1::Backup backup;
    const grpc::Status status = v1::Admin::NewStub(server.Channel())
                                    ->CreateBackup(server.Context("admin").get(), request, &backup);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << destination << ": " << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), "inside the server's data directory"))
        << status.error_message();
  }
  EXPECT_FALSE(fs::exists(server.data_dir() + "/backup"));
  v1::CreateBackupRequest request;
  request.set_destination(outside.Sub("backup"));
  v1::Backup backup;
  EXPECT_TRUE(v1::Admin::NewStub(server.Channel())
                  ->CreateBackup(server.Context("admin").get(), request, &backup)
                  .ok());
}

// Runs `command` in a shell; its exit code, output in `output`.
int Shell(const std::string& command, std::string* output) {
  testing::ShellRun run = testing::Shell(command);
  *output += run.output;
  return run.exit_code;
}

// Finding 13: `minhbach-log demo` writes only into a new directory or a demo log.
TEST(ServerStartTest, Finding13_DemoRefusesARealLog) {
  TempDir dir;
  MakeLog(dir.Sub("data"), 2);
  std::string output;
  EXPECT_EQ(
      Shell(absl::StrCat(MINHBACH_LOG_TOOL_PATH, " demo ", dir.Sub("data/log"), " --events=5"),
            &output),
      2)
      << output;
  EXPECT_TRUE(absl::StrContains(output, "not demo events")) << output;
  {
    absl::StatusOr<std::unique_ptr<storage::EventLog>> log =
        storage::EventLog::Open(dir.Sub("data/log"), {});
    ASSERT_TRUE(log.ok()) << log.status();
    EXPECT_EQ((*log)->Size(), 2u);
  }
  // A new directory, then the same demo log again: fine.
  for (int round = 1; round <= 2; ++round) {
    output.clear();
    EXPECT_EQ(Shell(absl::StrCat(MINHBACH_LOG_TOOL_PATH, " demo ", dir.Sub("demo"), " --events=3"),
                    &output),
              0)
        << output;
    EXPECT_TRUE(absl::StrContains(output, absl::StrCat("the log now holds ", 3 * round))) << output;
  }
}

}  // namespace
}  // namespace minhbach
