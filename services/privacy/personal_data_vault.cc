#include "services/privacy/personal_data_vault.h"

#include <openssl/crypto.h>

#include <cstring>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"
#include "services/privacy/aes_gcm.h"
#include "services/privacy/envelope.h"

namespace minhbach::privacy {
namespace {

// The store's records:
//   "m/master-check" -> nonce | AES-GCM(master, "minhbach household keys")
//   "k/<household id>" -> 'W' | generation (4 bytes, little endian) | nonce
//                         | AES-GCM(master, data key) with kWrapLabel + id as AAD
//                       or kErasedMarker, once erased (never re-created).
constexpr char kMasterCheckKey[] = "m/master-check";
constexpr char kMasterCheckLabel[] = "minhbach vault master check v1";
constexpr char kMasterCheckText[] = "minhbach household keys";
constexpr char kHouseholdPrefix[] = "k/";
constexpr char kWrapLabel[] = "minhbach household key v1";
constexpr char kErasedMarker[] = "erased";
constexpr size_t kWrappedSize = 1 + 4 + kGcmNonceSize + kAesKeySize + kGcmTagSize;
constexpr uint32_t kFirstGeneration = 1;

constexpr char kErasedPayloadUrl[] = "type.minhbach.vn/privacy.Erased";

std::string RecordKey(absl::string_view household_id) {
  return absl::StrCat(kHouseholdPrefix, household_id);
}

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  return absl::UnavailableError(absl::StrCat("household key store: ", what, ": ", s.ToString()));
}

absl::Status ErasedStatus(absl::string_view household_id) {
  absl::Status status =
      absl::NotFoundError(absl::StrCat("erased: the personal data of household ", household_id,
                                       " was erased (its key is destroyed)"));
  status.SetPayload(kErasedPayloadUrl, absl::Cord("erased"));
  return status;
}

absl::Status CheckHouseholdId(absl::string_view household_id) {
  if (household_id.empty()) return absl::InvalidArgumentError("a household id is required");
  return absl::OkStatus();
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

bool IsErased(const absl::Status& status) {
  return absl::IsNotFound(status) && status.GetPayload(kErasedPayloadUrl).has_value();
}

absl::Status NoMasterKeyError() {
  return absl::FailedPreconditionError(
      "no master key: start minhbachd with --master_key_file (households' personal data is "
      "kept only encrypted)");
}

absl::StatusOr<std::unique_ptr<PersonalDataVault>> PersonalDataVault::Open(const std::string& dir,
                                                                           MasterKey master,
                                                                           VaultOptions options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.paranoid_checks = true;
  // Uncompressed, so a value's bytes are where Erase's compaction left them
  // (and the erasure test can look for them); the store is small.
  db_options.compression = rocksdb::kNoCompression;
  db_options.bottommost_compression = rocksdb::kNoCompression;
  db_options.recycle_log_file_num = 0;  // a WAL holding old keys is deleted, never reused
  db_options.keep_log_file_num = 3;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, dir, &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("cannot open ", dir));
  std::unique_ptr<rocksdb::DB> db(raw);

  // The store remembers which master key made it: a wrong key is refused at
  // start, not discovered at the first read.
  std::string check;
  s = db->Get(rocksdb::ReadOptions(), kMasterCheckKey, &check);
  if (s.IsNotFound()) {
    absl::StatusOr<std::string> nonce = RandomBytes(kGcmNonceSize);
    if (!nonce.ok()) return nonce.status();
    absl::StatusOr<std::string> sealed =
        AesGcmSeal(master.bytes.data(), *nonce, kMasterCheckLabel, kMasterCheckText);
    if (!sealed.ok()) return sealed.status();
    s = db->Put(Synced(), kMasterCheckKey, *nonce + *sealed);
    if (!s.ok()) return FromRocks(s, "cannot record the master key check");
  } else if (!s.ok()) {
    return FromRocks(s, "cannot read the master key check");
  } else {
    absl::string_view view(check);
    absl::StatusOr<std::string> text =
        view.size() < kGcmNonceSize ? absl::DataLossError("short")
                                    : AesGcmOpen(master.bytes.data(), view.substr(0, kGcmNonceSize),
                                                 kMasterCheckLabel, view.substr(kGcmNonceSize));
    if (!text.ok() || *text != kMasterCheckText) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the household key store ", dir,
          " was made with another master key; start with the master key it was made with"));
    }
  }
  return std::unique_ptr<PersonalDataVault>(
      new PersonalDataVault(std::move(db), std::move(master), options));
}

PersonalDataVault::PersonalDataVault(std::unique_ptr<rocksdb::DB> db, MasterKey master,
                                     VaultOptions options)
    : db_(std::move(db)), master_(std::move(master)), cache_(options.key_cache_capacity) {}

PersonalDataVault::~PersonalDataVault() {
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
}

