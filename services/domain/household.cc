#include "services/domain/household.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "minhbach/v1/household_events.pb.h"
#include "services/domain/dates.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

absl::Status ValidateMembers(int member_count) {
  if (member_count < 1 || member_count > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("member_count must be 1 to 100, got ", member_count));
  }
  return absl::OkStatus();
}

absl::Status ValidateFields(const RegisterHousehold& c) {
  RETURN_IF_ERROR(RequireName("village_id", c.village_id));
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id, c.village_id));
  if (!IsValidArea(c.area)) {
    return absl::InvalidArgumentError(
        absl::StrCat("area must be rural or urban, got \"", c.area, "\""));
  }
  return ValidateMembers(c.member_count);
}
absl::Status ValidateFields(const ChangeHouseholdDetails& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  if (!c.area.empty() && !IsValidArea(c.area)) {
    return absl::InvalidArgumentError(
        absl::StrCat("area must be rural or urban, got \"", c.area, "\""));
  }
  return ValidateMembers(c.member_count);
}
absl::Status ValidateFields(const GiveSupport& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  RETURN_IF_ERROR(RequireName("support_id", c.support_id));
  RETURN_IF_ERROR(RequireName("subproject_id", c.subproject_id));
  RETURN_IF_ERROR(RequireName("kind", c.kind));
  RETURN_IF_ERROR(ValidateDate("date", c.date));
  if (c.amount_dong < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("amount_dong must not be negative, got ", c.amount_dong));
  }
  if (c.amount_dong > 0) {
    if (c.disbursement_id.empty()) {
      return absl::InvalidArgumentError(
          "cash support (amount_dong > 0) must name the disbursement_id it came from");
    }
    if (!c.in_kind.empty()) {
      return absl::InvalidArgumentError("support is either cash or in_kind, not both");
    }
    return absl::OkStatus();
  }
  if (!c.disbursement_id.empty()) {
    return absl::InvalidArgumentError("disbursement_id names cash: give amount_dong too");
  }
  return RequireText("in_kind", c.in_kind);
}
absl::Status ValidateFields(const ErasePersonalData& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  RETURN_IF_ERROR(RequireText("legal_basis", c.legal_basis));
  return RequireName("requested_by_role", c.requested_by_role);
}

absl::Status ValidateFields(const RecordPersonalDataAccess& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  return RequireText("purpose", c.purpose);
}

