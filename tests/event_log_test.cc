// Behaviour of the event log through its public interface.
#include "storage/event_log.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using ::minhbach::testing::MakeAppend;
using ::minhbach::testing::MakeEvent;
using ::minhbach::testing::OpenOrDie;
using ::minhbach::testing::TempDir;

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override { log_ = OpenOrDie(dir_.Sub("log")); }

  AppendResult AppendOk(AppendRequest request) {
    absl::StatusOr<AppendResult> result = log_->Append(std::move(request));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : AppendResult{};
  }

  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(EventLogTest, AppendsGetDensePositionsAndStreamVersions) {
  AppendResult a = AppendOk(MakeAppend("a", ExpectedVersion::NoStream(), 3));
  AppendResult b = AppendOk(MakeAppend("b", ExpectedVersion::Any(), 2));
  AppendResult a2 = AppendOk(MakeAppend("a", ExpectedVersion::Exact(2), 1));
  EXPECT_EQ(a.first_position, 0u);
  EXPECT_EQ(a.first_version, 0u);
  EXPECT_EQ(a.count, 3u);
  EXPECT_EQ(b.first_position, 3u);
  EXPECT_EQ(b.first_version, 0u);
  EXPECT_EQ(a2.first_position, 5u);
  EXPECT_EQ(a2.first_version, 3u);
  EXPECT_EQ(log_->Size(), 6u);
  EXPECT_EQ(*log_->StreamVersion("a").value(), 3u);
  EXPECT_FALSE(log_->StreamVersion("c").value().has_value());
}

TEST_F(EventLogTest, StoredRecordHoldsEveryField) {
  AppendRequest request = MakeAppend("s", ExpectedVersion::Any(), 1);
  request.events[0].correlation_id = "corr";
  request.events[0].causation_id = "cause";
  request.actor = "coordinator:lan";
  const NewEvent sent = request.events[0];
  AppendOk(request);
  StoredEvent stored = log_->GetEvent(0).value();
  EXPECT_EQ(stored.record.stream(), "s");
  EXPECT_EQ(stored.record.event_id(), sent.event_id);
  EXPECT_EQ(stored.record.event_type(), "Tested");
  EXPECT_EQ(stored.record.payload(), sent.payload);
  EXPECT_EQ(stored.record.actor(), "coordinator:lan");
  EXPECT_EQ(stored.record.correlation_id(), "corr");
  EXPECT_EQ(stored.record.causation_id(), "cause");
  EXPECT_EQ(stored.record.business_time_micros(), absl::ToUnixMicros(sent.business_time));
  EXPECT_GT(stored.record.recorded_time_micros(), 0);
  EXPECT_EQ(stored.raw, stored.record.SerializeAsString());
  EXPECT_EQ(log_->GetEventById(sent.event_id).value().raw, stored.raw);
}

TEST_F(EventLogTest, NoStreamExpectationFailsOnExistingStreamAndWritesNothing) {
  AppendOk(MakeAppend("a", ExpectedVersion::NoStream(), 2));
  absl::StatusOr<AppendResult> again = log_->Append(MakeAppend("a", ExpectedVersion::NoStream()));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(absl::StrContains(again.status().message(), "is at version 1")) << again.status();
  EXPECT_EQ(log_->Size(), 2u);
}

TEST_F(EventLogTest, ExactExpectationReportsCurrentVersionOnMismatch) {
  AppendOk(MakeAppend("a", ExpectedVersion::Any(), 3));
  absl::StatusOr<AppendResult> stale = log_->Append(MakeAppend("a", ExpectedVersion::Exact(1)));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(absl::StrContains(stale.status().message(), "is at version 2")) << stale.status();
  absl::StatusOr<AppendResult> missing =
      log_->Append(MakeAppend("none", ExpectedVersion::Exact(0)));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "does not exist"));
  EXPECT_EQ(log_->Size(), 3u);
}

TEST_F(EventLogTest, ReappendingSameEventsReturnsOriginalPositionsAndWritesNothing) {
  AppendOk(MakeAppend("other", ExpectedVersion::Any(), 2));
  AppendRequest request = MakeAppend("a", ExpectedVersion::NoStream(), 3);
  AppendResult first = AppendOk(request);
  AppendResult retry = AppendOk(request);  // NoStream would fail if it were not a retry
  EXPECT_TRUE(retry.duplicate);
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(retry.first_position, first.first_position);
  EXPECT_EQ(retry.first_version, first.first_version);
  EXPECT_EQ(retry.count, 3u);
  EXPECT_EQ(log_->Size(), 5u);
}

