// Issue 14's review scenario, end to end through a real server with a vault:
// one village of 300 generated (illustrative) households imported as
// `minhbach import` would, surveyed and classified by the server, the
// meeting, the posting, one complaint that changes a result with a reason,
// the recognition. The poor and near-poor rates the server computes from the
// register as of several dates are checked against rates computed here from
// the generated answers with the decree's definition, re-stated in this file.
#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/program_import.h"
#include "gtest/gtest.h"
#include "minhbach/v1/household_service.grpc.pb.h"
#include "services/domain/poverty_standard.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"
#include "tests/tools/households_scenario.h"

namespace minhbach {
namespace {

using ::minhbach::testing::HouseholdsScenario;
using ::minhbach::testing::ScenarioHousehold;

// Nghị định 07/2021/NĐ-CP for a rural household, as the decree states it.
std::string DecreeClass(int64_t income, size_t deprivations) {
  if (income <= 1'500'000) return deprivations >= 3 ? "poor" : "near_poor";
  return income <= 2'250'000 ? "average" : "not_poor";
}

struct Expected {
  int classified = 0, poor = 0, near_poor = 0;
};

v1::PovertyStandardPublished SeedStandard() {
  std::ifstream in(MINHBACH_POVERTY_STANDARD);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<v1::PovertyStandardPublished> standard = domain::ParseStandardJson(text.str());
  EXPECT_TRUE(standard.ok()) << standard.status();
  return standard.ok() ? *standard : v1::PovertyStandardPublished();
}

services::ServerOptions WithMasterKey(const std::string& key_file) {
  std::ofstream(key_file, std::ios::binary) << std::string(32, 'k');
  chmod(key_file.c_str(), 0600);
  services::ServerOptions options;
  options.master_key_file = key_file;
  options.metrics_listen = "";
  options.http_listen = "";
  return options;
}

class HouseholdsReviewTest : public ::testing::Test {
 protected:
  HouseholdsReviewTest()
      : server_(WithMasterKey(key_dir_.Sub("master-key"))),
        scenario_(testing::MakeHouseholdsScenario(SeedStandard(), 300, 20251001)) {}

  // Imports the scenario; returns one past the last position written.
  uint64_t Import() {
    std::map<std::string, std::string> tokens;
    for (const char* role : {"coordinator", "village", "supervisor", "district"}) {
      tokens[role] = server_.Token(role);
    }
    absl::StatusOr<clients::ImportSummary> summary = clients::ImportProgram(
        scenario_.file, server_.Channel(), tokens, 30, [](const clients::ImportedStep&) {});
    EXPECT_TRUE(summary.ok()) << summary.status();
    last_summary_ = summary.ok() ? *summary : clients::ImportSummary();
    return last_summary_.end_position;
  }

  v1::HouseholdTargets Targets(const std::string& as_of, uint64_t min_position) {
    v1::RegisterRequest request;
    request.set_as_of_date(as_of);
    request.set_min_position(min_position);
    v1::HouseholdTargets targets;
    grpc::Status status =
        v1::Households::NewStub(server_.Channel())
            ->GetHouseholdTargets(server_.Context("supervisor").get(), request, &targets);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return targets;
  }

  v1::HouseholdRegister Register(const std::string& as_of, uint64_t min_position) {
    v1::RegisterRequest request;
    request.set_as_of_date(as_of);
    request.set_min_position(min_position);
    request.set_village_id("thon-1");
    v1::HouseholdRegister reg;
    grpc::Status status = v1::Households::NewStub(server_.Channel())
                              ->GetRegister(server_.Context("village").get(), request, &reg);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reg;
  }

  // The rates the register should show by the end of `date`, from the
  // generated answers: surveys dated after it do not count yet, the
  // complaint's re-survey counts from the day it was resolved.
  Expected ExpectedBy(const std::string& date) const {
    Expected e;
    for (size_t i = 0; i < scenario_.households.size(); ++i) {
      const ScenarioHousehold& h = scenario_.households[i];
      const std::string surveyed_on = absl::StrCat("2025-09-", 10 + static_cast<int>(i % 10));
      if (surveyed_on > date) continue;
      ++e.classified;
      std::string c = DecreeClass(h.income_per_person_month_dong, h.deprived_indicators.size());
      if (h.household_id == scenario_.complained_household &&
          scenario_.complaint_resolved_on <= date) {
        c = DecreeClass(scenario_.corrected_income, scenario_.corrected_deprived.size());
      }
      e.poor += c == "poor";
      e.near_poor += c == "near_poor";
    }
    return e;
  }

