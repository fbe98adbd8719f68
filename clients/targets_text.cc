#include "clients/targets_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

// "95.8 %" as the reader writes it ("95,8 %" in Vietnamese).
std::string Rate(std::string text) {
  if (CurrentLanguage() == Language::kVietnamese) {
    for (char& c : text) {
      if (c == '.') c = ',';
    }
  }
  return text;
}

// The actual as a rate: "51,7 %" (vi), "51.7 %" (en).
std::string Actual(const v1::TargetStatus& t) {
  if (t.actual_denominator() <= 0) return Rate(t.actual_text());
  const __int128 tenths =
      (static_cast<__int128>(t.actual_numerator()) * 2000 / t.actual_denominator() + 1) / 2;
  return FormatPermille(static_cast<int64_t>(tenths));
}

std::string Assessment(const std::string& assessment) {
  if (assessment == "met") return Say("đạt", "met");
  if (assessment == "not met") return Say("chưa đạt", "not met");
  return Say("chưa có số liệu", "no data");
}

}  // namespace

std::string TargetsText(const v1::Dashboard& dashboard) {
  std::string out;
  if (dashboard.targets().empty()) {
    return absl::StrCat(Say("Kế hoạch chưa có chỉ tiêu nào", "The plan has no target yet"), "\n");
  }
  for (const v1::TargetStatus& t : dashboard.targets()) {
    absl::StrAppend(&out, t.target_id(), "  ", t.description(), "\n");
    absl::StrAppend(&out, "  ", Say("Chỉ tiêu: ", "Target: "), Rate(t.value_text()),
                    t.unit().empty() ? "" : absl::StrCat(" (", t.unit(), ")"), " · ",
                    Say("Thực hiện: ", "Actual: "),
                    t.has_actual() ? Actual(t) : Say("chưa có", "none"), " (",
                    Assessment(t.assessment()), ")");
    if (t.commune_status() == "derived from the money recorded") {
      absl::StrAppend(&out, " · ", Say("tính từ số tiền đã ghi", "derived from the money recorded"),
                      "\n");
      continue;
    }
    absl::StrAppend(&out, " · ", Say("Kỳ: ", "Period: "),
                    t.period().empty() ? Say("chưa có", "none") : t.period(), "\n");
    absl::StrAppend(
        &out, "  ", Say("Thôn chưa báo cáo: ", "Villages not reported: "),
        t.not_reported().empty() ? Say("không", "none") : absl::StrJoin(t.not_reported(), ", "),
        "\n");
  }
  return out;
}

std::string HouseholdCheckLine(const v1::HouseholdTargetCheck& c) {
  const std::string what =
      c.target_id() == "poor-household-rate"        ? Say("Hộ nghèo", "Poor households")
      : c.target_id() == "near-poor-household-rate" ? Say("Hộ cận nghèo", "Near-poor households")
                                                    : c.target_id();
  std::string out = absl::StrCat(what, Say(": sổ hộ ", ": register "), c.register_numerator(), "/",
                                 c.register_denominator(), Say(" hộ", " households"));
  if (c.reported_denominator() == 0 && c.reported_numerator() == 0) {
    absl::StrAppend(&out, Say("; thôn chưa báo cáo", "; no village has reported it"));
    return out;
  }
  absl::StrAppend(
      &out, Say("; thôn báo cáo ", "; reported "), c.reported_numerator(), "/",
      c.reported_denominator(),
      c.period().empty() ? "" : absl::StrCat(Say(" (kỳ ", " (period "), c.period(), ")"),
      c.differs() ? absl::StrCat(Say("; CHÊNH LỆCH ", "; DIFFERS by "), c.difference_text())
                  : Say("; khớp", "; agrees"));
  return out;
}

std::string HouseholdChecksText(const v1::Dashboard& dashboard) {
  if (dashboard.household_checks().empty()) return "";
  std::string out = Say("Đối chiếu sổ hộ với số thôn báo cáo\n",
                        "The household register against the villages' reports\n");
  for (const v1::HouseholdTargetCheck& c : dashboard.household_checks()) {
    absl::StrAppend(&out, "  ", HouseholdCheckLine(c), "\n");
  }
  return out;
}

}  // namespace minhbach::clients
