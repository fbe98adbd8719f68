// minhbach.v1.Households: the poverty standard, the household register, the
// annual review and support (services/domain/household*.h), and the register
// read back as of a date (services/program/household_register.h).
//
// Personal data arrives only in a request's `personal` message and is sealed
// with the vault (services/privacy) for the household before the command is
// decided; without a vault a command carrying personal data is refused
// (FailedPrecondition). Erasure records PersonalDataErased durably first,
// then destroys the household's key; a crash between is covered by the
// vault's ApplyErasures at start. A read of personal data is recorded
// (PersonalDataAccessed, durable) before the data leaves the server.
#ifndef MINHBACH_SERVICES_PROGRAM_API_HOUSEHOLD_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_HOUSEHOLD_SERVICE_H_

#include <utility>

#include "minhbach/v1/household_service.grpc.pb.h"
#include "services/program/projection.h"
#include "services/program_api/position_waits.h"
#include "services/program_api/program_command.h"

namespace minhbach::privacy {
class PersonalDataVault;
}

namespace minhbach::services {

// Thread-safe. `log`, `projection`, what `env` points to and `vault` (null:
// no master key given) must outlive the server.
class HouseholdsService final : public v1::Households::CallbackService {
 public:
  HouseholdsService(storage::EventLog* log, const program::Projection* projection, CommandEnv env,
                    privacy::PersonalDataVault* vault, PositionWaits* waits)
      : commands_(log, std::move(env)),
        access_log_(log),
        projection_(projection),
        vault_(vault),
        waits_(
            waits, [projection] { return projection->position(); }, "the projections have folded") {
  }

  grpc::ServerUnaryReactor* PublishStandard(grpc::CallbackServerContext* context,
                                            const v1::PublishStandardRequest* request,
                                            v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RegisterHousehold(grpc::CallbackServerContext* context,
                                              const v1::RegisterHouseholdRequest* request,
                                              v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ChangeHouseholdDetails(grpc::CallbackServerContext* context,
                                                   const v1::ChangeHouseholdDetailsRequest* request,
                                                   v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* OpenReview(grpc::CallbackServerContext* context,
                                       const v1::OpenReviewRequest* request,
                                       v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RecordSurvey(grpc::CallbackServerContext* context,
                                         const v1::RecordSurveyRequest* request,
                                         v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* AgreeVillageMeeting(grpc::CallbackServerContext* context,
                                                const v1::AgreeVillageMeetingRequest* request,
                                                v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* PostReviewList(grpc::CallbackServerContext* context,
                                           const v1::PostReviewListRequest* request,
                                           v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* FileComplaint(grpc::CallbackServerContext* context,
                                          const v1::FileComplaintRequest* request,
                                          v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ResolveComplaint(grpc::CallbackServerContext* context,
                                             const v1::ResolveComplaintRequest* request,
                                             v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RecognizeReview(grpc::CallbackServerContext* context,
                                            const v1::RecognizeReviewRequest* request,
                                            v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* GiveSupport(grpc::CallbackServerContext* context,
                                        const v1::GiveSupportRequest* request,
                                        v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* ErasePersonalData(grpc::CallbackServerContext* context,
                                              const v1::ErasePersonalDataRequest* request,
                                              v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* GrantPersonalDataAccess(
      grpc::CallbackServerContext* context, const v1::GrantPersonalDataAccessRequest* request,
      v1::CommandResult* response) override;
  grpc::ServerUnaryReactor* RevokePersonalDataAccess(
      grpc::CallbackServerContext* context, const v1::RevokePersonalDataAccessRequest* request,
      v1::CommandResult* response) override;

  grpc::ServerUnaryReactor* GetRegister(grpc::CallbackServerContext* context,
                                        const v1::RegisterRequest* request,
                                        v1::HouseholdRegister* response) override;
  grpc::ServerUnaryReactor* GetHouseholdTargets(grpc::CallbackServerContext* context,
                                                const v1::RegisterRequest* request,
                                                v1::HouseholdTargets* response) override;

  // household_personal_reads.cc: the reads that open personal data.
  grpc::ServerUnaryReactor* GetHouseholdPersonalData(
      grpc::CallbackServerContext* context, const v1::HouseholdPersonalDataRequest* request,
      v1::HouseholdPersonalDataView* response) override;
  grpc::ServerUnaryReactor* GetPostingList(grpc::CallbackServerContext* context,
                                           const v1::PostingListRequest* request,
                                           v1::PostingList* response) override;

 private:
  // The envelope of `personal` for the household: the one already recorded
  // under `meta`'s event id when it opens to the same data (a retry),
  // otherwise a new seal. FailedPrecondition without a vault or when the
  // household's data is erased.
  absl::StatusOr<std::string> Seal(const std::string& household_id,
                                   const v1::HouseholdPersonalData& personal,
                                   const v1::CommandMeta& meta) const;
  // The review's standard and the household's area, for a classification.
  absl::Status ClassificationFacts(const std::string& review_id, const std::string& household_id,
                                   v1::PovertyStandardPublished& standard, std::string& area) const;

  // The personal data of a household for `who`, its access event durable
  // first (household_personal_reads.cc).
  absl::Status ReadPersonalData(const Identity& who,
                                const v1::HouseholdPersonalDataRequest& request,
                                v1::HouseholdPersonalDataView& view) const;

  const ProgramCommandRunner commands_;
  // Appends the access events of personal-data reads.
  const program::CommandExecutor access_log_;
  const program::Projection* const projection_;
  privacy::PersonalDataVault* const vault_;
  FoldWaits waits_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_HOUSEHOLD_SERVICE_H_
