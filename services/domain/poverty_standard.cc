#include "services/domain/poverty_standard.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "services/domain/dates.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

const v1::PovertyAreaLine* AreaOf(const v1::PovertyStandardPublished& standard,
                                  absl::string_view area) {
  for (const v1::PovertyAreaLine& line : standard.areas()) {
    if (line.area() == area) return &line;
  }
  return nullptr;
}

}  // namespace

absl::string_view ClassificationName(Classification c) {
  switch (c) {
    case Classification::kPoor:
      return "poor";
    case Classification::kNearPoor:
      return "near_poor";
    case Classification::kAverage:
      return "average";
    case Classification::kNotPoor:
      return "not_poor";
  }
  return "not_poor";
}

std::optional<Classification> ParseClassification(absl::string_view name) {
  for (Classification c : {Classification::kPoor, Classification::kNearPoor,
                           Classification::kAverage, Classification::kNotPoor}) {
    if (ClassificationName(c) == name) return c;
  }
  return std::nullopt;
}

absl::Status ValidateStandard(const v1::PovertyStandardPublished& s) {
  RETURN_IF_ERROR(RequireName("standard_id", s.standard_id()));
  RETURN_IF_ERROR(RequireText("decree", s.decree()));
  RETURN_IF_ERROR(ValidateDate("effective_from", s.effective_from()));
  RETURN_IF_ERROR(ValidateDate("effective_to", s.effective_to()));
  if (s.effective_from() >= s.effective_to()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "effective_from ", s.effective_from(), " must be before effective_to ", s.effective_to()));
  }
  if (s.areas().empty()) {
    return absl::InvalidArgumentError("areas must hold at least one area (rural, urban)");
  }
  std::set<std::string> areas;
  for (const v1::PovertyAreaLine& line : s.areas()) {
    RETURN_IF_ERROR(RequireName("areas.area", line.area()));
    if (!areas.insert(line.area()).second) {
      return absl::InvalidArgumentError(absl::StrCat("areas names \"", line.area(), "\" twice"));
    }
    if (line.poverty_line_dong() <= 0 || line.average_ceiling_dong() < line.poverty_line_dong()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "areas \"", line.area(), "\": need 0 < poverty_line_dong <= average_ceiling_dong, got ",
          line.poverty_line_dong(), " and ", line.average_ceiling_dong()));
    }
  }
  std::set<std::string> indicators;
  for (const v1::PovertyIndicator& indicator : s.indicators()) {
    RETURN_IF_ERROR(RequireName("indicators.indicator_id", indicator.indicator_id()));
    RETURN_IF_ERROR(RequireName("indicators.dimension_id", indicator.dimension_id()));
    if (!indicators.insert(indicator.indicator_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("indicators names \"", indicator.indicator_id(), "\" twice"));
    }
  }
  if (s.poor_min_deprivations() < 1 || s.poor_min_deprivations() > s.indicators_size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("poor_min_deprivations must be 1 to the number of indicators (",
                     s.indicators_size(), "), got ", s.poor_min_deprivations()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PovertyStandardPublished> ParseStandardJson(absl::string_view json) {
  v1::PovertyStandardPublished standard;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &standard, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the standard is not valid JSON of PovertyStandardPublished: ", parsed.ToString()));
  }
  RETURN_IF_ERROR(ValidateStandard(standard));
  return standard;
}

bool InEffectOn(const v1::PovertyStandardPublished& standard, absl::string_view date) {
  return standard.effective_from() <= date && date < standard.effective_to();
}

absl::StatusOr<const v1::PovertyStandardPublished*> StandardInEffect(
    const std::vector<v1::PovertyStandardPublished>& standards, absl::string_view date) {
  const v1::PovertyStandardPublished* found = nullptr;
  for (const v1::PovertyStandardPublished& standard : standards) {
    if (!InEffectOn(standard, date)) continue;
    if (found != nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("standards \"", found->standard_id(),
                                                        "\" and \"", standard.standard_id(),
                                                        "\" are both in effect on ", date));
    }
    found = &standard;
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no poverty standard is in effect on ", date, "; publish one first"));
  }
  return found;
}

absl::StatusOr<int> CountDeprivations(const v1::PovertyStandardPublished& standard,
                                      const std::vector<std::string>& deprived_indicators) {
  std::set<std::string> known;
  for (const v1::PovertyIndicator& indicator : standard.indicators()) {
    known.insert(indicator.indicator_id());
  }
  std::set<std::string> seen;
  for (const std::string& id : deprived_indicators) {
    if (known.count(id) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("deprived_indicators: \"", id,
                                                     "\" is not an indicator of standard \"",
                                                     standard.standard_id(), "\""));
    }
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("deprived_indicators names \"", id, "\" twice"));
    }
  }
  return static_cast<int>(seen.size());
}

absl::StatusOr<Classification> Classify(const v1::PovertyStandardPublished& standard,
                                        absl::string_view area, int64_t income_per_person_month,
                                        const std::vector<std::string>& deprived_indicators) {
  const v1::PovertyAreaLine* line = AreaOf(standard, area);
  if (line == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("area \"", area, "\" is not one of standard \"",
                                                   standard.standard_id(), "\"'s areas"));
  }
  if (income_per_person_month < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "income_per_person_month_dong must not be negative, got ", income_per_person_month));
  }
  ASSIGN_OR_RETURN(int deprivations, CountDeprivations(standard, deprived_indicators));
  if (income_per_person_month <= line->poverty_line_dong()) {
    return deprivations >= standard.poor_min_deprivations() ? Classification::kPoor
                                                            : Classification::kNearPoor;
  }
  if (income_per_person_month <= line->average_ceiling_dong()) return Classification::kAverage;
  return Classification::kNotPoor;
}

}  // namespace minhbach::domain
