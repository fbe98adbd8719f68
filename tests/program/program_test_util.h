// Shared by the program tests: a scratch log and the reference fold.
#ifndef MINHBACH_TESTS_PROGRAM_PROGRAM_TEST_UTIL_H_
#define MINHBACH_TESTS_PROGRAM_PROGRAM_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/program/program_state.h"
#include "services/program/snapshot_codec.h"
#include "storage/event_log.h"

namespace minhbach::testing {

// A log without fsync, for building large test logs quickly.
inline std::unique_ptr<storage::EventLog> OpenScratchLog(const std::string& path,
                                                         storage::Clock* clock = nullptr) {
  storage::LogOptions options;
  options.durability = storage::Durability::kNotDurable;
  options.clock = clock;
  absl::StatusOr<std::unique_ptr<storage::EventLog>> log = storage::EventLog::Open(path, options);
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? *std::move(log) : nullptr;
}

// The reference: the log's first `end` events folded from position 0, one
// by one, with nothing but FoldRecord.
inline program::ProgramState FoldFromZero(const storage::EventLog& log, uint64_t end) {
  program::ProgramState state;
  while (state.position < end) {
    absl::StatusOr<std::vector<storage::StoredEvent>> page =
        log.ReadAll(state.position, std::min<uint64_t>(500, end - state.position));
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || page->empty()) break;
    for (const storage::StoredEvent& e : *page) program::FoldRecord(state, e.record);
  }
  return state;
}

// Appends each of `records` again, in order, to `log`: same stream, id,
// type, times and payload.
inline void CopyEvents(const std::vector<storage::StoredEvent>& records, storage::EventLog& log) {
  for (const storage::StoredEvent& e : records) {
    const v1::EventRecord& r = e.record;
    storage::AppendRequest request;
    request.stream = r.stream();
    request.actor = r.actor();
    storage::NewEvent& event = request.events.emplace_back();
    event.event_id = r.event_id();
    event.event_type = r.event_type();
    event.business_time = absl::FromUnixMicros(r.business_time_micros());
    event.payload = r.payload();
    ASSERT_TRUE(log.Append(std::move(request)).ok());
  }
}

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_PROGRAM_PROGRAM_TEST_UTIL_H_
