// Issue 12: every word the server sends for a state, every event type and
// every unit of the seed plan has its Vietnamese; English keeps them as sent.
#include "clients/text/program_words.h"

#include <string>

#include "clients/text/language.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "minhbach/v1/household_events.pb.h"
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "minhbach/v1/supervision_events.pb.h"
#include "services/domain/assignment.h"
#include "services/domain/reporting.h"
#include "services/domain/supervision.h"
#include "services/program/program_status.h"

namespace minhbach::clients {
namespace {

class ProgramWordsTest : public ::testing::Test {
 protected:
  void TearDown() override { SetLanguage(Language::kVietnamese); }
};

// Translated: the Vietnamese differs from the word the server sent.
void ExpectState(absl::string_view state) {
  EXPECT_NE(StateWord(state), state) << "no Vietnamese for the state \"" << state << "\"";
}

TEST_F(ProgramWordsTest, Issue12_EveryStateHasItsVietnamese) {
  using domain::AssignmentStatus;
  for (AssignmentStatus s : {AssignmentStatus::kNone, AssignmentStatus::kMade,
                             AssignmentStatus::kAccepted, AssignmentStatus::kInProgress,
                             AssignmentStatus::kCompleted, AssignmentStatus::kCancelled}) {
    ExpectState(domain::AssignmentStatusName(s));
  }
  using domain::VillageReportStatus;
  for (VillageReportStatus s : {VillageReportStatus::kNone, VillageReportStatus::kSubmitted,
                                VillageReportStatus::kApproved, VillageReportStatus::kReturned}) {
    ExpectState(domain::VillageReportStatusName(s));
  }
  using domain::CommuneReportStatus;
  for (CommuneReportStatus s :
       {CommuneReportStatus::kNone, CommuneReportStatus::kConsolidated,
        CommuneReportStatus::kSentToDistrict, CommuneReportStatus::kAccepted,
        CommuneReportStatus::kReturned, CommuneReportStatus::kReopened}) {
    ExpectState(domain::CommuneReportStatusName(s));
  }
  using domain::FindingStatus;
  for (FindingStatus s : {FindingStatus::kOpen, FindingStatus::kResolved, FindingStatus::kClosed}) {
    ExpectState(domain::FindingStatusName(s));
  }
  using domain::SupervisionStatus;
  for (SupervisionStatus s :
       {SupervisionStatus::kPlanned, SupervisionStatus::kInspected, SupervisionStatus::kClosed}) {
    ExpectState(domain::SupervisionStatusName(s));
  }
  // Sub-project states, assessments (services/program/program_status.cc).
  for (const char* s : {"no assignment", "assigned", "in progress", "completed", "met", "not met",
                        "no data", "overdue", program::kDerivedFromMoney}) {
    ExpectState(s);
  }
  EXPECT_EQ(StateWord("overdue"), "quá hạn");
  EXPECT_EQ(CarryOverWord("open"), "chưa đến hạn");
  EXPECT_EQ(DirectionWord("at-most"), "tối đa");
  EXPECT_EQ(SeverityWord("low"), "thấp");
  EXPECT_EQ(StateWord("a state nobody knows"), "a state nobody knows");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(StateWord("sent to the district"), "sent to the district");
  EXPECT_EQ(DirectionWord("at-least"), "at least");
}

TEST_F(ProgramWordsTest, Issue12_EveryEventTypeHasItsVietnamese) {
  for (const google::protobuf::FileDescriptor* file :
       {v1::PlanIssued::descriptor()->file(), v1::AssignmentMade::descriptor()->file(),
        v1::VillageReportSubmitted::descriptor()->file(),
        v1::SupervisionPlanned::descriptor()->file(),
        v1::HouseholdRegistered::descriptor()->file()}) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      const std::string& type = file->message_type(i)->name();
      // Parts of events, not events.
      if (type == "TargetValue" || type == "PovertyAreaLine" || type == "PovertyIndicator" ||
          type == "HouseholdMember" || type == "HouseholdPersonalData") {
        continue;
      }
      EXPECT_NE(EventTypeWord(type), type) << "no Vietnamese for the event type " << type;
    }
  }
  EXPECT_EQ(EventTypeWord("DisbursementRecorded"), "Ghi nhận giải ngân");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(EventTypeWord("DisbursementRecorded"), "DisbursementRecorded");
}

TEST_F(ProgramWordsTest, Issue12_UnitsByTheirNames) {
  // Every unit deploy/seed/*.json names.
  for (const char* unit : {"ldtbxh", "vhxh", "khuyen-nong", "ban-nganh", "doan-the", "thon",
                           "doanh-nghiep", "co-so-gdnn", "don-vi-lien-quan"}) {
    EXPECT_NE(UnitName(unit), unit) << unit;
  }
  EXPECT_EQ(UnitName("ldtbxh"), "Cán bộ LĐ-TB&XH");
  google::protobuf::RepeatedPtrField<std::string> units;
  units.Add("ldtbxh");
  units.Add("khuyen-nong");
  EXPECT_EQ(UnitNames(units), "Cán bộ LĐ-TB&XH, Cán bộ Khuyến nông");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(UnitName("khuyen-nong"), "Agricultural extension officer");
}

}  // namespace
}  // namespace minhbach::clients
