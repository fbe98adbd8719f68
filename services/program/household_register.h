// The household register read from the program state (the live projection or
// a fold as of a business date): each household with its latest
// classification and history per review and the support it received, and the
// poor and near-poor rates computed from it per village and for the commune.
// Pseudonyms and numbers only: nothing here opens personal data.
#ifndef MINHBACH_SERVICES_PROGRAM_HOUSEHOLD_REGISTER_H_
#define MINHBACH_SERVICES_PROGRAM_HOUSEHOLD_REGISTER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "minhbach/v1/household_service.pb.h"
#include "services/program/program_state.h"

namespace minhbach::program {

// The register of `state`, households in id order; only `village_id`'s when
// not empty. A household's classification is that of the latest review
// (by opened_on, then review id) that classified it.
v1::HouseholdRegister BuildHouseholdRegister(const ProgramState& state,
                                             absl::string_view village_id);

// Rates per village (in village id order) and for the commune: households
// registered, classified, poor, near-poor; rates in basis points of the
// households registered, rounded to the nearest (half up). Only
// `village_id`'s village when not empty (the commune line then covers it alone).
v1::HouseholdTargets BuildHouseholdTargets(const ProgramState& state, absl::string_view village_id);

// poor * 10000 / households, rounded half up; 0 when there are no households.
int RateBasisPoints(int count, int households);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_HOUSEHOLD_REGISTER_H_
