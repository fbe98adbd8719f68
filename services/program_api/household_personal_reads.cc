// The Households reads that open personal data: one household's data for a
// role that needs it (its access event recorded first), and the public
// posting list of a review (the heads' names, during the window only).
#include <string>

#include "absl/strings/str_cat.h"
#include "services/domain/dates.h"
#include "services/domain/household.h"
#include "services/privacy/personal_data_vault.h"
#include "services/program/posting_list.h"
#include "services/program/program_streams.h"
#include "services/program_api/household_service.h"
#include "services/program_api/program_access.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

namespace minhbach::services {
namespace {

constexpr char kService[] = "Households";

// What a personal-data read hands out, named in its access event.
constexpr const char* kReadFields[] = {"head_name", "members", "address"};

}  // namespace

absl::Status HouseholdsService::ReadPersonalData(const Identity& who,
                                                 const v1::HouseholdPersonalDataRequest& request,
                                                 v1::HouseholdPersonalDataView& view) const {
  const std::string& id = request.household_id();
  RETURN_IF_ERROR(domain::ValidateHouseholdId(id));
  if (request.purpose().empty()) {
    return absl::InvalidArgumentError(
        "purpose is required: say why this household's personal data is read (it is recorded "
        "in the log with who read it)");
  }
  const bool auditor = who.role == Role::kSupervisor || who.role == Role::kDistrict;
  if (!auditor) RETURN_IF_ERROR(MayActAs(who, domain::VillageOfHousehold(id)));
  if (vault_ == nullptr) return privacy::NoMasterKeyError();
  ASSIGN_OR_RETURN(auto household,
                   commands_.Current<domain::HouseholdState>(program::HouseholdStream(id)));
  if (!household->state.registered) {
    return absl::NotFoundError(absl::StrCat("household \"", id, "\" is not registered"));
  }
  // An auditor sees pseudonyms unless the coordinator granted this one this
  // household's data, and the grant holds today.
  if (auditor && domain::GrantOn(household->state, who.name,
                                 domain::CommuneDate(commands_.env().clock->Now())) == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat(
        "\"", who.name, "\" has no grant for household \"", id,
        "\"'s personal data today: auditors see pseudonyms unless the coordinator grants one "
        "(minhbach household grant ",
        id, " --grantee=\"", who.name, "\" ...)"));
  }
  view.set_household_id(id);
  if (household->state.erased || vault_->IsErasedHousehold(id)) {
    view.set_erased(true);  // nothing is read, so no access event
    return absl::OkStatus();
  }
  if (household->state.sealed_personal.empty()) {
    return absl::NotFoundError(
        absl::StrCat("household \"", id, "\" has no personal data recorded"));
  }
  // Opened first, so that an envelope that does not open records no access;
  // nothing leaves the server before the access event is durable.
  absl::StatusOr<std::string> plaintext = vault_->Open(id, household->state.sealed_personal);
  if (privacy::IsErased(plaintext.status())) {
    view.set_erased(true);
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(plaintext.status());
  v1::HouseholdPersonalData personal;
  if (!personal.ParseFromString(*plaintext)) {
    return absl::DataLossError(
        absl::StrCat("household \"", id, "\"'s personal data opens but does not parse"));
  }

  v1::CommandMeta meta;
  const std::string event_id = storage::NewRandomUuid();  // 16 raw bytes
  meta.set_event_id(event_id);
  ASSIGN_OR_RETURN(absl::Time business_time,
                   program::BusinessTime(meta, "", commands_.env().clock->Now()));
  domain::RecordPersonalDataAccess access{
      event_id, id, request.purpose(), {std::begin(kReadFields), std::end(kReadFields)}};
  absl::StatusOr<v1::CommandResult> recorded = access_log_.Execute<domain::HouseholdState>(
      program::HouseholdStream(id), who.name, meta, business_time, domain::HouseholdCommand(access),
      std::function<absl::Status(const domain::HouseholdState&)>(
          [](const domain::HouseholdState&) { return absl::OkStatus(); }));
  if (!recorded.ok() && absl::IsFailedPrecondition(recorded.status())) {
    // Erased between the read above and the access event: nothing goes out.
    view.set_erased(true);
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(recorded.status());
  view.set_access_position(recorded->position());
  *view.mutable_personal() = std::move(personal);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* HouseholdsService::GetHouseholdPersonalData(
    grpc::CallbackServerContext* context, const v1::HouseholdPersonalDataRequest* request,
    v1::HouseholdPersonalDataView* response) {
  return RunCall(context, commands_.env(), MethodName(kService, "GetHouseholdPersonalData"),
                 [this, request, response](const Identity& who) {
                   v1::HouseholdPersonalDataView view;
                   absl::Status read = ReadPersonalData(who, *request, view);
                   if (read.ok()) *response = std::move(view);
                   return read;
                 });
}

grpc::ServerUnaryReactor* HouseholdsService::GetPostingList(grpc::CallbackServerContext* context,
                                                            const v1::PostingListRequest* request,
                                                            v1::PostingList* response) {
  return RunCall(
      context, commands_.env(), MethodName(kService, "GetPostingList"),
      [this, request, response](const Identity&) -> absl::Status {
        RETURN_IF_ERROR(program::ValidateAggregateId("review_id", request->review_id()));
        if (request->village_id().empty()) {
          return absl::InvalidArgumentError("village_id is required: the list is per village");
        }
        const std::string as_of = request->as_of_date().empty()
                                      ? domain::CommuneDate(commands_.env().clock->Now())
                                      : request->as_of_date();
        const uint64_t log_size = commands_.log().Size();
        program::ProgramState state;
        if (request->as_of_date().empty()) {
          state = projection_->Read([](const program::ProgramState& s) { return s; });
        } else {
          if (!domain::IsValidDate(as_of)) {
            return absl::InvalidArgumentError(
                absl::StrCat("as_of_date must be a date YYYY-MM-DD, got \"", as_of, "\""));
          }
          ASSIGN_OR_RETURN(state, projection_->AsOfBusinessDate(as_of));
        }
        auto open_head =
            [this](const domain::HouseholdState& h) -> absl::StatusOr<program::HeadName> {
          if (h.erased) return program::HeadName{"", true};
          if (h.sealed_personal.empty()) return program::HeadName{};
          if (vault_ == nullptr) return privacy::NoMasterKeyError();
          if (vault_->IsErasedHousehold(h.household_id)) return program::HeadName{"", true};
          absl::StatusOr<std::string> plaintext = vault_->Open(h.household_id, h.sealed_personal);
          if (privacy::IsErased(plaintext.status())) return program::HeadName{"", true};
          RETURN_IF_ERROR(plaintext.status());
          v1::HouseholdPersonalData personal;
          if (!personal.ParseFromString(*plaintext)) {
            return absl::DataLossError(absl::StrCat("household \"", h.household_id,
                                                    "\"'s personal data opens but does not parse"));
          }
          return program::HeadName{personal.head_name(), false};
        };
        ASSIGN_OR_RETURN(v1::PostingList list,
                         program::BuildPostingList(state, request->review_id(),
                                                   request->village_id(), as_of, open_head));
        v1::StatusBasis& basis = *list.mutable_basis();
        basis.set_position(state.position);
        basis.set_log_size(std::max(log_size, state.position));
        basis.set_reference_date(as_of);
        basis.set_illustrative_data(state.illustrative_data);
        *response = std::move(list);
        return absl::OkStatus();
      });
}

}  // namespace minhbach::services
