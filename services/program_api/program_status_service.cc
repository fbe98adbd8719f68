#include "services/program_api/program_status_service.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "services/auth/call_auth.h"
#include "services/domain/dates.h"
#include "services/log_api/event_log_service.h"
#include "services/program/household_checks.h"
#include "services/program/program_status.h"
#include "services/program_api/command_call.h"
#include "services/rpc/grpc_status.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

// The state of the past point a request asks about (as_of set): a fold of
// the log up to it. The current state is read in place instead (Build).
absl::StatusOr<program::ProgramState> PastState(const program::Projection& projection,
                                                const v1::AsOf& as_of) {
  switch (as_of.point_case()) {
    case v1::AsOf::kPosition:
      return projection.AsOfPosition(as_of.position());
    case v1::AsOf::kRecordedTimeMicros:
      return projection.AsOfRecordedTime(as_of.recorded_time_micros());
    case v1::AsOf::kBusinessDate:
      return projection.AsOfBusinessDate(as_of.business_date());
    case v1::AsOf::POINT_NOT_SET:
      break;
  }
  return absl::InternalError("PastState asked without a point in the past");
}

// The day deadlines are judged on: the request's, else the as-of business
// date's, else the commune's today by `clock`.
absl::StatusOr<std::string> ReferenceDate(const v1::StatusRequest& request, storage::Clock& clock) {
  if (!request.reference_date().empty()) {
    if (!domain::IsValidDate(request.reference_date())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "reference_date must be a date YYYY-MM-DD, got \"", request.reference_date(), "\""));
    }
    return request.reference_date();
  }
  if (request.as_of().point_case() == v1::AsOf::kBusinessDate) {
    return request.as_of().business_date();
  }
  return domain::CommuneDate(clock.Now());
}

// What a NOT_FOUND answer was about, when it was not the whole log now.
std::string WhenNotFound(const v1::AsOf& as_of, const program::ProgramState& state,
                         uint64_t log_size) {
  switch (as_of.point_case()) {
    case v1::AsOf::kPosition:
    case v1::AsOf::kRecordedTimeMicros:
      return absl::StrCat(" as of ", state.position, " of ", log_size, " events");
    case v1::AsOf::kBusinessDate:
      return absl::StrCat(" by the end of ", as_of.business_date());
    case v1::AsOf::POINT_NOT_SET:
      break;
  }
  if (state.position >= log_size) return "";
  return absl::StrCat(" (the projections have folded ", state.position, " of ", log_size,
                      " events so far; ask again in a moment)");
}

// Resolves the state and reference date, builds the answer with `build` and
// fills in its basis.
template <typename Response>
absl::Status Build(const storage::EventLog& log, const program::Projection& projection,
                   storage::Clock& clock, const v1::StatusRequest& request, Response* response,
                   const std::function<absl::StatusOr<Response>(
                       const program::ProgramState&, const std::string& reference_date)>& build) {
  ASSIGN_OR_RETURN(std::string reference_date, ReferenceDate(request, clock));
  const uint64_t log_size = log.Size();
  auto answer = [&](const program::ProgramState& state) -> absl::Status {
    absl::StatusOr<Response> built = build(state, reference_date);
    if (absl::IsNotFound(built.status())) {
      // Say which point the answer is about, so it is not read as "not there at all".
      return absl::NotFoundError(
          absl::StrCat(built.status().message(), WhenNotFound(request.as_of(), state, log_size)));
    }
    RETURN_IF_ERROR(built.status());
    *response = *std::move(built);
    v1::StatusBasis* basis = response->mutable_basis();
    basis->set_position(state.position);
    basis->set_log_size(std::max(log_size, state.position));
    basis->set_reference_date(reference_date);
    basis->set_illustrative_data(state.illustrative_data);
    for (uint64_t skipped : state.skipped_positions) basis->add_skipped_positions(skipped);
    return absl::OkStatus();
  };
  // The current state is read in place, under the projection's reader lock:
  // a copy would cost as much as the build (every household, its envelope).
  if (request.as_of().point_case() == v1::AsOf::POINT_NOT_SET) return projection.Read(answer);
  ASSIGN_OR_RETURN(program::ProgramState state, PastState(projection, request.as_of()));
  return answer(state);
}

// Authorizes, waits for min_position when asked (off the gRPC thread), then
// answers with Build.
template <typename Response>
grpc::ServerUnaryReactor* Answer(
    grpc::CallbackServerContext* context, const TokenStore& tokens, absl::string_view method,
    const storage::EventLog& log, const program::Projection& projection, storage::Clock& clock,
    FoldWaits& waits, const v1::StatusRequest& request, Response* response,
    std::function<absl::StatusOr<Response>(const program::ProgramState&,
                                           const std::string& reference_date)>
        build) {
  const absl::Status authorized =
      AuthorizeCall(*context, tokens, MethodName("ProgramStatus", method)).status();
  if (!authorized.ok()) return FinishNow(context, authorized);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  waits.BeforeReading(context, request.min_position(),
                      [reactor, &log, &projection, &clock, &request, response,
                       build = std::move(build)](absl::Status reached) {
                        if (reached.ok()) {
                          reached = Build(log, projection, clock, request, response, build);
                        }
                        reactor->Finish(ToGrpcStatus(reached));
                      });
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* ProgramStatusService::GetDashboard(grpc::CallbackServerContext* context,
                                                             const v1::StatusRequest* request,
                                                             v1::Dashboard* response) {
  return Answer<v1::Dashboard>(
      context, *tokens_, "GetDashboard", *log_, *projection_, *clock_, waits_, *request, response,
      [](const program::ProgramState& state, const std::string& reference_date) {
        return program::BuildDashboard(state, reference_date);
      });
}

grpc::ServerUnaryReactor* ProgramStatusService::GetSubProject(grpc::CallbackServerContext* context,
                                                              const v1::StatusRequest* request,
                                                              v1::SubProjectStatus* response) {
  return Answer<v1::SubProjectStatus>(
      context, *tokens_, "GetSubProject", *log_, *projection_, *clock_, waits_, *request, response,
      [request](const program::ProgramState& state, const std::string& reference_date) {
        return program::BuildSubProjectStatus(state, request->id(), reference_date);
      });
}

grpc::ServerUnaryReactor* ProgramStatusService::GetTarget(grpc::CallbackServerContext* context,
                                                          const v1::StatusRequest* request,
                                                          v1::TargetStatus* response) {
  return Answer<v1::TargetStatus>(
      context, *tokens_, "GetTarget", *log_, *projection_, *clock_, waits_, *request, response,
      [request](const program::ProgramState& state, const std::string&) {
        absl::StatusOr<v1::TargetStatus> status =
            program::BuildTargetStatus(state, request->id(), request->period());
        if (status.ok()) program::AddRegisterCheck(state, *status);
        return status;
      });
}

}  // namespace minhbach::services