absl::Status ValidateFields(const GrantPersonalDataAccess& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  RETURN_IF_ERROR(RequireName("grant_id", c.grant_id));
  RETURN_IF_ERROR(RequireText("grantee", c.grantee));
  RETURN_IF_ERROR(RequireText("purpose", c.purpose));
  if (!IsValidDate(c.until_date)) {
    return absl::InvalidArgumentError(
        absl::StrCat("until_date must be a date YYYY-MM-DD, got \"", c.until_date, "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateFields(const RevokePersonalDataAccess& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  RETURN_IF_ERROR(RequireName("grant_id", c.grant_id));
  return RequireText("reason", c.reason);
}

const char* EventTypeOf(const RegisterHousehold&) { return kHouseholdRegistered; }
const char* EventTypeOf(const ChangeHouseholdDetails&) { return kHouseholdDetailsChanged; }
const char* EventTypeOf(const GiveSupport&) { return kSupportGiven; }
const char* EventTypeOf(const ErasePersonalData&) { return kPersonalDataErased; }
const char* EventTypeOf(const RecordPersonalDataAccess&) { return kPersonalDataAccessed; }
const char* EventTypeOf(const GrantPersonalDataAccess&) { return kPersonalDataAccessGranted; }
const char* EventTypeOf(const RevokePersonalDataAccess&) { return kPersonalDataAccessRevoked; }

absl::Status RequireRegistered(const HouseholdState& s, absl::string_view household_id) {
  if (s.registered) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("household \"", household_id, "\" is not registered; register it first"));
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const RegisterHousehold& c) {
  if (s.registered) {
    return absl::AlreadyExistsError(
        absl::StrCat("household \"", c.household_id, "\" is registered already"));
  }
  pb::HouseholdRegistered e;
  e.set_household_id(c.household_id);
  e.set_village_id(c.village_id);
  e.set_area(c.area);
  e.set_member_count(c.member_count);
  e.set_sealed_personal(c.sealed_personal);
  return MakeDomainEvent(c.event_id, kHouseholdRegistered, e);
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const ChangeHouseholdDetails& c) {
  RETURN_IF_ERROR(RequireRegistered(s, c.household_id));
  if (s.erased && !c.sealed_personal.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("household \"", c.household_id,
                     "\"'s personal data was erased; change only its member count or area"));
  }
  pb::HouseholdDetailsChanged e;
  e.set_household_id(c.household_id);
  e.set_sealed_personal(c.sealed_personal);
  e.set_member_count(c.member_count);
  e.set_area(c.area);
  return MakeDomainEvent(c.event_id, kHouseholdDetailsChanged, e);
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const GiveSupport& c) {
  RETURN_IF_ERROR(RequireRegistered(s, c.household_id));
  if (s.support.count(c.support_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("support \"", c.support_id,
                                                 "\" is recorded already for household \"",
                                                 c.household_id, "\""));
  }
  if (c.amount_dong > 0 && !c.disbursement_exists) {
    return absl::FailedPreconditionError(
        absl::StrCat("disbursement \"", c.disbursement_id, "\" is not a disbursement of \"",
                     c.subproject_id, "\"; record the disbursement first (Finance)"));
  }
  pb::SupportGiven e;
  e.set_household_id(c.household_id);
  e.set_support_id(c.support_id);
  e.set_subproject_id(c.subproject_id);
  e.set_kind(c.kind);
  e.set_date(c.date);
  e.set_amount_dong(c.amount_dong);
  e.set_disbursement_id(c.disbursement_id);
  e.set_in_kind(c.in_kind);
  return MakeDomainEvent(c.event_id, kSupportGiven, e);
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const ErasePersonalData& c) {
  RETURN_IF_ERROR(RequireRegistered(s, c.household_id));
  if (s.erased) {
    return absl::FailedPreconditionError(
        absl::StrCat("household \"", c.household_id, "\"'s personal data is erased already"));
  }
  pb::PersonalDataErased e;
  e.set_household_id(c.household_id);
  e.set_legal_basis(c.legal_basis);
  e.set_requested_by_role(c.requested_by_role);
  return MakeDomainEvent(c.event_id, kPersonalDataErased, e);
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const RecordPersonalDataAccess& c) {
  RETURN_IF_ERROR(RequireRegistered(s, c.household_id));
  if (s.erased) {
    return absl::FailedPreconditionError(absl::StrCat(
        "household \"", c.household_id, "\"'s personal data is erased: nothing to read"));
  }
  pb::PersonalDataAccessed e;
  e.set_household_id(c.household_id);
  e.set_purpose(c.purpose);
  for (const std::string& field : c.fields) e.add_fields(field);
  return MakeDomainEvent(c.event_id, kPersonalDataAccessed, e);
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const GrantPersonalDataAccess& c) {
  RETURN_IF_ERROR(RequireRegistered(s, c.household_id));
  if (s.erased) {
    return absl::FailedPreconditionError(absl::StrCat(
        "household \"", c.household_id, "\"'s personal data is erased: nothing to grant"));
  }
  if (s.grants.count(c.grant_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("grant \"", c.grant_id,
                                                 "\" exists already for household \"",
                                                 c.household_id, "\"; give a new grant id"));
  }
  pb::PersonalDataAccessGranted e;
  e.set_household_id(c.household_id);
  e.set_grant_id(c.grant_id);
  e.set_grantee(c.grantee);
  e.set_purpose(c.purpose);
  e.set_until_date(c.until_date);
  return MakeDomainEvent(c.event_id, kPersonalDataAccessGranted, e);
}

absl::StatusOr<DomainEvent> DecideFor(const HouseholdState& s, const RevokePersonalDataAccess& c) {
  RETURN_IF_ERROR(RequireRegistered(s, c.household_id));
  auto grant = s.grants.find(c.grant_id);
  if (grant == s.grants.end()) {
    return absl::NotFoundError(
        absl::StrCat("household \"", c.household_id, "\" has no grant \"", c.grant_id, "\""));
  }
  if (grant->second.revoked) {
    return absl::FailedPreconditionError(
        absl::StrCat("grant \"", c.grant_id, "\" was revoked already"));
  }
  pb::PersonalDataAccessRevoked e;
  e.set_household_id(c.household_id);
  e.set_grant_id(c.grant_id);
  e.set_reason(c.reason);
  return MakeDomainEvent(c.event_id, kPersonalDataAccessRevoked, e);
}

absl::Status CheckSame(const HouseholdState& s, const std::string& household_id) {
  if (s.registered && household_id != s.household_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "household_id \"", household_id, "\" is not this stream's \"", s.household_id, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateHouseholdId(absl::string_view household_id, absl::string_view village_id) {
  const size_t slash = household_id.rfind('/');
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("household_id must be \"<village_id>/H-<4 digits>\" (a pseudonym, never a "
                     "name), got \"",
                     household_id, "\""));
  };
  if (slash == absl::string_view::npos || slash == 0) return bad();
  const absl::string_view village = household_id.substr(0, slash);
  const absl::string_view number = household_id.substr(slash + 1);
  if (!absl::StartsWith(number, "H-") || number.size() != 6) return bad();
  for (char d : number.substr(2)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(d))) return bad();
  }
  for (char ch : village) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' &&
        ch != '.') {
      return bad();
    }
  }
  if (!village_id.empty() && village != village_id) {
    return absl::InvalidArgumentError(absl::StrCat("household_id \"", household_id,
                                                   "\" must start with its village_id \"",
                                                   village_id, "/\""));
  }
  return absl::OkStatus();
}

