// Many logs in one process share one memtable budget
// (storage::ShareRocksMemory): four logs written with three times the budget
// keep their memtables together near it (each alone would keep all it was
// given: 64 MiB a log before a flush), and every event still reads back.
// Its own executable: the sharing is process-wide.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/rocks_options.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach {
namespace {

TEST(SharedRocksMemoryTest, ManyLogsKeepTheirMemtablesWithinOneBudget) {
  constexpr size_t kBudget = 4 << 20;
  EXPECT_EQ(storage::SharedMemtableBytes(), 0u);  // not shared yet
  storage::ShareRocksMemory(8 << 20, kBudget);
  testing::TempDir dir;
  std::vector<std::unique_ptr<storage::EventLog>> logs;
  for (int i = 0; i < 4; ++i) logs.push_back(testing::OpenOrDie(absl::StrCat(dir.path(), "/", i)));
  const std::string payload(16 << 10, 'x');
  constexpr int kEventsPerLog = 192;  // 3 MiB a log: 12 MiB, three times the budget
  for (int n = 0; n < kEventsPerLog; ++n) {
    for (auto& log : logs) {
      storage::AppendRequest request =
          testing::MakeAppend("ext/load", storage::ExpectedVersion::Any());
      request.events[0].payload = payload;
      ASSERT_TRUE(log->Append(std::move(request)).ok());
    }
  }
  // Each log alone would hold its 3 MiB in memtables; together they stay
  // near the budget (flushes run while writes go on, hence the margin).
  EXPECT_LT(storage::SharedMemtableBytes(), 2 * kBudget);
  EXPECT_GT(storage::SharedMemtableBytes(), 0u);
  for (auto& log : logs) {
    ASSERT_EQ(log->Size(), static_cast<uint64_t>(kEventsPerLog));
    absl::StatusOr<std::vector<storage::StoredEvent>> events = log->ReadAll(0, kEventsPerLog);
    ASSERT_TRUE(events.ok()) << events.status();
    EXPECT_EQ(events->size(), static_cast<size_t>(kEventsPerLog));
    EXPECT_EQ(events->back().record.payload(), payload);
  }
}

}  // namespace
}  // namespace minhbach
