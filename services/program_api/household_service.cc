#include "services/program_api/household_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/auth/call_auth.h"
#include "services/domain/dates.h"
#include "services/domain/household.h"
#include "services/domain/household_review.h"
#include "services/domain/standard_publication.h"
#include "services/log_api/event_log_service.h"
#include "services/privacy/personal_data_vault.h"
#include "services/program/household_register.h"
#include "services/program/program_streams.h"
#include "services/program/snapshot_codec.h"
#include "services/program_api/program_access.h"
#include "services/rpc/grpc_status.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

constexpr char kService[] = "Households";

template <typename State, typename Command>
ProgramCommand<State, Command> NewCommand(absl::string_view method, const v1::CommandMeta& meta,
                                          absl::Status id_valid, std::string stream,
                                          std::string stated_date, Command command) {
  ProgramCommand<State, Command> c;
  c.service = kService;
  c.method = std::string(method);
  c.meta = &meta;
  c.id_valid = std::move(id_valid);
  c.stream = std::move(stream);
  c.stated_date = std::move(stated_date);
  c.command = std::move(command);
  return c;
}

// The household id checked, naming the body's field.
absl::Status HouseholdIdValid(absl::string_view household_id, absl::string_view village_id = "") {
  absl::Status valid = domain::ValidateHouseholdId(household_id, village_id);
  if (valid.ok()) return valid;
  return absl::InvalidArgumentError(absl::StrCat("body.", valid.message()));
}

absl::Status NoSealedBytesFromClients(const std::string& sealed) {
  if (sealed.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "body.sealed_personal is set by the server: send the personal data in `personal`");
}

}  // namespace

absl::StatusOr<std::string> HouseholdsService::Seal(const std::string& household_id,
                                                    const v1::HouseholdPersonalData& personal,
                                                    const v1::CommandMeta& meta) const {
  if (vault_ == nullptr) {
    return privacy::NoMasterKeyError();
  }
  const std::string plaintext = program::DeterministicBytes(personal);
  // A retry of a recorded command reuses its envelope (a new seal has a new
  // nonce, and the log would see other content under the same event id).
  absl::StatusOr<storage::StoredEvent> recorded = commands_.log().GetEventById(meta.event_id());
  if (recorded.ok() && recorded->record.stream() == program::HouseholdStream(household_id)) {
    std::string sealed;
    v1::HouseholdRegistered registered;
    v1::HouseholdDetailsChanged changed;
    if (recorded->record.event_type() == domain::kHouseholdRegistered &&
        registered.ParseFromString(recorded->record.payload())) {
      sealed = registered.sealed_personal();
    } else if (recorded->record.event_type() == domain::kHouseholdDetailsChanged &&
               changed.ParseFromString(recorded->record.payload())) {
      sealed = changed.sealed_personal();
    }
    absl::StatusOr<std::string> opened = vault_->Open(household_id, sealed);
    if (!sealed.empty() && opened.ok() && *opened == plaintext) return sealed;
  }
  absl::StatusOr<std::string> sealed = vault_->Seal(household_id, plaintext);
  if (!sealed.ok() && absl::IsFailedPrecondition(sealed.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat("household \"", household_id,
                     "\"'s personal data was erased; it cannot be recorded again"));
  }
  return sealed;
}

