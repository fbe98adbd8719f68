#include "services/log_api/witnessing.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "storage/checkpoint.h"
#include "storage/format.h"
#include "storage/log_checkpoint.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

using storage::format::DecodeUint64;
using storage::format::EncodeUint64;
namespace note = storage::note;

// Key: the checkpoint's size, then the witness's name. Value: its key id
// (4 bytes, big-endian) and the signature bytes of its line.
std::string CosignatureKey(uint64_t size, absl::string_view witness) {
  return absl::StrCat(EncodeUint64(size), witness);
}

std::string KeyIdBytes(uint32_t id) {
  return std::string({static_cast<char>(id >> 24), static_cast<char>(id >> 16),
                      static_cast<char>(id >> 8), static_cast<char>(id)});
}

void Fill(const storage::Checkpoint& checkpoint, std::string signed_note,
          v1::SignedCheckpoint* response) {
  response->set_signed_note(std::move(signed_note));
  response->set_tree_size(checkpoint.size);
  response->set_root_hash(std::string(checkpoint.root.begin(), checkpoint.root.end()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Witnessing>> Witnessing::Open(const storage::EventLog* log,
                                                             const note::Signer* log_key,
                                                             absl::string_view witness_keys,
                                                             const std::string& path) {
  std::vector<note::Verifier> witnesses;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(witness_keys, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    absl::StatusOr<note::Verifier> key = note::Verifier::Parse(line);
    if (!key.ok() || key->type() != note::kAlgCosignatureV1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "witness key file, line ", line_number, ": not a cosignature/v1 verifier key (",
          key.ok() ? "signature type is not 0x04" : key.status().message(),
          "); make one with `minhbach witness keygen`"));
    }
    witnesses.push_back(*std::move(key));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<storage::SideStore> db,
                   storage::SideStore::Open(path, "the cosignature store", {}));
  return std::unique_ptr<Witnessing>(
      new Witnessing(log, log_key, std::move(witnesses), std::move(db)));
}

absl::Status Witnessing::Add(absl::string_view cosigned_note, v1::SignedCheckpoint* response) {
  if (witnesses_.empty()) {
    return absl::FailedPreconditionError(
        "this server accepts no cosignatures: start minhbachd with --witness_keys=FILE naming "
        "the witnesses' keys");
  }
  std::vector<note::Verifier> known = witnesses_;
  known.push_back(log_key_->verifier());
  absl::StatusOr<note::Note> opened = note::Open(cosigned_note, known);
  if (!opened.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the cosigned checkpoint does not verify: ", opened.status().message()));
  }
  bool by_log = false;
  std::vector<const note::Signature*> by_witnesses;
  for (const note::Signature& signature : opened->verified) {
    if (signature.name == log_key_->name() && signature.key_id == log_key_->key_id()) {
      by_log = true;
    } else {
      by_witnesses.push_back(&signature);
    }
  }
  if (!by_log) {
    return absl::FailedPreconditionError(
        "the checkpoint is not signed by this log's key: cosign a checkpoint this server gave");
  }
  if (by_witnesses.empty()) {
    std::vector<std::string> others;
    for (const note::Signature& s : opened->unverified) others.push_back(s.KeyLabel());
    return absl::PermissionDeniedError(absl::StrCat(
        "no cosignature by a witness this server trusts (its --witness_keys); the note is signed "
        "by ",
        others.empty() ? "no one else" : absl::StrJoin(others, ", ")));
  }
  ASSIGN_OR_RETURN(storage::Checkpoint checkpoint, storage::ParseCheckpoint(opened->text));
  absl::StatusOr<storage::merkle::Hash> root =
      checkpoint.size <= log_->Size()
          ? log_->RootAt(checkpoint.size)
          : absl::StatusOr<storage::merkle::Hash>(absl::OutOfRangeError("beyond the log"));
  if (!root.ok() || *root != checkpoint.root) {
    return absl::FailedPreconditionError(
        absl::StrCat("the checkpoint of ", checkpoint.size, " events is not one of this log's"));
  }
  rocksdb::WriteBatch batch;
  for (const note::Signature* signature : by_witnesses) {
    batch.Put(CosignatureKey(checkpoint.size, signature->name),
              KeyIdBytes(signature->key_id) + signature->signature);
  }
  // Synced: a witness is told its cosignature is kept only once it is.
  RETURN_IF_ERROR(db_->Write(batch, /*sync=*/true));
  return Checkpoint(checkpoint.size, "", response);
}

absl::Status Witnessing::Checkpoint(uint64_t size, absl::string_view cosigned_by,
                                    v1::SignedCheckpoint* response) const {
  if (size == 0) size = log_->Size();
  if (size > log_->Size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("tree_size ", size, " is beyond the log's ", log_->Size(), " events"));
  }
  storage::SideStore::Cursor cursor = db_->NewCursor();
  storage::SideStore::Cursor* it = &cursor;
  if (!cosigned_by.empty()) {
    // The newest checkpoint with a line by that witness.
    bool found = false;
    for (it->SeekToLast(); it->Valid(); it->Prev()) {
      const absl::string_view key = it->key();
      if (key.size() > 8 && key.substr(8) == cosigned_by) {
        size = DecodeUint64(key.substr(0, 8)).value_or(0);
        found = true;
        break;
      }
    }
    RETURN_IF_ERROR(it->status());
    if (!found) {
      return absl::NotFoundError(
          absl::StrCat("no checkpoint has been cosigned by ", cosigned_by, " yet"));
    }
  }
  ASSIGN_OR_RETURN(storage::Checkpoint checkpoint, storage::LogCheckpoint(*log_, *log_key_, size));
  ASSIGN_OR_RETURN(std::string signed_by_log, storage::SignCheckpoint(checkpoint, *log_key_));
  ASSIGN_OR_RETURN(note::Note note, note::Open(signed_by_log, {log_key_->verifier()}));
  const std::string prefix = EncodeUint64(size);
  for (it->Seek(prefix); it->Valid() && absl::StartsWith(it->key(), prefix); it->Next()) {
    const absl::string_view value = it->value();
    if (value.size() <= 4) return absl::DataLossError("a stored cosignature is damaged");
    note::Signature signature;
    signature.name = std::string(it->key().substr(8));
    signature.key_id = (static_cast<uint32_t>(static_cast<uint8_t>(value[0])) << 24) |
                       (static_cast<uint32_t>(static_cast<uint8_t>(value[1])) << 16) |
                       (static_cast<uint32_t>(static_cast<uint8_t>(value[2])) << 8) |
                       static_cast<uint32_t>(static_cast<uint8_t>(value[3]));
    signature.signature = std::string(value.substr(4));
    note.unverified.push_back(std::move(signature));
  }
  RETURN_IF_ERROR(it->status());
  ASSIGN_OR_RETURN(std::string cosigned, note::Sign(note, {}));
  Fill(checkpoint, std::move(cosigned), response);
  return absl::OkStatus();
}

}  // namespace minhbach::services
