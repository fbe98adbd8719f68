// A generated annual review for one village (illustrative: fake names and ID
// numbers), as a `minhbach import` file: the standard published, the
// households registered with their (sealed) personal data, the review
// opened, every household surveyed (the server classifies), the village
// meeting, the posting, one complaint whose re-survey changes a result (with
// a reason), and the district's recognition.
//
// The generator states the survey answers; it never classifies: whoever
// checks the outcome computes the classes from the answers on its own.
#ifndef MINHBACH_TESTS_TOOLS_HOUSEHOLDS_SCENARIO_H_
#define MINHBACH_TESTS_TOOLS_HOUSEHOLDS_SCENARIO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "minhbach/v1/household_events.pb.h"
#include "minhbach/v1/program_import.pb.h"

namespace minhbach::testing {

struct ScenarioHousehold {
  std::string household_id;  // "thon-1/H-0001"
  int member_count = 0;
  int64_t income_per_person_month_dong = 0;
  std::vector<std::string> deprived_indicators;
  // Generated, fake (illustrative): what must never leak.
  std::string head_name;
  std::string head_id_number;
};

struct HouseholdsScenario {
  std::string village_id = "thon-1";
  std::string review_id = "RV-2025-thon-1";
  std::vector<ScenarioHousehold> households;  // all rural
  // The complaint: the household, and its re-survey.
  std::string complained_household;
  int64_t corrected_income = 0;
  std::vector<std::string> corrected_deprived;
  // The dates of the steps.
  std::string registered_on = "2025-08-15";
  std::string opened_on = "2025-09-01";
  std::string last_survey_on = "2025-09-19";
  std::string meeting_on = "2025-10-01";
  std::string posted_on = "2025-10-02";
  std::string complaints_until = "2025-10-09";
  std::string complaint_filed_on = "2025-10-05";
  std::string complaint_resolved_on = "2025-10-08";
  std::string recognized_on = "2025-10-15";
  v1::ProgramImport file;
};

// `count` households (at least 10) from `seed`; the standard goes into the
// file as its first step.
HouseholdsScenario MakeHouseholdsScenario(const v1::PovertyStandardPublished& standard, int count,
                                          uint64_t seed);

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_TOOLS_HOUSEHOLDS_SCENARIO_H_
