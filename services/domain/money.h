// Money in the domain: integer đồng, bounded, and summed only with checks.
//
//   RETURN_IF_ERROR(ValidateAmount("amount_dong", command.amount_dong));
//   MoneySum total;
//   for (const auto& [id, a] : budget.allocations) total.Add(a.amount_dong);
//   if (total.overflowed()) ...;  // never a wrapped, negative total
//
// The bound, kMaxAmountDong = 10^15 đồng (one million billion, "một triệu
// tỷ"), is about half of Việt Nam's whole yearly state budget and ten
// thousand times the largest commune budget, so any real amount fits; and
// INT64_MAX is over 9,000 times it, so the sums a commune's records make
// cannot overflow. Sums are checked anyway: a log written before the bound
// (or by hand) may hold anything.
#ifndef MINHBACH_SERVICES_DOMAIN_MONEY_H_
#define MINHBACH_SERVICES_DOMAIN_MONEY_H_

#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::domain {

inline constexpr int64_t kMaxAmountDong = 1'000'000'000'000'000;  // 10^15 đồng

// OK when 1 <= amount <= kMaxAmountDong; InvalidArgument naming `field` and
// the bound otherwise.
[[nodiscard]] absl::Status ValidateAmount(absl::string_view field, int64_t amount);

// `a` + `b`, or false (and `*sum` unchanged) when that does not fit in int64.
[[nodiscard]] inline bool CheckedAdd(int64_t a, int64_t b, int64_t* sum) {
  int64_t result;
  if (__builtin_add_overflow(a, b, &result)) return false;
  *sum = result;
  return true;
}

// `a` - `b`, or false (and `*difference` unchanged) when that does not fit.
[[nodiscard]] inline bool CheckedSub(int64_t a, int64_t b, int64_t* difference) {
  int64_t result;
  if (__builtin_sub_overflow(a, b, &result)) return false;
  *difference = result;
  return true;
}

// A running total that never wraps: once an addition would leave int64 it
// stays at the last value that fitted and overflowed() is true for good.
// A plain value; not thread-safe.
class MoneySum {
 public:
  void Add(int64_t amount) {
    if (!CheckedAdd(value_, amount, &value_)) overflowed_ = true;
  }
  void Add(const MoneySum& other) {
    Add(other.value_);
    overflowed_ = overflowed_ || other.overflowed_;
  }
  int64_t value() const { return value_; }
  bool overflowed() const { return overflowed_; }

 private:
  int64_t value_ = 0;
  bool overflowed_ = false;
};

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_MONEY_H_
