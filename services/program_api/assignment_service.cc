#include "services/program_api/assignment_service.h"

#include "services/program/program_streams.h"
#include "services/program_api/command_call.h"
#include "services/program_api/program_access.h"

namespace minhbach::services {
namespace {

absl::Status Anyone(const Identity&, const domain::AssignmentState&) { return absl::OkStatus(); }

}  // namespace

grpc::ServerUnaryReactor* AssignmentService::Run(grpc::CallbackServerContext* context,
                                                 absl::string_view method,
                                                 const v1::CommandMeta& meta,
                                                 const std::string& assignment_id,
                                                 const domain::AssignmentCommand& command,
                                                 const Check& check, v1::CommandResult* response) {
  ProgramCommand<domain::AssignmentState, domain::AssignmentCommand> c;
  c.service = "Assignments";
  c.method = std::string(method);
  c.meta = &meta;
  c.id_valid = program::ValidateAggregateId("body.assignment_id", assignment_id);
  c.stream = program::AssignmentStream(assignment_id);
  c.command = command;
  c.may_act = check;
  // An assignment is made on its business date: no due date before it.
  c.add_facts = [](const Identity&, absl::Time business_time, domain::AssignmentCommand& command) {
    if (auto* make = std::get_if<domain::MakeAssignment>(&command)) {
      make->assigned_date = program::BusinessDate(business_time);
    }
    return absl::OkStatus();
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* AssignmentService::MakeAssignment(
    grpc::CallbackServerContext* context, const v1::MakeAssignmentRequest* request,
    v1::CommandResult* response) {
  const v1::AssignmentMade& b = request->body();
  auto subproject_registered = [this, &b](const Identity&, const domain::AssignmentState&) {
    ASSIGN_OR_RETURN(auto plan, commands_.Current<domain::PlanState>(program::PlanStream()));
    return RequireSubProject(plan->state, b.subproject_id());
  };
  return Run(
      context, "MakeAssignment", request->meta(), b.assignment_id(),
      domain::MakeAssignment{request->meta().event_id(), b.assignment_id(), b.subproject_id(),
                             ToStrings(b.lead_units()), ToStrings(b.coordinating_units()),
                             b.due_date(), b.description()},
      subproject_registered, response);
}

grpc::ServerUnaryReactor* AssignmentService::AcceptAssignment(
    grpc::CallbackServerContext* context, const v1::AcceptAssignmentRequest* request,
    v1::CommandResult* response) {
  const v1::AssignmentAccepted& b = request->body();
  auto lead_accepting_for_itself = [&b](const Identity& who, const domain::AssignmentState& state) {
    RETURN_IF_ERROR(MayWorkOnAssignment(who, state));
    return MayActAs(who, b.by_unit());
  };
  return Run(context, "AcceptAssignment", request->meta(), b.assignment_id(),
             domain::AcceptAssignment{request->meta().event_id(), b.assignment_id(), b.by_unit()},
             lead_accepting_for_itself, response);
}

grpc::ServerUnaryReactor* AssignmentService::ReportProgress(
    grpc::CallbackServerContext* context, const v1::ReportProgressRequest* request,
    v1::CommandResult* response) {
  const v1::AssignmentProgressReported& b = request->body();
  return Run(context, "ReportProgress", request->meta(), b.assignment_id(),
             domain::ReportProgress{request->meta().event_id(), b.assignment_id(), b.text(),
                                    b.quantity(), ToStrings(b.evidence_refs())},
             MayWorkOnAssignment, response);
}

grpc::ServerUnaryReactor* AssignmentService::ChangeDueDate(grpc::CallbackServerContext* context,
                                                           const v1::ChangeDueDateRequest* request,
                                                           v1::CommandResult* response) {
  const v1::AssignmentDueDateChanged& b = request->body();
  return Run(context, "ChangeDueDate", request->meta(), b.assignment_id(),
             domain::ChangeDueDate{request->meta().event_id(), b.assignment_id(), b.new_due_date(),
                                   b.reason()},
             Anyone, response);
}

grpc::ServerUnaryReactor* AssignmentService::Reassign(grpc::CallbackServerContext* context,
                                                      const v1::ReassignRequest* request,
                                                      v1::CommandResult* response) {
  const v1::AssignmentReassigned& b = request->body();
  return Run(context, "Reassign", request->meta(), b.assignment_id(),
             domain::Reassign{request->meta().event_id(), b.assignment_id(),
                              ToStrings(b.lead_units()), b.reason()},
             Anyone, response);
}

grpc::ServerUnaryReactor* AssignmentService::CompleteAssignment(
    grpc::CallbackServerContext* context, const v1::CompleteAssignmentRequest* request,
    v1::CommandResult* response) {
  const v1::AssignmentCompleted& b = request->body();
  return Run(context, "CompleteAssignment", request->meta(), b.assignment_id(),
             domain::CompleteAssignment{request->meta().event_id(), b.assignment_id(), b.summary()},
             MayWorkOnAssignment, response);
}

grpc::ServerUnaryReactor* AssignmentService::CancelAssignment(
    grpc::CallbackServerContext* context, const v1::CancelAssignmentRequest* request,
    v1::CommandResult* response) {
  const v1::AssignmentCancelled& b = request->body();
  return Run(context, "CancelAssignment", request->meta(), b.assignment_id(),
             domain::CancelAssignment{request->meta().event_id(), b.assignment_id(), b.reason()},
             Anyone, response);
}

}  // namespace minhbach::services
