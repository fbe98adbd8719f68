// `minhbach verify`: an auditor's check of a server's log that trusts
// nothing but the log's public key and the head saved last time. It fetches
// the current signed head and checks its signature, checks that it extends
// the saved head (consistency proof), re-hashes events on the client and
// checks them against the signed root (a random sample with their inclusion
// proofs, or with `all` every event, rebuilding the whole tree), and returns
// the new head to save. The same checks read either the server or a
// tlog-tiles mirror of its log (`minhbach verify --tiles=URL|DIR`).
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

// Where the checks read the log.
class AuditSource {
 public:
  virtual ~AuditSource() = default;
  // What the lines call it: "máy chủ" / "the server", "bản sao" / "the mirror".
  virtual std::string NameVi() const = 0;
  virtual std::string NameEn() const = 0;
  // The signed head; with `cosigned_by`, the newest one that witness cosigned.
  virtual absl::StatusOr<std::string> SignedHead(const std::string& cosigned_by) = 0;
  virtual absl::StatusOr<std::vector<storage::merkle::Hash>> ConsistencyProof(
      uint64_t old_size, uint64_t new_size) = 0;
  // The stored bytes of event `position` and its inclusion proof in the tree
  // of `size` events.
  virtual absl::StatusOr<std::pair<std::string, std::vector<storage::merkle::Hash>>> EventWithProof(
      uint64_t position, uint64_t size) = 0;
  // The stored bytes of events from `from` on, in order: at least one, at
  // most `limit`, none past `size`.
  virtual absl::StatusOr<std::vector<std::string>> RawRecords(uint64_t from, size_t limit,
                                                              uint64_t size) = 0;
};

// Runs the checks against `source`. An error status only when it cannot be
// read (a connection, a refused call, a missing file); a log that fails a
// check is an OK status with verified = false.
absl::StatusOr<AuditResult> Audit(AuditSource& source, const storage::note::Verifier& log_key,
                                  const AuditOptions& options);

// The checks against a tlog-tiles mirror (a directory or an http(s):// URL),
// nothing asked of the server.
absl::StatusOr<AuditResult> AuditTilesMirror(const std::string& mirror,
                                             const storage::note::Verifier& log_key,
                                             const AuditOptions& options);

// Runs the checks. An error status only when the server cannot be asked
// (the connection, a refused call); a log that fails a check is an OK
// status with verified = false.
absl::StatusOr<AuditResult> AuditLog(const ConnectionSettings& settings,
                                     const std::shared_ptr<grpc::Channel>& channel,
                                     const storage::note::Verifier& log_key,
                                     const AuditOptions& options);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_LOG_AUDIT_H_
