#include "services/server/household_vault.h"

#include <filesystem>
#include <utility>

#include "services/privacy/log_erasures.h"
#include "services/rpc/log_line.h"

namespace minhbach::services {

absl::StatusOr<std::optional<privacy::MasterKey>> LoadMasterKey(const std::string& master_key_file,
                                                                const std::string& data_dir) {
  if (!master_key_file.empty()) {
    absl::StatusOr<privacy::MasterKey> key =
        privacy::MasterKey::FromFile(master_key_file, data_dir);
    if (!key.ok()) return key.status();
    return std::optional<privacy::MasterKey>(*std::move(key));
  }
  absl::StatusOr<privacy::MasterKey> credential =
      privacy::MasterKey::FromSystemdCredential(data_dir);
  if (absl::IsNotFound(credential.status())) return std::optional<privacy::MasterKey>();
  if (!credential.ok()) return credential.status();
  return std::optional<privacy::MasterKey>(*std::move(credential));
}

absl::StatusOr<std::unique_ptr<privacy::PersonalDataVault>> OpenHouseholdVault(
    const storage::EventLog& log, const std::string& data_dir, privacy::MasterKey master) {
  const std::string dir = (std::filesystem::path(data_dir) / kHouseholdKeysEntry).string();
  absl::StatusOr<std::unique_ptr<privacy::PersonalDataVault>> vault =
      privacy::PersonalDataVault::Open(dir, std::move(master));
  if (!vault.ok()) return vault.status();
  // household_erasures: the log's PersonalDataErased events win over the key
  // store, whatever backup it was restored from.
  absl::StatusOr<std::vector<std::string>> erased = privacy::ErasedHouseholdsInLog(log);
  if (!erased.ok()) return erased.status();
  if (absl::Status applied = (*vault)->ApplyErasures(*erased); !applied.ok()) return applied;
  LogLine("info", "household key store open",
          {{"dir", dir}, {"erased_households", std::to_string(erased->size())}});
  return vault;
}

}  // namespace minhbach::services
