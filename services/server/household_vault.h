// minhbachd's personal-data vault: the master key from --master_key_file or
// the systemd credential, the key store at <data_dir>/household-keys, and the
// log's erasures applied to it before the server serves.
#ifndef MINHBACH_SERVICES_SERVER_HOUSEHOLD_VAULT_H_
#define MINHBACH_SERVICES_SERVER_HOUSEHOLD_VAULT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/privacy/master_key.h"
#include "services/privacy/personal_data_vault.h"
#include "storage/event_log.h"

namespace minhbach::services {

// The vault's directory inside the data directory (data_dir.cc accepts it).
inline constexpr char kHouseholdKeysEntry[] = "household-keys";

// The master key from `master_key_file` (MasterKey::FromFile's rules), or,
// when that is empty, from $CREDENTIALS_DIRECTORY/minhbach-master-key; nullopt
// when neither is given (household commands with personal data are refused).
absl::StatusOr<std::optional<privacy::MasterKey>> LoadMasterKey(const std::string& master_key_file,
                                                                const std::string& data_dir);

// Opens <data_dir>/household-keys and applies every erasure the log records
// (privacy::ErasedHouseholdsInLog), so a restored older key backup cannot
// bring erased data back. Errors as PersonalDataVault::Open and
// EventLog::ReadAll.
absl::StatusOr<std::unique_ptr<privacy::PersonalDataVault>> OpenHouseholdVault(
    const storage::EventLog& log, const std::string& data_dir, privacy::MasterKey master);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_HOUSEHOLD_VAULT_H_
