// The program's own words in the language a person reads: the states the
// server sends (assignment, sub-project, report, finding, supervision),
// target directions and assessments, severities, event types, and the
// plan's units by their names (Cán bộ LĐ-TB&XH, not "ldtbxh"). One table
// each, so that every view says the same thing the same way. A word not in
// a table is shown as the server sent it.
#ifndef MINHBACH_CLIENTS_TEXT_PROGRAM_WORDS_H_
#define MINHBACH_CLIENTS_TEXT_PROGRAM_WORDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace minhbach::clients {

// A state, status or assessment as the server writes it ("in progress",
// "sent to the district", "not met", "overdue"): Vietnamese, or unchanged in
// English.
std::string StateWord(absl::string_view state);

// The 2023 carry-over's status ("met", "missed", "open", "none").
std::string CarryOverWord(absl::string_view status);

// A target's direction ("at-least", "at-most", "deadline").
std::string DirectionWord(absl::string_view direction);

// A finding's severity ("low", "medium", "high").
std::string SeverityWord(absl::string_view severity);

// An event type ("DisbursementRecorded" -> "Ghi nhận giải ngân"); in
// English, the type itself.
std::string EventTypeWord(absl::string_view event_type);

// A unit of the plan by its name ("ldtbxh" -> "Cán bộ LĐ-TB&XH").
std::string UnitName(absl::string_view unit_id);

// Several units by their names, joined with ", ".
std::string UnitNames(const google::protobuf::RepeatedPtrField<std::string>& unit_ids);

// The line every view showing illustrative demo data starts with.
std::string IllustrativeDataNote();

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TEXT_PROGRAM_WORDS_H_
