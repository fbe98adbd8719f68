// The poverty standard as data (Nghị định 07/2021/NĐ-CP for 2022–2025, and
// whatever decree follows): a household's class is computed from the
// standard's numbers, never from constants in code.
//
//   ASSIGN_OR_RETURN(v1::PovertyStandardPublished standard, ParseStandardJson(file_text));
//   RETURN_IF_ERROR(ValidateStandard(standard));
//   ASSIGN_OR_RETURN(Classification c, Classify(standard, "rural", 1'400'000,
//   {"health-insurance"}));
//
// The definition, for an area's line L and ceiling C and the standard's
// minimum deprivation count K:
//   income <= L and deprivations >= K  -> poor
//   income <= L and deprivations <  K  -> near-poor
//   L < income <= C                    -> average living standard
//   otherwise                          -> not poor
// Pure functions; thread-safe.
#ifndef MINHBACH_SERVICES_DOMAIN_POVERTY_STANDARD_H_
#define MINHBACH_SERVICES_DOMAIN_POVERTY_STANDARD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/household_events.pb.h"

namespace minhbach::domain {

enum class Classification { kPoor, kNearPoor, kAverage, kNotPoor };

// "poor", "near_poor", "average", "not_poor".
absl::string_view ClassificationName(Classification c);
std::optional<Classification> ParseClassification(absl::string_view name);

// OK when the standard can classify: ids and dates well formed,
// effective_from < effective_to, at least one area, areas unique with
// 0 < line <= ceiling, indicators unique with a dimension each,
// 1 <= poor_min_deprivations <= the number of indicators. InvalidArgument
// naming the field otherwise.
[[nodiscard]] absl::Status ValidateStandard(const v1::PovertyStandardPublished& standard);

// A standard from its JSON form (proto3 JSON of PovertyStandardPublished, as
// deploy/seed/poverty-standard-2022-2025.json), validated.
absl::StatusOr<v1::PovertyStandardPublished> ParseStandardJson(absl::string_view json);

// True when `date` (YYYY-MM-DD) is in [effective_from, effective_to).
bool InEffectOn(const v1::PovertyStandardPublished& standard, absl::string_view date);

// The standard of `standards` in effect on `date`: NotFound when none is,
// FailedPrecondition when two are (their periods overlap).
absl::StatusOr<const v1::PovertyStandardPublished*> StandardInEffect(
    const std::vector<v1::PovertyStandardPublished>& standards, absl::string_view date);

// The number of indicators lacked, after checking each is one of the
// standard's and none is named twice (InvalidArgument naming it).
absl::StatusOr<int> CountDeprivations(const v1::PovertyStandardPublished& standard,
                                      const std::vector<std::string>& deprived_indicators);

// The household's class under `standard`. InvalidArgument when the area is
// not one of the standard's, the income is negative, or an indicator is
// unknown or repeated.
absl::StatusOr<Classification> Classify(const v1::PovertyStandardPublished& standard,
                                        absl::string_view area, int64_t income_per_person_month,
                                        const std::vector<std::string>& deprived_indicators);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_POVERTY_STANDARD_H_
