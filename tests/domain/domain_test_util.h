// Small helpers shared by the domain tests.
#ifndef MINHBACH_TESTS_DOMAIN_DOMAIN_TEST_UTIL_H_
#define MINHBACH_TESTS_DOMAIN_DOMAIN_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/domain/domain_event.h"

namespace minhbach::domain::testing {

// A 16-byte event id, distinct for each n.
inline std::string Id(int n) { return absl::StrFormat("evt-%012d", n); }

// Success when `status`'s message contains `text`; the failure shows both.
inline ::testing::AssertionResult MessageHas(const absl::Status& status, absl::string_view text) {
  if (absl::StrContains(status.message(), text)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status << " does not contain \"" << text << "\"";
}

// A malformed command and the field its refusal must name first.
template <typename Command>
struct BadInput {
  Command command;
  std::string field;
};

// A test of one aggregate: its state, and the events applied to it so far.
// Decide and Apply are the aggregate's own, found by argument-dependent lookup.
template <typename State, typename Command>
class AggregateTest : public ::testing::Test {
 protected:
  // Decides and applies `command`, which must succeed with one event.
  DomainEvent Do(const Command& command) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, command);
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok() || events->size() != 1) {
      ADD_FAILURE() << "expected exactly one event";
      return {};
    }
    EXPECT_TRUE(Apply(state_, events->front()).ok());
    log_.push_back(events->front());
    return events->front();
  }

  // The error `command` is refused with (a failure if it is accepted).
  absl::Status Refused(const Command& command) {
    absl::StatusOr<std::vector<DomainEvent>> events = Decide(state_, command);
    EXPECT_FALSE(events.ok());
    return events.status();
  }

  using Bad = BadInput<Command>;

  // `command` with one field spoiled by `edit`, to be refused naming `field`.
  template <typename Concrete, typename Edit>
  static Bad Spoil(Concrete command, Edit edit, std::string field) {
    edit(command);
    return Bad{Command(std::move(command)), std::move(field)};
  }

  // Every case is InvalidArgument with a message starting with its field.
  void ExpectRefusedNamingTheField(const std::vector<Bad>& cases) {
    for (const Bad& bad : cases) {
      absl::Status refused = Refused(bad.command);
      EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
      EXPECT_EQ(refused.message().substr(0, bad.field.size()), bad.field) << refused;
    }
  }

  State state_;
  std::vector<DomainEvent> log_;
};

}  // namespace minhbach::domain::testing

#endif  // MINHBACH_TESTS_DOMAIN_DOMAIN_TEST_UTIL_H_