TEST_F(EventLogTest, SameEventIdWithOtherContentIsAlreadyExists) {
  AppendRequest request = MakeAppend("a", ExpectedVersion::Any(), 1);
  AppendOk(request);
  request.events[0].payload = "changed";
  absl::StatusOr<AppendResult> result = log_->Append(request);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(result.status().message(), "position 0"));
  EXPECT_EQ(log_->Size(), 1u);
}

TEST_F(EventLogTest, PartlyKnownBatchIsRefusedWhole) {
  AppendRequest first = MakeAppend("a", ExpectedVersion::Any(), 1);
  AppendOk(first);
  AppendRequest mixed = first;
  mixed.events.push_back(MakeEvent("Tested", "new"));
  EXPECT_EQ(log_->Append(mixed).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(log_->Size(), 1u);
}

TEST_F(EventLogTest, BadRequestsNameTheFieldAndWriteNothing) {
  struct Case {
    std::function<void(AppendRequest&)> spoil;
    absl::StatusCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](AppendRequest& r) { r.stream.clear(); }, absl::StatusCode::kInvalidArgument, "stream"},
      {[](AppendRequest& r) { r.stream = "bad\xff"; }, absl::StatusCode::kInvalidArgument,
       "stream"},
      {[](AppendRequest& r) { r.stream = std::string("a\0b", 3); },
       absl::StatusCode::kInvalidArgument, "stream"},
      {[](AppendRequest& r) { r.events.clear(); }, absl::StatusCode::kInvalidArgument, "events"},
      {[](AppendRequest& r) { r.events[1].event_id = "short"; }, absl::StatusCode::kInvalidArgument,
       "events[1].event_id"},
      {[](AppendRequest& r) { r.events[0].event_id = std::string(16, '\0'); },
       absl::StatusCode::kInvalidArgument, "events[0].event_id"},
      {[](AppendRequest& r) { r.events[1].event_id = r.events[0].event_id; },
       absl::StatusCode::kInvalidArgument, "events[1].event_id"},
      {[](AppendRequest& r) { r.events[0].event_type.clear(); }, absl::StatusCode::kInvalidArgument,
       "events[0].event_type"},
      {[](AppendRequest& r) { r.events[0].causation_id = "\xc0\x80"; },
       absl::StatusCode::kInvalidArgument, "events[0].causation_id"},
      {[](AppendRequest& r) { r.events[0].business_time = absl::InfiniteFuture(); },
       absl::StatusCode::kInvalidArgument, "events[0].business_time"},
      {[](AppendRequest& r) { r.events[1].payload = std::string((1 << 20) + 1, 'x'); },
       absl::StatusCode::kResourceExhausted, "events[1].payload"},
      {[](AppendRequest& r) { r.actor = std::string(600, 'a'); },
       absl::StatusCode::kInvalidArgument, "actor"},
  };
  for (const Case& c : cases) {
    AppendRequest request = MakeAppend("a", ExpectedVersion::Any(), 2);
    c.spoil(request);
    absl::Status status = log_->Append(request).status();
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.field)) << status;
  }
  EXPECT_EQ(log_->Size(), 0u);
}

// Finding 13: an event type is shown on auditors' terminals; escape
// sequences (ESC, CSI as a C1 control), other controls and bidirectional
// overrides are refused, naming the field. Printable text, Vietnamese
// included, is not.
TEST_F(EventLogTest, Finding13_ControlCharactersInEventTypeAreRefused) {
  for (const std::string& type :
       {std::string("\x1b[2J"), std::string("Tested\n"), std::string("Tested\x7f"),
        std::string("\xc2\x9b"
                    "2J"),
        std::string("Tested\xe2\x80\xae"
                    "reversed"),
        std::string("a\0b", 3)}) {
    AppendRequest request = MakeAppend("a", ExpectedVersion::Any(), 1);
    request.events[0].event_type = type;
    const absl::Status status = log_->Append(request).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), "events[0].event_type must not contain control"))
        << status;
  }
  EXPECT_EQ(log_->Size(), 0u);
  AppendRequest request = MakeAppend("a", ExpectedVersion::Any(), 1);
  request.events[0].event_type = "GiảiNgânĐãGhi";
  EXPECT_TRUE(log_->Append(request).ok());
}

