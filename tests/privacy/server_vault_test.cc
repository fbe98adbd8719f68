// minhbachd and its vault: the master key flag, the key store in the data
// directory, and the log's erasures applied at start, also over a restored
// older key backup.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "services/privacy/log_erasures.h"
#include "services/server/server.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach {
namespace {

namespace fs = std::filesystem;

std::string WriteKey(const std::string& path, char fill) {
  std::ofstream(path, std::ios::binary) << std::string(32, fill);
  chmod(path.c_str(), 0600);
  return path;
}

services::ServerOptions Options(const testing::TempDir& dir, const std::string& key) {
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics_listen = "";
  options.http_listen = "";
  options.data_dir = dir.Sub("data");
  options.master_key_file = key;
  return options;
}

// PersonalDataErased{household_id} on the household's stream, as the
// households service records it (field 1, hand-encoded).
void RecordErasure(storage::EventLog& log, const std::string& household_id) {
  storage::AppendRequest request;
  request.stream = privacy::kHouseholdStreamPrefix + household_id;
  request.actor = "test";
  std::string payload = "\x0a";
  payload.push_back(static_cast<char>(household_id.size()));
  request.events.push_back(testing::MakeEvent("PersonalDataErased", payload + household_id));
  ASSERT_TRUE(log.Append(std::move(request)).ok());
}

TEST(ServerVaultTest, LogErasuresWinOverARestoredKeyBackup) {
  testing::TempDir dir;
  const std::string key = WriteKey(dir.Sub("master-key"), 'm');
  std::string envelope1, envelope2;
  {
    absl::StatusOr<std::unique_ptr<services::Server>> server =
        services::Server::Start(Options(dir, key));
    ASSERT_TRUE(server.ok()) << server.status();
    privacy::PersonalDataVault* vault = (*server)->vault();
    ASSERT_NE(vault, nullptr);
    envelope1 = *vault->Seal("v1/H-0001", "one");
    envelope2 = *vault->Seal("v1/H-0002", "two");
    ASSERT_TRUE(vault->Backup(dir.Sub("key-backup")).ok());
    // The households service records the erasure, then destroys the key.
    RecordErasure(*(*server)->log(), "v1/H-0001");
    ASSERT_TRUE(vault->Erase("v1/H-0001").ok());
    EXPECT_TRUE(privacy::IsErased(vault->Open("v1/H-0001", envelope1).status()));
  }
  // Restore the older key backup (offline copy), then start again.
  fs::remove_all(dir.Sub("data/household-keys"));
  fs::copy(dir.Sub("key-backup"), dir.Sub("data/household-keys"), fs::copy_options::recursive);
  absl::StatusOr<std::unique_ptr<services::Server>> server =
      services::Server::Start(Options(dir, key));
  ASSERT_TRUE(server.ok()) << server.status();
  privacy::PersonalDataVault* vault = (*server)->vault();
  ASSERT_NE(vault, nullptr);
  EXPECT_TRUE(vault->IsErasedHousehold("v1/H-0001"));
  EXPECT_TRUE(privacy::IsErased(vault->Open("v1/H-0001", envelope1).status()));
  EXPECT_EQ(*vault->Open("v1/H-0002", envelope2), "two");
}

TEST(ServerVaultTest, AnErasureRecordedButNotAppliedIsAppliedAtStart) {
  testing::TempDir dir;
  const std::string key = WriteKey(dir.Sub("master-key"), 'm');
  std::string envelope;
  {
    auto server = services::Server::Start(Options(dir, key));
    ASSERT_TRUE(server.ok()) << server.status();
    envelope = *(*server)->vault()->Seal("v1/H-0007", "seven");
    RecordErasure(*(*server)->log(), "v1/H-0007");  // a crash before Erase
  }
  auto server = services::Server::Start(Options(dir, key));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(privacy::IsErased((*server)->vault()->Open("v1/H-0007", envelope).status()));
}

TEST(ServerVaultTest, NoKeyNoVault) {
  testing::TempDir dir;
  unsetenv("CREDENTIALS_DIRECTORY");
  auto server = services::Server::Start(Options(dir, ""));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->vault(), nullptr);
  EXPECT_FALSE(fs::exists(dir.Sub("data/household-keys")));
}

TEST(ServerVaultTest, SystemdCredentialIsTheFallback) {
  testing::TempDir dir;
  fs::create_directories(dir.Sub("credentials"));
  WriteKey(dir.Sub("credentials/minhbach-master-key"), 'c');
  setenv("CREDENTIALS_DIRECTORY", dir.Sub("credentials").c_str(), 1);
  auto server = services::Server::Start(Options(dir, ""));
  unsetenv("CREDENTIALS_DIRECTORY");
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_NE((*server)->vault(), nullptr);
}

TEST(ServerVaultTest, BadKeysStopTheStart) {
  testing::TempDir dir;
  { ASSERT_TRUE(services::Server::Start(Options(dir, WriteKey(dir.Sub("a"), 'a'))).ok()); }
  // Another master key than the store's.
  auto wrong = services::Server::Start(Options(dir, WriteKey(dir.Sub("b"), 'b')));
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kFailedPrecondition) << wrong.status();
  // A key inside the data directory.
  fs::create_directories(dir.Sub("data/household-keys"));
  auto inside = services::Server::Start(
      Options(dir, WriteKey(dir.Sub("data/household-keys/master-key"), 'a')));
  EXPECT_EQ(inside.status().code(), absl::StatusCode::kFailedPrecondition) << inside.status();
  fs::remove(dir.Sub("data/household-keys/master-key"));
  // A key others can read.
  const std::string open_key = WriteKey(dir.Sub("c"), 'a');
  chmod(open_key.c_str(), 0644);
  auto readable = services::Server::Start(Options(dir, open_key));
  EXPECT_EQ(readable.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(services::Server::Start(Options(dir, dir.Sub("a"))).ok());
}

}  // namespace
}  // namespace minhbach
