#include "services/domain/household_review.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/dates.h"
#include "services/domain/household.h"
#include "services/domain/poverty_standard.h"
#include "services/domain/text_fields.h"
#include "storage/status_macros.h"

namespace minhbach::domain {
namespace {

namespace pb = ::minhbach::v1;
using Events = std::vector<DomainEvent>;

absl::Status RequireUnique(absl::string_view field, const std::vector<std::string>& values) {
  std::set<std::string> seen;
  for (const std::string& v : values) {
    if (!seen.insert(v).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, " names \"", v, "\" twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateAnswers(const SurveyAnswers& a) {
  if (a.income_per_person_month_dong < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "income_per_person_month_dong must not be negative, got ", a.income_per_person_month_dong));
  }
  return RequireUnique("deprived_indicators", a.deprived_indicators);
}

absl::Status ValidateFields(const OpenReview& c) {
  RETURN_IF_ERROR(RequireName("standard_id", c.standard_id));
  RETURN_IF_ERROR(ValidateDate("opened_on", c.opened_on));
  if (c.village_ids.empty()) return absl::InvalidArgumentError("village_ids must name a village");
  for (const std::string& v : c.village_ids) RETURN_IF_ERROR(RequireName("village_ids entry", v));
  RETURN_IF_ERROR(RequireUnique("village_ids", c.village_ids));
  if (c.households.empty()) {
    return absl::InvalidArgumentError("households must list the households to review");
  }
  const std::set<std::string> villages(c.village_ids.begin(), c.village_ids.end());
  for (const std::string& h : c.households) {
    RETURN_IF_ERROR(ValidateHouseholdId(h));
    if (villages.count(std::string(VillageOfHousehold(h))) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("households: \"", h, "\" is not of one of the review's village_ids"));
    }
  }
  return RequireUnique("households", c.households);
}
absl::Status ValidateFields(const RecordSurvey& c) {
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  RETURN_IF_ERROR(ValidateDate("surveyed_on", c.surveyed_on));
  return ValidateAnswers(c.answers);
}
absl::Status ValidateFields(const AgreeVillageMeeting& c) {
  RETURN_IF_ERROR(RequireName("village_id", c.village_id));
  RETURN_IF_ERROR(ValidateDate("meeting_date", c.meeting_date));
  if (c.attendees < 0) return absl::InvalidArgumentError("attendees must not be negative");
  return ValidateOptionalText("minutes_ref", c.minutes_ref);
}
absl::Status ValidateFields(const PostReviewList& c) {
  RETURN_IF_ERROR(RequireName("village_id", c.village_id));
  RETURN_IF_ERROR(ValidateDate("posted_on", c.posted_on));
  RETURN_IF_ERROR(ValidateDate("complaints_until", c.complaints_until));
  if (c.complaints_until < c.posted_on) {
    return absl::InvalidArgumentError(absl::StrCat("complaints_until ", c.complaints_until,
                                                   " must not be before posted_on ", c.posted_on));
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const FileComplaint& c) {
  RETURN_IF_ERROR(RequireName("complaint_id", c.complaint_id));
  RETURN_IF_ERROR(ValidateHouseholdId(c.household_id));
  RETURN_IF_ERROR(RequireText("summary", c.summary));
  return ValidateDate("filed_on", c.filed_on);
}
absl::Status ValidateFields(const ResolveComplaint& c) {
  RETURN_IF_ERROR(RequireName("complaint_id", c.complaint_id));
  if (c.outcome != "upheld" && c.outcome != "rejected") {
    return absl::InvalidArgumentError(
        absl::StrCat("outcome must be upheld or rejected, got \"", c.outcome, "\""));
  }
  RETURN_IF_ERROR(ValidateOptionalText("reason", c.reason));
  RETURN_IF_ERROR(ValidateDate("resolved_on", c.resolved_on));
  if (c.corrected.has_value()) {
    if (c.outcome != "upheld") {
      return absl::InvalidArgumentError("a re-survey goes with outcome upheld, not rejected");
    }
    RETURN_IF_ERROR(ValidateAnswers(*c.corrected));
  }
  return absl::OkStatus();
}
absl::Status ValidateFields(const RecognizeReview& c) {
  RETURN_IF_ERROR(RequireName("decision_number", c.decision_number));
  return ValidateDate("recognized_on", c.recognized_on);
}

const char* EventTypeOf(const OpenReview&) { return kReviewOpened; }
const char* EventTypeOf(const RecordSurvey&) { return kHouseholdSurveyed; }
const char* EventTypeOf(const AgreeVillageMeeting&) { return kVillageMeetingAgreed; }
const char* EventTypeOf(const PostReviewList&) { return kReviewListPosted; }
const char* EventTypeOf(const FileComplaint&) { return kComplaintFiled; }
const char* EventTypeOf(const ResolveComplaint&) { return kComplaintResolved; }
const char* EventTypeOf(const RecognizeReview&) { return kReviewRecognized; }

absl::Status RequireOpen(const ReviewState& s, absl::string_view review_id,
                         absl::string_view action) {
  if (s.status == ReviewStatus::kNone) {
    return absl::NotFoundError(
        absl::StrCat("review \"", review_id, "\" is not opened; open it first (OpenReview)"));
  }
  if (s.status == ReviewStatus::kRecognized) {
    return absl::FailedPreconditionError(absl::StrCat("cannot ", action, ": review \"", review_id,
                                                      "\" was recognized on ", s.recognized_on,
                                                      "; nothing changes after"));
  }
  return absl::OkStatus();
}

absl::StatusOr<const ReviewedHousehold*> HouseholdOf(const ReviewState& s,
                                                     const std::string& household_id) {
  auto found = s.households.find(household_id);
  if (found == s.households.end()) {
    return absl::NotFoundError(absl::StrCat("household \"", household_id, "\" is not on review \"",
                                            s.review_id, "\"'s list"));
  }
  return &found->second;
}

absl::StatusOr<const ReviewVillage*> VillageOf(const ReviewState& s,
                                               const std::string& village_id) {
  auto found = s.villages.find(village_id);
  if (found == s.villages.end()) {
    return absl::NotFoundError(
        absl::StrCat("village \"", village_id, "\" is not in review \"", s.review_id, "\""));
  }
  return &found->second;
}

// The survey event and the classification computed from it.
absl::StatusOr<Events> SurveyAndClassify(absl::string_view first_id, absl::string_view second_id,
                                         const std::string& review_id,
                                         const std::string& household_id,
                                         const SurveyAnswers& answers, const std::string& date,
                                         const pb::PovertyStandardPublished& standard,
                                         const std::string& area, const std::string& reason,
                                         std::string* classification) {
  ASSIGN_OR_RETURN(
      Classification computed,
      Classify(standard, area, answers.income_per_person_month_dong, answers.deprived_indicators));
  pb::HouseholdSurveyed surveyed;
  surveyed.set_review_id(review_id);
  surveyed.set_household_id(household_id);
  surveyed.set_income_per_person_month_dong(answers.income_per_person_month_dong);
  for (const std::string& id : answers.deprived_indicators) surveyed.add_deprived_indicators(id);
  surveyed.set_surveyed_on(date);
  surveyed.set_area(area);
  pb::HouseholdClassified classified;
  classified.set_review_id(review_id);
  classified.set_household_id(household_id);
  classified.set_classification(std::string(ClassificationName(computed)));
  classified.set_standard_id(standard.standard_id());
  classified.set_reason(reason);
  classified.set_deprivation_count(static_cast<int>(answers.deprived_indicators.size()));
  *classification = classified.classification();
  return Events{MakeDomainEvent(first_id, kHouseholdSurveyed, surveyed),
                MakeDomainEvent(second_id, kHouseholdClassified, classified)};
}

absl::Status RequireStandard(const ReviewState& s, const pb::PovertyStandardPublished& standard) {
  if (standard.standard_id() != s.standard_id) {
    return absl::FailedPreconditionError(absl::StrCat("the review's standard \"", s.standard_id,
                                                      "\" is not published; publish it first"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const OpenReview& c) {
  if (s.status != ReviewStatus::kNone) {
    return absl::AlreadyExistsError(absl::StrCat("review \"", c.review_id, "\" is opened already"));
  }
  if (c.standard.standard_id() != c.standard_id) {
    return absl::FailedPreconditionError(absl::StrCat("poverty standard \"", c.standard_id,
                                                      "\" is not published; publish it first"));
  }
  if (!InEffectOn(c.standard, c.opened_on)) {
    return absl::FailedPreconditionError(
        absl::StrCat("poverty standard \"", c.standard_id, "\" is in effect from ",
                     c.standard.effective_from(), " until before ", c.standard.effective_to(),
                     ", not on ", c.opened_on, "; open the review under the standard in effect"));
  }
  pb::ReviewOpened e;
  e.set_review_id(c.review_id);
  e.set_standard_id(c.standard_id);
  for (const std::string& v : c.village_ids) e.add_village_ids(v);
  for (const std::string& h : c.households) e.add_households(h);
  e.set_opened_on(c.opened_on);
  return Events{MakeDomainEvent(c.event_id, kReviewOpened, e)};
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const RecordSurvey& c) {
  RETURN_IF_ERROR(RequireOpen(s, c.review_id, "record a survey"));
  ASSIGN_OR_RETURN(const ReviewedHousehold* h, HouseholdOf(s, c.household_id));
  const ReviewVillage& village = s.villages.at(h->village_id);
  if (!village.meeting_date.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "village \"", h->village_id, "\"'s meeting agreed the results on ", village.meeting_date,
        "; a result changes now only through a complaint after the list is posted"));
  }
  if (c.surveyed_on < s.opened_on) {
    return absl::FailedPreconditionError(absl::StrCat(
        "surveyed_on ", c.surveyed_on, " is before the review opened on ", s.opened_on));
  }
  RETURN_IF_ERROR(RequireStandard(s, c.standard));
  std::string classification;
  return SurveyAndClassify(c.event_id, DerivedEventId(c.event_id, 1), c.review_id, c.household_id,
                           c.answers, c.surveyed_on, c.standard, c.area, "", &classification);
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const AgreeVillageMeeting& c) {
  RETURN_IF_ERROR(RequireOpen(s, c.review_id, "record a village meeting"));
  ASSIGN_OR_RETURN(const ReviewVillage* village, VillageOf(s, c.village_id));
  if (!village->meeting_date.empty()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "village \"", c.village_id, "\"'s meeting agreed already on ", village->meeting_date));
  }
  std::vector<std::string> missing;
  for (const auto& [id, h] : s.households) {
    if (h.village_id == c.village_id && !h.surveyed) missing.push_back(id);
  }
  if (!missing.empty()) {
    const size_t shown = std::min<size_t>(missing.size(), 5);
    return absl::FailedPreconditionError(
        absl::StrCat("village \"", c.village_id, "\" has ", missing.size(),
                     " household(s) not surveyed yet (e.g. ",
                     absl::StrJoin(missing.begin(), missing.begin() + shown, ", "),
                     "); survey every household before the meeting"));
  }
  pb::VillageMeetingAgreed e;
  e.set_review_id(c.review_id);
  e.set_village_id(c.village_id);
  e.set_meeting_date(c.meeting_date);
  e.set_attendees(c.attendees);
  e.set_minutes_ref(c.minutes_ref);
  return Events{MakeDomainEvent(c.event_id, kVillageMeetingAgreed, e)};
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const PostReviewList& c) {
  RETURN_IF_ERROR(RequireOpen(s, c.review_id, "post the list"));
  ASSIGN_OR_RETURN(const ReviewVillage* village, VillageOf(s, c.village_id));
  if (village->meeting_date.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("village \"", c.village_id,
                     "\"'s meeting has not agreed the results; record the meeting first"));
  }
  if (!village->posted_on.empty()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "village \"", c.village_id, "\"'s list was posted already on ", village->posted_on));
  }
  if (c.posted_on < village->meeting_date) {
    return absl::FailedPreconditionError(absl::StrCat(
        "posted_on ", c.posted_on, " is before the village meeting on ", village->meeting_date));
  }
  pb::ReviewListPosted e;
  e.set_review_id(c.review_id);
  e.set_village_id(c.village_id);
  e.set_posted_on(c.posted_on);
  e.set_complaints_until(c.complaints_until);
  return Events{MakeDomainEvent(c.event_id, kReviewListPosted, e)};
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const FileComplaint& c) {
  RETURN_IF_ERROR(RequireOpen(s, c.review_id, "file a complaint"));
  if (s.complaints.count(c.complaint_id) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("complaint \"", c.complaint_id, "\" is filed already"));
  }
  ASSIGN_OR_RETURN(const ReviewedHousehold* h, HouseholdOf(s, c.household_id));
  const ReviewVillage& village = s.villages.at(h->village_id);
  if (village.posted_on.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("village \"", h->village_id,
                     "\"'s list is not posted yet; complaints open with the posting"));
  }
  if (c.filed_on < village.posted_on || c.filed_on > village.complaints_until) {
    return absl::FailedPreconditionError(absl::StrCat(
        "filed_on ", c.filed_on, " is outside the complaint window of village \"", h->village_id,
        "\" (", village.posted_on, " to ", village.complaints_until, ")"));
  }
  pb::ComplaintFiled e;
  e.set_review_id(c.review_id);
  e.set_complaint_id(c.complaint_id);
  e.set_household_id(c.household_id);
  e.set_summary(c.summary);
  e.set_filed_on(c.filed_on);
  return Events{MakeDomainEvent(c.event_id, kComplaintFiled, e)};
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const ResolveComplaint& c) {
  RETURN_IF_ERROR(RequireOpen(s, c.review_id, "resolve a complaint"));
  auto found = s.complaints.find(c.complaint_id);
  if (found == s.complaints.end()) {
    return absl::NotFoundError(absl::StrCat("complaint \"", c.complaint_id,
                                            "\" is not filed in review \"", s.review_id, "\""));
  }
  const Complaint& complaint = found->second;
  if (complaint.resolved) {
    return absl::FailedPreconditionError(absl::StrCat(
        "complaint \"", c.complaint_id, "\" is resolved already (", complaint.outcome, ")"));
  }
  if (c.resolved_on < complaint.filed_on) {
    return absl::FailedPreconditionError(absl::StrCat("resolved_on ", c.resolved_on,
                                                      " is before the complaint was filed on ",
                                                      complaint.filed_on));
  }
  const ReviewedHousehold& h = s.households.at(complaint.household_id);
  Events events;
  std::string new_classification;
  if (c.corrected.has_value()) {
    RETURN_IF_ERROR(RequireStandard(s, c.standard));
    ASSIGN_OR_RETURN(
        Events resurvey,
        SurveyAndClassify(DerivedEventId(c.event_id, 1), DerivedEventId(c.event_id, 2), c.review_id,
                          complaint.household_id, *c.corrected, c.resolved_on, c.standard, c.area,
                          c.reason, &new_classification));
    if (new_classification != h.classification) {
      if (c.reason.empty()) {
        return absl::FailedPreconditionError(
            absl::StrCat("the re-survey changes household \"", complaint.household_id, "\" from ",
                         h.classification, " to ", new_classification,
                         " after the list was posted: give the reason for the change"));
      }
    } else {
      resurvey.pop_back();  // the result stands: only the corrected survey is recorded
      new_classification.clear();
    }
    events = std::move(resurvey);
  }
  pb::ComplaintResolved e;
  e.set_review_id(c.review_id);
  e.set_complaint_id(c.complaint_id);
  e.set_outcome(c.outcome);
  e.set_new_classification(new_classification);
  e.set_reason(c.reason);
  e.set_resolved_on(c.resolved_on);
  events.insert(events.begin(), MakeDomainEvent(c.event_id, kComplaintResolved, e));
  return events;
}