TEST_F(EventLogTest, TooManyEventsInOneAppendIsResourceExhausted) {
  absl::Status status = log_->Append(MakeAppend("a", ExpectedVersion::Any(), 10001)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
}

TEST_F(EventLogTest, ReadsStreamForwardAndBackwardFromAVersion) {
  for (int i = 0; i < 5; ++i) {
    AppendOk(MakeAppend("a", ExpectedVersion::Any()));
    AppendOk(MakeAppend("b", ExpectedVersion::Any()));
  }
  std::vector<StoredEvent> forward = log_->ReadStream("a", 1, ReadDirection::kForward, 3).value();
  ASSERT_EQ(forward.size(), 3u);
  EXPECT_EQ(forward[0].record.stream_version(), 1u);
  EXPECT_EQ(forward[0].record.position(), 2u);
  EXPECT_EQ(forward[2].record.stream_version(), 3u);
  std::vector<StoredEvent> backward =
      log_->ReadStream("a", UINT64_MAX, ReadDirection::kBackward, 2).value();
  ASSERT_EQ(backward.size(), 2u);
  EXPECT_EQ(backward[0].record.stream_version(), 4u);
  EXPECT_EQ(backward[1].record.stream_version(), 3u);
  EXPECT_TRUE(log_->ReadStream("a", 9, ReadDirection::kForward, 10).value().empty());
  EXPECT_TRUE(log_->ReadStream("zz", 0, ReadDirection::kForward, 10).value().empty());
  // "a" must not see stream "a\x01..." or any other stream sharing its prefix.
  AppendOk(MakeAppend("ab", ExpectedVersion::Any()));
  EXPECT_EQ(log_->ReadStream("a", 0, ReadDirection::kForward, 100).value().size(), 5u);
}

TEST_F(EventLogTest, MissingEventsAreNotFound) {
  AppendOk(MakeAppend("a", ExpectedVersion::Any()));
  EXPECT_EQ(log_->GetEvent(1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(log_->GetEventById(NewRandomUuid()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(log_->ReadAll(1, 10).value().empty());
}

TEST_F(EventLogTest, GetEventsReadsManyPositionsInTheOrderAsked) {
  for (int i = 0; i < 5; ++i) AppendOk(MakeAppend(absl::StrCat("s", i), ExpectedVersion::Any()));
  // Out of order, repeated, and through a flush so that some come from table
  // files and some from the memtable.
  ASSERT_TRUE(log_->Checkpoint(dir_.Sub("flushed")).ok());
  AppendOk(MakeAppend("s5", ExpectedVersion::Any()));
  const std::vector<uint64_t> positions = {5, 0, 3, 3, 1};
  std::vector<StoredEvent> events = log_->GetEvents(positions).value();
  ASSERT_EQ(events.size(), positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    const StoredEvent one = log_->GetEvent(positions[i]).value();
    EXPECT_EQ(events[i].record.position(), positions[i]);
    EXPECT_EQ(events[i].raw, one.raw);
    EXPECT_EQ(events[i].record.stream(), absl::StrCat("s", positions[i]));
  }
  EXPECT_TRUE(log_->GetEvents({}).value().empty());
  // A byte budget: reading stops once the stored bytes read pass it, and the
  // answer is the prefix read, never empty.
  const std::vector<uint64_t> all = {0, 1, 2, 3, 4, 5};
  EXPECT_EQ(log_->GetEvents(all, 0).value().size(), 1u);
  EXPECT_EQ(log_->GetEvents(all, 0).value()[0].record.position(), 0u);
  size_t two = 0;
  for (uint64_t p : {0, 1}) two += log_->GetEvent(p).value().raw.size();
  std::vector<StoredEvent> some = log_->GetEvents(all, two).value();
  EXPECT_GE(some.size(), 1u);
  EXPECT_LE(some.size(), 3u);  // what fits, and one event more at most
  for (size_t i = 0; i < some.size(); ++i) EXPECT_EQ(some[i].record.position(), all[i]);
  EXPECT_EQ(log_->GetEvents(all, SIZE_MAX).value().size(), all.size());
  EXPECT_EQ(log_->GetEvents(std::vector<uint64_t>{0, 6}).status().code(),
            absl::StatusCode::kNotFound);
}

// Records parsed in place are the records ReadAll gives, whatever the
// vector held before (longer records, fields these ones lack, more or fewer
// of them), from table files and the memtable.
TEST_F(EventLogTest, ReadRecordsIntoGivesReadAllsRecordsOverWhateverTheVectorHeld) {
  for (int i = 0; i < 6; ++i) {
    AppendRequest request = MakeAppend(absl::StrCat("stream-", std::string(i * 7, 'x')),
                                       ExpectedVersion::Any(), 1 + i % 3);
    for (NewEvent& event : request.events) {
      if (i % 2 == 0) event.correlation_id = std::string(40, 'c');
      event.payload = std::string(100 * (5 - i), 'p');
    }
    AppendOk(std::move(request));
    if (i == 2) {
      ASSERT_TRUE(log_->Checkpoint(dir_.Sub("flushed")).ok());
    }
  }
  const uint64_t size = log_->Size();
  std::vector<v1::EventRecord> records;
  for (auto [from, limit] : std::vector<std::pair<uint64_t, size_t>>{
           {0, 1000}, {3, 2}, {0, 1000}, {1, 4}, {size - 1, 5}, {0, 3}, {size, 10}, {7, 0}}) {
    SCOPED_TRACE(absl::StrCat("from ", from, ", limit ", limit));
    ASSERT_TRUE(log_->ReadRecordsInto(from, limit, records).ok());
    std::vector<StoredEvent> expected = log_->ReadAll(from, limit).value();
    ASSERT_EQ(records.size(), expected.size());
    for (size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].SerializeAsString(), expected[i].raw) << "position " << from + i;
    }
  }
}

TEST_F(EventLogTest, PagesThroughOneHundredThousandEvents) {
  constexpr int kBatches = 100, kPerBatch = 1000;
  for (int i = 0; i < kBatches; ++i) AppendOk(MakeAppend("s", ExpectedVersion::Any(), kPerBatch));
  ASSERT_EQ(log_->Size(), uint64_t{kBatches * kPerBatch});
  uint64_t next = 0;
  size_t pages = 0;
  for (;;) {
    std::vector<StoredEvent> page = log_->ReadAll(next, 4096).value();
    if (page.empty()) break;
    for (const StoredEvent& event : page) ASSERT_EQ(event.record.position(), next++);
    ++pages;
  }
  EXPECT_EQ(next, uint64_t{kBatches * kPerBatch});
  EXPECT_EQ(pages, 25u);
  uint64_t version = 0;
  for (;;) {
    std::vector<StoredEvent> page =
        log_->ReadStream("s", version, ReadDirection::kForward, 5000).value();
    if (page.empty()) break;
    for (const StoredEvent& event : page) ASSERT_EQ(event.record.stream_version(), version++);
  }
  EXPECT_EQ(version, uint64_t{kBatches * kPerBatch});
}

TEST_F(EventLogTest, EverythingSurvivesReopen) {
  AppendRequest request = MakeAppend("a", ExpectedVersion::Any(), 4);
  AppendOk(request);
  const merkle::Hash root = log_->RootAt(4).value();
  log_.reset();
  log_ = OpenOrDie(dir_.Sub("log"));
  EXPECT_EQ(log_->Size(), 4u);
  EXPECT_EQ(*log_->StreamVersion("a").value(), 3u);
  EXPECT_EQ(log_->RootAt(4).value(), root);
  EXPECT_TRUE(AppendOk(request).duplicate);
  EXPECT_EQ(AppendOk(MakeAppend("a", ExpectedVersion::Exact(3))).first_position, 4u);
}

class SteppingClock final : public Clock {
 public:
  absl::Time Now() override { return now_ -= absl::Seconds(1); }  // runs backwards

 private:
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
};

TEST(EventLogClockTest, RecordedTimeNeverDecreasesEvenWhenTheClockDoes) {
  TempDir dir;
  SteppingClock clock;
  LogOptions options;
  options.clock = &clock;
  std::unique_ptr<EventLog> log = OpenOrDie(dir.Sub("log"), options);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(log->Append(MakeAppend("a", ExpectedVersion::Any())).ok());
  std::vector<StoredEvent> events = log->ReadAll(0, 10).value();
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GE(events[i].record.recorded_time_micros(), events[i - 1].record.recorded_time_micros());
  }
}

TEST_F(EventLogTest, StoredTreeMatchesLeavesRehashedFromReadBytes) {
  for (int i = 0; i < 37; ++i) AppendOk(MakeAppend("s", ExpectedVersion::Any(), 1 + i % 3));
  const uint64_t size = log_->Size();
  merkle::CompactRange recomputed;
  const std::vector<StoredEvent> events = log_->ReadAll(0, size).value();
  for (const StoredEvent& event : events) {
    recomputed.Append(merkle::HashLeaf(event.raw), [](int, uint64_t, const merkle::Hash&) {});
    EXPECT_EQ(log_->RootAt(recomputed.size()).value(), recomputed.Root());
  }
  for (uint64_t i = 0; i < size; ++i) {
    std::vector<merkle::Hash> proof = log_->InclusionProof(i, size).value();
    EXPECT_TRUE(merkle::VerifyInclusion(merkle::HashLeaf(log_->GetEvent(i).value().raw), i, size,
                                        proof, recomputed.Root())
                    .ok());
  }
  EXPECT_EQ(log_->RootAt(size + 1).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace minhbach::storage
