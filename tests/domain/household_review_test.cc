// The annual review's workflow and the household aggregate: each step in
// order, each refused out of order with a message saying what comes first.
#include "services/domain/household_review.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "minhbach/v1/household_events.pb.h"
#include "services/domain/household.h"
#include "services/domain/standard_publication.h"
#include "tests/domain/domain_test_util.h"

namespace minhbach::domain {
namespace {

using testing::Id;
using testing::MessageHas;

v1::PovertyStandardPublished Standard() {
  v1::PovertyStandardPublished s;
  s.set_standard_id("nd-07-2021");
  s.set_decree("Nghị định 07/2021/NĐ-CP");
  s.set_effective_from("2022-01-01");
  s.set_effective_to("2026-01-01");
  auto* rural = s.add_areas();
  rural->set_area("rural");
  rural->set_poverty_line_dong(1'500'000);
  rural->set_average_ceiling_dong(2'250'000);
  for (const char* id : {"a", "b", "c", "d"}) {
    auto* indicator = s.add_indicators();
    indicator->set_indicator_id(id);
    indicator->set_dimension_id("dim");
  }
  s.set_poor_min_deprivations(3);
  return s;
}

class ReviewTest : public ::testing::Test {
 protected:
  // Decides and applies; returns the events.
  std::vector<DomainEvent> Do(const ReviewCommand& command) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, command);
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return {};
    for (const DomainEvent& e : *events) EXPECT_TRUE(Apply(state_, e).ok());
    return *events;
  }
  absl::Status Refused(const ReviewCommand& command) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, command);
    EXPECT_FALSE(events.ok());
    return events.status();
  }
  void Open() {
    Do(OpenReview{Id(1),
                  "RV-2025",
                  "nd-07-2021",
                  {"thon-1"},
                  {"thon-1/H-0001", "thon-1/H-0002"},
                  "2025-09-01",
                  Standard()});
  }
  RecordSurvey Survey(int n, const std::string& household, int64_t income,
                      std::vector<std::string> deprived) {
    return RecordSurvey{Id(n),        "RV-2025",  household, {income, std::move(deprived)},
                        "2025-09-10", Standard(), "rural"};
  }
  void ThroughPosting() {
    Open();
    Do(Survey(2, "thon-1/H-0001", 1'200'000, {"a", "b", "c"}));
    Do(Survey(3, "thon-1/H-0002", 1'400'000, {"a"}));
    Do(AgreeVillageMeeting{Id(4), "RV-2025", "thon-1", "2025-10-01", 40, "BB-01"});
    Do(PostReviewList{Id(5), "RV-2025", "thon-1", "2025-10-02", "2025-10-09"});
  }
  ReviewState state_;
};

TEST_F(ReviewTest, SurveyWritesTheComputedClassification) {
  Open();
  std::vector<DomainEvent> events = Do(Survey(2, "thon-1/H-0001", 1'500'000, {"a", "b", "c"}));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event_type, kHouseholdSurveyed);
  EXPECT_EQ(events[1].event_type, kHouseholdClassified);
  EXPECT_EQ(events[0].event_id, Id(2));
  EXPECT_NE(events[1].event_id, Id(2));
  EXPECT_EQ(events[1].event_id, DerivedEventId(Id(2), 1));
  auto classified = PayloadAs<v1::HouseholdClassified>(events[1]);
  ASSERT_TRUE(classified.ok());
  EXPECT_EQ(classified->classification(), "poor");  // at the line, exactly 3 deprivations
  EXPECT_EQ(classified->standard_id(), "nd-07-2021");
  EXPECT_EQ(state_.households.at("thon-1/H-0001").classification, "poor");
  // The same command again is a retry: no new events.
  absl::StatusOr<std::vector<DomainEvent>> again =
      Decide(state_, Survey(2, "thon-1/H-0001", 1'500'000, {"a", "b", "c"}));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

// Found by the review scenario: an import's event id (SHA-256 bytes) whose
// byte 6 already had the nibble an earlier derivation set got itself back.
TEST(DerivedEventIdTest, AlwaysAnotherIdForEveryByteValue) {
  for (int b = 0; b < 256; ++b) {
    std::string id(16, '\0');
    id[6] = static_cast<char>(b);
    id[15] = static_cast<char>(255 - b);
    EXPECT_NE(DerivedEventId(id, 1), id) << b;
    EXPECT_NE(DerivedEventId(id, 2), id) << b;
    EXPECT_NE(DerivedEventId(id, 1), DerivedEventId(id, 2)) << b;
    EXPECT_EQ(DerivedEventId(id, 1).size(), 16u);
  }
}

