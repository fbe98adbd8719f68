#include "clients/admin/closest_word.h"

#include <algorithm>

namespace minhbach::clients::admin {
namespace {

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ClosestWord(absl::string_view typed, const std::vector<std::string>& known) {
  const size_t allowed = std::max<size_t>(2, typed.size() / 3);
  std::string best;
  size_t best_distance = allowed + 1;
  for (const std::string& word : known) {
    const size_t distance = EditDistance(typed, word);
    if (distance < best_distance) {
      best = word;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace minhbach::clients::admin