absl::Status HouseholdsService::ClassificationFacts(const std::string& review_id,
                                                    const std::string& household_id,
                                                    v1::PovertyStandardPublished& standard,
                                                    std::string& area) const {
  ASSIGN_OR_RETURN(auto review,
                   commands_.Current<domain::ReviewState>(program::ReviewStream(review_id)));
  if (review->state.status == domain::ReviewStatus::kNone) return absl::OkStatus();  // domain says
  ASSIGN_OR_RETURN(auto published, commands_.Current<domain::StandardState>(
                                       program::StandardStream(review->state.standard_id)));
  standard = published->state.standard;
  ASSIGN_OR_RETURN(auto household, commands_.Current<domain::HouseholdState>(
                                       program::HouseholdStream(household_id)));
  if (!household->state.registered) {
    return absl::NotFoundError(
        absl::StrCat("household \"", household_id, "\" is not registered; register it first"));
  }
  area = household->state.area;
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* HouseholdsService::PublishStandard(
    grpc::CallbackServerContext* context, const v1::PublishStandardRequest* request,
    v1::CommandResult* response) {
  const v1::PovertyStandardPublished& b = request->body();
  auto c = NewCommand<domain::StandardState, domain::StandardCommand>(
      "PublishStandard", request->meta(),
      program::ValidateAggregateId("body.standard_id", b.standard_id()),
      program::StandardStream(b.standard_id()), "",
      domain::PublishStandard{request->meta().event_id(), b});
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::RegisterHousehold(
    grpc::CallbackServerContext* context, const v1::RegisterHouseholdRequest* request,
    v1::CommandResult* response) {
  const v1::HouseholdRegistered& b = request->body();
  auto c = NewCommand<domain::HouseholdState, domain::HouseholdCommand>(
      "RegisterHousehold", request->meta(), HouseholdIdValid(b.household_id(), b.village_id()),
      program::HouseholdStream(b.household_id()), "",
      domain::RegisterHousehold{request->meta().event_id(), b.household_id(), b.village_id(),
                                b.area(), b.member_count(), ""});
  c.may_call = [&b](const Identity& who) {
    RETURN_IF_ERROR(NoSealedBytesFromClients(b.sealed_personal()));
    return MayActAs(who, b.village_id());
  };
  c.add_facts = [this, request](const Identity&, absl::Time, domain::HouseholdCommand& command) {
    if (!request->has_personal()) return absl::OkStatus();
    auto& registering = std::get<domain::RegisterHousehold>(command);
    ASSIGN_OR_RETURN(registering.sealed_personal,
                     Seal(registering.household_id, request->personal(), request->meta()));
    return absl::OkStatus();
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::ChangeHouseholdDetails(
    grpc::CallbackServerContext* context, const v1::ChangeHouseholdDetailsRequest* request,
    v1::CommandResult* response) {
  const v1::HouseholdDetailsChanged& b = request->body();
  auto c = NewCommand<domain::HouseholdState, domain::HouseholdCommand>(
      "ChangeHouseholdDetails", request->meta(), HouseholdIdValid(b.household_id()),
      program::HouseholdStream(b.household_id()), "",
      domain::ChangeHouseholdDetails{request->meta().event_id(), b.household_id(), "",
                                     b.member_count(), b.area()});
  c.may_call = [&b](const Identity& who) {
    RETURN_IF_ERROR(NoSealedBytesFromClients(b.sealed_personal()));
    return MayActAs(who, domain::VillageOfHousehold(b.household_id()));
  };
  c.add_facts = [this, request](const Identity&, absl::Time, domain::HouseholdCommand& command) {
    if (!request->has_personal()) return absl::OkStatus();
    auto& changing = std::get<domain::ChangeHouseholdDetails>(command);
    ASSIGN_OR_RETURN(changing.sealed_personal,
                     Seal(changing.household_id, request->personal(), request->meta()));
    return absl::OkStatus();
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::OpenReview(grpc::CallbackServerContext* context,
                                                        const v1::OpenReviewRequest* request,
                                                        v1::CommandResult* response) {
  const v1::ReviewOpened& b = request->body();
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "OpenReview", request->meta(), program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.opened_on(),
      domain::OpenReview{request->meta().event_id(),
                         b.review_id(),
                         b.standard_id(),
                         ToStrings(b.village_ids()),
                         ToStrings(b.households()),
                         b.opened_on(),
                         {}});
  c.add_facts = [this, &b](const Identity&, absl::Time, domain::ReviewCommand& command) {
    auto& open = std::get<domain::OpenReview>(command);
    RETURN_IF_ERROR(program::ValidateAggregateId("body.standard_id", b.standard_id()));
    ASSIGN_OR_RETURN(auto standard, commands_.Current<domain::StandardState>(
                                        program::StandardStream(b.standard_id())));
    if (standard->state.published) open.standard = standard->state.standard;
    std::vector<std::string> missing;
    for (const std::string& id : open.households) {
      RETURN_IF_ERROR(HouseholdIdValid(id));
      ASSIGN_OR_RETURN(auto household,
                       commands_.Current<domain::HouseholdState>(program::HouseholdStream(id)));
      if (!household->state.registered) missing.push_back(id);
    }
    if (!missing.empty()) {
      return absl::NotFoundError(absl::StrCat(missing.size(),
                                              " household(s) on the list are not registered (e.g. ",
                                              missing.front(), "); register them first"));
    }
    return absl::OkStatus();
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::RecordSurvey(grpc::CallbackServerContext* context,
                                                          const v1::RecordSurveyRequest* request,
                                                          v1::CommandResult* response) {
  const v1::HouseholdSurveyed& b = request->body();
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "RecordSurvey", request->meta(),
      program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.surveyed_on(),
      domain::RecordSurvey{request->meta().event_id(),
                           b.review_id(),
                           b.household_id(),
                           {b.income_per_person_month_dong(), ToStrings(b.deprived_indicators())},
                           b.surveyed_on(),
                           {},
                           ""});
  c.may_call = [&b](const Identity& who) {
    RETURN_IF_ERROR(HouseholdIdValid(b.household_id()));
    if (!b.area().empty()) {
      return absl::InvalidArgumentError("body.area is set by the server from the register");
    }
    return MayActAs(who, domain::VillageOfHousehold(b.household_id()));
  };
  c.add_facts = [this](const Identity&, absl::Time, domain::ReviewCommand& command) {
    auto& survey = std::get<domain::RecordSurvey>(command);
    return ClassificationFacts(survey.review_id, survey.household_id, survey.standard, survey.area);
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::AgreeVillageMeeting(
    grpc::CallbackServerContext* context, const v1::AgreeVillageMeetingRequest* request,
    v1::CommandResult* response) {
  const v1::VillageMeetingAgreed& b = request->body();
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "AgreeVillageMeeting", request->meta(),
      program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.meeting_date(),
      domain::AgreeVillageMeeting{request->meta().event_id(), b.review_id(), b.village_id(),
                                  b.meeting_date(), b.attendees(), b.minutes_ref()});
  c.may_call = [&b](const Identity& who) { return MayActAs(who, b.village_id()); };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::PostReviewList(
    grpc::CallbackServerContext* context, const v1::PostReviewListRequest* request,
    v1::CommandResult* response) {
  const v1::ReviewListPosted& b = request->body();
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "PostReviewList", request->meta(),
      program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.posted_on(),
      domain::PostReviewList{request->meta().event_id(), b.review_id(), b.village_id(),
                             b.posted_on(), b.complaints_until()});
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::FileComplaint(grpc::CallbackServerContext* context,
                                                           const v1::FileComplaintRequest* request,
                                                           v1::CommandResult* response) {
  const v1::ComplaintFiled& b = request->body();
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "FileComplaint", request->meta(),
      program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.filed_on(),
      domain::FileComplaint{request->meta().event_id(), b.review_id(), b.complaint_id(),
                            b.household_id(), b.summary(), b.filed_on()});
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::ResolveComplaint(
    grpc::CallbackServerContext* context, const v1::ResolveComplaintRequest* request,
    v1::CommandResult* response) {
  const v1::ComplaintResolved& b = request->body();
  domain::ResolveComplaint resolve{request->meta().event_id(),
                                   b.review_id(),
                                   b.complaint_id(),
                                   b.outcome(),
                                   b.reason(),
                                   b.resolved_on(),
                                   std::nullopt,
                                   {},
                                   ""};
  if (request->resurveyed()) {
    resolve.corrected = domain::SurveyAnswers{request->income_per_person_month_dong(),
                                              ToStrings(request->deprived_indicators())};
  }
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "ResolveComplaint", request->meta(),
      program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.resolved_on(), std::move(resolve));
  c.may_call = [&b](const Identity&) {
    if (b.new_classification().empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(
        "body.new_classification is computed by the server from the re-survey, never typed");
  };
  c.add_facts = [this](const Identity&, absl::Time, domain::ReviewCommand& command) {
    auto& resolving = std::get<domain::ResolveComplaint>(command);
    if (!resolving.corrected.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(auto review, commands_.Current<domain::ReviewState>(
                                      program::ReviewStream(resolving.review_id)));
    auto complaint = review->state.complaints.find(resolving.complaint_id);
    if (complaint == review->state.complaints.end()) return absl::OkStatus();  // domain says
    return ClassificationFacts(resolving.review_id, complaint->second.household_id,
                               resolving.standard, resolving.area);
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::RecognizeReview(
    grpc::CallbackServerContext* context, const v1::RecognizeReviewRequest* request,
    v1::CommandResult* response) {
  const v1::ReviewRecognized& b = request->body();
  auto c = NewCommand<domain::ReviewState, domain::ReviewCommand>(
      "RecognizeReview", request->meta(),
      program::ValidateAggregateId("body.review_id", b.review_id()),
      program::ReviewStream(b.review_id()), b.recognized_on(),
      domain::RecognizeReview{request->meta().event_id(), b.review_id(), b.decision_number(),
                              b.recognized_on()});
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::GiveSupport(grpc::CallbackServerContext* context,
                                                         const v1::GiveSupportRequest* request,
                                                         v1::CommandResult* response) {
  const v1::SupportGiven& b = request->body();
  auto c = NewCommand<domain::HouseholdState, domain::HouseholdCommand>(
      "GiveSupport", request->meta(), HouseholdIdValid(b.household_id()),
      program::HouseholdStream(b.household_id()), b.date(),
      domain::GiveSupport{request->meta().event_id(), b.household_id(), b.support_id(),
                          b.subproject_id(), b.kind(), b.date(), b.amount_dong(),
                          b.disbursement_id(), b.in_kind(), false});
  c.add_facts = [this, &b](const Identity& who, absl::Time, domain::HouseholdCommand& command) {
    ASSIGN_OR_RETURN(auto plan, commands_.Current<domain::PlanState>(program::PlanStream()));
    RETURN_IF_ERROR(MayHandleSubProjectMoney(who, plan->state, b.subproject_id()));
    if (b.disbursement_id().empty()) return absl::OkStatus();
    RETURN_IF_ERROR(program::ValidateAggregateId("body.subproject_id", b.subproject_id()));
    ASSIGN_OR_RETURN(auto budget, commands_.Current<domain::BudgetState>(
                                      program::BudgetStream(b.subproject_id())));
    auto found = budget->state.disbursements.find(b.disbursement_id());
    std::get<domain::GiveSupport>(command).disbursement_exists =
        found != budget->state.disbursements.end() && !found->second.reversed;
    return absl::OkStatus();
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::ErasePersonalData(
    grpc::CallbackServerContext* context, const v1::ErasePersonalDataRequest* request,
    v1::CommandResult* response) {
  const v1::PersonalDataErased& b = request->body();
  auto c = NewCommand<domain::HouseholdState, domain::HouseholdCommand>(
      "ErasePersonalData", request->meta(), HouseholdIdValid(b.household_id()),
      program::HouseholdStream(b.household_id()), "",
      domain::ErasePersonalData{request->meta().event_id(), b.household_id(), b.legal_basis(), ""});
  c.may_call = [&b](const Identity&) {
    if (b.requested_by_role().empty()) return absl::OkStatus();
    return absl::InvalidArgumentError("body.requested_by_role is set by the server");
  };
  c.add_facts = [](const Identity& who, absl::Time, domain::HouseholdCommand& command) {
    std::get<domain::ErasePersonalData>(command).requested_by_role =
        std::string(RoleName(who.role));
    return absl::OkStatus();
  };
  // The event is durable before the key goes: a crash between leaves the
  // key to ApplyErasures at the next start, never an erasure unrecorded.
  c.after_append = [this, &b](const v1::CommandResult&) {
    return vault_ == nullptr ? absl::OkStatus() : vault_->Erase(b.household_id());
  };
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::GrantPersonalDataAccess(
    grpc::CallbackServerContext* context, const v1::GrantPersonalDataAccessRequest* request,
    v1::CommandResult* response) {
  const v1::PersonalDataAccessGranted& b = request->body();
  auto c = NewCommand<domain::HouseholdState, domain::HouseholdCommand>(
      "GrantPersonalDataAccess", request->meta(), HouseholdIdValid(b.household_id()),
      program::HouseholdStream(b.household_id()), "",
      domain::GrantPersonalDataAccess{request->meta().event_id(), b.household_id(), b.grant_id(),
                                      b.grantee(), b.purpose(), b.until_date()});
  return commands_.Run(context, std::move(c), response);
}

grpc::ServerUnaryReactor* HouseholdsService::RevokePersonalDataAccess(
    grpc::CallbackServerContext* context, const v1::RevokePersonalDataAccessRequest* request,
    v1::CommandResult* response) {
  const v1::PersonalDataAccessRevoked& b = request->body();
  auto c = NewCommand<domain::HouseholdState, domain::HouseholdCommand>(
      "RevokePersonalDataAccess", request->meta(), HouseholdIdValid(b.household_id()),
      program::HouseholdStream(b.household_id()), "",
      domain::RevokePersonalDataAccess{request->meta().event_id(), b.household_id(), b.grant_id(),
                                       b.reason()});
  return commands_.Run(context, std::move(c), response);
}

namespace {

// Runs `read` on the state a register read asks about: now (in place, under
// the projection's reader lock: a copy would cost as much as the read), or as
// of the end of a day.
template <typename Reader>
absl::Status ReadRegisterState(const program::Projection& projection,
                               const v1::RegisterRequest& request, Reader read) {
  if (request.as_of_date().empty()) {
    projection.Read(read);
    return absl::OkStatus();
  }
  if (!domain::IsValidDate(request.as_of_date())) {
    return absl::InvalidArgumentError(
        absl::StrCat("as_of_date must be a date YYYY-MM-DD, got \"", request.as_of_date(), "\""));
  }
  ASSIGN_OR_RETURN(program::ProgramState state, projection.AsOfBusinessDate(request.as_of_date()));
  read(state);
  return absl::OkStatus();
}

void FillBasis(const program::ProgramState& state, uint64_t log_size,
               const v1::RegisterRequest& request, v1::StatusBasis& basis) {
  basis.set_position(state.position);
  basis.set_log_size(std::max(log_size, state.position));
  basis.set_reference_date(request.as_of_date());
  basis.set_illustrative_data(state.illustrative_data);
  for (uint64_t skipped : state.skipped_positions) basis.add_skipped_positions(skipped);
}

template <typename Response>
grpc::ServerUnaryReactor* AnswerRead(grpc::CallbackServerContext* context, const CommandEnv& env,
                                     absl::string_view method, const storage::EventLog& log,
                                     const program::Projection& projection, FoldWaits& waits,
                                     const v1::RegisterRequest& request, Response* response,
                                     std::function<Response(const program::ProgramState&)> build) {
  const absl::Status authorized =
      AuthorizeCall(*context, *env.tokens, MethodName(kService, method)).status();
  if (!authorized.ok()) return FinishNow(context, authorized);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  waits.BeforeReading(context, request.min_position(),
                      [reactor, &log, &projection, &request, response,
                       build = std::move(build)](absl::Status reached) {
                        if (reached.ok()) {
                          const uint64_t log_size = log.Size();
                          reached = ReadRegisterState(
                              projection, request, [&](const program::ProgramState& state) {
                                *response = build(state);
                                FillBasis(state, log_size, request, *response->mutable_basis());
                              });
                        }
                        reactor->Finish(ToGrpcStatus(reached));
                      });
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* HouseholdsService::GetRegister(grpc::CallbackServerContext* context,
                                                         const v1::RegisterRequest* request,
                                                         v1::HouseholdRegister* response) {
  return AnswerRead<v1::HouseholdRegister>(
      context, commands_.env(), "GetRegister", commands_.log(), *projection_, waits_, *request,
      response, [request](const program::ProgramState& state) {
        return program::BuildHouseholdRegister(state, request->village_id());
      });
}

grpc::ServerUnaryReactor* HouseholdsService::GetHouseholdTargets(
    grpc::CallbackServerContext* context, const v1::RegisterRequest* request,
    v1::HouseholdTargets* response) {
  return AnswerRead<v1::HouseholdTargets>(
      context, commands_.env(), "GetHouseholdTargets", commands_.log(), *projection_, waits_,
      *request, response, [request](const program::ProgramState& state) {
        return program::BuildHouseholdTargets(state, request->village_id());
      });
}

}  // namespace minhbach::services
