#include "services/program/program_streams.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace minhbach::program {
namespace {

constexpr char kPlan[] = "program/plan";
constexpr char kBudget[] = "program/budget/";
constexpr char kAssignment[] = "program/assignment/";
constexpr char kReporting[] = "program/reporting/";
constexpr char kSupervision[] = "program/supervision/";
constexpr char kStandard[] = "program/standard/";
constexpr char kHousehold[] = "program/household/";
constexpr char kReview[] = "program/review/";

}  // namespace

std::string PlanStream() { return kPlan; }
std::string BudgetStream(absl::string_view subproject_id) {
  return absl::StrCat(kBudget, subproject_id);
}
std::string AssignmentStream(absl::string_view assignment_id) {
  return absl::StrCat(kAssignment, assignment_id);
}
std::string ReportingStream(absl::string_view period) { return absl::StrCat(kReporting, period); }
std::string SupervisionStream(absl::string_view supervision_id) {
  return absl::StrCat(kSupervision, supervision_id);
}

std::string StandardStream(absl::string_view standard_id) {
  return absl::StrCat(kStandard, standard_id);
}
std::string HouseholdStream(absl::string_view household_id) {
  return absl::StrCat(kHousehold, household_id);
}
std::string ReviewStream(absl::string_view review_id) { return absl::StrCat(kReview, review_id); }

std::optional<AggregateRef> ParseProgramStream(absl::string_view stream) {
  if (stream == kPlan) return AggregateRef{AggregateKind::kPlan, ""};
  const std::pair<const char*, AggregateKind> kinds[] = {
      {kBudget, AggregateKind::kBudget},       {kAssignment, AggregateKind::kAssignment},
      {kReporting, AggregateKind::kReporting}, {kSupervision, AggregateKind::kSupervision},
      {kStandard, AggregateKind::kStandard},   {kHousehold, AggregateKind::kHousehold},
      {kReview, AggregateKind::kReview}};
  for (const auto& [prefix, kind] : kinds) {
    if (absl::StartsWith(stream, prefix) && stream.size() > strlen(prefix)) {
      return AggregateRef{kind, stream.substr(strlen(prefix))};
    }
  }
  return std::nullopt;
}

absl::Status ValidateAggregateId(absl::string_view field, absl::string_view id) {
  if (id.empty() || id.size() > 128) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must have 1 to 128 characters, got ", id.size()));
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != ':') {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " \"", id, "\" may hold only letters, digits and - _ . : (it names a stream)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace minhbach::program
