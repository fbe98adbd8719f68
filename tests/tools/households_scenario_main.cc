// households_scenario: writes the generated review scenario
// (tests/tools/households_scenario.h) as a `minhbach import` file.
//
//   households_scenario --standard=deploy/seed/poverty-standard-2022-2025.json
//       --households=300 --seed=1 > review.json   (one line)
//   minhbach import review.json
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "google/protobuf/util/json_util.h"
#include "services/domain/poverty_standard.h"
#include "tests/tools/households_scenario.h"

ABSL_FLAG(std::string, standard, "deploy/seed/poverty-standard-2022-2025.json",
          "the poverty standard (JSON of PovertyStandardPublished)");
ABSL_FLAG(int, households, 300, "households in the village (at least 10)");
ABSL_FLAG(uint64_t, seed, 1, "seed of the generated answers and names");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::ifstream in(absl::GetFlag(FLAGS_standard));
  std::stringstream text;
  text << in.rdbuf();
  auto standard = minhbach::domain::ParseStandardJson(text.str());
  if (!standard.ok()) {
    std::cerr << "households_scenario: " << absl::GetFlag(FLAGS_standard) << ": "
              << standard.status().message() << "\n";
    return 2;
  }
  const int count = absl::GetFlag(FLAGS_households);
  if (count < 10 || count > 9999) {
    std::cerr << "households_scenario: --households must be 10 to 9999\n";
    return 2;
  }
  const minhbach::testing::HouseholdsScenario scenario =
      minhbach::testing::MakeHouseholdsScenario(*standard, count, absl::GetFlag(FLAGS_seed));
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  google::protobuf::util::MessageToJsonString(scenario.file, &json, options);
  std::cout << json;
  return 0;
}
