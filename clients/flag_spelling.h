// The spellings people type for the client's flags. The flags are Abseil
// flags (as_of_position), but a user reading the guide types --as-of-position
// or --require-cosigner; both spellings mean the same flag, and a few short
// names stand for the flag they abbreviate (--as-of for --as_of_date).
#ifndef MINHBACH_CLIENTS_FLAG_SPELLING_H_
#define MINHBACH_CLIENTS_FLAG_SPELLING_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace minhbach::clients {

// argv with each "--some-flag[=v]" written "--some_flag[=v]" and each alias
// replaced by the flag it stands for. Values (after '=', or the argument
// after a flag that takes one), positional arguments and everything after a
// bare "--" are left as they are.
std::vector<std::string> WithFlagNamesSpelledForAbseil(int argc, char** argv);

// The flag's name in an argument such as "--as_of_date=2024-06-30", or empty
// when the argument is not a flag.
std::string FlagNameOf(absl::string_view arg);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_FLAG_SPELLING_H_
