// What the program's string fields may hold, so that nothing a caller writes
// can act on the terminal or page of an auditor who later reads it (an ESC
// sequence that clears the screen, a carriage return that prints over a
// line, a NUL that cuts a C string, a right-to-left override that reverses
// what is shown).
//
//   RETURN_IF_ERROR(RequireName("voucher_number", c.voucher_number));
//   RETURN_IF_ERROR(RequireText("reason", c.reason));
//
// A name (an id, a unit, a number on a document, a title) is one line: it
// may hold no control character at all. Free text (a reason, a report, a
// note) may also hold line breaks ("\n") and tabs, which every reader shows
// as what they are and which cannot move the cursor back over text already
// written; still no carriage return, ESC or other control character.
//
// Refused everywhere: C0 controls (U+0000..U+001F) but those two in text,
// DEL (U+007F), C1 controls (U+0080..U+009F, which some terminals take as
// ESC sequences), and the bidirectional embedding, override and isolate
// controls (U+202A..U+202E, U+2066..U+2069).
#ifndef MINHBACH_SERVICES_DOMAIN_TEXT_FIELDS_H_
#define MINHBACH_SERVICES_DOMAIN_TEXT_FIELDS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::domain {

// The longest name, in bytes (about 340 Vietnamese letters): any id, voucher
// or decision number or title fits, and none can fill a screen or a cell.
inline constexpr size_t kMaxNameBytes = 1024;

// Required fields may not be blank either: a value of only white space
// (spaces, tabs, line breaks, no-break or ideographic spaces) is refused as
// empty is, so that a reason, a report or a name always says something.
//
// OK when `value` is a non-empty name; InvalidArgument naming `field` (and
// where the first character it may not hold is) otherwise.
[[nodiscard]] absl::Status RequireName(absl::string_view field, absl::string_view value);

// OK when `value` is non-empty free text; InvalidArgument naming `field`.
[[nodiscard]] absl::Status RequireText(absl::string_view field, absl::string_view value);

// As RequireName and RequireText, for a field that may be empty.
[[nodiscard]] absl::Status ValidateOptionalName(absl::string_view field, absl::string_view value);
[[nodiscard]] absl::Status ValidateOptionalText(absl::string_view field, absl::string_view value);

}  // namespace minhbach::domain

#endif  // MINHBACH_SERVICES_DOMAIN_TEXT_FIELDS_H_
