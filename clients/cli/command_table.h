// The commands of the minhbach client, one table per group of what people
// do (the raw log, audits, program views, timelines, operations, and the
// recording of the program's facts), each in its own file. minhbach_main.cc
// finds the command in them, checks its flags and arguments, and runs it.
#ifndef MINHBACH_CLIENTS_CLI_COMMAND_TABLE_H_
#define MINHBACH_CLIENTS_CLI_COMMAND_TABLE_H_

#include <functional>
#include <string>
#include <vector>

namespace minhbach::clients {

struct CliCommand {
  // "status", or a group's verb: "assignment make" (tried before "assignment").
  std::string name;
  std::string usage;    // what follows "minhbach ": "status [--as-of=D] [--json]"
  std::string summary;  // one line, in English: what it is for
  // Runs with the positional arguments after the command's name; returns
  // the exit status (or exits through Fail).
  std::function<int(const std::vector<std::string>& args)> run;
  // The flags it takes (Abseil names, "as_of_date"), besides the connection
  // and language flags every command takes (help.h). Any other is refused.
  std::vector<std::string> flags = {};
  std::string summary_vi = {};  // the summary in Vietnamese
  // The positional arguments it needs, named as in the usage ("SUB-PROJECT").
  std::vector<std::string> arguments = {};
  std::string example = {};  // one command line, after "minhbach "
  // The quick start's role used when neither --role nor a token is given.
  std::string role = {};
  // The flag naming the unit that acts (--village, --by): when the client
  // tokens hold a line for "role:unit" (village:thon-2), that token is used.
  std::string unit_flag = {};
};

std::vector<CliCommand> LogCommands();         // append, read, tail
std::vector<CliCommand> AuditCommands();       // checkpoint, consistency, verify, witness
std::vector<CliCommand> ProvinceCommands();    // province (the communes' mirrors summed)
std::vector<CliCommand> ViewCommands();        // status, subproject, report
std::vector<CliCommand> TimelineCommands();    // timeline, assignment, supervision, finance, replay
std::vector<CliCommand> OperatorCommands();    // backup, import, export
std::vector<CliCommand> PlanCommands();        // plan issue|target|revise-target|subproject|village
std::vector<CliCommand> AssignmentCommands();  // assignment make|accept|progress|...
std::vector<CliCommand> FinanceCommands();     // finance allocate|disburse|reverse
std::vector<CliCommand> ReportCommands();      // report submit|approve|return|...
std::vector<CliCommand> SupervisionCommands();    // supervision plan|inspect|finding|...
std::vector<CliCommand> HouseholdCommands();      // household ..., review ..., standard publish
std::vector<CliCommand> HouseholdReadCommands();  // household show, review posting-list

// Every command, in the order help lists them.
std::vector<CliCommand> AllCommands();

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_COMMAND_TABLE_H_
