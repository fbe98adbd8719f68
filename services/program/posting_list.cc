#include "services/program/posting_list.h"

#include "absl/strings/str_cat.h"
#include "services/domain/dates.h"
#include "storage/status_macros.h"

namespace minhbach::program {

absl::StatusOr<v1::PostingList> BuildPostingList(const ProgramState& state,
                                                 absl::string_view review_id,
                                                 absl::string_view village_id,
                                                 absl::string_view as_of_date,
                                                 const HeadNameOpener& open_head) {
  if (!domain::IsValidDate(as_of_date)) {
    return absl::InvalidArgumentError(
        absl::StrCat("as_of_date must be a date YYYY-MM-DD, got \"", as_of_date, "\""));
  }
  auto review = state.reviews.find(std::string(review_id));
  if (review == state.reviews.end()) {
    return absl::NotFoundError(absl::StrCat("review \"", review_id, "\" is not opened"));
  }
  auto village = review->second.villages.find(std::string(village_id));
  if (village == review->second.villages.end()) {
    return absl::NotFoundError(
        absl::StrCat("review \"", review_id, "\" does not cover village \"", village_id, "\""));
  }
  v1::PostingList list;
  list.set_review_id(std::string(review_id));
  list.set_village_id(std::string(village_id));
  list.set_posted_on(village->second.posted_on);
  list.set_complaints_until(village->second.complaints_until);
  const bool open = !village->second.posted_on.empty() && village->second.posted_on <= as_of_date &&
                    as_of_date <= village->second.complaints_until;
  list.set_open(open);
  if (!open) return list;
  for (const auto& [household_id, reviewed] : review->second.households) {
    if (reviewed.village_id != village_id) continue;
    v1::PostingListEntry& entry = *list.add_entries();
    entry.set_household_id(household_id);
    entry.set_classification(reviewed.classification);
    auto household = state.households.find(household_id);
    if (household == state.households.end()) continue;  // reviewed, not registered: no name
    ASSIGN_OR_RETURN(HeadName head, open_head(household->second));
    entry.set_erased(head.erased);
    entry.set_head_name(head.erased ? kErasedText : head.name);
  }
  return list;
}

}  // namespace minhbach::program