absl::StatusOr<DataKey> PersonalDataVault::Unwrap(absl::string_view household_id,
                                                  std::string& record) const {
  if (record == kErasedMarker) return ErasedStatus(household_id);
  if (record.size() != kWrappedSize || record[0] != 'W') {
    return absl::DataLossError(
        absl::StrCat("household key store: the key of household ", household_id, " is damaged"));
  }
  uint32_t generation = 0;
  for (int i = 0; i < 4; ++i) {
    generation |= static_cast<uint32_t>(static_cast<uint8_t>(record[1 + i])) << (8 * i);
  }
  const absl::string_view view(record);
  absl::StatusOr<std::string> unwrapped =
      AesGcmOpen(master_.bytes.data(), view.substr(5, kGcmNonceSize),
                 absl::StrCat(kWrapLabel, household_id), view.substr(5 + kGcmNonceSize));
  OPENSSL_cleanse(record.data(), record.size());
  if (!unwrapped.ok() || unwrapped->size() != kAesKeySize) {
    return absl::DataLossError(absl::StrCat("household key store: the key of household ",
                                            household_id, " does not unwrap"));
  }
  DataKey key;
  key.generation = generation;
  std::memcpy(key.bytes.data(), unwrapped->data(), kAesKeySize);
  OPENSSL_cleanse(unwrapped->data(), unwrapped->size());
  return key;
}

absl::StatusOr<std::shared_ptr<const HouseholdKey>> PersonalDataVault::Cache(
    absl::string_view household_id, const DataKey& key) const {
  absl::StatusOr<std::unique_ptr<GcmKey>> cipher = GcmKey::Create(key.bytes.data());
  if (!cipher.ok()) return cipher.status();
  auto cached = std::make_shared<HouseholdKey>();
  cached->generation = key.generation;
  cached->cipher = *std::move(cipher);
  cache_.Put(household_id, cached);
  return cached;
}

absl::StatusOr<std::shared_ptr<const HouseholdKey>> PersonalDataVault::KeyFor(
    absl::string_view household_id) const {
  absl::ReaderMutexLock lock(&keys_mutex_);
  if (std::shared_ptr<const HouseholdKey> cached = cache_.Get(household_id)) return cached;
  std::string record;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), RecordKey(household_id), &record);
  if (s.IsNotFound()) return absl::NotFoundError("no data key");
  if (!s.ok()) return FromRocks(s, "cannot read a household's key");
  absl::StatusOr<DataKey> key = Unwrap(household_id, record);
  if (!key.ok()) return key.status();
  return Cache(household_id, *key);
}

absl::StatusOr<std::shared_ptr<const HouseholdKey>> PersonalDataVault::CreateKey(
    absl::string_view household_id) {
  absl::WriterMutexLock lock(&keys_mutex_);
  // Another Seal or an Erase may have come first.
  std::string record;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), RecordKey(household_id), &record);
  if (s.ok()) {
    absl::StatusOr<DataKey> key = Unwrap(household_id, record);
    if (!key.ok()) return key.status();
    return Cache(household_id, *key);
  }
  if (!s.IsNotFound()) return FromRocks(s, "cannot read a household's key");

  absl::StatusOr<std::string> fresh = RandomBytes(kAesKeySize);
  if (!fresh.ok()) return fresh.status();
  absl::StatusOr<std::string> nonce = RandomBytes(kGcmNonceSize);
  if (!nonce.ok()) return nonce.status();
  absl::StatusOr<std::string> wrapped =
      AesGcmSeal(master_.bytes.data(), *nonce, absl::StrCat(kWrapLabel, household_id), *fresh);
  if (!wrapped.ok()) {
    OPENSSL_cleanse(fresh->data(), fresh->size());
    return wrapped.status();
  }
  record = "W";
  for (int i = 0; i < 4; ++i) record.push_back(static_cast<char>(kFirstGeneration >> (8 * i)));
  absl::StrAppend(&record, *nonce, *wrapped);
  s = db_->Put(Synced(), RecordKey(household_id), record);
  DataKey key;
  key.generation = kFirstGeneration;
  std::memcpy(key.bytes.data(), fresh->data(), kAesKeySize);
  OPENSSL_cleanse(fresh->data(), fresh->size());
  if (!s.ok()) return FromRocks(s, "cannot store a new household key");
  return Cache(household_id, key);
}

absl::StatusOr<std::string> PersonalDataVault::Seal(absl::string_view household_id,
                                                    absl::string_view plaintext) {
  if (absl::Status valid = CheckHouseholdId(household_id); !valid.ok()) return valid;
  absl::StatusOr<std::shared_ptr<const HouseholdKey>> key = KeyFor(household_id);
  if (IsErased(key.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat("household ", household_id,
                     " had its personal data erased; no new personal data is kept for it"));
  }
  if (absl::IsNotFound(key.status())) key = CreateKey(household_id);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> nonce = RandomBytes(kGcmNonceSize);
  if (!nonce.ok()) return nonce.status();
  std::string envelope = EncodeEnvelopeHeader((*key)->generation, *nonce);
  absl::StatusOr<std::string> sealed =
      (*key)->cipher->Seal(*nonce, EnvelopeAad(household_id, envelope), plaintext);
  if (!sealed.ok()) return sealed.status();
  envelope.append(*sealed);
  return envelope;
}

