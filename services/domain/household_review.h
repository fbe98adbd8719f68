// The annual review of households (rà soát hộ nghèo, hộ cận nghèo — Quyết
// định 24/2021/QĐ-TTg), one stream per review: program/review/<review_id>.
// Pure code, as the other aggregates (supervision.h).
//
// Workflow, per village of the review:
//   opened (the households to review, the standard in effect)
//   -> each household surveyed; the classification is COMPUTED from the
//      survey and the standard (HouseholdClassified follows the survey)
//   -> village meeting agrees (every household of the village surveyed)
//   -> list posted publicly with a complaint window
//   -> complaints filed within the window, each resolved; a result changed
//      after posting needs a reason
//   -> the review recognized (every village posted, its window closed, no
//      complaint open). Nothing changes after recognition.
//
// One command may write more than one event (a survey and its
// classification): the first event has the command's event id, the others
// ids derived from it (DerivedEventId), so a retry writes the same events.
#ifndef MINHBACH_SERVICES_DOMAIN_HOUSEHOLD_REVIEW_H_
#define MINHBACH_SERVICES_DOMAIN_HOUSEHOLD_REVIEW_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/household_events.pb.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain {

inline constexpr char kReviewOpened[] = "ReviewOpened";
inline constexpr char kHouseholdSurveyed[] = "HouseholdSurveyed";
inline constexpr char kHouseholdClassified[] = "HouseholdClassified";
inline constexpr char kVillageMeetingAgreed[] = "VillageMeetingAgreed";
inline constexpr char kReviewListPosted[] = "ReviewListPosted";
inline constexpr char kComplaintFiled[] = "ComplaintFiled";
inline constexpr char kComplaintResolved[] = "ComplaintResolved";
inline constexpr char kReviewRecognized[] = "ReviewRecognized";

// The id of the n-th (n = 1, 2) extra event of a command whose event id is
// `event_id`: byte 6 XOR 0x80 and byte 15 XOR n, so never the command's own
// id nor another extra event's. (Another command choosing exactly that id is
// as unlikely as two random ids colliding.)
std::string DerivedEventId(absl::string_view event_id, int n);

enum class ReviewStatus { kNone, kOpen, kRecognized };
absl::string_view ReviewStatusName(ReviewStatus status);

struct ReviewedHousehold {
  std::string village_id;
  bool surveyed = false;
  int64_t income_per_person_month_dong = 0;
  std::vector<std::string> deprived_indicators;
  std::string classification;        // latest; empty before the survey
  std::vector<std::string> history;  // every classification, in order
};

struct ReviewVillage {
  std::string meeting_date;      // empty until agreed
  std::string posted_on;         // empty until posted
  std::string complaints_until;  // set when posted
};

struct Complaint {
  std::string household_id;
  std::string filed_on;
  bool resolved = false;
  std::string outcome;
};

struct ReviewState {
  ReviewStatus status = ReviewStatus::kNone;
  std::string review_id;
  std::string standard_id;
  std::string opened_on;
  std::map<std::string, ReviewVillage> villages;        // by village id
  std::map<std::string, ReviewedHousehold> households;  // by household id
  std::map<std::string, Complaint> complaints;          // by complaint id
  std::string decision_number;
  std::string recognized_on;
  AppliedEventIds applied_event_ids;
  bool remember_event_ids = true;
};

// A survey's answers.
struct SurveyAnswers {
  int64_t income_per_person_month_dong = 0;
  std::vector<std::string> deprived_indicators;
};

struct OpenReview {
  std::string event_id;
  std::string review_id;
  std::string standard_id;
  std::vector<std::string> village_ids;
  std::vector<std::string> households;
  std::string opened_on;
  // Fact added by the service: the standard, when published (else empty id).
  v1::PovertyStandardPublished standard;
};
struct RecordSurvey {
  std::string event_id;
  std::string review_id;
  std::string household_id;
  SurveyAnswers answers;
  std::string surveyed_on;
  // Facts added by the service: the review's standard and the household's area.
  v1::PovertyStandardPublished standard;
  std::string area;
};
struct AgreeVillageMeeting {
  std::string event_id;
  std::string review_id;
  std::string village_id;
  std::string meeting_date;
  int attendees = 0;
  std::string minutes_ref;
};
struct PostReviewList {
  std::string event_id;
  std::string review_id;
  std::string village_id;
  std::string posted_on;
  std::string complaints_until;
};
struct FileComplaint {
  std::string event_id;
  std::string review_id;
  std::string complaint_id;
  std::string household_id;
  std::string summary;
  std::string filed_on;
};
struct ResolveComplaint {
  std::string event_id;
  std::string review_id;
  std::string complaint_id;
  std::string outcome;  // "upheld" or "rejected"
  std::string reason;   // required when the result changes
  std::string resolved_on;
  // A re-survey (upheld only): the household is classified again from it.
  std::optional<SurveyAnswers> corrected;
  // Facts added by the service when corrected: the standard and the area.
  v1::PovertyStandardPublished standard;
  std::string area;
};
struct RecognizeReview {
  std::string event_id;
  std::string review_id;
  std::string decision_number;
  std::string recognized_on;
};

using ReviewCommand = std::variant<OpenReview, RecordSurvey, AgreeVillageMeeting, PostReviewList,
                                   FileComplaint, ResolveComplaint, RecognizeReview>;

// Errors: InvalidArgument for a malformed field (named) or a review_id other
// than the state's; AlreadyExists for a review opened twice, a complaint id
// used twice, a meeting or posting recorded twice; NotFound for a command
// before the review opens, a household or village not in the review, an
// unknown complaint; FailedPrecondition for a step out of order (the message
// says which step must come first) or a changed result without a reason.
[[nodiscard]] absl::StatusOr<std::vector<DomainEvent>> Decide(const ReviewState& state,
                                                              const ReviewCommand& command);
[[nodiscard]] absl::Status Apply(ReviewState& state, const DomainEvent& event);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_HOUSEHOLD_REVIEW_H_
