// minhbach.v1.Finance: one budget stream per sub-project. The coordinator
// allocates; the coordinator and the units leading a sub-project record and
// reverse its disbursements. Only registered sub-projects have a budget.
#ifndef MINHBACH_SERVICES_PROGRAM_API_FINANCE_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_FINANCE_SERVICE_H_

#include <utility>

#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/domain/budget.h"
#include "services/domain/plan.h"
#include "services/program/command_executor.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_command.h"

namespace minhbach::services {

// Thread-safe. `log` and what `env` points to must outlive the server that
// serves this.
class FinanceService final : public v1::Finance::CallbackService {
 public:
  FinanceService(storage::EventLog* log, CommandEnv env) : commands_(log, std::move(env)) {}

  grpc::ServerUnaryReactor* AllocateBudget(grpc::CallbackServerContext* context,
                                           const v1::AllocateBudgetRequest* request,
                                           v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RecordDisbursement(grpc::CallbackServerContext* context,
                                               const v1::RecordDisbursementRequest* request,
                                               v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ReverseDisbursement(grpc::CallbackServerContext* context,
                                                const v1::ReverseDisbursementRequest* request,
                                                v1::CommandResult* response) override;

 private:
  // Fills in what a budget command is decided on beyond its own budget
  // stream (domain/budget.h): the allocation's date; a disbursement's
  // recording day, the plan's earliest issue day and the vouchers of the
  // other sub-projects of `plan`.
  absl::Status AddFactsBeyondTheBudget(absl::Time business_time, absl::Time now,
                                       const domain::PlanState& plan,
                                       domain::BudgetCommand& command) const;
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, absl::string_view method,
                                const v1::CommandMeta& meta, const std::string& subproject_id,
                                absl::string_view stated_date, const domain::BudgetCommand& command,
                                v1::CommandResult* response);

  const ProgramCommandRunner commands_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_FINANCE_SERVICE_H_
