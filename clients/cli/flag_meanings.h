// What each of the client's flags means, in one line, in the reader's
// language: the Vietnamese kept here, the English the flag's own help.
#ifndef MINHBACH_CLIENTS_CLI_FLAG_MEANINGS_H_
#define MINHBACH_CLIENTS_CLI_FLAG_MEANINGS_H_

#include <string>

namespace minhbach::clients {

// The meaning of the flag named `name` (Abseil name, "as_of_date").
std::string FlagMeaning(const std::string& name);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_FLAG_MEANINGS_H_
