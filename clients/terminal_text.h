// Text from the log made safe for a terminal: an event written by anyone
// (or a log written before the server refused control characters) must not
// be able to clear an auditor's screen, move the cursor or reorder a line.
#ifndef MINHBACH_CLIENTS_TERMINAL_TEXT_H_
#define MINHBACH_CLIENTS_TERMINAL_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace minhbach::clients {

// `text` with every control character (storage::IsControlCodePoint: C0, DEL,
// C1, bidirectional controls) written as an escape a person can read:
// "\x1b" for one byte, "\u202e" for other code points; bytes that are not
// UTF-8 as "\xff". Everything else unchanged.
std::string TerminalSafe(absl::string_view text);

// TerminalSafe for each line of `text`, keeping its line breaks ('\n').
std::string TerminalSafeLines(absl::string_view text);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TERMINAL_TEXT_H_
