// Calendar dates as the plan writes them: "YYYY-MM-DD".
#ifndef MINHBACH_SERVICES_DOMAIN_DATES_H_
#define MINHBACH_SERVICES_DOMAIN_DATES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace minhbach::domain {

// True when `text` is exactly "YYYY-MM-DD" (ten characters, zero-padded) and
// names a real day of the proleptic Gregorian calendar: "2024-02-29" is valid,
// "2023-02-29", "2024-13-01" and "2024-1-5" are not.
bool IsValidDate(absl::string_view text);

// OK when IsValidDate(value); InvalidArgument naming `field` otherwise.
[[nodiscard]] absl::Status ValidateDate(absl::string_view field, absl::string_view value);

// The commune's calendar day at `now`: Việt Nam time, UTC+7 all year (no
// daylight saving). What "today" means for deadlines and overdue judgements,
// and the day of a command that states none. A fixed offset, so that no
// time zone database is needed.
absl::CivilDay CommuneDay(absl::Time now);

// CommuneDay(now) as "YYYY-MM-DD".
std::string CommuneDate(absl::Time now);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_DATES_H_
