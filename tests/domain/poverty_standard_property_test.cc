// The classification computed from the standard as data, against the
// standard's definition re-stated here independently: for the published
// 2022–2025 standard (Nghị định 07/2021/NĐ-CP, read from the seed file) and
// for a second standard with other numbers. Random households, biased to the
// boundaries (income exactly at the line and the ceiling, one đồng either
// side; exactly K-1, K, K+1 deprivations). A fixed seed, and a second one
// from MINHBACH_PROPERTY_SEED when set (printed, to reproduce a failure).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/domain/poverty_standard.h"

namespace minhbach::domain {
namespace {

// The definition, re-stated: the numbers of one standard as the test knows them.
struct Definition {
  int64_t rural_line, rural_ceiling, urban_line, urban_ceiling;
  int poor_min;
  std::string Expected(const std::string& area, int64_t income, int deprivations) const {
    const int64_t line = area == "rural" ? rural_line : urban_line;
    const int64_t ceiling = area == "rural" ? rural_ceiling : urban_ceiling;
    if (income > line) return income > ceiling ? "not_poor" : "average";
    return deprivations < poor_min ? "near_poor" : "poor";
  }
};

// Nghị định 07/2021/NĐ-CP, as the decree states it.
constexpr Definition kDecree07{1'500'000, 2'250'000, 2'000'000, 3'000'000, 3};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

v1::PovertyStandardPublished SeedStandard() {
  absl::StatusOr<v1::PovertyStandardPublished> standard =
      ParseStandardJson(ReadFile(MINHBACH_POVERTY_STANDARD));
  EXPECT_TRUE(standard.ok()) << standard.status();
  return standard.ok() ? *standard : v1::PovertyStandardPublished();
}

// A second standard with other numbers (illustrative, not a decree): 10
// indicators, poor from 4 deprivations.
v1::PovertyStandardPublished OtherStandard() {
  v1::PovertyStandardPublished s;
  s.set_standard_id("illustrative-2026");
  s.set_decree("illustrative");
  s.set_effective_from("2026-01-01");
  s.set_effective_to("2031-01-01");
  auto* rural = s.add_areas();
  rural->set_area("rural");
  rural->set_poverty_line_dong(2'200'000);
  rural->set_average_ceiling_dong(3'100'000);
  auto* urban = s.add_areas();
  urban->set_area("urban");
  urban->set_poverty_line_dong(2'800'000);
  urban->set_average_ceiling_dong(4'000'000);
  for (int i = 0; i < 10; ++i) {
    auto* indicator = s.add_indicators();
    indicator->set_indicator_id(absl::StrCat("ind-", i));
    indicator->set_dimension_id(absl::StrCat("dim-", i / 2));
  }
  s.set_poor_min_deprivations(4);
  return s;
}
constexpr Definition kOther{2'200'000, 3'100'000, 2'800'000, 4'000'000, 4};

int64_t RandomIncome(std::mt19937_64& rng, const Definition& d, const std::string& area) {
  const int64_t line = area == "rural" ? d.rural_line : d.urban_line;
  const int64_t ceiling = area == "rural" ? d.rural_ceiling : d.urban_ceiling;
  const int64_t near[] = {0, line - 1, line, line + 1, ceiling - 1, ceiling, ceiling + 1};
  if (rng() % 2 == 0) return near[rng() % 7];
  return static_cast<int64_t>(rng() % static_cast<uint64_t>(ceiling * 2));
}

// Checks `count` random households; returns how many had each class, so the
// caller can see every class was reached.
std::map<std::string, int> Check(const v1::PovertyStandardPublished& standard, const Definition& d,
                                 uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> ids;
  for (const auto& indicator : standard.indicators()) ids.push_back(indicator.indicator_id());
  std::map<std::string, int> seen;
  for (int i = 0; i < count; ++i) {
    const std::string area = rng() % 2 == 0 ? "rural" : "urban";
    const int64_t income = RandomIncome(rng, d, area);
    std::shuffle(ids.begin(), ids.end(), rng);
    const int around[] = {d.poor_min - 1, d.poor_min, d.poor_min + 1};
    const int deprivations =
        rng() % 2 == 0 ? around[rng() % 3] : static_cast<int>(rng() % (ids.size() + 1));
    const std::vector<std::string> deprived(ids.begin(), ids.begin() + deprivations);
    absl::StatusOr<Classification> computed = Classify(standard, area, income, deprived);
    const std::string expected = d.Expected(area, income, deprivations);
    const std::string got =
        computed.ok() ? std::string(ClassificationName(*computed)) : computed.status().ToString();
    EXPECT_EQ(got, expected) << "seed " << seed << " household " << i << ": " << area << ", income "
                             << income << ", " << deprivations << " deprivations";
    if (got != expected) return seen;  // one counterexample is enough
    ++seen[expected];
  }
  return seen;
}

std::vector<uint64_t> Seeds() {
  std::vector<uint64_t> seeds = {20220101};
  if (const char* env = std::getenv("MINHBACH_PROPERTY_SEED")) {
    seeds.push_back(std::strtoull(env, nullptr, 10));
    std::cout << "MINHBACH_PROPERTY_SEED=" << seeds.back() << "\n";
  }
  return seeds;
}

TEST(PovertyStandardPropertyTest, SeedStandardClassifiesAsTheDecreeSays) {
  const v1::PovertyStandardPublished standard = SeedStandard();
  ASSERT_EQ(standard.indicators_size(), 12);
  for (uint64_t seed : Seeds()) {
    std::map<std::string, int> seen = Check(standard, kDecree07, seed, 10'000);
    for (const char* c : {"poor", "near_poor", "average", "not_poor"}) EXPECT_GT(seen[c], 0) << c;
  }
}

TEST(PovertyStandardPropertyTest, AnotherStandardWithOtherNumbers) {
  const v1::PovertyStandardPublished standard = OtherStandard();
  ASSERT_TRUE(ValidateStandard(standard).ok());
  for (uint64_t seed : Seeds()) {
    std::map<std::string, int> seen = Check(standard, kOther, seed + 1, 10'000);
    for (const char* c : {"poor", "near_poor", "average", "not_poor"}) EXPECT_GT(seen[c], 0) << c;
  }
}

// The boundaries, named: income exactly at the line, exactly K deprivations.
TEST(PovertyStandardPropertyTest, Boundaries) {
  const v1::PovertyStandardPublished s = SeedStandard();
  auto classify = [&s](const char* area, int64_t income, int deprivations) {
    std::vector<std::string> deprived;
    for (int i = 0; i < deprivations; ++i) deprived.push_back(s.indicators(i).indicator_id());
    absl::StatusOr<Classification> c = Classify(s, area, income, deprived);
    return c.ok() ? std::string(ClassificationName(*c)) : c.status().ToString();
  };
  EXPECT_EQ(classify("rural", 1'500'000, 3), "poor");
  EXPECT_EQ(classify("rural", 1'500'000, 2), "near_poor");
  EXPECT_EQ(classify("rural", 1'500'001, 12), "average");
  EXPECT_EQ(classify("rural", 2'250'000, 0), "average");
  EXPECT_EQ(classify("rural", 2'250'001, 5), "not_poor");
  EXPECT_EQ(classify("urban", 2'000'000, 3), "poor");
  EXPECT_EQ(classify("urban", 1'999'999, 0), "near_poor");
  EXPECT_EQ(classify("urban", 3'000'000, 1), "average");
  EXPECT_EQ(classify("urban", 3'000'001, 1), "not_poor");
}

TEST(PovertyStandardTest, IndicatorsMatchThePlansDimensionTargets) {
  const v1::PovertyStandardPublished s = SeedStandard();
  std::set<std::string> dimensions, targets;
  for (const auto& indicator : s.indicators()) {
    dimensions.insert(indicator.dimension_id());
    targets.insert(indicator.target_id());
  }
  EXPECT_EQ(dimensions.size(), 6u);
  EXPECT_EQ(targets,
            (std::set<std::string>{"dim-employment", "dim-health", "dim-education", "dim-housing",
                                   "dim-water", "dim-sanitation", "dim-information"}));
}

TEST(PovertyStandardTest, RefusesWhatItCannotClassify) {
  const v1::PovertyStandardPublished s = SeedStandard();
  EXPECT_EQ(Classify(s, "mountain", 1, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Classify(s, "rural", -1, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Classify(s, "rural", 1, {"no-such"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Classify(s, "rural", 1, {"health-insurance", "health-insurance"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::PovertyStandardPublished bad = s;
  bad.mutable_areas(0)->set_average_ceiling_dong(1);
  EXPECT_EQ(ValidateStandard(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = s;
  bad.set_effective_to(bad.effective_from());
  EXPECT_EQ(ValidateStandard(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = s;
  bad.set_poor_min_deprivations(13);
  EXPECT_EQ(ValidateStandard(bad).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseStandardJson("{\"standardId\": 5").ok());
  EXPECT_FALSE(ParseStandardJson("{\"noSuchField\": 1}").ok());
}

TEST(PovertyStandardTest, TheStandardInEffectOnADate) {
  const std::vector<v1::PovertyStandardPublished> both = {SeedStandard(), OtherStandard()};
  EXPECT_EQ((*StandardInEffect(both, "2022-01-01"))->standard_id(), "nd-07-2021");
  EXPECT_EQ((*StandardInEffect(both, "2025-12-31"))->standard_id(), "nd-07-2021");
  EXPECT_EQ((*StandardInEffect(both, "2026-01-01"))->standard_id(), "illustrative-2026");
  EXPECT_EQ(StandardInEffect(both, "2021-12-31").status().code(), absl::StatusCode::kNotFound);
  std::vector<v1::PovertyStandardPublished> overlapping = both;
  overlapping[1].set_effective_from("2025-06-01");
  EXPECT_EQ(StandardInEffect(overlapping, "2025-07-01").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace minhbach::domain
