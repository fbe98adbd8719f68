// The personal-data vault: one AES-256-GCM data key per household, wrapped by
// the operator's master key and kept in the vault's own RocksDB, outside the
// log, its Merkle tree and its backups. Households' personal fields enter the
// log only as envelopes sealed here (envelope.h); erasing a household destroys
// its key, so its envelopes, which stay in the log, can never be opened again.
#ifndef MINHBACH_SERVICES_PRIVACY_PERSONAL_DATA_VAULT_H_
#define MINHBACH_SERVICES_PRIVACY_PERSONAL_DATA_VAULT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/privacy/key_cache.h"
#include "services/privacy/master_key.h"

namespace rocksdb {
class DB;
}

namespace minhbach::privacy {

struct VaultOptions {
  // Unwrapped data keys kept in memory, each a ready AES-GCM key schedule of
  // about 1 KiB (least recently used evicted, wiped).
  size_t key_cache_capacity = 32768;
};

class PersonalDataVault {
 public:
  // Opens (creating when missing) the key store at `dir` with the operator's
  // master key. FailedPrecondition when the store was made with another master
  // key; Unavailable when RocksDB cannot open it (e.g. another process has it).
  static absl::StatusOr<std::unique_ptr<PersonalDataVault>> Open(const std::string& dir,
                                                                 MasterKey master,
                                                                 VaultOptions options = {});
  ~PersonalDataVault();
  PersonalDataVault(const PersonalDataVault&) = delete;
  PersonalDataVault& operator=(const PersonalDataVault&) = delete;

  // Seals `plaintext` (a serialized minhbach.v1.HouseholdPersonalData) for
  // `household_id`, creating its data key on first use (synced to disk before
  // the envelope is returned). FailedPrecondition when the household is erased.
  // A Seal racing an Erase of the same household may return an envelope that
  // never opens (it reads as erased): the erasure wins.
  absl::StatusOr<std::string> Seal(absl::string_view household_id, absl::string_view plaintext);

  // The plaintext; NotFound "erased" (IsErased) when the household's key was
  // destroyed; DataLoss when the envelope is tampered, malformed, sealed for
  // another household, or the household has no key (a store restored from a
  // backup older than the household).
  absl::StatusOr<std::string> Open(absl::string_view household_id,
                                   absl::string_view envelope) const;

  // Destroys the household's data key: an "erased" marker replaces it, synced,
  // and the old value is compacted out of the store's files. Idempotent; also
  // marks a household that never had a key, so none is ever created for it.
  absl::Status Erase(absl::string_view household_id);

  // Erases every household in `household_ids` (the log's PersonalDataErased
  // events), at start and after a restore: one synced batch, one compaction.
  absl::Status ApplyErasures(const std::vector<std::string>& household_ids);

  // Whether the household's key was destroyed (false too when the store
  // cannot be read: Open then reports that error).
  bool IsErasedHousehold(absl::string_view household_id) const;

  // A consistent copy of the key store in `backup_dir` (which must not exist),
  // taken while the vault serves (a RocksDB checkpoint). Restoring it is an
  // offline copy of that directory into place; at the next start ApplyErasures
  // re-destroys every key the log says was erased after the backup.
  absl::Status Backup(const std::string& backup_dir);

  // For tests and metrics: unwrapped keys now in memory.
  size_t cached_keys() const { return cache_.size(); }

 private:
  PersonalDataVault(std::unique_ptr<rocksdb::DB> db, MasterKey master, VaultOptions options);

  // The household's data key: from the cache, else unwrapped from the store.
  // NotFound-erased (IsErased), or NotFound "no data key" when there is none.
  absl::StatusOr<std::shared_ptr<const HouseholdKey>> KeyFor(absl::string_view household_id) const;
  // A stored record's key (wipes `record`); erased or DataLoss otherwise.
  absl::StatusOr<DataKey> Unwrap(absl::string_view household_id, std::string& record) const;
  absl::StatusOr<std::shared_ptr<const HouseholdKey>> CreateKey(absl::string_view household_id);
  // Puts `key` in the cache as a ready key schedule. Needs keys_mutex_ (either
  // mode): an erased household's key is never cached.
  absl::StatusOr<std::shared_ptr<const HouseholdKey>> Cache(absl::string_view household_id,
                                                            const DataKey& key) const;
  // Flush + compaction over the given households' records (see the .cc).
  absl::Status ForceOutOldValues(absl::string_view first, absl::string_view last);

  std::unique_ptr<rocksdb::DB> db_;
  const MasterKey master_;
  mutable KeyCache cache_;
  // Readers (KeyFor filling the cache) against writers (creating a key,
  // erasing): an erased key is never put back into the cache.
  mutable absl::Mutex keys_mutex_;
};

// Whether `status` is the vault's "this household's data is erased".
bool IsErased(const absl::Status& status);

// What a command carrying personal data answers when minhbachd has no vault
// (Server::vault() is null): FailedPrecondition, with what to do.
absl::Status NoMasterKeyError();

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_PERSONAL_DATA_VAULT_H_
