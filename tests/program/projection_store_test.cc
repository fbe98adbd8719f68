// The projection store: its late-event index (one row a batch; a resume
// from a snapshot that indexes the same events again in other batches must
// not list an event twice or lose one), and a store of another format.
#include "services/program/projection_store.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/program/program_streams.h"
#include "services/program/projection.h"
#include "tests/program/program_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::program {
namespace {

using ::minhbach::testing::TempDir;

class LateIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 rng(17);
    int64_t running_max = INT64_MIN;
    for (uint64_t position = 0; position < 200; ++position) {
      v1::EventRecord& record = records_.emplace_back();
      record.set_position(position);
      // Every fifth event is outside the program and never counts.
      record.set_stream(position % 5 == 4 ? "ext/notes" : BudgetStream("DA1"));
      record.set_business_time_micros(static_cast<int64_t>(position) * 1000 -
                                      static_cast<int64_t>(rng() % 4) * 5000);
      if (!ParseProgramStream(record.stream())) continue;
      if (record.business_time_micros() < running_max) late_.push_back(position);
      running_max = std::max(running_max, record.business_time_micros());
    }
    ASSERT_GT(late_.size(), 40u) << "the test wants many late events";
    absl::StatusOr<std::unique_ptr<ProjectionStore>> store =
        ProjectionStore::Open(dir_.path() + "/store");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Indexes [from, to) in batches of `batch`, as a fold from `from` would.
  void IndexInBatches(uint64_t from, uint64_t to, uint64_t batch) {
    int64_t running_max = INT64_MIN;
    for (uint64_t p = 0; p < from; ++p) {
      if (ParseProgramStream(records_[p].stream())) {
        running_max = std::max(running_max, records_[p].business_time_micros());
      }
    }
    for (uint64_t start = from; start < to; start += batch) {
      std::vector<const v1::EventRecord*> records;
      for (uint64_t p = start; p < std::min(to, start + batch); ++p)
        records.push_back(&records_[p]);
      absl::StatusOr<int64_t> advanced = store_->Index(records, running_max, nullptr);
      ASSERT_TRUE(advanced.ok()) << advanced.status();
      running_max = *advanced;
    }
  }

  std::vector<uint64_t> Late(uint64_t from, uint64_t to, int64_t end = INT64_MAX) {
    absl::StatusOr<std::vector<uint64_t>> late = store_->LateEventsBefore(from, to, end);
    EXPECT_TRUE(late.ok()) << late.status();
    return late.value_or(std::vector<uint64_t>());
  }

  std::vector<uint64_t> Expected(uint64_t from, uint64_t to, int64_t end = INT64_MAX) {
    std::vector<uint64_t> out;
    for (uint64_t p : late_) {
      if (p >= from && p < to && records_[p].business_time_micros() < end) out.push_back(p);
    }
    return out;
  }

  TempDir dir_;
  std::vector<v1::EventRecord> records_;
  std::vector<uint64_t> late_;
  std::unique_ptr<ProjectionStore> store_;
};

TEST_F(LateIndexTest, ListsEachLateEventOnceForAnyRangeAndDay) {
  // An aggregate row sorts just before the late rows: a search that starts
  // before the first of them must not stop there.
  SnapshotToWrite snapshot;
  snapshot.changed.emplace_back(BudgetStream("DA1"), "aggregate bytes");
  ASSERT_TRUE(store_->Index({}, INT64_MIN, &snapshot).ok());
  IndexInBatches(0, 200, 10);
  EXPECT_EQ(store_->IndexedPosition().value(), 200u);
  EXPECT_EQ(Late(0, 200), Expected(0, 200));
  for (auto [from, to] :
       {std::pair<uint64_t, uint64_t>{0, 1}, {3, 17}, {10, 20}, {15, 151}, {199, 200}}) {
    EXPECT_EQ(Late(from, to), Expected(from, to)) << from << ".." << to;
    EXPECT_EQ(Late(from, to, 90'000), Expected(from, to, 90'000)) << from << ".." << to;
  }
}

TEST_F(LateIndexTest, AResumeThatIndexesAgainInOtherBatchesNeitherRepeatsNorLoses) {
  IndexInBatches(0, 200, 10);
  // A fold resumes at the snapshot at 60 and reindexes in batches of 7.
  ASSERT_TRUE(store_->ForgetIndexFrom(60).ok());
  EXPECT_EQ(store_->IndexedPosition().value(), 60u);
  EXPECT_EQ(Late(0, 200), Expected(0, 60)) << "nothing after the resume point is listed yet";
  IndexInBatches(60, 200, 7);
  EXPECT_EQ(Late(0, 200), Expected(0, 200));
  EXPECT_EQ(Late(55, 130, 100'000), Expected(55, 130, 100'000));
}

TEST_F(LateIndexTest, AResumeInsideABatchKeepsOnlyThatBatchsEarlierEvents) {
  IndexInBatches(0, 200, 10);
  ASSERT_TRUE(store_->ForgetIndexFrom(65).ok());
  EXPECT_EQ(Late(0, 200), Expected(0, 65));
  IndexInBatches(65, 200, 7);
  EXPECT_EQ(Late(0, 200), Expected(0, 200));
}

TEST_F(LateIndexTest, ABatchIndexedAgainAfterAFailedStepReplacesItsRow) {
  IndexInBatches(0, 50, 10);
  // The step at 50 is retried with a longer batch (the log grew meanwhile).
  IndexInBatches(50, 55, 5);
  IndexInBatches(50, 70, 20);
  EXPECT_EQ(Late(0, 70), Expected(0, 70));
}

TEST(ProjectionStoreFormatTest, AStoreOfAnotherFormatIsReplacedAndTheProjectionSaysSo) {
  TempDir dir;
  const std::string path = dir.path() + "/projections";
  {
    absl::StatusOr<std::unique_ptr<ProjectionStore>> store = ProjectionStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->replaced_format(), "");
    v1::EventRecord record;
    record.set_stream(BudgetStream("DA1"));
    ASSERT_TRUE((*store)->Index({&record}, INT64_MIN, nullptr).ok());
  }
  {  // As an older minhbachd would have left it.
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), path, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "v", "2").ok());
  }
  std::unique_ptr<storage::EventLog> log = testing::OpenScratchLog(dir.path() + "/log");
  ASSERT_NE(log, nullptr);
  std::vector<std::string> warnings;
  ProjectionOptions options;
  options.report = [&warnings](absl::string_view level, absl::string_view message) {
    if (level == "warning") warnings.emplace_back(message);
  };
  absl::StatusOr<std::unique_ptr<Projection>> projection =
      Projection::Open(log.get(), path, options);
  ASSERT_TRUE(projection.ok()) << projection.status();
  EXPECT_EQ((*projection)->store().replaced_format(), "2");
  EXPECT_EQ((*projection)->store().IndexedPosition().value(), 0u) << "the old rows are gone";
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("held projections of format 2"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace minhbach::program
