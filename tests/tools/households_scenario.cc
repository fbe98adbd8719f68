#include "tests/tools/households_scenario.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace minhbach::testing {
namespace {

constexpr const char* kFamily[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng",
                                   "Vũ",     "Đặng", "Bùi", "Đỗ",   "Hồ"};
constexpr const char* kMiddle[] = {"Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu"};
constexpr const char* kGiven[] = {"An",  "Bình", "Cường", "Dung", "Hà",  "Hùng", "Lan",
                                  "Mai", "Nam",  "Phúc",  "Sơn",  "Tâm", "Thảo", "Yến"};

v1::CommandMeta* MetaOn(google::protobuf::Message& request, const std::string& date) {
  auto* meta = static_cast<v1::CommandMeta*>(request.GetReflection()->MutableMessage(
      &request, request.GetDescriptor()->FindFieldByName("meta")));
  meta->set_business_date(date);
  return meta;
}

}  // namespace

HouseholdsScenario MakeHouseholdsScenario(const v1::PovertyStandardPublished& standard, int count,
                                          uint64_t seed) {
  HouseholdsScenario s;
  std::mt19937_64 rng(seed);
  std::vector<std::string> indicators;
  for (const auto& indicator : standard.indicators())
    indicators.push_back(indicator.indicator_id());
  const int64_t line = standard.areas(0).poverty_line_dong();
  const int64_t ceiling = standard.areas(0).average_ceiling_dong();
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  for (int i = 0; i < count; ++i) {
    ScenarioHousehold h;
    h.household_id = absl::StrFormat("%s/H-%04d", s.village_id, i + 1);
    h.member_count = static_cast<int>(uniform(1, 7));
    const int64_t band = uniform(0, 99);
    // About 8 % at or below the line, 12 % up to the ceiling, the rest above.
    h.income_per_person_month_dong = band < 8    ? uniform(600'000, line)
                                     : band < 20 ? uniform(line + 1, ceiling)
                                                 : uniform(ceiling + 1, 6'000'000);
    std::shuffle(indicators.begin(), indicators.end(), rng);
    const int deprived = static_cast<int>(band < 8 ? uniform(0, 6) : uniform(0, 3));
    h.deprived_indicators.assign(indicators.begin(), indicators.begin() + deprived);
    h.head_name = absl::StrCat(kFamily[rng() % 10], " ", kMiddle[rng() % 6], " ",
                               kGiven[rng() % 14], " ", i + 1);
    // "999": no province has this code, so no real citizen's number.
    h.head_id_number = absl::StrFormat("999%09d", (i + 1) * 7919 % 1000000000);
    s.households.push_back(std::move(h));
  }
  // The complaint is about a household at the line with two deprivations
  // (near-poor): the re-survey finds a third, so it becomes poor.
  ScenarioHousehold& complained = s.households[7];
  complained.income_per_person_month_dong = line - 200'000;
  std::shuffle(indicators.begin(), indicators.end(), rng);
  complained.deprived_indicators = {indicators[0], indicators[1]};
  s.complained_household = complained.household_id;
  s.corrected_income = complained.income_per_person_month_dong;
  s.corrected_deprived = {indicators[0], indicators[1], indicators[2]};

  v1::ProgramImport& file = s.file;
  file.set_illustrative(true);
  file.set_description(absl::StrCat(
      "Dữ liệu minh họa (illustrative): rà soát hộ nghèo năm 2025 của ", s.village_id, ", ", count,
      " hộ; tên và số định danh là giả, sinh ngẫu nhiên (seed ", seed, ")."));
  auto step = [&file](const std::string& key, const std::string& as) {
    v1::ImportStep* added = file.add_steps();
    added->set_key(key);
    added->set_as(as);
    return added;
  };
  {
    v1::ImportStep* publish =
        step(absl::StrCat("standard/", standard.standard_id()), "coordinator");
    MetaOn(*publish->mutable_publish_standard(), "2025-08-01");
    *publish->mutable_publish_standard()->mutable_body() = standard;
  }
  for (const ScenarioHousehold& h : s.households) {
    v1::RegisterHouseholdRequest* r =
        step(absl::StrCat("household/", h.household_id), "village")->mutable_register_household();
    MetaOn(*r, s.registered_on);
    r->mutable_body()->set_household_id(h.household_id);
    r->mutable_body()->set_village_id(s.village_id);
    r->mutable_body()->set_area("rural");
    r->mutable_body()->set_member_count(h.member_count);
    r->mutable_personal()->set_head_name(h.head_name);
    r->mutable_personal()->set_address(absl::StrCat("Thôn 1 (minh họa), hộ ", h.household_id));
    v1::HouseholdMember* head = r->mutable_personal()->add_members();
    head->set_name(h.head_name);
    head->set_id_number(h.head_id_number);
    head->set_relation("chủ hộ");
  }
  {
    v1::OpenReviewRequest* open = step("review/open", "coordinator")->mutable_open_review();
    open->mutable_body()->set_review_id(s.review_id);
    open->mutable_body()->set_standard_id(standard.standard_id());
    open->mutable_body()->add_village_ids(s.village_id);
    for (const ScenarioHousehold& h : s.households)
      open->mutable_body()->add_households(h.household_id);
    open->mutable_body()->set_opened_on(s.opened_on);
  }
  for (size_t i = 0; i < s.households.size(); ++i) {
    const ScenarioHousehold& h = s.households[i];
    v1::HouseholdSurveyed* b = step(absl::StrCat("review/survey/", h.household_id), "village")
                                   ->mutable_record_survey()
                                   ->mutable_body();
    b->set_review_id(s.review_id);
    b->set_household_id(h.household_id);
    b->set_income_per_person_month_dong(h.income_per_person_month_dong);
    for (const std::string& id : h.deprived_indicators) b->add_deprived_indicators(id);
    b->set_surveyed_on(absl::StrFormat("2025-09-%02d", 10 + static_cast<int>(i % 10)));
  }
  {
    v1::VillageMeetingAgreed* b =
        step("review/meeting", "village")->mutable_agree_village_meeting()->mutable_body();
    b->set_review_id(s.review_id);
    b->set_village_id(s.village_id);
    b->set_meeting_date(s.meeting_on);
    b->set_attendees(87);
    b->set_minutes_ref("BB-HNTB-01 (minh họa)");
  }
  {
    v1::ReviewListPosted* b =
        step("review/post", "coordinator")->mutable_post_review_list()->mutable_body();
    b->set_review_id(s.review_id);
    b->set_village_id(s.village_id);
    b->set_posted_on(s.posted_on);
    b->set_complaints_until(s.complaints_until);
  }
  {
    v1::ComplaintFiled* b =
        step("review/complaint/K-01", "supervisor")->mutable_file_complaint()->mutable_body();
    b->set_review_id(s.review_id);
    b->set_complaint_id("K-01");
    b->set_household_id(s.complained_household);
    b->set_summary("Hộ cho rằng tổ rà soát bỏ sót một chỉ số thiếu hụt");
    b->set_filed_on(s.complaint_filed_on);
  }
  {
    v1::ResolveComplaintRequest* r =
        step("review/complaint/K-01/resolve", "coordinator")->mutable_resolve_complaint();
    r->mutable_body()->set_review_id(s.review_id);
    r->mutable_body()->set_complaint_id("K-01");
    r->mutable_body()->set_outcome("upheld");
    r->mutable_body()->set_reason(
        "Tổ rà soát xác minh lại tại hộ: thiếu hụt thêm một chỉ số; hộ thiếu hụt 3 chỉ số");
    r->mutable_body()->set_resolved_on(s.complaint_resolved_on);
    r->set_resurveyed(true);
    r->set_income_per_person_month_dong(s.corrected_income);
    for (const std::string& id : s.corrected_deprived) r->add_deprived_indicators(id);
  }
  {
    v1::ReviewRecognized* b =
        step("review/recognize", "district")->mutable_recognize_review()->mutable_body();
    b->set_review_id(s.review_id);
    b->set_decision_number("QĐ-2025-RS-01 (minh họa)");
    b->set_recognized_on(s.recognized_on);
  }
  return s;
}

}  // namespace minhbach::testing
