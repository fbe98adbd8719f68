// SIGKILL during Erase: a child erases households one by one and is killed at
// a random moment; after each kill every household either opens (its key
// intact) or is erased (never damaged, never half-erased), and every erasure
// the child reported as returned stays erased.
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/privacy/personal_data_vault.h"
#include "tests/temp_dir.h"

extern char** environ;

namespace minhbach::privacy {
namespace {

constexpr int kHouseholds = 40;
constexpr int kCycles = 12;

// Runs the child on `households`, kills it `kill_after_us` after it has
// opened the vault, and returns what it printed.
std::string RunAndKill(const std::string& vault_dir, const std::string& key_file,
                       const std::vector<std::string>& households, int kill_after_us) {
  int out[2];
  EXPECT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<std::string> args = {MINHBACH_VAULT_ERASE_CHILD, vault_dir, key_file};
  args.insert(args.end(), households.begin(), households.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::string printed;
  char buffer[256];
  // Wait for "open", then let it erase for a while and kill it.
  while (printed.find("open\n") == std::string::npos) {
    const ssize_t n = read(out[0], buffer, sizeof(buffer));
    if (n <= 0) break;
    printed.append(buffer, n);
  }
  usleep(kill_after_us);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  for (ssize_t n; (n = read(out[0], buffer, sizeof(buffer))) > 0;) printed.append(buffer, n);
  close(out[0]);
  return printed;
}

TEST(VaultCrashTest, SigkillDuringEraseLeavesEachHouseholdWholeOrErased) {
  testing::TempDir dir;
  const std::string vault_dir = dir.Sub("keys");
  const std::string key_file = dir.Sub("master-key");
  std::ofstream(key_file, std::ios::binary) << std::string(32, 'z');
  chmod(key_file.c_str(), 0600);
  absl::StatusOr<MasterKey> key = MasterKey::FromFile(key_file, "");
  ASSERT_TRUE(key.ok());

  std::map<std::string, std::string> envelopes;  // household -> its sealed data
  {
    auto vault = PersonalDataVault::Open(vault_dir, *key);
    ASSERT_TRUE(vault.ok()) << vault.status();
    for (int i = 0; i < kHouseholds; ++i) {
      const std::string id = absl::StrCat("v1/H-", 1000 + i);
      envelopes[id] = *(*vault)->Seal(id, "data of " + id);
    }
  }
  std::mt19937 random(14);
  std::set<std::string> acknowledged;
  int killed_mid_run = 0;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    std::vector<std::string> remaining;
    for (const auto& [id, envelope] : envelopes) {
      if (acknowledged.count(id) == 0) remaining.push_back(id);
    }
    if (remaining.empty()) break;
    const std::string printed = RunAndKill(vault_dir, key_file, remaining,
                                           std::uniform_int_distribution<int>(0, 60000)(random));
    ASSERT_NE(printed.find("open\n"), std::string::npos) << "the child did not open the vault";
    size_t erased_now = 0;
    for (absl::string_view line : absl::StrSplit(printed, '\n', absl::SkipEmpty())) {
      if (absl::ConsumePrefix(&line, "erased ")) {
        acknowledged.insert(std::string(line));
        ++erased_now;
      }
    }
    if (erased_now < remaining.size()) ++killed_mid_run;

    auto vault = PersonalDataVault::Open(vault_dir, *key);
    ASSERT_TRUE(vault.ok()) << "cycle " << cycle << ": " << vault.status();
    for (const auto& [id, envelope] : envelopes) {
      absl::StatusOr<std::string> opened = (*vault)->Open(id, envelope);
      if (acknowledged.count(id) > 0) {
        EXPECT_TRUE(IsErased(opened.status()))
            << "cycle " << cycle << " " << id << ": " << opened.status();
      } else if (opened.ok()) {
        EXPECT_EQ(*opened, "data of " + id);
      } else {
        // Erased before the kill, its "erased" line unread: whole, never damaged.
        EXPECT_TRUE(IsErased(opened.status()))
            << "cycle " << cycle << " " << id << ": " << opened.status();
        acknowledged.insert(id);  // and from now on it must stay erased
      }
    }
  }
  std::printf("%d of %d households erased, %d kills during erasures\n",
              static_cast<int>(acknowledged.size()), kHouseholds, killed_mid_run);
  EXPECT_GT(killed_mid_run, 0) << "no kill landed during the erasures: the test proved nothing";
}

}  // namespace
}  // namespace minhbach::privacy
