// The timeline index against a scratch log: an event that names only an
// assignment is also an event of the assignment's sub-project, a store
// indexed under the earlier rules (no version key, or another version) is
// rebuilt when opened, not trusted, and paging by count and by bytes gives
// exactly what a filter over the whole log gives, from table files and the
// memtable alike.
#include "services/program/timeline_index.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

// Every page size around the index's read chunk, with each filter driving or
// checked, by count and by a byte budget: the positions the pages give, in
// order, are those a scan of the whole log keeps.
TEST(TimelineIndexTest, PagesGiveExactlyWhatAScanKeeps) {
  testing::TempDir dir;
  std::unique_ptr<storage::EventLog> log = testing::OpenScratchLog(dir.path() + "/log");
  ASSERT_NE(log, nullptr);
  for (int i = 0; i < 150; ++i) {
    storage::AppendRequest request;
    request.stream = absl::StrCat("ext/s-", i % 3);
    request.actor = i % 5 == 0 ? "alice" : "bob";
    request.events.push_back({storage::NewRandomUuid(), i % 2 == 0 ? "NoteRecorded" : "NoteFiled",
                              absl::FromUnixSeconds(1700000000 + i * 86400), "", "",
                              std::string(10 + i, 'x')});
    ASSERT_TRUE(log->Append(std::move(request)).ok());
  }
  auto index =
      TimelineIndex::Open(log.get(), dir.path() + "/timeline", false, [](const absl::Status&) {});
  ASSERT_TRUE(index.ok()) << index.status();
  ASSERT_TRUE((*index)->CatchUp().ok());
  std::vector<storage::StoredEvent> all = log->ReadAll(0, 1000).value();
  ASSERT_EQ(all.size(), 150u);

  struct Filter {
    const char* name;
    TimelineQuery query;
    std::function<bool(const v1::EventRecord&)> keeps;
  };
  std::vector<Filter> filters;
  filters.push_back({"all", {}, [](const v1::EventRecord&) { return true; }});
  {
    TimelineQuery q;
    q.entity = "ext/s-1";
    q.actor = "alice";
    filters.push_back({"entity, actor checked", q, [](const v1::EventRecord& r) {
                         return r.stream() == "ext/s-1" && r.actor() == "alice";
                       }});
  }
  {
    TimelineQuery q;
    q.kind = "NoteFiled";
    q.business_from_micros = int64_t{1700000000 + 20 * 86400} * 1000000;
    q.business_to_micros = int64_t{1700000000 + 120 * 86400} * 1000000;
    filters.push_back({"kind, business range checked", q, [q](const v1::EventRecord& r) {
                         return r.event_type() == "NoteFiled" &&
                                r.business_time_micros() >= *q.business_from_micros &&
                                r.business_time_micros() <= *q.business_to_micros;
                       }});
  }
  {
    TimelineQuery q;
    q.actor = "bob";
    q.kind = "NoteRecorded";
    filters.push_back({"actor, kind checked", q, [](const v1::EventRecord& r) {
                         return r.actor() == "bob" && r.event_type() == "NoteRecorded";
                       }});
  }
  for (const Filter& filter : filters) {
    std::vector<uint64_t> expected;
    for (const storage::StoredEvent& e : all) {
      if (filter.keeps(e.record)) expected.push_back(e.record.position());
    }
    for (size_t limit : {1, 7, 31, 32, 33, 64, 1000}) {
      for (size_t max_bytes : {size_t{1}, size_t{900}, SIZE_MAX}) {
        SCOPED_TRACE(absl::StrCat(filter.name, ", limit ", limit, ", max_bytes ", max_bytes));
        TimelineQuery q = filter.query;
        q.limit = limit;
        q.max_bytes = max_bytes;
        std::vector<uint64_t> got;
        for (int pages = 0; pages < 200; ++pages) {
          absl::StatusOr<TimelinePage> page = (*index)->Find(q);
          ASSERT_TRUE(page.ok()) << page.status();
          ASSERT_LE(page->events.size(), limit);
          for (const storage::StoredEvent& e : page->events) got.push_back(e.record.position());
          if (!page->next_position) break;
          ASSERT_FALSE(page->events.empty()) << "a page with nothing in it points further";
          q.from_position = *page->next_position;
        }
        EXPECT_EQ(got, expected);
      }
    }
  }
}

