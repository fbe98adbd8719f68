// `minhbach verify`: an auditor's check of a server's log that trusts
// nothing but the log's public key and the head saved last time. It fetches
// the current signed head and checks its signature, checks that it extends
// the saved head (consistency proof), re-hashes events on the client and
// checks them against the signed root (a random sample with their inclusion
// proofs, or with `all` every event, rebuilding the whole tree), and returns
// the new head to save.
#ifndef MINHBACH_CLIENTS_LOG_AUDIT_H_
#define MINHBACH_CLIENTS_LOG_AUDIT_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/connection.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "storage/merkle.h"
#include "storage/signed_note.h"

namespace minhbach::clients {

struct AuditOptions {
  // The head saved by the previous verification (a signed note); empty on
  // the first one, which then trusts the head it finds.
  std::string saved_head;
  bool all = false;  // re-hash every event instead of a sample
  int sample = 16;   // events checked with inclusion proofs otherwise
  int timeout_seconds = 30;
  // When set, the head checked is the newest one this witness cosigned, and
  // its cosignature must verify (the district's guard against being shown
  // another history than the Front saw).
  std::optional<storage::note::Verifier> require_cosigner;
};

struct AuditResult {
  bool verified = false;
  // What was checked, one line each; the failure, naming what failed.
  std::vector<std::string> lines;
  // The first position found not to match the signed tree, when any.
  std::optional<uint64_t> bad_position;
  std::string new_head;  // the signed note to save when verified
};

// The hashes of a proof as the server sent them; InvalidArgument when an
// element is not 32 bytes.
absl::StatusOr<std::vector<storage::merkle::Hash>> ProofHashes(
    const google::protobuf::RepeatedPtrField<std::string>& elements);

// Runs the checks. An error status only when the server cannot be asked
// (the connection, a refused call); a log that fails a check is an OK
// status with verified = false.
absl::StatusOr<AuditResult> AuditLog(const ConnectionSettings& settings,
                                     const std::shared_ptr<grpc::Channel>& channel,
                                     const storage::note::Verifier& log_key,
                                     const AuditOptions& options);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_LOG_AUDIT_H_
