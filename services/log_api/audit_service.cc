#include "services/log_api/audit_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/auth/call_auth.h"
#include "services/log_api/event_log_requests.h"
#include "services/log_api/event_log_service.h"
#include "storage/log_checkpoint.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

void AddHashes(const std::vector<storage::merkle::Hash>& hashes,
               google::protobuf::RepeatedPtrField<std::string>* out) {
  for (const storage::merkle::Hash& hash : hashes) out->Add(std::string(hash.begin(), hash.end()));
}

// `requested`, or the current size for 0; InvalidArgument beyond the log.
absl::StatusOr<uint64_t> TreeSize(const storage::EventLog& log, uint64_t requested,
                                  absl::string_view field) {
  const uint64_t size = log.Size();
  if (requested == 0) return size;
  if (requested > size) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", requested, " is beyond the log's ", size, " events"));
  }
  return requested;
}

}  // namespace

absl::Status SignCurrentCheckpoint(const storage::EventLog& log, const storage::note::Signer& key,
                                   v1::SignedCheckpoint* response) {
  const uint64_t size = log.Size();
  ASSIGN_OR_RETURN(storage::Checkpoint checkpoint, storage::LogCheckpoint(log, key, size));
  ASSIGN_OR_RETURN(std::string signed_note, storage::SignCheckpoint(checkpoint, key));
  response->set_signed_note(std::move(signed_note));
  response->set_tree_size(size);
  response->set_root_hash(std::string(checkpoint.root.begin(), checkpoint.root.end()));
  return absl::OkStatus();
}

absl::Status ProveInclusion(const storage::EventLog& log,
                            const v1::GetInclusionProofRequest& request,
                            v1::InclusionProof* response) {
  ASSIGN_OR_RETURN(uint64_t size, TreeSize(log, request.tree_size(), "tree_size"));
  if (request.position() >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("position ", request.position(), " is not in the tree of ", size, " events"));
  }
  ASSIGN_OR_RETURN(std::vector<storage::merkle::Hash> proof,
                   log.InclusionProof(request.position(), size));
  ASSIGN_OR_RETURN(storage::StoredEvent event, log.GetEvent(request.position()));
  response->set_position(request.position());
  response->set_tree_size(size);
  AddHashes(proof, response->mutable_hashes());
  ToEvent(std::move(event), response->mutable_event());
  return absl::OkStatus();
}

namespace {

absl::Status Consistency(const storage::EventLog& log,
                         const v1::GetConsistencyProofRequest& request,
                         v1::ConsistencyProof* response) {
  ASSIGN_OR_RETURN(uint64_t new_size, TreeSize(log, request.new_size(), "new_size"));
  if (request.old_size() > new_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("old_size ", request.old_size(), " is larger than new_size ", new_size));
  }
  ASSIGN_OR_RETURN(std::vector<storage::merkle::Hash> proof,
                   log.ConsistencyProof(request.old_size(), new_size));
  response->set_old_size(request.old_size());
  response->set_new_size(new_size);
  AddHashes(proof, response->mutable_hashes());
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* AuditService::GetCheckpoint(grpc::CallbackServerContext* context,
                                                      const v1::GetCheckpointRequest* request,
                                                      v1::SignedCheckpoint* response) {
  absl::StatusOr<Identity> who =
      AuthorizeCall(*context, *tokens_, "/minhbach.v1.Audit/GetCheckpoint");
  if (!who.ok()) return FinishNow(context, who.status());
  return FinishNow(context,
                   witnessing_->Checkpoint(request->tree_size(), request->cosigned_by(), response));
}

grpc::ServerUnaryReactor* AuditService::AddCosignature(grpc::CallbackServerContext* context,
                                                       const v1::AddCosignatureRequest* request,
                                                       v1::SignedCheckpoint* response) {
  absl::StatusOr<Identity> who =
      AuthorizeCall(*context, *tokens_, "/minhbach.v1.Audit/AddCosignature");
  if (!who.ok()) return FinishNow(context, who.status());
  return FinishNow(context, witnessing_->Add(request->signed_note(), response));
}

grpc::ServerUnaryReactor* AuditService::GetInclusionProof(
    grpc::CallbackServerContext* context, const v1::GetInclusionProofRequest* request,
    v1::InclusionProof* response) {
  absl::StatusOr<Identity> who =
      AuthorizeCall(*context, *tokens_, "/minhbach.v1.Audit/GetInclusionProof");
  if (!who.ok()) return FinishNow(context, who.status());
  return FinishNow(context, ProveInclusion(*log_, *request, response));
}

grpc::ServerUnaryReactor* AuditService::GetConsistencyProof(
    grpc::CallbackServerContext* context, const v1::GetConsistencyProofRequest* request,
    v1::ConsistencyProof* response) {
  absl::StatusOr<Identity> who =
      AuthorizeCall(*context, *tokens_, "/minhbach.v1.Audit/GetConsistencyProof");
  if (!who.ok()) return FinishNow(context, who.status());
  return FinishNow(context, Consistency(*log_, *request, response));
}

}  // namespace minhbach::services
