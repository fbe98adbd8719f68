// minhbach.v1.Supervision: one stream per supervision. Supervisors (the
// Fatherland Front) record it; a recommendation's responsible unit (an
// implementer acting as that unit, or the coordinator) responds to it.
#ifndef MINHBACH_SERVICES_PROGRAM_API_SUPERVISION_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_SUPERVISION_SERVICE_H_

#include <functional>
#include <utility>

#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/auth/identity.h"
#include "services/program/command_executor.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_command.h"

namespace minhbach::services {

// Thread-safe. `log` and what `env` points to must outlive the server that
// serves this.
class SupervisionService final : public v1::Supervision::CallbackService {
 public:
  SupervisionService(storage::EventLog* log, CommandEnv env) : commands_(log, std::move(env)) {}

  grpc::ServerUnaryReactor* PlanSupervision(grpc::CallbackServerContext* context,
                                            const v1::PlanSupervisionRequest* request,
                                            v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ConductInspection(grpc::CallbackServerContext* context,
                                              const v1::ConductInspectionRequest* request,
                                              v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RecordFinding(grpc::CallbackServerContext* context,
                                          const v1::RecordFindingRequest* request,
                                          v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* IssueRecommendation(grpc::CallbackServerContext* context,
                                                const v1::IssueRecommendationRequest* request,
                                                v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* SubmitResponse(grpc::CallbackServerContext* context,
                                           const v1::SubmitResponseRequest* request,
                                           v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ResolveFinding(grpc::CallbackServerContext* context,
                                           const v1::ResolveFindingRequest* request,
                                           v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* CloseFinding(grpc::CallbackServerContext* context,
                                         const v1::CloseFindingRequest* request,
                                         v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* CloseSupervision(grpc::CallbackServerContext* context,
                                             const v1::CloseSupervisionRequest* request,
                                             v1::CommandResult* response) override;

 private:
  // Checks the caller before the supervision is loaded.
  using Check = std::function<absl::Status(const Identity&)>;

  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, absl::string_view method,
                                const v1::CommandMeta& meta, const std::string& supervision_id,
                                absl::string_view stated_date,
                                const domain::SupervisionCommand& command, const Check& check,
                                v1::CommandResult* response);

  const ProgramCommandRunner commands_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_SUPERVISION_SERVICE_H_
