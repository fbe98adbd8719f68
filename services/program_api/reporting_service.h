// minhbach.v1.Reporting: one stream per reporting period. A village submits
// only its own report, for registered villages and targets of the plan; the
// coordinator approves, returns, consolidates and sends; the district accepts
// or returns; the coordinator or the district reopens.
#ifndef MINHBACH_SERVICES_PROGRAM_API_REPORTING_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_REPORTING_SERVICE_H_

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
class ReportingService final : public v1::Reporting::CallbackService {
 public:
  ReportingService(storage::EventLog* log, CommandEnv env) : commands_(log, std::move(env)) {}

  grpc::ServerUnaryReactor* SubmitVillageReport(grpc::CallbackServerContext* context,
                                                const v1::SubmitVillageReportRequest* request,
                                                v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ApproveVillageReport(grpc::CallbackServerContext* context,
                                                 const v1::ApproveVillageReportRequest* request,
                                                 v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ReturnVillageReport(grpc::CallbackServerContext* context,
                                                const v1::ReturnVillageReportRequest* request,
                                                v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ConsolidateCommuneReport(
      grpc::CallbackServerContext* context, const v1::ConsolidateCommuneReportRequest* request,
      v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* SendCommuneReportToDistrict(
      grpc::CallbackServerContext* context, const v1::SendCommuneReportToDistrictRequest* request,
      v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* AcceptCommuneReport(grpc::CallbackServerContext* context,
                                                const v1::AcceptCommuneReportRequest* request,
                                                v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ReturnCommuneReport(grpc::CallbackServerContext* context,
                                                const v1::ReturnCommuneReportRequest* request,
                                                v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ReopenPeriod(grpc::CallbackServerContext* context,
                                         const v1::ReopenPeriodRequest* request,
                                         v1::CommandResult* response) override;

 private:
  // Checks the caller before the period is loaded.
  using Check = std::function<absl::Status(const Identity&)>;

  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, absl::string_view method,
                                const v1::CommandMeta& meta, const std::string& period,
                                const domain::ReportingCommand& command, const Check& check,
                                v1::CommandResult* response);

  const ProgramCommandRunner commands_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_REPORTING_SERVICE_H_
