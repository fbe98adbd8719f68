// minhbach: the command-line client of a minhbachd server. Its commands
// live in clients/cli/, one file per group; `minhbach help` lists them and
// `minhbach help COMMAND` (or `COMMAND --help`) explains one.
//
// Connection: --server (or MINHBACH_SERVER), --token (or MINHBACH_TOKEN, or
// the --role line of --client_tokens, the quick start's data/client-tokens),
// --tls_ca / --tls_cert / --tls_key. Exit status: 0 done, 1 verification
// failed, 2 bad usage or an error from the server (one line on stderr).
#include <set>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/help.h"
#include "clients/flag_spelling.h"
#include "clients/text/language.h"

namespace minhbach::clients {

std::vector<CliCommand> AllCommands() {
  std::vector<CliCommand> all;
  for (auto group :
       {ViewCommands, TimelineCommands, PlanCommands, AssignmentCommands, FinanceCommands,
        ReportCommands, SupervisionCommands, HouseholdCommands, HouseholdReadCommands,
        AuditCommands, ProvinceCommands, OperatorCommands, LogCommands}) {
    for (CliCommand& command : group()) all.push_back(std::move(command));
  }
  return all;
}

namespace {

int Main(int argc, char** argv) {
  // --as-of-position and --as_of_position are one flag (see flag_spelling.h).
  std::vector<std::string> spelled = WithFlagNamesSpelledForAbseil(argc, argv);
  // Everything a person can get wrong is checked here, before Abseil parses
  // the line, so that the messages (and help) are this client's own.
  const ScannedLine line = ScanCommandLine(std::vector<std::string>(argv, argv + argc));
  if (absl::Status set = SetLanguageFrom(line.lang.empty() ? "vi" : line.lang); !set.ok()) {
    Fail(std::string(set.message()));
  }
  const std::vector<CliCommand> commands = AllCommands();
  if (!line.words.empty() && line.words[0] == "help") {
    return PrintHelp(commands, {line.words.begin() + 1, line.words.end()});
  }
  if (line.help) {
    return PrintHelp(commands, line.words);
  }
  size_t name_words = 0;
  const CliCommand& command = CommandOrFail(commands, line, &name_words);

  std::vector<char*> spelled_argv;
  for (std::string& arg : spelled) spelled_argv.push_back(arg.data());
  // The flags given on the command line, which a config file must not override.
  std::set<std::string> given;
  for (const std::string& arg : spelled) {
    if (std::string name = FlagNameOf(arg); !name.empty()) given.insert(name);
  }
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(spelled_argv.size()), spelled_argv.data());
  // A recording command acts as the role that records it (in the quick
  // start: the acting unit's own token when there is one), unless told.
  const bool default_role = !command.role.empty() && given.count("role") == 0;
  if (default_role) absl::SetFlag(&FLAGS_role, command.role);
  ApplyConfigFile(given);
  if (default_role && absl::GetFlag(FLAGS_role) == command.role) {
    absl::SetFlag(&FLAGS_role, QuickStartRole(command));
  }
  CheckRole(absl::GetFlag(FLAGS_role));
  const std::vector<std::string> args(positional.begin() + 1 + name_words, positional.end());
  return command.run(args);
}

}  // namespace
}  // namespace minhbach::clients

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the minhbach command-line client; `minhbach help` lists its commands");
  return minhbach::clients::Main(argc, argv);
}