TEST_F(ReviewTest, StepsOutOfOrderAreRefusedSayingWhatComesFirst) {
  EXPECT_TRUE(MessageHas(Refused(Survey(2, "thon-1/H-0001", 1, {})), "open it first"));
  v1::PovertyStandardPublished unpublished;
  EXPECT_TRUE(MessageHas(Refused(OpenReview{Id(1),
                                            "RV-2025",
                                            "nd-07-2021",
                                            {"thon-1"},
                                            {"thon-1/H-0001"},
                                            "2025-09-01",
                                            unpublished}),
                         "publish it first"));
  EXPECT_TRUE(MessageHas(
      Refused(OpenReview{
          Id(1), "RV-2025", "nd-07-2021", {"thon-1"}, {"thon-1/H-0001"}, "2026-02-01", Standard()}),
      "not on 2026-02-01"));
  Open();
  EXPECT_EQ(Refused(Survey(2, "thon-2/H-0001", 1, {})).code(), absl::StatusCode::kNotFound);
  Do(Survey(2, "thon-1/H-0001", 1'200'000, {"a", "b", "c"}));
  absl::Status meeting =
      Refused(AgreeVillageMeeting{Id(4), "RV-2025", "thon-1", "2025-10-01", 40, ""});
  EXPECT_EQ(meeting.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(meeting, "thon-1/H-0002"));
  EXPECT_TRUE(
      MessageHas(Refused(PostReviewList{Id(5), "RV-2025", "thon-1", "2025-10-02", "2025-10-09"}),
                 "record the meeting first"));
  EXPECT_TRUE(MessageHas(Refused(FileComplaint{Id(6), "RV-2025", "K-1", "thon-1/H-0001",
                                               "thu nhập ghi sai", "2025-10-03"}),
                         "not posted yet"));
  EXPECT_TRUE(MessageHas(Refused(RecognizeReview{Id(9), "RV-2025", "QĐ-1", "2025-11-01"}),
                         "post every village's list first"));
  Do(Survey(3, "thon-1/H-0002", 1'400'000, {"a"}));
  Do(AgreeVillageMeeting{Id(4), "RV-2025", "thon-1", "2025-10-01", 40, ""});
  EXPECT_TRUE(MessageHas(Refused(Survey(7, "thon-1/H-0001", 1, {})), "through a complaint"));
}

TEST_F(ReviewTest, ComplaintChangingAResultNeedsAReason) {
  ThroughPosting();
  EXPECT_TRUE(MessageHas(
      Refused(FileComplaint{Id(6), "RV-2025", "K-1", "thon-1/H-0002", "sai", "2025-10-10"}),
      "outside the complaint window"));
  Do(FileComplaint{Id(6), "RV-2025", "K-1", "thon-1/H-0002", "thiếu hụt bị bỏ sót", "2025-10-05"});
  EXPECT_TRUE(MessageHas(Refused(RecognizeReview{Id(9), "RV-2025", "QĐ-1", "2025-10-20"}),
                         "K-1 are not resolved"));
  ResolveComplaint resolve{Id(7),
                           "RV-2025",
                           "K-1",
                           "upheld",
                           "",
                           "2025-10-12",
                           SurveyAnswers{1'400'000, {"a", "b", "c"}},
                           Standard(),
                           "rural"};
  absl::Status no_reason = Refused(resolve);
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MessageHas(no_reason, "from near_poor to poor"));
  resolve.reason = "Tổ rà soát xác minh lại: hộ thiếu hụt BHYT và nhà tiêu";
  std::vector<DomainEvent> events = Do(resolve);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event_type, kComplaintResolved);
  EXPECT_EQ(events[2].event_type, kHouseholdClassified);
  auto classified = PayloadAs<v1::HouseholdClassified>(events[2]);
  EXPECT_EQ(classified->reason(), resolve.reason);
  EXPECT_EQ(state_.households.at("thon-1/H-0002").history,
            (std::vector<std::string>{"near_poor", "poor"}));
  EXPECT_TRUE(MessageHas(Refused(RecognizeReview{Id(9), "RV-2025", "QĐ-1", "2025-10-09"}),
                         "recognize after it closes"));
  Do(RecognizeReview{Id(9), "RV-2025", "QĐ-1", "2025-10-20"});
  EXPECT_TRUE(MessageHas(
      Refused(FileComplaint{Id(10), "RV-2025", "K-2", "thon-1/H-0001", "x", "2025-10-05"}),
      "nothing changes after"));
}

