// minhbach.v1.Audit: signed tree heads and proofs for auditors.
#ifndef MINHBACH_SERVICES_LOG_API_AUDIT_SERVICE_H_
#define MINHBACH_SERVICES_LOG_API_AUDIT_SERVICE_H_

#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/auth/token_store.h"
#include "services/log_api/witnessing.h"
#include "storage/event_log.h"
#include "storage/signed_note.h"

namespace minhbach::services {

// Thread-safe. Everything passed must outlive the server that serves this.
class AuditService final : public v1::Audit::CallbackService {
 public:
  // Checkpoints are signed (and served with their cosignatures) by `witnessing`.
  AuditService(const storage::EventLog* log, const TokenStore* tokens, Witnessing* witnessing)
      : log_(log), tokens_(tokens), witnessing_(witnessing) {}

  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* context,
                                          const v1::GetCheckpointRequest* request,
                                          v1::SignedCheckpoint* response) override;
  grpc::ServerUnaryReactor* GetInclusionProof(grpc::CallbackServerContext* context,
                                              const v1::GetInclusionProofRequest* request,
                                              v1::InclusionProof* response) override;
  grpc::ServerUnaryReactor* GetConsistencyProof(grpc::CallbackServerContext* context,
                                                const v1::GetConsistencyProofRequest* request,
                                                v1::ConsistencyProof* response) override;
  grpc::ServerUnaryReactor* AddCosignature(grpc::CallbackServerContext* context,
                                           const v1::AddCosignatureRequest* request,
                                           v1::SignedCheckpoint* response) override;

 private:
  const storage::EventLog* const log_;
  const TokenStore* const tokens_;
  Witnessing* const witnessing_;
};

// The current signed tree head.
absl::Status SignCurrentCheckpoint(const storage::EventLog& log, const storage::note::Signer& key,
                                   v1::SignedCheckpoint* response);

// The inclusion proof (with the event) of request.position in the tree of
// request.tree_size events (0: the current size); InvalidArgument beyond it.
absl::Status ProveInclusion(const storage::EventLog& log,
                            const v1::GetInclusionProofRequest& request,
                            v1::InclusionProof* response);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_AUDIT_SERVICE_H_