absl::StatusOr<Events> DecideFor(const ReviewState& s, const RecognizeReview& c) {
  RETURN_IF_ERROR(RequireOpen(s, c.review_id, "recognize the review"));
  for (const auto& [id, village] : s.villages) {
    if (village.posted_on.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "village \"", id, "\"'s list is not posted yet; post every village's list first"));
    }
    if (c.recognized_on <= village.complaints_until) {
      return absl::FailedPreconditionError(
          absl::StrCat("village \"", id, "\"'s complaint window runs until ",
                       village.complaints_until, "; recognize after it closes"));
    }
  }
  std::vector<std::string> open;
  for (const auto& [id, complaint] : s.complaints) {
    if (!complaint.resolved) open.push_back(id);
  }
  if (!open.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("complaint(s) ", absl::StrJoin(open, ", "),
                                                      " are not resolved; resolve them first"));
  }
  pb::ReviewRecognized e;
  e.set_review_id(c.review_id);
  e.set_decision_number(c.decision_number);
  e.set_recognized_on(c.recognized_on);
  return Events{MakeDomainEvent(c.event_id, kReviewRecognized, e)};
}

}  // namespace

std::string DerivedEventId(absl::string_view event_id, int n) {
  std::string id(event_id);
  // XOR: always another id than `event_id`, and another for each n.
  if (id.size() == kEventIdBytes) {
    id[6] = static_cast<char>(id[6] ^ 0x80);
    id[15] = static_cast<char>(id[15] ^ n);
  }
  return id;
}

