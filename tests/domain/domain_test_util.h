// Small helpers shared by the domain tests.
#ifndef MINHBACH_TESTS_DOMAIN_DOMAIN_TEST_UTIL_H_
#define MINHBACH_TESTS_DOMAIN_DOMAIN_TEST_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace minhbach::domain::testing {

// A 16-byte event id, distinct for each n.
inline std::string Id(int n) { return absl::StrFormat("evt-%012d", n); }

// Success when `status`'s message contains `text`; the failure shows both.
inline ::testing::AssertionResult MessageHas(const absl::Status& status, absl::string_view text) {
  if (absl::StrContains(status.message(), text)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status << " does not contain \"" << text << "\"";
}

}  // namespace minhbach::domain::testing

#endif  // MINHBACH_TESTS_DOMAIN_DOMAIN_TEST_UTIL_H_
