// The project's one pair of status-propagation macros (Debian's Abseil 20220623
// has no status_macros.h).
//
//   RETURN_IF_ERROR(DoThing());
//   ASSIGN_OR_RETURN(Foo foo, MakeFoo());
#ifndef MINHBACH_STORAGE_STATUS_MACROS_H_
#define MINHBACH_STORAGE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define MINHBACH_CONCAT_INNER(a, b) a##b
#define MINHBACH_CONCAT(a, b) MINHBACH_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                            \
  do {                                                   \
    ::absl::Status minhbach_status_ = (expr);            \
    if (!minhbach_status_.ok()) return minhbach_status_; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  MINHBACH_ASSIGN_OR_RETURN_IMPL(MINHBACH_CONCAT(minhbach_statusor_, __LINE__), lhs, expr)

#define MINHBACH_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = std::move(statusor).value()

#endif  // MINHBACH_STORAGE_STATUS_MACROS_H_
