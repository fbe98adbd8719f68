// The client's own help and the checks made before Abseil parses the
// command line, so that every message is ours and in the reader's language:
// `minhbach help [COMMAND]`, `COMMAND --help` (or -h), "did you mean" for a
// mistyped command or flag, a flag the command does not take, a missing
// argument, and a role that does not exist.
#ifndef MINHBACH_CLIENTS_CLI_HELP_H_
#define MINHBACH_CLIENTS_CLI_HELP_H_

#include <string>
#include <vector>

#include "clients/cli/command_table.h"

namespace minhbach::clients {

// What a command line holds, read before Abseil parses it.
struct ScannedLine {
  std::vector<std::string> words;  // positional arguments, command name first
  // Each flag as typed ("--as-off=1") and by its Abseil name ("as_off").
  std::vector<std::pair<std::string, std::string>> flags;
  bool help = false;  // --help, -h, --helpfull or --helpshort
  std::string lang;   // the value of --lang, if given
};

// Reads argv (argv[0] skipped). A flag given without '=' takes the next
// argument as its value unless it is a boolean flag.
ScannedLine ScanCommandLine(const std::vector<std::string>& argv);

// The flags every command takes: connection (server, token, role, TLS,
// timeout, config, client tokens, the log's public key) and language.
const std::vector<std::string>& ConnectionFlags();

// The command that `words` name ("assignment make" before "assignment"),
// with how many words its name took; nullptr when none.
const CliCommand* FindCommand(const std::vector<CliCommand>& commands,
                              const std::vector<std::string>& words, size_t* name_words);

// The closest of `candidates` to `typed` when it is close enough to be a
// typing slip, else empty.
std::string ClosestMatch(const std::string& typed, const std::vector<std::string>& candidates);

// Optimal string alignment distance (a swap of two neighbours counts 1).
int EditDistance(const std::string& a, const std::string& b);

// Fails (exit 2) when the line names no command, names a verb that does
// not exist, gives a flag the command does not take or that does not exist
// (with "did you mean"), or lacks a positional argument; otherwise returns
// the command and how many words its name took.
const CliCommand& CommandOrFail(const std::vector<CliCommand>& commands, const ScannedLine& line,
                                size_t* name_words);

// Fails when `role` (or its ROLE part in "ROLE:UNIT") is not one of the
// roles the server knows, listing them.
void CheckRole(const std::string& role);

// The overview (no words) or one command's help, in the current language;
// returns the exit status: 0, or 2 when `words` name no command.
int PrintHelp(const std::vector<CliCommand>& commands, const std::vector<std::string>& words);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_HELP_H_
