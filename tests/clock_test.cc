// Issue 11, finding 14 (in part): the program's commands and its "today"
// take time from the one clock the server is given, so day boundaries are
// testable. The commune's day is Việt Nam time (UTC+7): an assignment due
// on 2024-11-15 becomes overdue at 00:00 of 2024-11-16 in Việt Nam, which is
// 17:00 UTC on 2024-11-15.
#include "storage/clock.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "storage/uuid.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::TestServer;

// A clock that stands still until told to move.
class FakeClock final : public storage::Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() override {
    absl::MutexLock lock(&mutex_);
    return now_;
  }
  void Set(absl::Time now) {
    absl::MutexLock lock(&mutex_);
    now_ = now;
  }

 private:
  absl::Mutex mutex_;
  absl::Time now_ ABSL_GUARDED_BY(mutex_);
};

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), absl::UTCTimeZone());
}

services::ServerOptions WithClock(storage::Clock* clock) {
  services::ServerOptions options;
  options.clock = clock;
  return options;
}

class Finding14ClockTest : public ::testing::Test {
 protected:
  Finding14ClockTest() : server_(WithClock(&clock_)) {}

  void SetUp() override {
    auto setup = v1::ProgramSetup::NewStub(server_.Channel());
    v1::IssuePlanRequest plan;
    plan.mutable_meta()->set_event_id(storage::NewRandomUuid());
    plan.mutable_body()->set_plan_id("KH-2024");
    plan.mutable_body()->set_document_number("12/KH-UBND");
    plan.mutable_body()->set_issued_date("2024-01-15");
    plan.mutable_body()->set_issuer("UBND xã");
    plan.mutable_body()->set_legal_basis("Quyết định 90/QĐ-TTg");
    plan.mutable_body()->set_title("Kế hoạch 2024");
    v1::CommandResult result;
    ASSERT_TRUE(setup->IssuePlan(server_.Context("coordinator").get(), plan, &result).ok());
    v1::RegisterSubProjectRequest subproject;
    subproject.mutable_meta()->set_event_id(storage::NewRandomUuid());
    subproject.mutable_body()->set_plan_id("KH-2024");
    subproject.mutable_body()->set_subproject_id("DA3-TDA3");
    subproject.mutable_body()->set_name("Việc làm");
    subproject.mutable_body()->set_funding_source("central-budget");
    ASSERT_TRUE(
        setup->RegisterSubProject(server_.Context("coordinator").get(), subproject, &result).ok());
    // No business date: the command's day is the clock's.
    v1::MakeAssignmentRequest make;
    make.mutable_meta()->set_event_id(storage::NewRandomUuid());
    make.mutable_body()->set_assignment_id("DA3-TDA3-01");
    make.mutable_body()->set_subproject_id("DA3-TDA3");
    make.mutable_body()->add_lead_units("ldtbxh");
    make.mutable_body()->set_due_date("2024-11-15");
    grpc::Status made = v1::Assignments::NewStub(server_.Channel())
                            ->MakeAssignment(server_.Context("coordinator").get(), make, &result);
    ASSERT_TRUE(made.ok()) << made.error_message();
    made_position_ = result.position();
    ASSERT_TRUE(server_.server()
                    .projection()
                    .WaitForPosition(server_.log().Size(), absl::Now() + absl::Seconds(30))
                    .ok());
  }

  v1::Dashboard Dashboard() {
    v1::Dashboard dashboard;
    grpc::Status status = v1::ProgramStatus::NewStub(server_.Channel())
                              ->GetDashboard(server_.Context("district").get(), {}, &dashboard);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return dashboard;
  }

  // 23:59 on 2024-11-15 in Việt Nam.
  FakeClock clock_{Utc(2024, 11, 15, 16, 59)};
  TestServer server_;
  uint64_t made_position_ = 0;
};

TEST_F(Finding14ClockTest, TheAssignmentBecomesOverdueAtMidnightInVietNam) {
  v1::Dashboard before = Dashboard();
  EXPECT_EQ(before.basis().reference_date(), "2024-11-15");
  EXPECT_EQ(before.overdue_assignments_size(), 0);

  clock_.Set(Utc(2024, 11, 15, 17, 1));  // 00:01 on 2024-11-16 in Việt Nam; still the 15th in UTC
  v1::Dashboard after = Dashboard();
  EXPECT_EQ(after.basis().reference_date(), "2024-11-16");
  ASSERT_EQ(after.overdue_assignments_size(), 1);
  EXPECT_EQ(after.overdue_assignments(0).assignment_id(), "DA3-TDA3-01");
  EXPECT_EQ(after.overdue_assignments(0).days_overdue(), 1);
}

TEST_F(Finding14ClockTest, ACommandWithoutADateGetsTheClocksDayInVietNam) {
  absl::StatusOr<storage::StoredEvent> made = server_.log().GetEvent(made_position_);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(made->record.event_type(), "AssignmentMade");
  EXPECT_EQ(absl::FromUnixMicros(made->record.business_time_micros()), Utc(2024, 11, 15, 0, 0));
  EXPECT_EQ(absl::FromUnixMicros(made->record.recorded_time_micros()), Utc(2024, 11, 15, 16, 59));

  clock_.Set(Utc(2024, 11, 15, 17, 1));  // past midnight in Việt Nam
  v1::RegisterVillageRequest village;
  village.mutable_meta()->set_event_id(storage::NewRandomUuid());
  village.mutable_body()->set_plan_id("KH-2024");
  village.mutable_body()->set_village_id("ban-na-lang");
  village.mutable_body()->set_name("Bản Nà Làng");
  v1::CommandResult result;
  ASSERT_TRUE(v1::ProgramSetup::NewStub(server_.Channel())
                  ->RegisterVillage(server_.Context("coordinator").get(), village, &result)
                  .ok());
  absl::StatusOr<storage::StoredEvent> registered = server_.log().GetEvent(result.position());
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_EQ(absl::FromUnixMicros(registered->record.business_time_micros()),
            Utc(2024, 11, 16, 0, 0));
}

}  // namespace
}  // namespace minhbach
