// minhbach: the command-line client of a minhbachd server. Its commands
// live in clients/cli/, one file per group; `minhbach help` lists them.
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
#include "clients/cli/command_table.h"
#include "clients/flag_spelling.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

std::string UsageText() {
  std::string text = "the minhbach command-line client\n";
  for (const CliCommand& command : AllCommands())
    absl::StrAppend(&text, "  minhbach ", command.usage, "\n");
  absl::StrAppend(
      &text, "flags may be spelled with hyphens: --as-of=D (--as_of_date), --as-of-position=N");
  return text;
}

int Run(const std::vector<char*>& argv, const std::set<std::string>& given_flags) {
  const std::string name = argv.size() > 1 ? argv[1] : "";
  if (name.empty()) Fail(UsageText());
  if (absl::Status set = SetLanguageFrom(absl::GetFlag(FLAGS_lang)); !set.ok()) {
    Fail(std::string(set.message()));
  }
  const std::vector<std::string> args(argv.begin() + 2, argv.end());
  for (const CliCommand& command : AllCommands()) {
    if (command.name != name) continue;
    ApplyConfigFile(given_flags);
    return command.run(args);
  }
  Fail(absl::StrCat("unknown command '", name, "'\n", UsageText()));
}

}  // namespace

std::vector<CliCommand> AllCommands() {
  std::vector<CliCommand> all;
  for (auto group :
       {ViewCommands, TimelineCommands, AuditCommands, OperatorCommands, LogCommands}) {
    for (CliCommand& command : group()) all.push_back(std::move(command));
  }
  return all;
}

}  // namespace minhbach::clients

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the minhbach command-line client; `minhbach help` lists its commands");
  // --as-of-position and --as_of_position are one flag (see flag_spelling.h).
  std::vector<std::string> spelled = minhbach::clients::WithFlagNamesSpelledForAbseil(argc, argv);
  std::vector<char*> spelled_argv;
  for (std::string& arg : spelled) spelled_argv.push_back(arg.data());
  // The flags given on the command line, which a config file must not override.
  std::set<std::string> given;
  for (const std::string& arg : spelled) {
    if (std::string name = minhbach::clients::FlagNameOf(arg); !name.empty()) given.insert(name);
  }
  return minhbach::clients::Run(
      absl::ParseCommandLine(static_cast<int>(spelled_argv.size()), spelled_argv.data()), given);
}
