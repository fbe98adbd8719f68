// "As of" answers against their definitions: as of position p equals the
// fold of a log truncated to p; as of a recorded time equals as of the
// number of events recorded by then; as of a business date equals the fold,
// in log order, of exactly the events that had happened by the end of that
// day. Snapshots are frequent here, so every path from a snapshot is taken.
#include <random>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "services/program/program_streams.h"
#include "services/program/projection.h"
#include "storage/clock.h"
#include "tests/program/program_test_util.h"
#include "tests/program/random_program.h"
#include "tests/temp_dir.h"

namespace minhbach::program {
namespace {

using ::minhbach::testing::CopyEvents;
using ::minhbach::testing::FoldFromZero;
using ::minhbach::testing::OpenScratchLog;
using ::minhbach::testing::RandomProgram;
using ::minhbach::testing::TempDir;

// Each reading advances one second: recorded times are distinct and known.
class SteppingClock : public storage::Clock {
 public:
  absl::Time Now() override { return now_ += absl::Seconds(1); }

 private:
  absl::Time now_ = absl::FromUnixSeconds(1'700'000'000);
};

class AsOfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = OpenScratchLog(dir_.path() + "/log", &clock_);
    ASSERT_NE(log_, nullptr);
    RandomProgram program(log_.get(), 99);
    program.Setup();
    for (int i = 0; i < 500; ++i) program.Step();
    ProjectionOptions options;
    options.snapshot_interval = 13;
    options.batch = 10;
    absl::StatusOr<std::unique_ptr<Projection>> projection =
        Projection::Open(log_.get(), dir_.path() + "/projections", options);
    ASSERT_TRUE(projection.ok()) << projection.status();
    projection_ = *std::move(projection);
    ASSERT_TRUE(projection_->CatchUp().ok());
    absl::StatusOr<uint64_t> snapshots = projection_->store().SnapshotCount();
    ASSERT_TRUE(snapshots.ok());
    ASSERT_GT(*snapshots, 5u) << "the test wants snapshots to start from";
  }

  std::string AsOfPositionBytes(uint64_t position) {
    absl::StatusOr<ProgramState> state = projection_->AsOfPosition(position);
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? SerializeState(*state) : "";
  }

  TempDir dir_;
  SteppingClock clock_;
  std::unique_ptr<storage::EventLog> log_;
  std::unique_ptr<Projection> projection_;
};

TEST_F(AsOfTest, AtAPositionEqualsTheFoldOfTheLogTruncatedThere) {
  const uint64_t size = log_->Size();
  std::vector<uint64_t> positions = {0, 1, 12, 13, 14, size / 3, size / 2, size - 1, size};
  std::mt19937 rng(3);
  for (int i = 0; i < 6; ++i) positions.push_back(rng() % (size + 1));
  for (uint64_t p : positions) {
    TempDir truncated_dir;
    std::unique_ptr<storage::EventLog> truncated = OpenScratchLog(truncated_dir.path() + "/log");
    absl::StatusOr<std::vector<storage::StoredEvent>> prefix = log_->ReadAll(0, p);
    ASSERT_TRUE(prefix.ok());
    CopyEvents(*prefix, *truncated);
    ASSERT_EQ(truncated->Size(), p);
    EXPECT_EQ(AsOfPositionBytes(p), SerializeState(FoldFromZero(*truncated, p)))
        << "as of position " << p << " of " << size;
  }
}

TEST_F(AsOfTest, BeyondTheLogIsInvalidArgument) {
  absl::StatusOr<ProgramState> state = projection_->AsOfPosition(log_->Size() + 1);
  EXPECT_EQ(state.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AsOfTest, AtARecordedTimeEqualsAsOfTheEventsRecordedByThen) {
  absl::StatusOr<std::vector<storage::StoredEvent>> all = log_->ReadAll(0, log_->Size());
  ASSERT_TRUE(all.ok());
  const int64_t first = all->front().record.recorded_time_micros();
  const int64_t last = all->back().record.recorded_time_micros();
  std::mt19937 rng(4);
  for (int64_t t : {first - 1, first, first + 500'000, last - 1, last, last + 1,
                    first + static_cast<int64_t>(rng() % (last - first)),
                    first + static_cast<int64_t>(rng() % (last - first))}) {
    uint64_t recorded_by_then = 0;
    for (const storage::StoredEvent& e : *all) {
      recorded_by_then += e.record.recorded_time_micros() <= t ? 1 : 0;
    }
    absl::StatusOr<ProgramState> state = projection_->AsOfRecordedTime(t);
    ASSERT_TRUE(state.ok()) << state.status();
    EXPECT_EQ(state->position, recorded_by_then) << t;
    EXPECT_EQ(SerializeState(*state), AsOfPositionBytes(recorded_by_then)) << t;
  }
}

TEST_F(AsOfTest, AtABusinessDateEqualsTheInOrderFoldOfWhatHadHappenedByThen) {
  absl::StatusOr<std::vector<storage::StoredEvent>> all = log_->ReadAll(0, log_->Size());
  ASSERT_TRUE(all.ok());
  int late = 0;
  int64_t running_max = INT64_MIN;
  for (const storage::StoredEvent& e : *all) {
    if (!ParseProgramStream(e.record.stream())) continue;
    late += e.record.business_time_micros() < running_max ? 1 : 0;
    running_max = std::max(running_max, e.record.business_time_micros());
  }
  ASSERT_GT(late, 20) << "the random program should record many facts late";

  for (const char* date : {"2023-12-31", "2024-01-01", "2024-03-15", "2024-06-30", "2024-09-30",
                           "2024-11-02", "2024-12-31", "2025-01-01"}) {
    absl::CivilDay day;
    ASSERT_TRUE(absl::ParseCivilTime(date, &day));
    const int64_t end = absl::ToUnixMicros(absl::FromCivil(day + 1, absl::UTCTimeZone()));
    ProgramState expected;
    for (const storage::StoredEvent& e : *all) {
      if (e.record.business_time_micros() < end) ApplyRecord(expected, e.record);
    }
    expected.position = log_->Size();
    absl::StatusOr<ProgramState> state = projection_->AsOfBusinessDate(date);
    ASSERT_TRUE(state.ok()) << state.status();
    EXPECT_EQ(SerializeState(*state), SerializeState(expected)) << "as of " << date;
  }
  // By the last date everything had happened: the current state.
  absl::StatusOr<ProgramState> everything = projection_->AsOfBusinessDate("2025-01-01");
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->assignments.size(), FoldFromZero(*log_, log_->Size()).assignments.size());
}

TEST_F(AsOfTest, AMalformedBusinessDateIsInvalidArgument) {
  for (const char* bad : {"", "2024-13-01", "30/06/2024", "2024-06-30T00:00"}) {
    EXPECT_EQ(projection_->AsOfBusinessDate(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace minhbach::program
