// The child of vault_crash_test: opens the vault at argv[1] with the master
// key file argv[2], erases households argv[3..] one by one, and after each
// Erase returns prints "erased <id>" (flushed) so the parent, which kills it
// at a random moment, knows which erasures were acknowledged. It never exits
// by itself.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "services/privacy/personal_data_vault.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s VAULT_DIR MASTER_KEY_FILE HOUSEHOLD...\n", argv[0]);
    return 2;
  }
  using minhbach::privacy::MasterKey;
  using minhbach::privacy::PersonalDataVault;
  absl::StatusOr<MasterKey> key = MasterKey::FromFile(argv[2], "");
  if (!key.ok()) return 3;
  absl::StatusOr<std::unique_ptr<PersonalDataVault>> vault = PersonalDataVault::Open(argv[1], *key);
  if (!vault.ok()) {
    std::fprintf(stderr, "%s\n", std::string(vault.status().message()).c_str());
    return 4;
  }
  std::printf("open\n");
  std::fflush(stdout);
  for (int i = 3; i < argc; ++i) {
    if (!(*vault)->Erase(argv[i]).ok()) return 5;
    std::printf("erased %s\n", argv[i]);
    std::fflush(stdout);
  }
  // Wait for the kill: a clean exit would close (and flush) the store, hiding
  // an erasure that was acknowledged before it was durable.
  for (;;) pause();
}
