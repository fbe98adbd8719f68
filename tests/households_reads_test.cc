// Issue 14, phase 2: the reads that open personal data, through a real
// server with a vault and a generated (illustrative) review imported:
// GetHouseholdPersonalData (roles, the access event durable before the
// answer, erased households), GetPostingList (the window, exactly the public
// fields, "đã xoá" for an erased head), and the dashboard's household checks
// (register against the villages' reports).
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "clients/dashboard_text.h"
#include "clients/program_import.h"
#include "clients/text/language.h"
#include "gtest/gtest.h"
#include "minhbach/v1/household_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/domain/poverty_standard.h"
#include "services/program/household_checks.h"
#include "storage/uuid.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"
#include "tests/tools/households_scenario.h"

namespace minhbach {
namespace {

using ::minhbach::testing::HouseholdsScenario;
using ::minhbach::testing::ScenarioHousehold;

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

class HouseholdsReadsTest : public ::testing::Test {
 protected:
  HouseholdsReadsTest()
      : server_(WithMasterKey(key_dir_.Sub("master-key"))),
        scenario_(testing::MakeHouseholdsScenario(SeedStandard(), 30, 20251002)),
        stub_(v1::Households::NewStub(server_.Channel())) {
    std::map<std::string, std::string> tokens;
    for (const char* role : {"coordinator", "village", "supervisor", "district"}) {
      tokens[role] = server_.Token(role);
    }
    absl::StatusOr<clients::ImportSummary> summary = clients::ImportProgram(
        scenario_.file, server_.Channel(), tokens, 30, [](const clients::ImportedStep&) {});
    EXPECT_TRUE(summary.ok()) << summary.status();
    end_ = summary.ok() ? summary->end_position : 0;
  }

  grpc::Status Read(const std::string& role, const std::string& id, const std::string& purpose,
                    v1::HouseholdPersonalDataView& view) {
    v1::HouseholdPersonalDataRequest request;
    request.set_household_id(id);
    request.set_purpose(purpose);
    return stub_->GetHouseholdPersonalData(server_.Context(role).get(), request, &view);
  }

  v1::PostingList Posting(const std::string& role, const std::string& as_of) {
    v1::PostingListRequest request;
    request.set_review_id(scenario_.review_id);
    request.set_village_id(scenario_.village_id);
    request.set_as_of_date(as_of);
    v1::PostingList list;
    grpc::Status status = stub_->GetPostingList(server_.Context(role).get(), request, &list);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return list;
  }

