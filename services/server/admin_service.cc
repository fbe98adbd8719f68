#include "services/server/admin_service.h"

#include <thread>

#include "services/auth/call_auth.h"
#include "services/log_api/event_log_service.h"
#include "services/rpc/grpc_status.h"
#include "services/rpc/log_line.h"
#include "storage/backup.h"
#include "storage/log_checkpoint.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

absl::Status Backup(const storage::EventLog& log, const storage::note::Signer& key,
                    const std::string& data_dir, const std::string& destination,
                    v1::Backup* response) {
  if (destination.empty() || destination[0] != '/') {
    return absl::InvalidArgumentError("destination must be an absolute path on the server's host");
  }
  RETURN_IF_ERROR(storage::CheckOutsideOf(destination, data_dir, "the server's data directory"));
  ASSIGN_OR_RETURN(storage::BackupInfo info, storage::BackupLog(log, destination));
  ASSIGN_OR_RETURN(storage::Checkpoint checkpoint, storage::LogCheckpoint(log, key, info.events));
  if (checkpoint.root != info.root) {
    return absl::DataLossError("the backup's root differs from the live log's at the same size");
  }
  ASSIGN_OR_RETURN(std::string signed_note, storage::SignCheckpoint(checkpoint, key));
  response->set_destination(destination);
  response->set_tree_size(info.events);
  response->mutable_checkpoint()->set_signed_note(signed_note);
  response->mutable_checkpoint()->set_tree_size(info.events);
  response->mutable_checkpoint()->set_root_hash(std::string(info.root.begin(), info.root.end()));
  LogLine("info", "backup written",
          {{"destination", destination}, {"events", std::to_string(info.events)}});
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* AdminService::CreateBackup(grpc::CallbackServerContext* context,
                                                     const v1::CreateBackupRequest* request,
                                                     v1::Backup* response) {
  absl::StatusOr<Identity> who =
      AuthorizeCall(*context, *tokens_, "/minhbach.v1.Admin/CreateBackup");
  if (!who.ok()) return FinishNow(context, who.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::thread([this, reactor, request, response] {
    reactor->Finish(
        ToGrpcStatus(Backup(*log_, *log_key_, data_dir_, request->destination(), response)));
  }).detach();
  return reactor;
}

}  // namespace minhbach::services
