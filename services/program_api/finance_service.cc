#include "services/program_api/finance_service.h"

#include <algorithm>
#include <utility>

#include "services/domain/dates.h"
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
  c.add_facts = [this, subproject_id](const Identity& who, absl::Time business_time,
                                      domain::BudgetCommand& decided) -> absl::Status {
    ASSIGN_OR_RETURN(auto plan, commands_.Current<domain::PlanState>(program::PlanStream()));
    RETURN_IF_ERROR(MayHandleSubProjectMoney(who, plan->state, subproject_id));
    return AddFactsBeyondTheBudget(business_time, commands_.env().clock->Now(), plan->state,
                                   decided);
  };
  return commands_.Run(context, std::move(c), response);
}

absl::Status FinanceService::AddFactsBeyondTheBudget(absl::Time business_time, absl::Time now,
                                                     const domain::PlanState& plan,
                                                     domain::BudgetCommand& command) const {
  if (auto* allocate = std::get_if<domain::AllocateBudget>(&command)) {
    allocate->allocated_date = program::BusinessDate(business_time);
    return absl::OkStatus();
  }
  auto* pay = std::get_if<domain::RecordDisbursement>(&command);
  if (pay == nullptr) return absl::OkStatus();
  // Recorded on the commune's day of the clock: a payment is never dated
  // later than the day it is recorded.
  pay->recorded_date = domain::CommuneDate(now);
  pay->plan_issued_from = domain::PlanIssuedFrom(plan);
  // Voucher numbers are the commune's: collect the other sub-projects'. Not
  // atomic with the append (two sub-projects' streams), which the one
  // coordinator recording payments makes a negligible race.
  for (const auto& [id, subproject] : plan.subprojects) {
    if (id == pay->subproject_id) continue;
    ASSIGN_OR_RETURN(auto budget,
                     commands_.Current<domain::BudgetState>(program::BudgetStream(id)));
    for (domain::VoucherUse& use : domain::VouchersInUse(budget->state)) {
      pay->vouchers_elsewhere.push_back(std::move(use));
    }
  }
  return absl::OkStatus();
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
