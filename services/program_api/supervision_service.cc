#include "services/program_api/supervision_service.h"

#include "services/domain/dates.h"
#include "services/program/program_streams.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_access.h"

namespace minhbach::services {
namespace {

absl::Status Anyone(const Identity&) { return absl::OkStatus(); }

}  // namespace

grpc::ServerUnaryReactor* SupervisionService::Run(
    grpc::CallbackServerContext* context, absl::string_view method, const v1::CommandMeta& meta,
    const std::string& supervision_id, absl::string_view stated_date,
    const domain::SupervisionCommand& command, const Check& check, v1::CommandResult* response) {
  ProgramCommand<domain::SupervisionState, domain::SupervisionCommand> c;
  c.service = "Supervision";
  c.method = std::string(method);
  c.meta = &meta;
  c.id_valid = program::ValidateAggregateId("body.supervision_id", supervision_id);
  c.stream = program::SupervisionStream(supervision_id);
  c.stated_date = std::string(stated_date);
  c.command = command;
  c.may_call = check;
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* SupervisionService::PlanSupervision(
    grpc::CallbackServerContext* context, const v1::PlanSupervisionRequest* request,
    v1::CommandResult* response) {
  const v1::SupervisionPlanned& b = request->body();
  // Recorded after the fact, a plan takes its planned date (the views as of
  // a date then place it before its inspection); planned ahead, today.
  const std::string today = domain::CommuneDate(commands_.env().clock->Now());
  const std::string stated = b.planned_date() <= today ? b.planned_date() : "";
  return Run(context, "PlanSupervision", request->meta(), b.supervision_id(), stated,
             domain::PlanSupervision{request->meta().event_id(), b.supervision_id(), b.body(),
                                     b.scope(), b.planned_date()},
             Anyone, response);
}

grpc::ServerUnaryReactor* SupervisionService::ConductInspection(
    grpc::CallbackServerContext* context, const v1::ConductInspectionRequest* request,
    v1::CommandResult* response) {
  const v1::InspectionConducted& b = request->body();
  return Run(context, "ConductInspection", request->meta(), b.supervision_id(), b.date(),
             domain::ConductInspection{request->meta().event_id(), b.supervision_id(), b.date(),
                                       ToStrings(b.participants())},
             Anyone, response);
}

grpc::ServerUnaryReactor* SupervisionService::RecordFinding(grpc::CallbackServerContext* context,
                                                            const v1::RecordFindingRequest* request,
                                                            v1::CommandResult* response) {
  const v1::FindingRecorded& b = request->body();
  return Run(context, "RecordFinding", request->meta(), b.supervision_id(), "",
             domain::RecordFinding{request->meta().event_id(), b.supervision_id(), b.finding_id(),
                                   b.subject(), b.severity(), b.description()},
             Anyone, response);
}

grpc::ServerUnaryReactor* SupervisionService::IssueRecommendation(
    grpc::CallbackServerContext* context, const v1::IssueRecommendationRequest* request,
    v1::CommandResult* response) {
  const v1::RecommendationIssued& b = request->body();
  return Run(context, "IssueRecommendation", request->meta(), b.supervision_id(), "",
             domain::IssueRecommendation{request->meta().event_id(), b.supervision_id(),
                                         b.finding_id(), b.recommendation_id(), b.text(),
                                         b.responsible_unit(), b.due_date()},
             Anyone, response);
}

grpc::ServerUnaryReactor* SupervisionService::SubmitResponse(
    grpc::CallbackServerContext* context, const v1::SubmitResponseRequest* request,
    v1::CommandResult* response) {
  const v1::ResponseSubmitted& b = request->body();
  auto as_its_own_unit = [&b](const Identity& who) { return MayActAs(who, b.by_unit()); };
  return Run(context, "SubmitResponse", request->meta(), b.supervision_id(), "",
             domain::SubmitResponse{request->meta().event_id(), b.supervision_id(),
                                    b.recommendation_id(), b.by_unit(), b.text()},
             as_its_own_unit, response);
}

grpc::ServerUnaryReactor* SupervisionService::ResolveFinding(
    grpc::CallbackServerContext* context, const v1::ResolveFindingRequest* request,
    v1::CommandResult* response) {
  const v1::FindingResolved& b = request->body();
  return Run(context, "ResolveFinding", request->meta(), b.supervision_id(), "",
             domain::ResolveFinding{request->meta().event_id(), b.supervision_id(), b.finding_id(),
                                    b.verified_by(), b.note()},
             Anyone, response);
}

grpc::ServerUnaryReactor* SupervisionService::CloseFinding(grpc::CallbackServerContext* context,
                                                           const v1::CloseFindingRequest* request,
                                                           v1::CommandResult* response) {
  const v1::FindingClosed& b = request->body();
  return Run(context, "CloseFinding", request->meta(), b.supervision_id(), "",
             domain::CloseFinding{request->meta().event_id(), b.supervision_id(), b.finding_id(),
                                  b.by(), b.reason()},
             Anyone, response);
}

grpc::ServerUnaryReactor* SupervisionService::CloseSupervision(
    grpc::CallbackServerContext* context, const v1::CloseSupervisionRequest* request,
    v1::CommandResult* response) {
  const v1::SupervisionClosed& b = request->body();
  return Run(
      context, "CloseSupervision", request->meta(), b.supervision_id(), "",
      domain::CloseSupervision{request->meta().event_id(), b.supervision_id(), b.by(), b.summary()},
      Anyone, response);
}

}  // namespace minhbach::services
