// The summary that ends an entity view (`finance SUB-PROJECT`, `assignment
// ID`, `supervision ID`): what the events above add up to, on the view's
// reference date. Vietnamese by default, English with --lang=en.
#ifndef MINHBACH_CLIENTS_SUMMARY_TEXT_H_
#define MINHBACH_CLIENTS_SUMMARY_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/domain/assignment.h"
#include "services/domain/budget.h"
#include "services/domain/supervision.h"

namespace minhbach::clients {

// Per allocation: allocated, disbursed (not reversed), reversed, remaining;
// then the sub-project's totals.
std::string BudgetSummaryText(const domain::BudgetState& budget);

// The assignment's state, due date and days overdue on `reference_date`.
std::string AssignmentSummaryText(const domain::AssignmentState& assignment,
                                  absl::string_view reference_date);

// The supervision's state, its findings (or only `finding_id`'s, when not
// empty) with their state, and the recommendations still open: unanswered,
// with the days they are overdue on `reference_date`.
std::string SupervisionSummaryText(const domain::SupervisionState& supervision,
                                   absl::string_view finding_id, absl::string_view reference_date);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_SUMMARY_TEXT_H_
