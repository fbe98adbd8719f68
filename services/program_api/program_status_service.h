// minhbach.v1.ProgramStatus: the dashboard, sub-projects and targets, from
// the program projection, now or as of a past position, recorded time or
// business date.
#ifndef MINHBACH_SERVICES_PROGRAM_API_PROGRAM_STATUS_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_PROGRAM_STATUS_SERVICE_H_

#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/auth/token_store.h"
#include "services/program/projection.h"
#include "services/program_api/position_waits.h"
#include "storage/clock.h"

namespace minhbach::services {

// Thread-safe. `log`, `projection`, `tokens`, `clock` and `waits` must
// outlive the server. `clock` gives "today" when a request names no reference date. A
// request waits (see PositionWaits) on no gRPC thread: strictly for its
// min_position, or briefly for the log's size when it came.
class ProgramStatusService final : public v1::ProgramStatus::CallbackService {
 public:
  ProgramStatusService(const storage::EventLog* log, const program::Projection* projection,
                       const TokenStore* tokens, storage::Clock* clock, PositionWaits* waits)
      : log_(log),
        projection_(projection),
        tokens_(tokens),
        clock_(clock),
        waits_(
            waits, [projection] { return projection->position(); }, "the projections have folded") {
  }

  grpc::ServerUnaryReactor* GetDashboard(grpc::CallbackServerContext* context,
                                         const v1::StatusRequest* request,
                                         v1::Dashboard* response) override;
  grpc::ServerUnaryReactor* GetSubProject(grpc::CallbackServerContext* context,
                                          const v1::StatusRequest* request,
                                          v1::SubProjectStatus* response) override;
  grpc::ServerUnaryReactor* GetTarget(grpc::CallbackServerContext* context,
                                      const v1::StatusRequest* request,
                                      v1::TargetStatus* response) override;

 private:
  const storage::EventLog* const log_;
  const program::Projection* const projection_;
  const TokenStore* const tokens_;
  storage::Clock* const clock_;
  FoldWaits waits_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_PROGRAM_STATUS_SERVICE_H_
