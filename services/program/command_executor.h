// Runs one command against one aggregate: load the aggregate by replaying
// its stream, let the caller check who may act on it, let the domain decide,
// and append the decided event at exactly the version the decision saw.
//
//   CommandExecutor commands(log);
//   ASSIGN_OR_RETURN(v1::CommandResult result,
//                    commands.Execute<domain::AssignmentState>(
//                        AssignmentStream(id), actor, meta, absl::Now(), command, may_act));
//
// Concurrency: two commands racing on one aggregate cannot both pass a rule
// only one may pass; the loser's append finds the stream moved (Aborted) and
// is decided again on the new state, up to kMaxAttempts times.
//
// Idempotency: a command whose event id is already in the log returns that
// event's position with duplicate = true, whether the domain recognises the
// retry (the id is in the aggregate) or the log does.
//
// Thread-safe: holds only the log, which is.
#ifndef MINHBACH_SERVICES_PROGRAM_COMMAND_EXECUTOR_H_
#define MINHBACH_SERVICES_PROGRAM_COMMAND_EXECUTOR_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "minhbach/v1/program_service.pb.h"
#include "services/domain/assignment.h"
#include "services/domain/budget.h"
#include "services/domain/domain_event.h"
#include "services/domain/plan.h"
#include "services/domain/reporting.h"
#include "services/domain/supervision.h"
#include "storage/event_log.h"
#include "storage/status_macros.h"

namespace minhbach::program {

// An aggregate's state as folded from its stream, and the version of the
// stream's last event (nullopt: no event yet).
template <typename State>
struct LoadedAggregate {
  State state;
  std::optional<uint64_t> version;
};

// The events of `stream` from `from_version` on, as the domain sees them,
// with the version of the last one; reads page by page.
absl::Status ForEachStreamEvent(
    const storage::EventLog& log, const std::string& stream,
    const std::function<absl::Status(const domain::DomainEvent&, uint64_t version)>& visit);

// Folds every event of `stream` into a fresh State with the domain's Apply.
// DataLoss when an event does not apply (the stream holds what the domain
// never decided).
template <typename State>
absl::StatusOr<LoadedAggregate<State>> LoadAggregate(const storage::EventLog& log,
                                                     const std::string& stream) {
  LoadedAggregate<State> loaded;
  RETURN_IF_ERROR(ForEachStreamEvent(
      log, stream, [&loaded, &stream](const domain::DomainEvent& event, uint64_t version) {
        absl::Status applied = domain::Apply(loaded.state, event);
        if (!applied.ok()) {
          return absl::DataLossError(absl::StrCat("event ", version, " of ", stream,
                                                  " does not apply: ", applied.message()));
        }
        loaded.version = version;
        return absl::OkStatus();
      }));
  return loaded;
}

// The business time of a command: meta.business_date when given, else
// `stated_date` (the date the command's body states) when it is a date, else
// the UTC day of `now`; midnight UTC of that day. InvalidArgument naming
// "meta.business_date" when that is given and is not YYYY-MM-DD.
absl::StatusOr<absl::Time> BusinessTime(const v1::CommandMeta& meta, absl::string_view stated_date,
                                        absl::Time now);

class CommandExecutor {
 public:
  static constexpr int kMaxAttempts = 5;

  explicit CommandExecutor(storage::EventLog* log) : log_(log) {}

  // Decides `command` on the aggregate of `stream` and appends the event.
  // `may_act` sees the freshly loaded state first and refuses (usually
  // PermissionDenied or NotFound) when the caller may not act on it.
  template <typename State, typename Command>
  absl::StatusOr<v1::CommandResult> Execute(
      const std::string& stream, const std::string& actor, const v1::CommandMeta& meta,
      absl::Time business_time, const Command& command,
      const std::function<absl::Status(const State&)>& may_act) const {
    for (int attempt = 1;; ++attempt) {
      ASSIGN_OR_RETURN(LoadedAggregate<State> loaded, LoadAggregate<State>(*log_, stream));
      RETURN_IF_ERROR(may_act(loaded.state));
      ASSIGN_OR_RETURN(std::vector<domain::DomainEvent> events,
                       domain::Decide(loaded.state, command));
      if (events.empty()) return Recorded(stream, meta.event_id());
      absl::StatusOr<v1::CommandResult> appended =
          Append(stream, actor, meta, business_time, loaded.version, std::move(events));
      if (appended.ok() || !absl::IsAborted(appended.status())) return appended;
      if (attempt == kMaxAttempts) {
        return absl::AbortedError(
            absl::StrCat(stream, " kept changing while the command was decided (", kMaxAttempts,
                         " attempts); send the same command again"));
      }
    }
  }

 private:
  // The result of a command already in the log: its event, found by id.
  absl::StatusOr<v1::CommandResult> Recorded(const std::string& stream,
                                             const std::string& event_id) const;
  absl::StatusOr<v1::CommandResult> Append(const std::string& stream, const std::string& actor,
                                           const v1::CommandMeta& meta, absl::Time business_time,
                                           std::optional<uint64_t> version,
                                           std::vector<domain::DomainEvent> events) const;

  storage::EventLog* const log_;
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_COMMAND_EXECUTOR_H_
