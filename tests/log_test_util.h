// Small builders for event-log tests.
#ifndef MINHBACH_TESTS_LOG_TEST_UTIL_H_
#define MINHBACH_TESTS_LOG_TEST_UTIL_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/event_log.h"
#include "storage/uuid.h"

namespace minhbach::testing {

inline storage::NewEvent MakeEvent(const std::string& type, const std::string& payload) {
  storage::NewEvent event;
  event.event_id = storage::NewRandomUuid();
  event.event_type = type;
  event.business_time = absl::FromUnixSeconds(1704067200);  // 2024-01-01
  event.payload = payload;
  return event;
}

// An append of `count` fresh events to `stream`.
inline storage::AppendRequest MakeAppend(const std::string& stream,
                                         storage::ExpectedVersion expected, int count = 1) {
  storage::AppendRequest request;
  request.stream = stream;
  request.expected = expected;
  request.actor = "test";
  for (int i = 0; i < count; ++i) {
    request.events.push_back(MakeEvent("Tested", absl::StrCat("payload ", i)));
  }
  return request;
}

inline std::unique_ptr<storage::EventLog> OpenOrDie(const std::string& path,
                                                    storage::LogOptions options = {}) {
  absl::StatusOr<std::unique_ptr<storage::EventLog>> log = storage::EventLog::Open(path, options);
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? *std::move(log) : nullptr;
}

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_LOG_TEST_UTIL_H_
