// Calendar dates as the plan writes them: "YYYY-MM-DD".
#ifndef MINHBACH_SERVICES_DOMAIN_DATES_H_
#define MINHBACH_SERVICES_DOMAIN_DATES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::domain {

// True when `text` is exactly "YYYY-MM-DD" (ten characters, zero-padded) and
// names a real day of the proleptic Gregorian calendar: "2024-02-29" is valid,
// "2023-02-29", "2024-13-01" and "2024-1-5" are not.
bool IsValidDate(absl::string_view text);

// OK when IsValidDate(value); InvalidArgument naming `field` otherwise.
[[nodiscard]] absl::Status ValidateDate(absl::string_view field, absl::string_view value);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_DATES_H_
