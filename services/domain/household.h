// The household aggregate: one household of the register, in its own stream
// program/household/<household_id>. Registered with its village, area and
// member count (its personal fields only sealed, see household_events.proto),
// changed, given support, and its personal data erased. Pure code, as the
// other aggregates (supervision.h): Decide gives the events or an error,
// Apply folds an event; idempotent by event id.
//
// A household id is a pseudonym "<village_id>/H-<4 digits>", never a name.
#ifndef MINHBACH_SERVICES_DOMAIN_HOUSEHOLD_H_
#define MINHBACH_SERVICES_DOMAIN_HOUSEHOLD_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain {

inline constexpr char kHouseholdRegistered[] = "HouseholdRegistered";
inline constexpr char kHouseholdDetailsChanged[] = "HouseholdDetailsChanged";
inline constexpr char kSupportGiven[] = "SupportGiven";
inline constexpr char kPersonalDataErased[] = "PersonalDataErased";
inline constexpr char kPersonalDataAccessed[] = "PersonalDataAccessed";
inline constexpr char kPersonalDataAccessGranted[] = "PersonalDataAccessGranted";
inline constexpr char kPersonalDataAccessRevoked[] = "PersonalDataAccessRevoked";

// OK when `household_id` is "<village_id>/H-<4 digits>" for `village_id`
// (any village when `village_id` is empty). InvalidArgument naming
// "household_id" otherwise.
[[nodiscard]] absl::Status ValidateHouseholdId(absl::string_view household_id,
                                               absl::string_view village_id = "");
// The village part of a well-formed household id.
absl::string_view VillageOfHousehold(absl::string_view household_id);
// True for "rural" and "urban".
bool IsValidArea(absl::string_view area);

struct SupportRecord {
  std::string subproject_id;
  std::string kind;
  std::string date;
  int64_t amount_dong = 0;
  std::string disbursement_id;
  std::string in_kind;
};

// A reader beyond the village and the coordinator allowed to read the
// household's personal data (PersonalDataAccessGranted).
struct AccessGrant {
  std::string grantee;
  std::string purpose;
  std::string until_date;  // inclusive
  bool revoked = false;
};

struct HouseholdState {
  bool registered = false;
  bool erased = false;
  std::string household_id;
  std::string village_id;
  std::string area;
  int member_count = 0;
  std::string sealed_personal;                   // the latest envelope; unreadable once erased
  std::map<std::string, SupportRecord> support;  // by support id
  std::map<std::string, AccessGrant> grants;     // by grant id
  AppliedEventIds applied_event_ids;
  bool remember_event_ids = true;
};

struct RegisterHousehold {
  std::string event_id;
  std::string household_id;
  std::string village_id;
  std::string area;
  int member_count = 0;
  std::string sealed_personal;  // may be empty: no personal data recorded
};
struct ChangeHouseholdDetails {
  std::string event_id;
  std::string household_id;
  std::string sealed_personal;  // empty: unchanged
  int member_count = 0;         // >= 1
  std::string area;             // empty: unchanged
};
struct GiveSupport {
  std::string event_id;
  std::string household_id;
  std::string support_id;
  std::string subproject_id;
  std::string kind;
  std::string date;
  int64_t amount_dong = 0;      // > 0: cash, with disbursement_id
  std::string disbursement_id;  // cash: a disbursement of subproject_id
  std::string in_kind;          // in kind: what was given
  // Fact added by the service: the disbursement exists in the sub-project's budget.
  bool disbursement_exists = false;
};
struct ErasePersonalData {
  std::string event_id;
  std::string household_id;
  std::string legal_basis;
  std::string requested_by_role;
};

// Someone is about to read the household's personal data: the access event,
// recorded before the data leaves the server.
struct RecordPersonalDataAccess {
  std::string event_id;
  std::string household_id;
  std::string purpose;              // why, required
  std::vector<std::string> fields;  // what is read, e.g. "head_name", "members"
};

struct GrantPersonalDataAccess {
  std::string event_id;
  std::string household_id;
  std::string grant_id;
  std::string grantee;
  std::string purpose;
  std::string until_date;
};
struct RevokePersonalDataAccess {
  std::string event_id;
  std::string household_id;
  std::string grant_id;
  std::string reason;
};

using HouseholdCommand =
    std::variant<RegisterHousehold, ChangeHouseholdDetails, GiveSupport, ErasePersonalData,
                 RecordPersonalDataAccess, GrantPersonalDataAccess, RevokePersonalDataAccess>;

// The grant under which `grantee` may read the household's personal data on
// `date` (YYYY-MM-DD): not revoked, `date` not after its until_date. Null
// when there is none.
const AccessGrant* GrantOn(const HouseholdState& state, absl::string_view grantee,
                           absl::string_view date);

// Errors: InvalidArgument for a malformed field (named); AlreadyExists for a
// household registered twice or a support id used twice; NotFound for any
// other command before registration; FailedPrecondition for details with
// personal data or a second erasure after erasure, an access to erased data
// or a grant on it, a grant revoked twice, and cash support naming a
// disbursement that does not exist; AlreadyExists for a grant id used twice,
// NotFound for revoking a grant that does not exist.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const HouseholdState& state,
                                                              const HouseholdCommand& command);
[[nodiscard]] absl::Status Apply(HouseholdState& state, const DomainEvent& event);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_HOUSEHOLD_H_
