// minhbach.v1.Admin: operations on a running server.
#ifndef MINHBACH_SERVICES_SERVER_ADMIN_SERVICE_H_
#define MINHBACH_SERVICES_SERVER_ADMIN_SERVICE_H_

#include <string>

#include "minhbach/v1/admin_service.grpc.pb.h"
#include "services/auth/token_store.h"
#include "storage/event_log.h"
#include "storage/signed_note.h"

namespace minhbach::services {

// Thread-safe. Everything passed must outlive the server that serves this.
class AdminService final : public v1::Admin::CallbackService {
 public:
  // `data_dir`: the server's data directory, where no backup may go.
  AdminService(const storage::EventLog* log, const TokenStore* tokens,
               const storage::note::Signer* log_key, std::string data_dir)
      : log_(log), tokens_(tokens), log_key_(log_key), data_dir_(std::move(data_dir)) {}

  // Runs the backup on a thread of its own: it copies files and must not
  // hold a gRPC callback thread.
  grpc::ServerUnaryReactor* CreateBackup(grpc::CallbackServerContext* context,
                                         const v1::CreateBackupRequest* request,
                                         v1::Backup* response) override;

 private:
  const storage::EventLog* const log_;
  const TokenStore* const tokens_;
  const storage::note::Signer* const log_key_;
  const std::string data_dir_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_ADMIN_SERVICE_H_
