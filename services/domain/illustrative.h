// Illustrative demo data (deploy/seed/demo-activity.json: invented villages,
// amounts and dates) is recognisable in the log by its correlation id, which
// `minhbach import` sets to "demo:" + the step's key for a file marked
// illustrative; every view that shows such events says so.
#ifndef MINHBACH_SERVICES_DOMAIN_ILLUSTRATIVE_H_
#define MINHBACH_SERVICES_DOMAIN_ILLUSTRATIVE_H_

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace minhbach::domain {

inline constexpr char kIllustrativeCorrelationPrefix[] = "demo:";

// True for the correlation id of an illustrative event.
inline bool IsIllustrative(absl::string_view correlation_id) {
  return absl::StartsWith(correlation_id, kIllustrativeCorrelationPrefix);
}

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_ILLUSTRATIVE_H_