TEST_F(ReviewTest, AResurveyThatKeepsTheResultNeedsNoReason) {
  ThroughPosting();
  Do(FileComplaint{Id(6), "RV-2025", "K-1", "thon-1/H-0001", "xin xem lại", "2025-10-05"});
  std::vector<DomainEvent> events =
      Do(ResolveComplaint{Id(7), "RV-2025", "K-1", "upheld", "", "2025-10-06",
                          SurveyAnswers{1'100'000, {"a", "b", "c", "d"}}, Standard(), "rural"});
  ASSERT_EQ(events.size(), 2u);  // resolved + corrected survey, no reclassification
  EXPECT_EQ(state_.households.at("thon-1/H-0001").history, (std::vector<std::string>{"poor"}));
  EXPECT_EQ(
      Refused(ResolveComplaint{
                  Id(8), "RV-2025", "K-1", "rejected", "", "2025-10-06", std::nullopt, {}, ""})
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

class HouseholdTest : public testing::AggregateTest<HouseholdState, HouseholdCommand> {};

TEST_F(HouseholdTest, RegisterSupportErase) {
  Do(RegisterHousehold{Id(1), "thon-1/H-0001", "thon-1", "rural", 4, "sealed"});
  EXPECT_EQ(Refused(RegisterHousehold{Id(2), "thon-1/H-0001", "thon-1", "rural", 4, ""}).code(),
            absl::StatusCode::kAlreadyExists);
  GiveSupport cash{Id(3),        "thon-1/H-0001", "S-1",   "DA3-TDA1", "training",
                   "2025-03-01", 500'000,         "GN-01", "",         false};
  EXPECT_TRUE(MessageHas(Refused(cash), "record the disbursement first"));
  cash.disbursement_exists = true;
  Do(cash);
  GiveSupport no_link{Id(4),        "thon-1/H-0001", "S-2", "DA3-TDA1", "training",
                      "2025-03-01", 500'000,         "",    "",         true};
  EXPECT_TRUE(MessageHas(Refused(no_link), "disbursement_id"));
  Do(GiveSupport{Id(5), "thon-1/H-0001", "S-2", "DA6-TDA1", "seedlings", "2025-04-01", 0, "",
                 "200 cây keo giống", false});
  EXPECT_EQ(state_.support.size(), 2u);
  Do(ErasePersonalData{Id(6), "thon-1/H-0001", "Luật BVDLCN 2025, Điều 16", "coordinator"});
  EXPECT_TRUE(state_.erased);
  EXPECT_TRUE(MessageHas(Refused(ErasePersonalData{Id(7), "thon-1/H-0001", "again", "coordinator"}),
                         "already"));
  EXPECT_TRUE(MessageHas(
      Refused(ChangeHouseholdDetails{Id(8), "thon-1/H-0001", "new-sealed", 3, ""}), "erased"));
  Do(ChangeHouseholdDetails{Id(8), "thon-1/H-0001", "", 3, ""});
  EXPECT_EQ(state_.member_count, 3);
}

TEST_F(HouseholdTest, HouseholdIdsArePseudonyms) {
  EXPECT_TRUE(ValidateHouseholdId("thon-1/H-0001", "thon-1").ok());
  EXPECT_FALSE(ValidateHouseholdId("thon-1/Nguyen Van A", "thon-1").ok());
  EXPECT_FALSE(ValidateHouseholdId("thon-1/H-001", "").ok());
  EXPECT_FALSE(ValidateHouseholdId("thon-2/H-0001", "thon-1").ok());
  EXPECT_FALSE(ValidateHouseholdId("H-0001", "").ok());
  EXPECT_EQ(Refused(RegisterHousehold{Id(1), "thon-1/H-0001", "thon-1", "hill", 4, ""}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Refused(GiveSupport{Id(3), "thon-1/H-0001", "S-1", "DA3-TDA1", "training", "2025-03-01",
                                0, "", "vở", false})
                .code(),
            absl::StatusCode::kNotFound);
}

TEST(StandardPublicationTest, PublishedOnce) {
  StandardState state;
  auto events = Decide(state, PublishStandard{Id(1), Standard()});
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_TRUE(Apply(state, events->front()).ok());
  EXPECT_EQ(state.standard.standard_id(), "nd-07-2021");
  EXPECT_EQ(Decide(state, PublishStandard{Id(2), Standard()}).status().code(),
            absl::StatusCode::kAlreadyExists);
  v1::PovertyStandardPublished bad = Standard();
  bad.clear_areas();
  EXPECT_EQ(Decide(StandardState(), PublishStandard{Id(3), bad}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace minhbach::domain
