// minhbach.v1.Assignments: one stream per assignment. The coordinator makes,
// re-dates, reassigns and cancels; the units leading an assignment (and the
// coordinator) accept it, report progress and complete it.
#ifndef MINHBACH_SERVICES_PROGRAM_API_ASSIGNMENT_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_ASSIGNMENT_SERVICE_H_

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
class AssignmentService final : public v1::Assignments::CallbackService {
 public:
  AssignmentService(storage::EventLog* log, CommandEnv env) : commands_(log, std::move(env)) {}

  grpc::ServerUnaryReactor* MakeAssignment(grpc::CallbackServerContext* context,
                                           const v1::MakeAssignmentRequest* request,
                                           v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* AcceptAssignment(grpc::CallbackServerContext* context,
                                             const v1::AcceptAssignmentRequest* request,
                                             v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ReportProgress(grpc::CallbackServerContext* context,
                                           const v1::ReportProgressRequest* request,
                                           v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ChangeDueDate(grpc::CallbackServerContext* context,
                                          const v1::ChangeDueDateRequest* request,
                                          v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* Reassign(grpc::CallbackServerContext* context,
                                     const v1::ReassignRequest* request,
                                     v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* CompleteAssignment(grpc::CallbackServerContext* context,
                                               const v1::CompleteAssignmentRequest* request,
                                               v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* CancelAssignment(grpc::CallbackServerContext* context,
                                             const v1::CancelAssignmentRequest* request,
                                             v1::CommandResult* response) override;

 private:
  // Checks the caller against the loaded assignment before the domain decides.
  using Check = std::function<absl::Status(const Identity&, const domain::AssignmentState&)>;

  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, absl::string_view method,
                                const v1::CommandMeta& meta, const std::string& assignment_id,
                                const domain::AssignmentCommand& command, const Check& check,
                                v1::CommandResult* response);

  const ProgramCommandRunner commands_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_ASSIGNMENT_SERVICE_H_