  ::minhbach::testing::TempDir key_dir_;
  ::minhbach::testing::TestServer server_;
  HouseholdsScenario scenario_;
  clients::ImportSummary last_summary_;
};

TEST_F(HouseholdsReviewTest, RatesFromTheRegisterAsOfSeveralDates) {
  const uint64_t end = Import();
  ASSERT_GT(end, 600u);
  EXPECT_EQ(last_summary_.written, scenario_.file.steps_size());
  // The complaint really changes a result, from near-poor to poor.
  EXPECT_LT(ExpectedBy("2025-10-07").poor, ExpectedBy("2025-10-31").poor);
  EXPECT_GT(ExpectedBy("2025-09-30").poor, 0);

  for (const char* date :
       {"2025-08-14", "2025-08-31", "2025-09-12", "2025-09-30", "2025-10-07", "2025-10-31"}) {
    SCOPED_TRACE(date);
    const v1::HouseholdTargets targets = Targets(date, end);
    const Expected e = ExpectedBy(date);
    const int households = std::string(date) < scenario_.registered_on ? 0 : 300;
    EXPECT_EQ(targets.commune().households(), households);
    EXPECT_EQ(targets.commune().classified(), e.classified);
    EXPECT_EQ(targets.commune().poor(), e.poor);
    EXPECT_EQ(targets.commune().near_poor(), e.near_poor);
    const int expected_bp = households == 0 ? 0 : static_cast<int>(std::lround(e.poor * 1e4 / 300));
    EXPECT_EQ(targets.commune().poor_rate_bp(), expected_bp);
    EXPECT_EQ(targets.commune().near_poor_rate_bp(),
              households == 0 ? 0 : static_cast<int>(std::lround(e.near_poor * 1e4 / 300)));
    ASSERT_EQ(targets.villages_size(), households == 0 ? 0 : 1);
    if (households > 0) {
      EXPECT_EQ(targets.villages(0).poor(), e.poor);
    }
  }

  // The complained household's history, before and after the resolution.
  auto history_of = [this](const v1::HouseholdRegister& reg) {
    for (const auto& h : reg.households()) {
      if (h.household_id() == scenario_.complained_household) {
        return std::vector<std::string>(h.history().begin(), h.history().end());
      }
    }
    return std::vector<std::string>();
  };
  EXPECT_EQ(history_of(Register("2025-10-07", end)),
            (std::vector<std::string>{"RV-2025-thon-1:near_poor"}));
  EXPECT_EQ(history_of(Register("", end)),
            (std::vector<std::string>{"RV-2025-thon-1:near_poor", "RV-2025-thon-1:poor"}));

  // Importing again writes nothing: every step, personal data included, is
  // recognised as recorded.
  Import();
  EXPECT_EQ(last_summary_.written, 0);
  EXPECT_EQ(last_summary_.already_recorded, scenario_.file.steps_size());
}

TEST_F(HouseholdsReviewTest, NoGeneratedNameOrIdNumberInTheLogOrTheReads) {
  const uint64_t end = Import();
  std::string everything;
  absl::StatusOr<std::vector<storage::StoredEvent>> events = server_.log().ReadAll(0, 100000);
  ASSERT_TRUE(events.ok()) << events.status();
  for (const storage::StoredEvent& e : *events) everything += e.raw;
  everything += Register("", end).SerializeAsString();
  everything += Targets("", end).SerializeAsString();
  int found = 0;
  for (const ScenarioHousehold& h : scenario_.households) {
    found += absl::StrContains(everything, h.head_name);
    found += absl::StrContains(everything, h.head_id_number);
  }
  EXPECT_EQ(found, 0);
  // The check can fail: the plaintext of one household does contain them.
  v1::HouseholdPersonalData plain;
  plain.set_head_name(scenario_.households[0].head_name);
  EXPECT_TRUE(absl::StrContains(plain.SerializeAsString(), scenario_.households[0].head_name));
}

TEST_F(HouseholdsReviewTest, ComputedFieldsAreNeverTypedAndPersonalDataNeedsAKey) {
  Import();
  auto stub = v1::Households::NewStub(server_.Channel());
  v1::CommandResult result;
  v1::RecordSurveyRequest survey;
  survey.mutable_meta()->set_event_id(std::string(16, 's'));
  survey.mutable_body()->set_review_id(scenario_.review_id);
  survey.mutable_body()->set_household_id("thon-1/H-0001");
  survey.mutable_body()->set_area("urban");
  grpc::Status status = stub->RecordSurvey(server_.Context("coordinator").get(), survey, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  // A village records surveys only for its own households.
  survey.mutable_body()->clear_area();
  survey.mutable_body()->set_household_id("thon-2/H-0001");
  status = stub->RecordSurvey(server_.Context("village").get(), survey, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  // After recognition nothing changes.
  survey.mutable_body()->set_household_id("thon-1/H-0001");
  survey.mutable_body()->set_surveyed_on("2025-10-20");
  status = stub->RecordSurvey(server_.Context("coordinator").get(), survey, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "recognized")) << status.error_message();

  v1::ResolveComplaintRequest typed;
  typed.mutable_meta()->set_event_id(std::string(16, 't'));
  typed.mutable_body()->set_review_id(scenario_.review_id);
  typed.mutable_body()->set_complaint_id("K-01");
  typed.mutable_body()->set_new_classification("poor");
  status = stub->ResolveComplaint(server_.Context("coordinator").get(), typed, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();

  // Erasure: recorded, then the key is gone; the household's data cannot be
  // recorded again, and the register says it is erased.
  v1::ErasePersonalDataRequest erase;
  erase.mutable_meta()->set_event_id(std::string(16, 'e'));
  erase.mutable_body()->set_household_id("thon-1/H-0002");
  erase.mutable_body()->set_legal_basis("Luật Bảo vệ dữ liệu cá nhân 2025 (minh họa)");
  status = stub->ErasePersonalData(server_.Context("coordinator").get(), erase, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(server_.server().vault()->IsErasedHousehold("thon-1/H-0002"));
  v1::ChangeHouseholdDetailsRequest change;
  change.mutable_meta()->set_event_id(std::string(16, 'c'));
  change.mutable_body()->set_household_id("thon-1/H-0002");
  change.mutable_body()->set_member_count(3);
  change.mutable_personal()->set_head_name("Tên mới (minh họa)");
  status = stub->ChangeHouseholdDetails(server_.Context("coordinator").get(), change, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  const v1::HouseholdRegister reg = Register("", result.position() + 1);
  bool erased = false;
  for (const auto& h : reg.households()) {
    if (h.household_id() == "thon-1/H-0002") erased = h.personal_data_erased();
  }
  EXPECT_TRUE(erased);
}

TEST(HouseholdsWithoutVaultTest, PersonalDataIsRefusedWithoutAMasterKey) {
  ::minhbach::testing::TestServer server;
  v1::RegisterHouseholdRequest request;
  request.mutable_meta()->set_event_id(std::string(16, 'r'));
  request.mutable_body()->set_household_id("thon-1/H-0001");
  request.mutable_body()->set_village_id("thon-1");
  request.mutable_body()->set_area("rural");
  request.mutable_body()->set_member_count(3);
  request.mutable_personal()->set_head_name("Nguyễn Văn Minh Họa");
  v1::CommandResult result;
  grpc::Status status =
      v1::Households::NewStub(server.Channel())
          ->RegisterHousehold(server.Context("coordinator").get(), request, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "master")) << status.error_message();
  EXPECT_FALSE(absl::StrContains(status.error_message(), "Nguyễn"));
  // Without personal data the household is registered.
  request.clear_personal();
  status = v1::Households::NewStub(server.Channel())
               ->RegisterHousehold(server.Context("coordinator").get(), request, &result);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace minhbach
