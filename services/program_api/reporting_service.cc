#include "services/program_api/reporting_service.h"

#include "absl/strings/str_cat.h"
#include "services/domain/plan.h"
#include "services/program/program_streams.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_access.h"

namespace minhbach::services {
namespace {

absl::Status Anyone(const Identity&) { return absl::OkStatus(); }

// What the reporting domain needs from the plan: the kinds of the targets a
// village reports on (a share's part is at most its whole), and the villages
// that must have reported before the commune consolidates.
domain::ReportingCommand WithPlanFacts(domain::ReportingCommand command,
                                       const domain::PlanState& plan) {
  if (auto* submit = std::get_if<domain::SubmitVillageReport>(&command)) {
    for (const auto& [id, target] : plan.targets) {
      submit->target_kinds[id] = domain::TargetKindOf(target);
    }
  } else if (auto* consolidate = std::get_if<domain::ConsolidateCommuneReport>(&command)) {
    for (const auto& [id, name] : plan.villages) consolidate->expected_villages.push_back(id);
  }
  return command;
}

}  // namespace

grpc::ServerUnaryReactor* ReportingService::Run(grpc::CallbackServerContext* context,
                                                absl::string_view method,
                                                const v1::CommandMeta& meta,
                                                const std::string& period,
                                                const domain::ReportingCommand& command,
                                                const Check& check, v1::CommandResult* response) {
  ProgramCommand<domain::ReportingState, domain::ReportingCommand> c;
  c.service = "Reporting";
  c.method = std::string(method);
  c.meta = &meta;
  c.id_valid = domain::ValidatePeriod("body.period", period);
  c.stream = program::ReportingStream(period);
  c.command = command;
  c.may_call = check;
  c.add_facts = [this](const Identity&, absl::Time, domain::ReportingCommand& decided) {
    ASSIGN_OR_RETURN(auto plan, commands_.Current<domain::PlanState>(program::PlanStream()));
    decided = WithPlanFacts(decided, plan->state);
    return absl::OkStatus();
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* ReportingService::SubmitVillageReport(
    grpc::CallbackServerContext* context, const v1::SubmitVillageReportRequest* request,
    v1::CommandResult* response) {
  const v1::VillageReportSubmitted& b = request->body();
  domain::SubmitVillageReport submit{request->meta().event_id(), b.period(), b.village_id(), {}};
  for (const v1::TargetValue& v : b.values()) {
    submit.values.push_back({v.target_id(), v.numerator(), v.denominator()});
  }
  // A village reports for itself, a registered village, on the plan's targets.
  auto own_registered_village = [this, &b](const Identity& who) {
    RETURN_IF_ERROR(MayActAs(who, b.village_id()));
    ASSIGN_OR_RETURN(auto plan, commands_.Current<domain::PlanState>(program::PlanStream()));
    if (plan->state.villages.count(b.village_id()) == 0) {
      return absl::NotFoundError(absl::StrCat("village \"", b.village_id(),
                                              "\" is not registered in the plan; register it "
                                              "first (ProgramSetup.RegisterVillage)"));
    }
    for (const v1::TargetValue& v : b.values()) {
      if (plan->state.targets.count(v.target_id()) == 0) {
        return absl::NotFoundError(
            absl::StrCat("target \"", v.target_id(), "\" is not a target of the plan"));
      }
    }
    return absl::OkStatus();
  };
  return Run(context, "SubmitVillageReport", request->meta(), b.period(), submit,
             own_registered_village, response);
}

grpc::ServerUnaryReactor* ReportingService::ApproveVillageReport(
    grpc::CallbackServerContext* context, const v1::ApproveVillageReportRequest* request,
    v1::CommandResult* response) {
  const v1::VillageReportApproved& b = request->body();
  return Run(context, "ApproveVillageReport", request->meta(), b.period(),
             domain::ApproveVillageReport{request->meta().event_id(), b.period(), b.village_id()},
             Anyone, response);
}

grpc::ServerUnaryReactor* ReportingService::ReturnVillageReport(
    grpc::CallbackServerContext* context, const v1::ReturnVillageReportRequest* request,
    v1::CommandResult* response) {
  const v1::VillageReportReturned& b = request->body();
  return Run(context, "ReturnVillageReport", request->meta(), b.period(),
             domain::ReturnVillageReport{request->meta().event_id(), b.period(), b.village_id(),
                                         b.reason()},
             Anyone, response);
}

grpc::ServerUnaryReactor* ReportingService::ConsolidateCommuneReport(
    grpc::CallbackServerContext* context, const v1::ConsolidateCommuneReportRequest* request,
    v1::CommandResult* response) {
  const v1::CommuneReportConsolidated& b = request->body();
  return Run(context, "ConsolidateCommuneReport", request->meta(), b.period(),
             domain::ConsolidateCommuneReport{request->meta().event_id(), b.period(), b.partial(),
                                              b.partial_reason()},
             Anyone, response);
}

grpc::ServerUnaryReactor* ReportingService::SendCommuneReportToDistrict(
    grpc::CallbackServerContext* context, const v1::SendCommuneReportToDistrictRequest* request,
    v1::CommandResult* response) {
  const v1::CommuneReportSentToDistrict& b = request->body();
  return Run(context, "SendCommuneReportToDistrict", request->meta(), b.period(),
             domain::SendCommuneReportToDistrict{request->meta().event_id(), b.period()}, Anyone,
             response);
}

grpc::ServerUnaryReactor* ReportingService::AcceptCommuneReport(
    grpc::CallbackServerContext* context, const v1::AcceptCommuneReportRequest* request,
    v1::CommandResult* response) {
  const v1::CommuneReportAccepted& b = request->body();
  return Run(context, "AcceptCommuneReport", request->meta(), b.period(),
             domain::AcceptCommuneReport{request->meta().event_id(), b.period(), b.by()}, Anyone,
             response);
}

grpc::ServerUnaryReactor* ReportingService::ReturnCommuneReport(
    grpc::CallbackServerContext* context, const v1::ReturnCommuneReportRequest* request,
    v1::CommandResult* response) {
  const v1::CommuneReportReturned& b = request->body();
  return Run(context, "ReturnCommuneReport", request->meta(), b.period(),
             domain::ReturnCommuneReport{request->meta().event_id(), b.period(), b.reason()},
             Anyone, response);
}

grpc::ServerUnaryReactor* ReportingService::ReopenPeriod(grpc::CallbackServerContext* context,
                                                         const v1::ReopenPeriodRequest* request,
                                                         v1::CommandResult* response) {
  const v1::PeriodReopened& b = request->body();
  return Run(context, "ReopenPeriod", request->meta(), b.period(),
             domain::ReopenPeriod{request->meta().event_id(), b.period(), b.reason()}, Anyone,
             response);
}

}  // namespace minhbach::services
