#include "services/program_api/finance_service.h"

#include "services/program/program_streams.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_access.h"

namespace minhbach::services {

grpc::ServerUnaryReactor* FinanceService::Run(grpc::CallbackServerContext* context,
                                              absl::string_view method, const v1::CommandMeta& meta,
                                              const std::string& subproject_id,
                                              absl::string_view stated_date,
                                              const domain::BudgetCommand& command,
                                              v1::CommandResult* response) {
  ProgramCommand<domain::BudgetState, domain::BudgetCommand> c;
  c.service = "Finance";
  c.method = std::string(method);
  c.meta = &meta;
  c.id_valid = program::ValidateAggregateId("body.subproject_id", subproject_id);
  c.stream = program::BudgetStream(subproject_id);
  c.stated_date = std::string(stated_date);
  c.command = command;
  c.may_call = [this, subproject_id](const Identity& who) -> absl::Status {
    ASSIGN_OR_RETURN(auto plan, program::LoadAggregate<domain::PlanState>(commands_.log(),
                                                                          program::PlanStream()));
    return MayHandleSubProjectMoney(who, plan.state, subproject_id);
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* FinanceService::AllocateBudget(grpc::CallbackServerContext* context,
                                                         const v1::AllocateBudgetRequest* request,
                                                         v1::CommandResult* response) {
  const v1::BudgetAllocated& b = request->body();
  return Run(
      context, "AllocateBudget", request->meta(), b.subproject_id(), "",
      domain::AllocateBudget{request->meta().event_id(), b.subproject_id(), b.allocation_id(),
                             b.source(), b.fiscal_year(), b.amount_dong(), b.decision_number()},
      response);
}

grpc::ServerUnaryReactor* FinanceService::RecordDisbursement(
    grpc::CallbackServerContext* context, const v1::RecordDisbursementRequest* request,
    v1::CommandResult* response) {
  const v1::DisbursementRecorded& b = request->body();
  return Run(context, "RecordDisbursement", request->meta(), b.subproject_id(), b.date_paid(),
             domain::RecordDisbursement{request->meta().event_id(), b.subproject_id(),
                                        b.disbursement_id(), b.allocation_id(), b.amount_dong(),
                                        b.date_paid(), b.voucher_number()},
             response);
}

grpc::ServerUnaryReactor* FinanceService::ReverseDisbursement(
    grpc::CallbackServerContext* context, const v1::ReverseDisbursementRequest* request,
    v1::CommandResult* response) {
  const v1::DisbursementReversed& b = request->body();
  return Run(context, "ReverseDisbursement", request->meta(), b.subproject_id(), "",
             domain::ReverseDisbursement{request->meta().event_id(), b.subproject_id(),
                                         b.disbursement_id(), b.reason()},
             response);
}

}  // namespace minhbach::services
