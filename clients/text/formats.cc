#include "clients/text/formats.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "clients/text/language.h"

namespace minhbach::clients {

std::string FormatInteger(int64_t value) {
  const char separator = CurrentLanguage() == Language::kEnglish ? ',' : '.';
  const std::string text = std::to_string(value);  // INT64_MIN included
  const size_t sign = value < 0 ? 1 : 0;
  const size_t digits = text.size() - sign;
  std::string grouped = text.substr(0, sign);
  for (size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) grouped += separator;
    grouped += text[sign + i];
  }
  return grouped;
}

std::string FormatDong(int64_t dong) {
  return absl::StrCat(FormatInteger(dong), Say(" đ", " VND"));
}

std::string FormatPermille(int64_t permille) {
  const bool negative = permille < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(permille) : static_cast<uint64_t>(permille);
  return absl::StrCat(negative ? "-" : "", magnitude / 10, Say(",", "."), magnitude % 10, " %");
}

std::string FormatRateText(absl::string_view server_text) {
  if (server_text == "overflow") return Say("tràn số", "overflow");
  std::string text(server_text);
  if (CurrentLanguage() == Language::kEnglish) return text;
  // A decimal point between two digits becomes a decimal comma.
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '.' && absl::ascii_isdigit(text[i - 1]) && absl::ascii_isdigit(text[i + 1])) {
      text[i] = ',';
    }
  }
  return text;
}

std::string FormatDate(absl::string_view iso_date) {
  if (iso_date.empty()) return "—";
  if (CurrentLanguage() == Language::kEnglish) return std::string(iso_date);
  absl::CivilDay day;
  if (iso_date.size() == 10 && absl::ParseCivilTime(iso_date, &day)) {
    return absl::FormatCivilTime(day).size() == 10
               ? absl::StrCat(iso_date.substr(8, 2), "/", iso_date.substr(5, 2), "/",
                              iso_date.substr(0, 4))
               : std::string(iso_date);
  }
  absl::CivilMonth month;
  if (iso_date.size() == 7 && absl::ParseCivilTime(iso_date, &month)) {
    return absl::StrCat(iso_date.substr(5, 2), "/", iso_date.substr(0, 4));
  }
  return std::string(iso_date);
}

namespace {

size_t Shown(absl::string_view text) {
  size_t shown = 0;
  for (char c : text) shown += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return shown;
}

}  // namespace

std::string PadRight(absl::string_view text, size_t width) {
  const size_t shown = Shown(text);
  return absl::StrCat(text, std::string(shown < width ? width - shown : 1, ' '));
}

std::string PadLeft(absl::string_view text, size_t width) {
  const size_t shown = Shown(text);
  return absl::StrCat(std::string(shown < width ? width - shown : 0, ' '), text);
}

absl::TimeZone VietnamTime() { return absl::FixedTimeZone(7 * 60 * 60); }

std::string FormatVietnamTime(absl::Time time) {
  return absl::FormatTime(
      CurrentLanguage() == Language::kEnglish ? "%Y-%m-%d %H:%M:%S +07" : "%d/%m/%Y %H:%M:%S", time,
      VietnamTime());
}

}  // namespace minhbach::clients