  void Erase(const std::string& id) {
    v1::ErasePersonalDataRequest erase;
    erase.mutable_meta()->set_event_id(std::string(16, 'e'));
    erase.mutable_body()->set_household_id(id);
    erase.mutable_body()->set_legal_basis("Yêu cầu của chủ thể dữ liệu (minh họa)");
    v1::CommandResult result;
    grpc::Status status =
        stub_->ErasePersonalData(server_.Context("coordinator").get(), erase, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  ::minhbach::testing::TempDir key_dir_;
  ::minhbach::testing::TestServer server_;
  HouseholdsScenario scenario_;
  std::unique_ptr<v1::Households::Stub> stub_;
  uint64_t end_ = 0;
};

TEST_F(HouseholdsReadsTest, PersonalDataGoesOutOnlyAfterItsAccessEventIsInTheLog) {
  ASSERT_GT(end_, 30u);
  const ScenarioHousehold& h = scenario_.households[0];
  const uint64_t before = server_.log().Size();
  v1::HouseholdPersonalDataView view;
  grpc::Status status = Read("coordinator", h.household_id, "Xác minh khiếu nại (minh họa)", view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(view.erased());
  EXPECT_EQ(view.personal().head_name(), h.head_name);
  EXPECT_EQ(server_.log().Size(), before + 1);
  // The access event: at the position the answer names, who read whose data
  // and why, durable in the log, with no personal data in it.
  ASSERT_EQ(view.access_position(), before);
  absl::StatusOr<storage::StoredEvent> event = server_.log().GetEvent(view.access_position());
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->record.event_type(), "PersonalDataAccessed");
  EXPECT_EQ(event->record.stream(), "program/household/" + h.household_id);
  EXPECT_FALSE(event->record.actor().empty());
  v1::PersonalDataAccessed accessed;
  ASSERT_TRUE(accessed.ParseFromString(event->record.payload()));
  EXPECT_EQ(accessed.household_id(), h.household_id);
  EXPECT_EQ(accessed.purpose(), "Xác minh khiếu nại (minh họa)");
  EXPECT_GT(accessed.fields_size(), 0);
  EXPECT_FALSE(absl::StrContains(event->raw, h.head_name));
  EXPECT_FALSE(absl::StrContains(event->raw, h.head_id_number));

  // The village reads its own households, and only those.
  view.Clear();
  status = Read("village", h.household_id, "Họp thôn (minh họa)", view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(view.personal().head_name(), h.head_name);
  status = Read("village", "thon-2/H-0001", "Họp thôn", view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();

  // Auditors see pseudonyms; a read without a purpose is refused. Nothing of
  // these is recorded, and no refusal names the household's head.
  const uint64_t after_reads = server_.log().Size();
  for (const char* role : {"supervisor", "district", "implementer", "service", "admin"}) {
    status = Read(role, h.household_id, "Kiểm tra", view);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << role;
    EXPECT_TRUE(absl::StrContains(status.error_message(), "auditors see pseudonyms"))
        << status.error_message();
    EXPECT_FALSE(absl::StrContains(status.error_message(), h.head_name));
  }
  status = Read("coordinator", h.household_id, "", view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  status = Read("coordinator", "Nguyễn Văn A", "Kiểm tra", view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  status = Read("coordinator", "thon-1/H-9999", "Kiểm tra", view);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(server_.log().Size(), after_reads);
}

// An auditor reads a household's personal data only under the coordinator's
// grant to that auditor, while it holds: not before, not for another
// household, not after it is revoked; each read recorded as any other.
TEST_F(HouseholdsReadsTest, AnAuditorReadsPersonalDataOnlyUnderAGrant) {
  const ScenarioHousehold& h = scenario_.households[2];
  const ScenarioHousehold& other = scenario_.households[3];
  auto grant = [&](const std::string& role, const std::string& id, const std::string& grant_id,
                   const std::string& grantee, const std::string& until) {
    v1::GrantPersonalDataAccessRequest request;
    request.mutable_meta()->set_event_id(storage::NewRandomUuid());
    request.mutable_body()->set_household_id(id);
    request.mutable_body()->set_grant_id(grant_id);
    request.mutable_body()->set_grantee(grantee);
    request.mutable_body()->set_purpose("Giám sát rà soát (minh họa)");
    request.mutable_body()->set_until_date(until);
    v1::CommandResult result;
    return stub_->GrantPersonalDataAccess(server_.Context(role).get(), request, &result);
  };
  v1::HouseholdPersonalDataView view;
  grpc::Status status = Read("supervisor", h.household_id, "Giám sát", view);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "household grant"))
      << status.error_message();

  // Only the coordinator grants; a grant that ended is no grant.
  EXPECT_EQ(
      grant("supervisor", h.household_id, "CQ-1", "local-supervisor", "2099-12-31").error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      grant("coordinator", h.household_id, "CQ-1", "local-supervisor", "31/12/2099").error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(grant("coordinator", h.household_id, "CQ-0", "local-supervisor", "2025-01-01").ok());
  EXPECT_EQ(Read("supervisor", h.household_id, "Giám sát", view).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(grant("coordinator", h.household_id, "CQ-1", "local-supervisor", "2099-12-31").ok());
  EXPECT_EQ(
      grant("coordinator", h.household_id, "CQ-1", "local-district", "2099-12-31").error_code(),
      grpc::StatusCode::ALREADY_EXISTS);

  const uint64_t before = server_.log().Size();
  status = Read("supervisor", h.household_id, "Giám sát rà soát", view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(view.personal().head_name(), h.head_name);
  EXPECT_EQ(view.access_position(), before);  // recorded first, as every read
  absl::StatusOr<storage::StoredEvent> access = server_.log().GetEvent(before);
  ASSERT_TRUE(access.ok());
  EXPECT_EQ(access->record.actor(), "local-supervisor");
  // The grant is the supervisor's, for this household only.
  EXPECT_EQ(Read("district", h.household_id, "Kiểm tra", view).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Read("supervisor", other.household_id, "Giám sát", view).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::RevokePersonalDataAccessRequest revoke;
  revoke.mutable_meta()->set_event_id(storage::NewRandomUuid());
  revoke.mutable_body()->set_household_id(h.household_id);
  revoke.mutable_body()->set_grant_id("CQ-1");
  revoke.mutable_body()->set_reason("Đã xong đợt giám sát");
  v1::CommandResult result;
  ASSERT_TRUE(
      stub_->RevokePersonalDataAccess(server_.Context("coordinator").get(), revoke, &result).ok());
  revoke.mutable_meta()->set_event_id(storage::NewRandomUuid());
  EXPECT_EQ(stub_->RevokePersonalDataAccess(server_.Context("coordinator").get(), revoke, &result)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  const uint64_t revoked_at = server_.log().Size();
  EXPECT_EQ(Read("supervisor", h.household_id, "Giám sát", view).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(server_.log().Size(), revoked_at);
}

TEST_F(HouseholdsReadsTest, AnErasedHouseholdAnswersErasedAndRecordsNoAccess) {
  const ScenarioHousehold& h = scenario_.households[1];
  Erase(h.household_id);
  const uint64_t before = server_.log().Size();
  v1::HouseholdPersonalDataView view;
  grpc::Status status = Read("coordinator", h.household_id, "Kiểm tra (minh họa)", view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(view.erased());
  EXPECT_FALSE(view.has_personal());
  EXPECT_EQ(view.access_position(), 0u);
  EXPECT_EQ(server_.log().Size(), before);
}

TEST_F(HouseholdsReadsTest, PostingListHoldsThePublicFieldsDuringTheWindowOnly) {
  // During the window, for every role: every household of the village, its
  // head's name and the classification the register shows.
  v1::RegisterRequest reg_request;
  reg_request.set_village_id(scenario_.village_id);
  reg_request.set_as_of_date(scenario_.complaints_until);
  v1::HouseholdRegister reg;
  ASSERT_TRUE(stub_->GetRegister(server_.Context("supervisor").get(), reg_request, &reg).ok());
  std::map<std::string, std::string> classes;
  for (const auto& r : reg.households()) classes[r.household_id()] = r.classification();
  for (const char* role : {"supervisor", "implementer", "village"}) {
    const v1::PostingList list = Posting(role, scenario_.complaint_filed_on);
    EXPECT_TRUE(list.open()) << role;
    EXPECT_EQ(list.posted_on(), scenario_.posted_on);
    EXPECT_EQ(list.complaints_until(), scenario_.complaints_until);
    ASSERT_EQ(list.entries_size(), 30) << role;
    for (int i = 0; i < list.entries_size(); ++i) {
      const v1::PostingListEntry& e = list.entries(i);
      EXPECT_EQ(e.household_id(), scenario_.households[i].household_id);
      EXPECT_EQ(e.head_name(), scenario_.households[i].head_name);
      EXPECT_FALSE(e.erased());
      EXPECT_FALSE(e.classification().empty());
    }
    // Exactly the public fields: no ID number anywhere in the answer.
    for (const ScenarioHousehold& h : scenario_.households) {
      EXPECT_FALSE(absl::StrContains(list.SerializeAsString(), h.head_id_number));
    }
  }
  EXPECT_EQ(Posting("supervisor", scenario_.complaints_until).entries(0).classification(),
            classes[scenario_.households[0].household_id]);
  // Before the posting, and once the window has closed: nothing.
  for (const char* date : {"2025-10-01", "2025-10-10", "2026-01-01"}) {
    const v1::PostingList list = Posting("supervisor", date);
    EXPECT_FALSE(list.open()) << date;
    EXPECT_EQ(list.entries_size(), 0) << date;
  }
  // An erased head shows as "đã xoá", the others stay.
  Erase(scenario_.households[3].household_id);
  const v1::PostingList list = Posting("supervisor", scenario_.posted_on);
  ASSERT_EQ(list.entries_size(), 30);
  EXPECT_TRUE(list.entries(3).erased());
  EXPECT_EQ(list.entries(3).head_name(), "đã xoá");
  EXPECT_EQ(list.entries(4).head_name(), scenario_.households[4].head_name);
  // Unknown review or village, malformed date.
  v1::PostingListRequest bad;
  bad.set_review_id("RV-none");
  bad.set_village_id(scenario_.village_id);
  v1::PostingList out;
  EXPECT_EQ(stub_->GetPostingList(server_.Context("supervisor").get(), bad, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  bad.set_review_id(scenario_.review_id);
  bad.set_village_id("thon-9");
  EXPECT_EQ(stub_->GetPostingList(server_.Context("supervisor").get(), bad, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  bad.set_village_id(scenario_.village_id);
  bad.set_as_of_date("10/10/2025");
  EXPECT_EQ(stub_->GetPostingList(server_.Context("supervisor").get(), bad, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(HouseholdsReadsTest, DashboardShowsTheRegistersPoorHouseholdRate) {
  v1::StatusRequest request;
  request.set_min_position(end_);
  v1::Dashboard dashboard;
  grpc::Status status =
      v1::ProgramStatus::NewStub(server_.Channel())
          ->GetDashboard(server_.Context("supervisor").get(), request, &dashboard);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::RegisterRequest targets_request;
  v1::HouseholdTargets targets;
  ASSERT_TRUE(
      stub_->GetHouseholdTargets(server_.Context("supervisor").get(), targets_request, &targets)
          .ok());
  ASSERT_EQ(dashboard.household_checks_size(), 1);
  const v1::HouseholdTargetCheck& check = dashboard.household_checks(0);
  EXPECT_EQ(check.target_id(), "poor-household-rate");
  EXPECT_EQ(check.register_numerator(), targets.commune().poor());
  EXPECT_EQ(check.register_denominator(), 30);
  EXPECT_FALSE(check.differs());  // no plan, no report: nothing to compare
}

// The comparison itself, on a state built here: the register's poor
// households against the villages' reported values.
TEST(HouseholdChecksTest, RegisterAgainstReportsOfTheRegistersVillages) {
  program::ProgramState state;
  v1::Dashboard dashboard;
  program::AddHouseholdChecks(state, dashboard);
  EXPECT_EQ(dashboard.household_checks_size(), 0);  // nothing registered

  domain::ReviewState& review = state.reviews["RV-1"];
  review.review_id = "RV-1";
  for (int i = 1; i <= 5; ++i) {
    const std::string id = absl::StrCat("thon-1/H-000", i);
    domain::HouseholdState& h = state.households[id];
    h.registered = true;
    h.household_id = id;
    h.village_id = "thon-1";
    review.households[id].village_id = "thon-1";
    review.households[id].classification = i <= 2 ? "poor" : i == 3 ? "near_poor" : "average";
  }
  v1::TargetStatus& poor = *dashboard.add_targets();
  poor.set_target_id("poor-household-rate");
  poor.set_period("2025-Q4");
  poor.set_unit("hộ");
  v1::VillageValue* reported = poor.add_villages();
  reported->set_village_id("thon-1");
  reported->set_numerator(1);
  reported->set_denominator(5);
  v1::VillageValue* other = poor.add_villages();  // no household registered there
  other->set_village_id("thon-2");
  other->set_numerator(7);
  other->set_denominator(100);
  v1::TargetStatus& near = *dashboard.add_targets();
  near.set_target_id("near-poor-household-rate");
  near.set_unit("hộ");
  v1::VillageValue* near_reported = near.add_villages();
  near_reported->set_village_id("thon-1");
  near_reported->set_numerator(1);
  near_reported->set_denominator(5);

  program::AddHouseholdChecks(state, dashboard);
  ASSERT_EQ(dashboard.household_checks_size(), 2);
  const v1::HouseholdTargetCheck& p = dashboard.household_checks(0);
  EXPECT_EQ(p.target_id(), "poor-household-rate");
  EXPECT_EQ(p.period(), "2025-Q4");
  EXPECT_EQ(p.register_numerator(), 2);
  EXPECT_EQ(p.register_denominator(), 5);
  EXPECT_EQ(p.reported_numerator(), 1);
  EXPECT_EQ(p.reported_denominator(), 5);
  EXPECT_TRUE(p.differs());
  EXPECT_EQ(p.difference_text(), "+1 hộ");
  const v1::HouseholdTargetCheck& n = dashboard.household_checks(1);
  EXPECT_EQ(n.target_id(), "near-poor-household-rate");
  EXPECT_EQ(n.register_numerator(), 1);
  EXPECT_FALSE(n.differs());
  EXPECT_EQ(n.difference_text(), "");

  // A target's report says what the dashboard says, for the period it holds.
  v1::TargetStatus poor_report = dashboard.targets(0);
  program::AddRegisterCheck(state, poor_report);
  ASSERT_TRUE(poor_report.has_register_check());
  EXPECT_EQ(poor_report.register_check().SerializeAsString(), p.SerializeAsString());
  v1::TargetStatus other_target;
  other_target.set_target_id("clean-water");
  program::AddRegisterCheck(state, other_target);
  EXPECT_FALSE(other_target.has_register_check());  // the register does not compute it
  v1::TargetStatus before_registration = dashboard.targets(0);
  program::AddRegisterCheck(program::ProgramState(), before_registration);
  EXPECT_FALSE(before_registration.has_register_check());

  // And the report's text says it, in Vietnamese first, in English on request.
  const std::string vi = clients::TargetText(poor_report);
  EXPECT_NE(vi.find("Đối chiếu sổ hộ:"), std::string::npos) << vi;
  EXPECT_NE(vi.find("Hộ nghèo: sổ hộ 2/5 hộ; thôn báo cáo 1/5 (kỳ 2025-Q4); CHÊNH LỆCH +1 hộ"),
            std::string::npos)
      << vi;
  clients::SetLanguage(clients::Language::kEnglish);
  const std::string en = clients::TargetText(poor_report);
  clients::SetLanguage(clients::Language::kVietnamese);
  EXPECT_NE(en.find("Poor households: register 2/5 households; reported 1/5 (period 2025-Q4); "
                    "DIFFERS by +1 hộ"),
            std::string::npos)
      << en;
  EXPECT_EQ(clients::TargetText(other_target).find("Đối chiếu sổ hộ"), std::string::npos);
}

}  // namespace
}  // namespace minhbach
