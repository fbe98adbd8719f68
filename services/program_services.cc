#include "services/program_services.h"

#include "storage/status_macros.h"

namespace minhbach::services {

absl::StatusOr<std::unique_ptr<ProgramServices>> ProgramServices::Start(
    storage::EventLog* log, const TokenStore* tokens, const std::string& projection_dir,
    program::ProjectionOptions options) {
  std::unique_ptr<ProgramServices> services(new ProgramServices());
  ASSIGN_OR_RETURN(services->projection_,
                   program::Projection::Open(log, projection_dir, std::move(options)));
  services->projection_->Start();
  services->setup_ = std::make_unique<ProgramSetupService>(log, tokens);
  services->assignments_ = std::make_unique<AssignmentService>(log, tokens);
  services->finance_ = std::make_unique<FinanceService>(log, tokens);
  services->reporting_ = std::make_unique<ReportingService>(log, tokens);
  services->supervision_ = std::make_unique<SupervisionService>(log, tokens);
  services->status_ =
      std::make_unique<ProgramStatusService>(log, services->projection_.get(), tokens);
  return services;
}

void ProgramServices::RegisterWith(grpc::ServerBuilder& builder) {
  builder.RegisterService(setup_.get());
  builder.RegisterService(assignments_.get());
  builder.RegisterService(finance_.get());
  builder.RegisterService(reporting_.get());
  builder.RegisterService(supervision_.get());
  builder.RegisterService(status_.get());
}

}  // namespace minhbach::services
