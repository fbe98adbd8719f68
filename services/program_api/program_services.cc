#include "services/program_api/program_services.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "storage/status_macros.h"

namespace minhbach::services {

namespace fs = std::filesystem;

absl::StatusOr<std::unique_ptr<ProgramServices>> ProgramServices::Start(
    storage::EventLog* log, const TokenStore* tokens, const storage::note::Signer* log_key,
    const std::string& data_dir, program::ProjectionOptions options, ReadBudget* read_budget,
    CommandOptions command_options) {
  std::unique_ptr<ProgramServices> services(new ProgramServices());
  const bool rebuild = options.rebuild;
  auto report = options.report;
  ASSIGN_OR_RETURN(services->projection_,
                   program::Projection::Open(log, (fs::path(data_dir) / "projections").string(),
                                             std::move(options)));
  ASSIGN_OR_RETURN(services->timeline_,
                   program::TimelineIndex::Open(
                       log, (fs::path(data_dir) / "timeline").string(), rebuild,
                       [report](const absl::Status& failed) {
                         if (report) {
                           report("error",
                                  absl::StrCat("timeline index: ", failed.message(), "; retrying"));
                         }
                       }));
  services->projection_->Start();
  services->timeline_->Start();
  services->command_pool_ = std::make_unique<TaskPool>(command_options.pool);
  const CommandEnv env{tokens, services->command_pool_.get(), command_options.clock,
                       std::move(command_options.before_body_for_test)};
  services->setup_ = std::make_unique<ProgramSetupService>(log, env);
  services->assignments_ = std::make_unique<AssignmentService>(log, env);
  services->finance_ = std::make_unique<FinanceService>(log, env);
  services->reporting_ = std::make_unique<ReportingService>(log, env);
  services->supervision_ = std::make_unique<SupervisionService>(log, env);
  services->waits_ = std::make_unique<PositionWaits>(log);
  PositionWaits* waits = services->waits_.get();
  services->households_ = std::make_unique<HouseholdsService>(log, services->projection_.get(), env,
                                                              command_options.vault, waits);
  services->status_ = std::make_unique<ProgramStatusService>(log, services->projection_.get(),
                                                             tokens, command_options.clock, waits);
  services->timeline_service_ = std::make_unique<TimelineService>(
      log, services->timeline_.get(), tokens, log_key, read_budget, waits);
  return services;
}

void ProgramServices::RegisterWith(grpc::ServerBuilder& builder) {
  builder.RegisterService(setup_.get());
  builder.RegisterService(assignments_.get());
  builder.RegisterService(finance_.get());
  builder.RegisterService(reporting_.get());
  builder.RegisterService(supervision_.get());
  builder.RegisterService(households_.get());
  builder.RegisterService(status_.get());
  builder.RegisterService(timeline_service_.get());
}

}  // namespace minhbach::services
