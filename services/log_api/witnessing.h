// Witness cosignatures (c2sp.org/tlog-cosignature) of the log's checkpoints:
// a witness (the Fatherland Front) verifies a checkpoint against the head it
// saved, cosigns it with its own key and sends it here; the server keeps each
// cosignature beside the checkpoint it signs, in <data_dir>/cosignatures, and
// serves every checkpoint with the cosignatures it has. A verifier can then
// demand a checkpoint its witness cosigned, so the server cannot show one
// history to the auditors and another to the district.
//
// Only cosignatures by the witness keys the server was configured with are
// accepted, and only on checkpoints of this log (its signature, and the root
// it holds at that size).
//
// Thread-safe.
#ifndef MINHBACH_SERVICES_LOG_API_WITNESSING_H_
#define MINHBACH_SERVICES_LOG_API_WITNESSING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "storage/event_log.h"
#include "storage/side_store.h"
#include "storage/signed_note.h"

namespace minhbach::services {

class Witnessing {
 public:
  // `witness_keys`: the text of a witness key file, one cosignature/v1
  // verifier key per line, '#' comments. InvalidArgument naming the line of
  // a key that does not parse or is not a cosigner's (type 0x04).
  static absl::StatusOr<std::unique_ptr<Witnessing>> Open(const storage::EventLog* log,
                                                          const storage::note::Signer* log_key,
                                                          absl::string_view witness_keys,
                                                          const std::string& path);

  size_t witness_count() const { return witnesses_.size(); }

  // Keeps the cosignatures in `cosigned_note` (a checkpoint of this log,
  // signed by it, with one or more cosignature lines by configured witnesses)
  // and returns the checkpoint with every cosignature now kept for it.
  // FailedPrecondition when no witness is configured or the checkpoint is
  // not one of this log's; InvalidArgument for a malformed note or a
  // signature that does not verify; PermissionDenied when no configured
  // witness signed it.
  absl::Status Add(absl::string_view cosigned_note, v1::SignedCheckpoint* response);

  // The checkpoint of the first `size` events (0: all of them) with its
  // cosignatures; with `cosigned_by`, the newest checkpoint that witness
  // cosigned (NotFound when there is none).
  absl::Status Checkpoint(uint64_t size, absl::string_view cosigned_by,
                          v1::SignedCheckpoint* response) const;

 private:
  Witnessing(const storage::EventLog* log, const storage::note::Signer* log_key,
             std::vector<storage::note::Verifier> witnesses, std::unique_ptr<storage::SideStore> db)
      : log_(log), log_key_(log_key), witnesses_(std::move(witnesses)), db_(std::move(db)) {}

  const storage::EventLog* const log_;
  const storage::note::Signer* const log_key_;
  const std::vector<storage::note::Verifier> witnesses_;
  std::unique_ptr<storage::SideStore> db_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_WITNESSING_H_
