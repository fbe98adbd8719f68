// The commands of the minhbach client, one table per group of what people
// do (the raw log, audits, program views, timelines, operations), each in
// its own file. minhbach_main.cc finds the command in them and runs it.
#ifndef MINHBACH_CLIENTS_CLI_COMMAND_TABLE_H_
#define MINHBACH_CLIENTS_CLI_COMMAND_TABLE_H_

#include <functional>
#include <string>
#include <vector>

namespace minhbach::clients {

struct CliCommand {
  std::string name;     // "status"
  std::string usage;    // what follows "minhbach ": "status [--as-of=D] [--json]"
  std::string summary;  // one line: what it is for
  // Runs with the positional arguments after the command's name; returns
  // the exit status (or exits through Fail).
  std::function<int(const std::vector<std::string>& args)> run;
};

std::vector<CliCommand> LogCommands();       // append, read, tail
std::vector<CliCommand> AuditCommands();     // checkpoint, consistency, verify, witness
std::vector<CliCommand> ViewCommands();      // status, subproject, report
std::vector<CliCommand> TimelineCommands();  // timeline, assignment, supervision, finance, replay
std::vector<CliCommand> OperatorCommands();  // backup, import, export

// Every command, in the order help lists them.
std::vector<CliCommand> AllCommands();

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_COMMAND_TABLE_H_
