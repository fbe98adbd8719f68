#include "services/program/household_register.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"

namespace minhbach::program {
namespace {

// The reviews in the order their classifications succeed each other.
std::vector<const domain::ReviewState*> ReviewsInOrder(const ProgramState& state) {
  std::vector<const domain::ReviewState*> reviews;
  for (const auto& [id, review] : state.reviews) reviews.push_back(&review);
  std::sort(reviews.begin(), reviews.end(), [](const auto* a, const auto* b) {
    return std::tie(a->opened_on, a->review_id) < std::tie(b->opened_on, b->review_id);
  });
  return reviews;
}

}  // namespace

int RateBasisPoints(int count, int households) {
  if (households <= 0) return 0;
  return static_cast<int>((static_cast<int64_t>(count) * 10000 + households / 2) / households);
}

v1::HouseholdRegister BuildHouseholdRegister(const ProgramState& state,
                                             absl::string_view village_id) {
  v1::HouseholdRegister out;
  const std::vector<const domain::ReviewState*> reviews = ReviewsInOrder(state);
  for (const auto& [id, household] : state.households) {
    if (!village_id.empty() && household.village_id != village_id) continue;
    v1::RegisteredHousehold& h = *out.add_households();
    h.set_household_id(id);
    h.set_village_id(household.village_id);
    h.set_area(household.area);
    h.set_member_count(household.member_count);
    h.set_support_count(static_cast<int>(household.support.size()));
    h.set_personal_data_erased(household.erased);
    for (const domain::ReviewState* review : reviews) {
      auto found = review->households.find(id);
      if (found == review->households.end() || found->second.classification.empty()) continue;
      h.set_classification(found->second.classification);
      h.set_review_id(review->review_id);
      for (const std::string& c : found->second.history) {
        h.add_history(absl::StrCat(review->review_id, ":", c));
      }
    }
  }
  return out;
}

v1::HouseholdTargets BuildHouseholdTargets(const ProgramState& state,
                                           absl::string_view village_id) {
  const v1::HouseholdRegister reg = BuildHouseholdRegister(state, village_id);
  std::map<std::string, v1::HouseholdRate> villages;
  v1::HouseholdTargets out;
  v1::HouseholdRate& commune = *out.mutable_commune();
  for (const v1::RegisteredHousehold& h : reg.households()) {
    v1::HouseholdRate& v = villages[h.village_id()];
    v.set_village_id(h.village_id());
    for (v1::HouseholdRate* rate : {&v, &commune}) {
      rate->set_households(rate->households() + 1);
      if (!h.classification().empty()) rate->set_classified(rate->classified() + 1);
      if (h.classification() == "poor") rate->set_poor(rate->poor() + 1);
      if (h.classification() == "near_poor") rate->set_near_poor(rate->near_poor() + 1);
    }
  }
  auto finish = [](v1::HouseholdRate& rate) {
    rate.set_poor_rate_bp(RateBasisPoints(rate.poor(), rate.households()));
    rate.set_near_poor_rate_bp(RateBasisPoints(rate.near_poor(), rate.households()));
  };
  for (auto& [id, rate] : villages) {
    finish(rate);
    *out.add_villages() = rate;
  }
  finish(commune);
  return out;
}

}  // namespace minhbach::program
