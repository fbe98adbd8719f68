// The client's flag spellings: hyphens and the --as-of alias become the
// Abseil names, and nothing that is a value is touched.
#include "clients/flag_spelling.h"

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

// Stand-ins for the client's flags: one that takes a value, one that does not.
ABSL_FLAG(std::string, spelling_test_reason, "", "a flag with a value");
ABSL_FLAG(bool, spelling_test_json, false, "a flag without one");

namespace minhbach::clients {
namespace {

std::vector<std::string> Spelled(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  return WithFlagNamesSpelledForAbseil(static_cast<int>(argv.size()), argv.data());
}

TEST(FlagSpellingTest, HyphensInANameBecomeUnderscoresAndValuesStayAsGiven) {
  EXPECT_EQ(Spelled({"minhbach", "status", "--as-of-position=22", "--role=district-office"}),
            (std::vector<std::string>{"minhbach", "status", "--as_of_position=22",
                                      "--role=district-office"}));
  EXPECT_EQ(
      Spelled({"minhbach", "timeline", "--entity", "DA3-TDA3", "--from", "-5"}),
      (std::vector<std::string>{"minhbach", "timeline", "--entity", "DA3-TDA3", "--from", "-5"}));
}

TEST(FlagSpellingTest, AsOfStandsForAsOfDate) {
  EXPECT_EQ(Spelled({"minhbach", "status", "--as-of", "2024-09-30"}),
            (std::vector<std::string>{"minhbach", "status", "--as_of_date", "2024-09-30"}));
  EXPECT_EQ(Spelled({"minhbach", "status", "--as-of=2024-09-30"})[2], "--as_of_date=2024-09-30");
}

TEST(FlagSpellingTest, TheValueAfterAFlagThatTakesOneIsNeverRespelled) {
  EXPECT_EQ(
      Spelled({"m", "--spelling-test-reason", "--not-a-flag", "--spelling-test-json", "--x-y"}),
      (std::vector<std::string>{"m", "--spelling_test_reason", "--not-a-flag",
                                "--spelling_test_json", "--x_y"}));
}

TEST(FlagSpellingTest, NothingAfterABareDoubleDashIsRespelled) {
  EXPECT_EQ(Spelled({"m", "--as-of=2024-01-01", "--", "--as-of-position=3"}),
            (std::vector<std::string>{"m", "--as_of_date=2024-01-01", "--", "--as-of-position=3"}));
}

TEST(FlagSpellingTest, FlagNameOfNamesOnlyFlags) {
  EXPECT_EQ(FlagNameOf("--as_of_date=2024-06-30"), "as_of_date");
  EXPECT_EQ(FlagNameOf("--json"), "json");
  EXPECT_EQ(FlagNameOf("DA3-TDA3"), "");
  EXPECT_EQ(FlagNameOf("--"), "");
}

}  // namespace
}  // namespace minhbach::clients
