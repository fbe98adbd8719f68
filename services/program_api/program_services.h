// The program's gRPC services and the projection behind their status
// queries, started and stopped together with the server.
#ifndef MINHBACH_SERVICES_PROGRAM_API_PROGRAM_SERVICES_H_
#define MINHBACH_SERVICES_PROGRAM_API_PROGRAM_SERVICES_H_

#include <grpcpp/server_builder.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/auth/token_store.h"
#include "services/log_api/read_budget.h"
#include "services/program/projection.h"
#include "services/program/timeline_index.h"
#include "services/program_api/assignment_service.h"
#include "services/program_api/finance_service.h"
#include "services/program_api/household_service.h"
#include "services/program_api/position_waits.h"
#include "services/program_api/program_setup_service.h"
#include "services/program_api/program_status_service.h"
#include "services/program_api/reporting_service.h"
#include "services/program_api/supervision_service.h"
#include "services/program_api/task_pool.h"
#include "services/program_api/timeline_service.h"

namespace minhbach::services {

// How the command services run their commands.
struct CommandOptions {
  TaskPool::Options pool;
  // The clock of commands and status judgements; not owned, outlives the
  // services.
  storage::Clock* clock = storage::Clock::Real();
  // Test only: see CommandEnv::before_body_for_test.
  std::function<void()> before_body_for_test;
  // The personal-data vault (not owned; outlives the services), null when
  // minhbachd has no master key: household commands carrying personal data
  // are then refused.
  privacy::PersonalDataVault* vault = nullptr;
};

class ProgramServices {
 public:
  // Opens the projection in `data_dir`/projections and the timeline index
  // in `data_dir`/timeline (rebuilding both with options.rebuild), starts
  // them following `log`, and starts the pool the commands run on. Timeline
  // readers hold memory from `read_budget`, which must outlive the services.
  static absl::StatusOr<std::unique_ptr<ProgramServices>> Start(
      storage::EventLog* log, const TokenStore* tokens, const storage::note::Signer* log_key,
      const std::string& data_dir, program::ProjectionOptions options, ReadBudget* read_budget,
      CommandOptions command_options = {});

  void RegisterWith(grpc::ServerBuilder& builder);
  program::Projection& projection() { return *projection_; }
  program::TimelineIndex& timeline() { return *timeline_; }

 private:
  ProgramServices() = default;

  // First, so that it is destroyed last: its threads may still be finishing
  // calls of the services below until the gRPC server has shut down.
  std::unique_ptr<TaskPool> command_pool_;
  std::unique_ptr<program::Projection> projection_;
  std::unique_ptr<program::TimelineIndex> timeline_;
  std::unique_ptr<ProgramSetupService> setup_;
  std::unique_ptr<AssignmentService> assignments_;
  std::unique_ptr<FinanceService> finance_;
  std::unique_ptr<ReportingService> reporting_;
  std::unique_ptr<SupervisionService> supervision_;
  std::unique_ptr<HouseholdsService> households_;
  std::unique_ptr<ProgramStatusService> status_;
  std::unique_ptr<TimelineService> timeline_service_;
  // Last, so that it is destroyed first: the calls still waiting end (with
  // Unavailable) while the services and folds they read are alive.
  std::unique_ptr<PositionWaits> waits_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_PROGRAM_SERVICES_H_
