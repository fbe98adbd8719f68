#include "services/domain/money.h"

#include "absl/strings/str_cat.h"

namespace minhbach::domain {

absl::Status ValidateAmount(absl::string_view field, int64_t amount) {
  if (amount <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be a positive number of đồng (1 to 10^15), got ", amount));
  }
  if (amount > kMaxAmountDong) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be at most 10^15 (", kMaxAmountDong, ") đồng, got ", amount,
                     "; no commune budget comes near that, check the amount"));
  }
  return absl::OkStatus();
}

}  // namespace minhbach::domain
