#include "services/domain/dates.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace minhbach::domain {

absl::CivilDay CommuneDay(absl::Time now) {
  static const absl::TimeZone kVietNam = absl::FixedTimeZone(7 * 60 * 60);
  return absl::ToCivilDay(now, kVietNam);
}

std::string CommuneDate(absl::Time now) { return absl::FormatCivilTime(CommuneDay(now)); }

bool IsValidDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &time, &error)) return false;
  // ParseTime normalises out-of-range days (2023-02-29 -> 2023-03-01): reject those.
  return absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone()) == text;
}

absl::Status ValidateDate(absl::string_view field, absl::string_view value) {
  if (IsValidDate(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, " must be a date YYYY-MM-DD, got \"", value, "\""));
}

}  // namespace minhbach::domain
