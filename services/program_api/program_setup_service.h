// minhbach.v1.ProgramSetup: the plan, its targets, sub-projects and villages,
// all in the plan's stream. The role table lets only the coordinator call it.
#ifndef MINHBACH_SERVICES_PROGRAM_API_PROGRAM_SETUP_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_PROGRAM_SETUP_SERVICE_H_

#include <utility>

#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/program/command_executor.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_command.h"

namespace minhbach::services {

// Thread-safe. `log` and what `env` points to must outlive the server that
// serves this.
class ProgramSetupService final : public v1::ProgramSetup::CallbackService {
 public:
  ProgramSetupService(storage::EventLog* log, CommandEnv env) : commands_(log, std::move(env)) {}

  grpc::ServerUnaryReactor* IssuePlan(grpc::CallbackServerContext* context,
                                      const v1::IssuePlanRequest* request,
                                      v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* SetTarget(grpc::CallbackServerContext* context,
                                      const v1::SetTargetRequest* request,
                                      v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ReviseTarget(grpc::CallbackServerContext* context,
                                         const v1::ReviseTargetRequest* request,
                                         v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RegisterSubProject(grpc::CallbackServerContext* context,
                                               const v1::RegisterSubProjectRequest* request,
                                               v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RegisterVillage(grpc::CallbackServerContext* context,
                                            const v1::RegisterVillageRequest* request,
                                            v1::CommandResult* response) override;

 private:
  // Runs a plan command for the caller of `context`.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, absl::string_view method,
                                const v1::CommandMeta& meta, absl::string_view stated_date,
                                const domain::PlanCommand& command, v1::CommandResult* response,
                                absl::Status id_valid = absl::OkStatus());

  const ProgramCommandRunner commands_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_PROGRAM_SETUP_SERVICE_H_