absl::StatusOr<std::string> PersonalDataVault::Open(absl::string_view household_id,
                                                    absl::string_view envelope) const {
  if (absl::Status valid = CheckHouseholdId(household_id); !valid.ok()) return valid;
  absl::StatusOr<std::shared_ptr<const HouseholdKey>> key = KeyFor(household_id);
  if (!key.ok()) {
    if (absl::IsNotFound(key.status()) && !IsErased(key.status())) {
      return absl::DataLossError(absl::StrCat(
          "household ", household_id,
          " has no data key in the key store (restored from a backup older than the household?)"));
    }
    return key.status();
  }
  absl::StatusOr<EnvelopeView> view = DecodeEnvelope(envelope);
  if (!view.ok()) return view.status();
  if (view->generation != (*key)->generation) {
    return absl::DataLossError("personal data envelope: sealed with another key generation");
  }
  absl::StatusOr<std::string> plaintext = (*key)->cipher->Open(
      view->nonce, EnvelopeAad(household_id, view->header), view->ciphertext_and_tag);
  if (!plaintext.ok()) {
    return absl::DataLossError(
        absl::StrCat("the personal data envelope of household ", household_id,
                     " does not open: it was changed, or sealed for another household"));
  }
  return plaintext;
}

absl::Status PersonalDataVault::Erase(absl::string_view household_id) {
  return ApplyErasures({std::string(household_id)});
}

absl::Status PersonalDataVault::ApplyErasures(const std::vector<std::string>& household_ids) {
  for (const std::string& id : household_ids) {
    if (absl::Status valid = CheckHouseholdId(id); !valid.ok()) return valid;
  }
  absl::WriterMutexLock lock(&keys_mutex_);
  rocksdb::WriteBatch batch;
  std::string first, last;
  for (const std::string& id : household_ids) {
    const std::string record_key = RecordKey(id);
    std::string record;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), record_key, &record);
    if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "cannot read a household's key");
    const bool erased = s.ok() && record == kErasedMarker;
    OPENSSL_cleanse(record.data(), record.size());
    cache_.Remove(id);
    if (erased) continue;
    batch.Put(record_key, kErasedMarker);
    if (first.empty() || record_key < first) first = record_key;
    if (last.empty() || record_key > last) last = record_key;
  }
  if (batch.Count() == 0) return absl::OkStatus();
  rocksdb::Status s = db_->Write(Synced(), &batch);
  if (!s.ok()) return FromRocks(s, "cannot record an erasure");
  // From here the erasure holds: the marker is durable, and reads see it.
  return ForceOutOldValues(first, last);
}

// The marker hides the old wrapped key from reads, but its bytes would stay in
// the store's files until RocksDB compacts them away. Flush moves the marker
// out of the memtable into an SST file and retires the write-ahead log that
// held the old Put (RocksDB deletes a WAL once every memtable it fed is
// flushed; recycle_log_file_num = 0 keeps it from being reused); CompactRange
// over the erased records, forced down to the bottommost level, rewrites every
// SST file that held an older value without it (no snapshot holds one), and
// the obsolete files are deleted. What this does not guarantee: deleting a
// file frees its blocks but does not overwrite them, so on the physical disk
// (and in filesystem journals, SSD remapped blocks, snapshots of the volume,
// and earlier backups) the old wrapped key may survive until reused. It stays
// wrapped by the master key; destroying that master key, or full-disk
// encryption below it, is what makes such remnants unreadable.
absl::Status PersonalDataVault::ForceOutOldValues(absl::string_view first, absl::string_view last) {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  rocksdb::Status s = db_->Flush(flush);
  if (!s.ok()) return FromRocks(s, "cannot flush an erasure");
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  const rocksdb::Slice begin(first.data(), first.size());
  const rocksdb::Slice end(last.data(), last.size());
  s = db_->CompactRange(compact, &begin, &end);
  if (!s.ok()) return FromRocks(s, "cannot compact an erasure");
  s = db_->SyncWAL();
  if (!s.ok()) return FromRocks(s, "cannot sync after an erasure");
  return absl::OkStatus();
}

bool PersonalDataVault::IsErasedHousehold(absl::string_view household_id) const {
  std::string record;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), RecordKey(household_id), &record);
  const bool erased = s.ok() && record == kErasedMarker;
  OPENSSL_cleanse(record.data(), record.size());
  return erased;
}

absl::Status PersonalDataVault::Backup(const std::string& backup_dir) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  if (!s.ok()) return FromRocks(s, "cannot start a backup");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush = 0: flush first, so the copy needs no WAL replay.
  s = checkpoint->CreateCheckpoint(backup_dir, /*log_size_for_flush=*/0);
  if (!s.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot back up the household key store to ", backup_dir,
                     " (it must be a new directory on a writable disk): ", s.ToString()));
  }
  return absl::OkStatus();
}

}  // namespace minhbach::privacy
