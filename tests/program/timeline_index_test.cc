// The timeline index against a scratch log: an event that names only an
// assignment is also an event of the assignment's sub-project, and a store
// indexed under the earlier rules (no version key, or another version) is
// rebuilt when opened, not trusted.
#include "services/program/timeline_index.h"

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_events.pb.h"
#include "rocksdb/write_batch.h"
#include "storage/format.h"
#include "storage/side_store.h"
#include "storage/uuid.h"
#include "tests/program/program_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::program {
namespace {

void Append(storage::EventLog& log, const std::string& stream, const std::string& type,
            const google::protobuf::Message& payload) {
  storage::AppendRequest request;
  request.stream = stream;
  request.actor = "test";
  request.events.push_back(
      {storage::NewRandomUuid(), type, absl::Now(), "", "", payload.SerializeAsString()});
  ASSERT_TRUE(log.Append(std::move(request)).ok());
}

size_t EventsOf(const TimelineIndex& index, const std::string& entity) {
  TimelineQuery query;
  query.entity = entity;
  absl::StatusOr<TimelinePage> page = index.Find(query);
  EXPECT_TRUE(page.ok()) << page.status();
  return page.ok() ? page->events.size() : 0;
}

TEST(TimelineIndexTest, Issue12_AnIndexOfTheEarlierRulesIsRebuiltUnderTheVersionKey) {
  testing::TempDir dir;
  std::unique_ptr<storage::EventLog> log = testing::OpenScratchLog(dir.path() + "/log");
  ASSERT_NE(log, nullptr);
  v1::AssignmentMade made;
  made.set_assignment_id("A-1");
  made.set_subproject_id("SP-1");
  Append(*log, "program/assignment/A-1", "AssignmentMade", made);
  v1::AssignmentAccepted accepted;
  accepted.set_assignment_id("A-1");
  accepted.set_by_unit("unit");
  Append(*log, "program/assignment/A-1", "AssignmentAccepted", accepted);
  const std::string path = dir.path() + "/timeline";
  {
    auto index = TimelineIndex::Open(log.get(), path, false, [](const absl::Status&) {});
    ASSERT_TRUE(index.ok()) << index.status();
    ASSERT_TRUE((*index)->CatchUp().ok());
    // The acceptance names only the assignment; it belongs to SP-1 through it.
    EXPECT_EQ(EventsOf(**index, "SP-1"), 2);
  }
  {
    // As version 1 left it: no version key, and the acceptance under A-1 only.
    auto store = storage::SideStore::Open(path, "the timeline index", {});
    ASSERT_TRUE(store.ok()) << store.status();
    rocksdb::WriteBatch batch;
    batch.Delete("v");
    batch.Delete(std::string("eSP-1\0", 6) + storage::format::EncodeUint64(1));
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  auto index = TimelineIndex::Open(log.get(), path, false, [](const absl::Status&) {});
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ((*index)->position(), 0) << "an index of the earlier rules was trusted";
  ASSERT_TRUE((*index)->CatchUp().ok());
  EXPECT_EQ(EventsOf(**index, "SP-1"), 2);
}

}  // namespace
}  // namespace minhbach::program