absl::string_view VillageOfHousehold(absl::string_view household_id) {
  const size_t slash = household_id.rfind('/');
  return slash == absl::string_view::npos ? absl::string_view() : household_id.substr(0, slash);
}

bool IsValidArea(absl::string_view area) { return area == "rural" || area == "urban"; }

const AccessGrant* GrantOn(const HouseholdState& state, absl::string_view grantee,
                           absl::string_view date) {
  for (const auto& [id, grant] : state.grants) {
    // Dates YYYY-MM-DD compare as text.
    if (!grant.revoked && grant.grantee == grantee && date <= grant.until_date) return &grant;
  }
  return nullptr;
}

absl::StatusOr<Events> Decide(const HouseholdState& state, const HouseholdCommand& command) {
  return std::visit(
      [&state](const auto& c) -> absl::StatusOr<Events> {
        RETURN_IF_ERROR(ValidateEventId(c.event_id));
        RETURN_IF_ERROR(ValidateFields(c));
        RETURN_IF_ERROR(CheckSame(state, c.household_id));
        if (auto retry = RetryOutcome(state.applied_event_ids, c.event_id, EventTypeOf(c))) {
          return *retry;
        }
        ASSIGN_OR_RETURN(DomainEvent event, DecideFor(state, c));
        return Events{std::move(event)};
      },
      command);
}

absl::Status Apply(HouseholdState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  const std::string& type = event.event_type;
  if (type == kHouseholdRegistered) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::HouseholdRegistered>(event));
    state.registered = true;
    state.household_id = e.household_id();
    state.village_id = e.village_id();
    state.area = e.area();
    state.member_count = e.member_count();
    state.sealed_personal = e.sealed_personal();
  } else if (type == kHouseholdDetailsChanged) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::HouseholdDetailsChanged>(event));
    if (!e.sealed_personal().empty()) state.sealed_personal = e.sealed_personal();
    state.member_count = e.member_count();
    if (!e.area().empty()) state.area = e.area();
  } else if (type == kSupportGiven) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::SupportGiven>(event));
    state.support[e.support_id()] = SupportRecord{
        e.subproject_id(), e.kind(), e.date(), e.amount_dong(), e.disbursement_id(), e.in_kind()};
  } else if (type == kPersonalDataErased) {
    state.erased = true;
  } else if (type == kPersonalDataAccessed) {
    // An access changes nothing of the household.
  } else if (type == kPersonalDataAccessGranted) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::PersonalDataAccessGranted>(event));
    state.grants[e.grant_id()] = AccessGrant{e.grantee(), e.purpose(), e.until_date(), false};
  } else if (type == kPersonalDataAccessRevoked) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::PersonalDataAccessRevoked>(event));
    state.grants[e.grant_id()].revoked = true;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not a household event"));
  }
  if (state.remember_event_ids) state.applied_event_ids[event.event_id] = type;
  return absl::OkStatus();
}

}  // namespace minhbach::domain