// The index lies in table files and the memtable (reopening flushes what it
// held), each with a bloom filter of the entity, actor or type a key is
// under: a query finds the same events wherever they lie, for names that
// are prefixes of one another, and an unknown entity is still told apart
// from a known one, with its hint.
TEST(TimelineIndexTest, QueriesFindTheSameEventsInTableFilesAndTheMemtable) {
  testing::TempDir dir;
  std::unique_ptr<storage::EventLog> log = testing::OpenScratchLog(dir.path() + "/log");
  ASSERT_NE(log, nullptr);
  const std::string path = dir.path() + "/timeline";
  const char* streams[] = {"ext/a", "ext/ab", "ext/a-b", "ext/b"};
  const char* actors[] = {"al", "alice", "bob"};
  const char* types[] = {"Note", "NoteRecorded", "NoteFiled"};
  int appended = 0;
  auto append = [&](int count) {
    for (int i = 0; i < count; ++i, ++appended) {
      storage::AppendRequest request;
      request.stream = streams[appended % 4];
      request.actor = actors[appended % 3];
      request.events.push_back(
          {storage::NewRandomUuid(), types[(appended / 4) % 3], absl::Now(), "", "", "x"});
      ASSERT_TRUE(log->Append(std::move(request)).ok());
    }
  };
  for (int phase = 0; phase < 3; ++phase) {
    append(40);
    auto index = TimelineIndex::Open(log.get(), path, false, [](const absl::Status&) {});
    ASSERT_TRUE(index.ok()) << index.status();
    ASSERT_TRUE((*index)->CatchUp().ok());
  }
  append(40);  // indexed into the memtable only
  auto index = TimelineIndex::Open(log.get(), path, false, [](const absl::Status&) {});
  ASSERT_TRUE(index.ok()) << index.status();
  ASSERT_TRUE((*index)->CatchUp().ok());
  int table_files = 0;
  for (const auto& file : std::filesystem::directory_iterator(path)) {
    table_files += file.path().extension() == ".sst" ? 1 : 0;
  }
  ASSERT_GE(table_files, 3) << "the index was to lie in several table files";

  std::vector<storage::StoredEvent> all = log->ReadAll(0, 1000).value();
  ASSERT_EQ(all.size(), 160u);
  auto positions = [](const std::vector<storage::StoredEvent>& events, auto keeps) {
    std::vector<uint64_t> kept;
    for (const storage::StoredEvent& e : events) {
      if (keeps(e.record)) kept.push_back(e.record.position());
    }
    return kept;
  };
  auto found = [&](TimelineQuery query) {
    query.limit = 1000;
    absl::StatusOr<TimelinePage> page = (*index)->Find(query);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? positions(page->events, [](const v1::EventRecord&) { return true; })
                     : std::vector<uint64_t>{};
  };
  for (const char* stream : streams) {
    for (const char* type : types) {
      SCOPED_TRACE(absl::StrCat(stream, ", ", type));
      TimelineQuery query;
      query.entity = stream;
      EXPECT_EQ(found(query),
                positions(all, [&](const v1::EventRecord& r) { return r.stream() == stream; }));
      query.kind = type;
      EXPECT_EQ(found(query), positions(all, [&](const v1::EventRecord& r) {
                  return r.stream() == stream && r.event_type() == type;
                }));
    }
  }
  for (const char* actor : actors) {
    TimelineQuery query;
    query.actor = actor;
    EXPECT_EQ(found(query),
              positions(all, [&](const v1::EventRecord& r) { return r.actor() == actor; }))
        << actor;
  }
  for (const char* type : types) {
    TimelineQuery query;
    query.kind = type;
    EXPECT_EQ(found(query),
              positions(all, [&](const v1::EventRecord& r) { return r.event_type() == type; }))
        << type;
  }
  TimelineQuery unknown;
  unknown.entity = "ext/a-";
  absl::StatusOr<TimelinePage> page = (*index)->Find(unknown);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kNotFound) << page.status();
  EXPECT_NE(page.status().message().find("did you mean \"ext/a-b\""), absl::string_view::npos)
      << page.status();

  // An actor who recorded nothing is told apart from one with nothing in the
  // range asked, and named beside those who did record events: first those
  // whose names hold what was typed.
  TimelineQuery nobody;
  nobody.actor = "LIC";
  page = (*index)->Find(nobody);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kNotFound) << page.status();
  EXPECT_NE(page.status().message().find("include \"alice\", \"al\", \"bob\""),
            absl::string_view::npos)
      << page.status();
  TimelineQuery later;
  later.actor = "alice";
  later.from_position = all.size();
  page = (*index)->Find(later);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->events.empty());
}

}  // namespace
}  // namespace minhbach::program
