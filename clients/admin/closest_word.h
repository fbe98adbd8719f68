// "Did you mean ...?": the known word nearest a mistyped one.
#ifndef MINHBACH_CLIENTS_ADMIN_CLOSEST_WORD_H_
#define MINHBACH_CLIENTS_ADMIN_CLOSEST_WORD_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace minhbach::clients::admin {

// The word of `known` nearest `typed` (edit distance, at most a third of its
// length and at least 2 edits allowed), or empty when none is near.
std::string ClosestWord(absl::string_view typed, const std::vector<std::string>& known);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_CLOSEST_WORD_H_
