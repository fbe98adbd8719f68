// The one shape of every program command RPC, in this order: the caller's
// role may call the method (RunCommand); the aggregate's id is valid; the
// business time (the meta's date, else the date the body states, else today
// by the injected clock); checks that need no aggregate (e.g. on the plan);
// then the aggregate is loaded, the caller may act on it, the domain decides
// and the event is appended (program::CommandExecutor). All of it runs on
// the command pool, never on a gRPC callback thread.
#ifndef MINHBACH_SERVICES_PROGRAM_API_PROGRAM_COMMAND_H_
#define MINHBACH_SERVICES_PROGRAM_API_PROGRAM_COMMAND_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "minhbach/v1/program_service.pb.h"
#include "services/auth/identity.h"
#include "services/program/command_executor.h"
#include "services/program_api/command_call.h"
#include "storage/event_log.h"
#include "storage/status_macros.h"

namespace minhbach::services {

// One command on the aggregate of type State; Command is the domain's
// command variant for that aggregate (domain::BudgetCommand...).
template <typename State, typename Command>
struct ProgramCommand {
  std::string service;  // "Finance"
  std::string method;   // "RecordDisbursement"
  // The request's meta; it lives until the call is finished.
  const v1::CommandMeta* meta = nullptr;
  // The aggregate's id checked (program::ValidateAggregateId, or the
  // period's form): an error here refuses the command before anything else.
  absl::Status id_valid;
  std::string stream;       // the aggregate's stream
  std::string stated_date;  // the date the body states, if any
  Command command;
  // Checks that need no aggregate (may load the plan). Empty: none.
  std::function<absl::Status(const Identity&)> may_call;
  // After the checks above: fills in what the domain needs beyond the
  // aggregate (the business date, facts of the plan or of other
  // aggregates), and may refuse. Empty: none.
  std::function<absl::Status(const Identity&, absl::Time business_time, Command&)> add_facts;
  // Checks the caller against the freshly loaded aggregate. Empty: none.
  std::function<absl::Status(const Identity&, const State&)> may_act;
  // Once the event is durably in the log (also for a retry): what must follow
  // it outside the log (destroying an erased household's key). Its error is
  // the command's answer; the event stays, and a retry runs this again.
  // Empty: none.
  std::function<absl::Status(const v1::CommandResult&)> after_append;
};

// What every program command service holds to run its commands.
// Thread-safe; `log` and what `env` points to outlive the server.
class ProgramCommandRunner {
 public:
  ProgramCommandRunner(storage::EventLog* log, CommandEnv env)
      : log_(log), executor_(log), env_(std::move(env)) {}

  template <typename State, typename Command>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context,
                                ProgramCommand<State, Command> c,
                                v1::CommandResult* response) const {
    const std::string method = MethodName(c.service, c.method);
    return RunCommand(
        context, env_, method, response,
        [this, c = std::move(c)](const Identity& who) -> absl::StatusOr<v1::CommandResult> {
          RETURN_IF_ERROR(c.id_valid);
          ASSIGN_OR_RETURN(absl::Time business_time,
                           program::BusinessTime(*c.meta, c.stated_date, env_.clock->Now()));
          if (c.may_call) RETURN_IF_ERROR(c.may_call(who));
          Command command = c.command;
          if (c.add_facts) RETURN_IF_ERROR(c.add_facts(who, business_time, command));
          ASSIGN_OR_RETURN(
              v1::CommandResult result,
              executor_.Execute<State>(
                  c.stream, who.name, *c.meta, business_time, command,
                  std::function<absl::Status(const State&)>([&c, &who](const State& state) {
                    return c.may_act ? c.may_act(who, state) : absl::OkStatus();
                  })));
          if (c.after_append) RETURN_IF_ERROR(c.after_append(result));
          return result;
        });
  }

  storage::EventLog& log() const { return *log_; }
  const CommandEnv& env() const { return env_; }
  // The current state of another aggregate (program::CommandExecutor::Current).
  template <typename State>
  absl::StatusOr<std::shared_ptr<const program::LoadedAggregate<State>>> Current(
      const std::string& stream) const {
    return executor_.Current<State>(stream);
  }

 private:
  storage::EventLog* const log_;
  const program::CommandExecutor executor_;
  const CommandEnv env_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_PROGRAM_COMMAND_H_