absl::string_view ReviewStatusName(ReviewStatus status) {
  switch (status) {
    case ReviewStatus::kNone:
      return "none";
    case ReviewStatus::kOpen:
      return "open";
    case ReviewStatus::kRecognized:
      return "recognized";
  }
  return "none";
}

absl::StatusOr<Events> Decide(const ReviewState& state, const ReviewCommand& command) {
  return std::visit(
      [&state](const auto& c) -> absl::StatusOr<Events> {
        RETURN_IF_ERROR(ValidateEventId(c.event_id));
        RETURN_IF_ERROR(RequireName("review_id", c.review_id));
        RETURN_IF_ERROR(ValidateFields(c));
        if (state.status != ReviewStatus::kNone && c.review_id != state.review_id) {
          return absl::InvalidArgumentError(absl::StrCat(
              "review_id \"", c.review_id, "\" is not this stream's \"", state.review_id, "\""));
        }
        if (auto retry = RetryOutcome(state.applied_event_ids, c.event_id, EventTypeOf(c))) {
          return *retry;
        }
        return DecideFor(state, c);
      },
      command);
}

absl::Status Apply(ReviewState& state, const DomainEvent& event) {
  if (state.applied_event_ids.count(event.event_id) > 0) return absl::OkStatus();
  const std::string& type = event.event_type;
  auto household = [&state](const std::string& id) -> absl::StatusOr<ReviewedHousehold*> {
    auto found = state.households.find(id);
    if (found == state.households.end()) {
      return absl::DataLossError(absl::StrCat("household \"", id, "\" is not in the review"));
    }
    return &found->second;
  };
  auto village = [&state](const std::string& id) -> absl::StatusOr<ReviewVillage*> {
    auto found = state.villages.find(id);
    if (found == state.villages.end()) {
      return absl::DataLossError(absl::StrCat("village \"", id, "\" is not in the review"));
    }
    return &found->second;
  };
  if (type == kReviewOpened) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::ReviewOpened>(event));
    state.status = ReviewStatus::kOpen;
    state.review_id = e.review_id();
    state.standard_id = e.standard_id();
    state.opened_on = e.opened_on();
    for (const std::string& v : e.village_ids()) state.villages[v];
    for (const std::string& h : e.households()) {
      state.households[h].village_id = std::string(VillageOfHousehold(h));
    }
  } else if (type == kHouseholdSurveyed) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::HouseholdSurveyed>(event));
    ASSIGN_OR_RETURN(ReviewedHousehold * h, household(e.household_id()));
    h->surveyed = true;
    h->income_per_person_month_dong = e.income_per_person_month_dong();
    h->deprived_indicators.assign(e.deprived_indicators().begin(), e.deprived_indicators().end());
  } else if (type == kHouseholdClassified) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::HouseholdClassified>(event));
    ASSIGN_OR_RETURN(ReviewedHousehold * h, household(e.household_id()));
    h->classification = e.classification();
    h->history.push_back(e.classification());
  } else if (type == kVillageMeetingAgreed) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::VillageMeetingAgreed>(event));
    ASSIGN_OR_RETURN(ReviewVillage * v, village(e.village_id()));
    v->meeting_date = e.meeting_date();
  } else if (type == kReviewListPosted) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::ReviewListPosted>(event));
    ASSIGN_OR_RETURN(ReviewVillage * v, village(e.village_id()));
    v->posted_on = e.posted_on();
    v->complaints_until = e.complaints_until();
  } else if (type == kComplaintFiled) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::ComplaintFiled>(event));
    RETURN_IF_ERROR(household(e.household_id()).status());
    state.complaints[e.complaint_id()] = Complaint{e.household_id(), e.filed_on(), false, ""};
  } else if (type == kComplaintResolved) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::ComplaintResolved>(event));
    auto found = state.complaints.find(e.complaint_id());
    if (found == state.complaints.end()) {
      return absl::DataLossError(absl::StrCat("complaint \"", e.complaint_id(), "\" is not filed"));
    }
    found->second.resolved = true;
    found->second.outcome = e.outcome();
  } else if (type == kReviewRecognized) {
    ASSIGN_OR_RETURN(auto e, PayloadAs<pb::ReviewRecognized>(event));
    state.status = ReviewStatus::kRecognized;
    state.decision_number = e.decision_number();
    state.recognized_on = e.recognized_on();
  } else {
    return absl::InvalidArgumentError(absl::StrCat("\"", type, "\" is not a review event"));
  }
  if (state.remember_event_ids) state.applied_event_ids[event.event_id] = type;
  return absl::OkStatus();
}

}  // namespace minhbach::domain
