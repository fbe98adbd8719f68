#include "services/program_api/program_setup_service.h"

#include "services/program/program_streams.h"
#include "services/program_api/command_call.h"

namespace minhbach::services {
namespace {

template <typename Message>
domain::Target TargetOf(const Message& m) {
  return {m.description(),        m.direction(),     m.value_text(), m.numerator_target(),
          m.denominator_target(), m.deadline_date(), m.kind(),       m.unit(),
          m.horizon_date()};
}

}  // namespace

grpc::ServerUnaryReactor* ProgramSetupService::Run(
    grpc::CallbackServerContext* context, absl::string_view method, const v1::CommandMeta& meta,
    absl::string_view stated_date, const domain::PlanCommand& command, v1::CommandResult* response,
    absl::Status id_valid) {
  ProgramCommand<domain::PlanState, domain::PlanCommand> c;
  c.service = "ProgramSetup";
  c.method = std::string(method);
  c.meta = &meta;
  c.id_valid = std::move(id_valid);
  c.stream = program::PlanStream();
  c.stated_date = std::string(stated_date);
  c.command = command;
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* ProgramSetupService::IssuePlan(grpc::CallbackServerContext* context,
                                                         const v1::IssuePlanRequest* request,
                                                         v1::CommandResult* response) {
  const v1::PlanIssued& b = request->body();
  return Run(context, "IssuePlan", request->meta(), b.issued_date(),
             domain::IssuePlan{request->meta().event_id(), b.plan_id(), b.document_number(),
                               b.issued_date(), b.issuer(), b.legal_basis(), b.title(),
                               b.issued_month(), b.signer_title(), b.signer_name()},
             response);
}

grpc::ServerUnaryReactor* ProgramSetupService::SetTarget(grpc::CallbackServerContext* context,
                                                         const v1::SetTargetRequest* request,
                                                         v1::CommandResult* response) {
  const v1::TargetSet& b = request->body();
  return Run(context, "SetTarget", request->meta(), "",
             domain::SetTarget{request->meta().event_id(), b.plan_id(), b.target_id(), TargetOf(b)},
             response);
}

grpc::ServerUnaryReactor* ProgramSetupService::ReviseTarget(grpc::CallbackServerContext* context,
                                                            const v1::ReviseTargetRequest* request,
                                                            v1::CommandResult* response) {
  const v1::TargetRevised& b = request->body();
  return Run(context, "ReviseTarget", request->meta(), "",
             domain::ReviseTarget{request->meta().event_id(), b.plan_id(), b.target_id(),
                                  TargetOf(b), b.reason()},
             response);
}

grpc::ServerUnaryReactor* ProgramSetupService::RegisterSubProject(
    grpc::CallbackServerContext* context, const v1::RegisterSubProjectRequest* request,
    v1::CommandResult* response) {
  const v1::SubProjectRegistered& b = request->body();
  // The id names the sub-project's budget stream later; refuse what cannot.
  const absl::Status valid_id =
      b.subproject_id().empty()
          ? absl::OkStatus()  // the domain names the empty field
          : program::ValidateAggregateId("body.subproject_id", b.subproject_id());
  return Run(context, "RegisterSubProject", request->meta(), "",
             domain::RegisterSubProject{request->meta().event_id(),
                                        b.plan_id(),
                                        b.subproject_id(),
                                        {b.name(), b.funding_source(), ToStrings(b.lead_units()),
                                         ToStrings(b.coordinating_units()), b.deadline_date(),
                                         b.project_name(), b.beneficiaries_and_support()}},
             response, valid_id);
}

grpc::ServerUnaryReactor* ProgramSetupService::RegisterVillage(
    grpc::CallbackServerContext* context, const v1::RegisterVillageRequest* request,
    v1::CommandResult* response) {
  const v1::VillageRegistered& b = request->body();
  return Run(
      context, "RegisterVillage", request->meta(), "",
      domain::RegisterVillage{request->meta().event_id(), b.plan_id(), b.village_id(), b.name()},
      response);
}

}  // namespace minhbach::services
