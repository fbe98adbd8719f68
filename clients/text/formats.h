// Numbers, money, rates, dates and times as a person in Việt Nam reads
// them (Vietnamese: "263.500.000 đ", "51,7 %", "30/11/2024", Vietnam time)
// or, with --lang=en, in English ("263,500,000 VND", "51.7 %", "2024-11-30").
#ifndef MINHBACH_CLIENTS_TEXT_FORMATS_H_
#define MINHBACH_CLIENTS_TEXT_FORMATS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace minhbach::clients {

// 263500000 -> "263.500.000" (vi) or "263,500,000" (en); any int64.
std::string FormatInteger(int64_t value);

// An amount of đồng: "263.500.000 đ" (vi) or "263,500,000 VND" (en).
std::string FormatDong(int64_t dong);

// A rate given in tenths of a percent (517 -> "51,7 %" vi, "51.7 %" en).
std::string FormatPermille(int64_t permille);

// A rate as the server writes it ("51.7 %", "-", "overflow") in the current
// language ("51,7 %", "-", "tràn số"); text that is not a rate is unchanged.
std::string FormatRateText(absl::string_view server_text);

// A business date "YYYY-MM-DD" as "30/11/2024" (vi) or unchanged (en);
// "YYYY-MM" as "03/2024"; empty as "—"; anything else unchanged.
std::string FormatDate(absl::string_view iso_date);

// A moment in Vietnam time (UTC+7): "30/11/2024 14:05:09" (vi) or
// "2024-11-30 14:05:09 +07" (en).
std::string FormatVietnamTime(absl::Time time);

// `text` padded with spaces to `width` characters as a terminal shows them
// (UTF-8 code points, so Vietnamese letters count once); at least one space
// follows, so that columns never run together.
std::string PadRight(absl::string_view text, size_t width);
// `text` after spaces up to `width` characters (for numbers).
std::string PadLeft(absl::string_view text, size_t width);

// Vietnam's one time zone, UTC+7, with no daylight saving.
absl::TimeZone VietnamTime();

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TEXT_FORMATS_H_
