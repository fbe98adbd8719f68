// Runs one command against one aggregate: load the aggregate by replaying
// its stream, let the caller check who may act on it, let the domain decide,
// and append the decided event at exactly the version the decision saw.
//
//   CommandExecutor commands(log);
//   ASSIGN_OR_RETURN(v1::CommandResult result,
//                    commands.Execute<domain::AssignmentState>(
//                        AssignmentStream(id), actor, meta, business_time, command, may_act));
//
// Concurrency: two commands racing on one aggregate cannot both pass a rule
// only one may pass; the loser's append finds the stream moved (Aborted) and
// is decided again on the new state, up to kMaxAttempts times.
//
// Idempotency: a command whose event id is already in the log returns that
// event's position with duplicate = true when it is the same command: when it
// decides, on the state the first attempt was decided on, the very event that
// was recorded (type, payload, business time, correlation, actor, stream),
// whether the domain recognises the retry (the id is in the aggregate) or the
// log does. Anything else under that id is AlreadyExists: a reused id never
// reports content as recorded that is not in the log.
//
// Aggregates are cached between commands (AggregateCache), each caught up
// with the log before a decision, so a long stream is not folded anew.
//
// Thread-safe.
#ifndef MINHBACH_SERVICES_PROGRAM_COMMAND_EXECUTOR_H_
#define MINHBACH_SERVICES_PROGRAM_COMMAND_EXECUTOR_H_

#include <functional>
#include <memory>
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
#include "services/domain/household.h"
#include "services/domain/household_review.h"
#include "services/domain/plan.h"
#include "services/domain/reporting.h"
#include "services/domain/standard_publication.h"
#include "services/domain/supervision.h"
#include "services/program/aggregate_cache.h"
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

// The events of `stream` with versions in [from_version, end_version) (to the
// end when nullopt), as the domain sees them, each with its version; reads
// page by page.
absl::Status ForEachStreamEvent(
    const storage::EventLog& log, const std::string& stream,
    const std::function<absl::Status(const domain::DomainEvent&, uint64_t version)>& visit,
    std::optional<uint64_t> end_version = std::nullopt, uint64_t from_version = 0);

// Folds into `loaded` the events of `stream` after its version (below
// `end_version` when given) with the domain's Apply. DataLoss when an event
// does not apply (the stream holds what the domain never decided); `loaded`
// is then half-folded and must be dropped.
template <typename State>
absl::Status CatchUp(const storage::EventLog& log, const std::string& stream,
                     LoadedAggregate<State>& loaded,
                     std::optional<uint64_t> end_version = std::nullopt) {
  return ForEachStreamEvent(
      log, stream,
      [&loaded, &stream](const domain::DomainEvent& event, uint64_t version) {
        absl::Status applied = domain::Apply(loaded.state, event);
        if (!applied.ok()) {
          return absl::DataLossError(absl::StrCat("event ", version, " of ", stream,
                                                  " does not apply: ", applied.message()));
        }
        loaded.version = version;
        return absl::OkStatus();
      },
      end_version, loaded.version ? *loaded.version + 1 : 0);
}

// Folds the events of `stream` (those below `end_version` when given) into a
// fresh State.
template <typename State>
absl::StatusOr<LoadedAggregate<State>> LoadAggregate(
    const storage::EventLog& log, const std::string& stream,
    std::optional<uint64_t> end_version = std::nullopt) {
  LoadedAggregate<State> loaded;
  RETURN_IF_ERROR(CatchUp(log, stream, loaded, end_version));
  return loaded;
}

// The business time of a command: meta.business_date when given, else
// `stated_date` (the date the command's body states) when it is a date, else
// the commune's day of `now` (domain::CommuneDay, UTC+7); midnight UTC of
// that day, as every business date is stored. InvalidArgument naming
// "meta.business_date" when that is given and is not YYYY-MM-DD.
absl::StatusOr<absl::Time> BusinessTime(const v1::CommandMeta& meta, absl::string_view stated_date,
                                        absl::Time now);

// The business date of a business time (midnight UTC of the day, as
// BusinessTime gives): "YYYY-MM-DD".
std::string BusinessDate(absl::Time business_time);

class CommandExecutor {
 public:
  static constexpr int kMaxAttempts = 5;

  // Streams whose folded aggregates are kept between commands.
  static constexpr size_t kCachedAggregates = 1024;

  explicit CommandExecutor(storage::EventLog* log)
      : log_(log), cache_(std::make_unique<AggregateCache>(kCachedAggregates)) {}

  // Decides `command` on the aggregate of `stream` and appends the event.
  // `may_act` sees the freshly loaded state first and refuses (usually
  // PermissionDenied or NotFound) when the caller may not act on it.
  template <typename State, typename Command>
  absl::StatusOr<v1::CommandResult> Execute(
      const std::string& stream, const std::string& actor, const v1::CommandMeta& meta,
      absl::Time business_time, const Command& command,
      const std::function<absl::Status(const State&)>& may_act) const {
    for (int attempt = 1;; ++attempt) {
      ASSIGN_OR_RETURN(std::shared_ptr<const LoadedAggregate<State>> loaded,
                       Current<State>(stream));
      RETURN_IF_ERROR(may_act(loaded->state));
      absl::StatusOr<std::vector<domain::DomainEvent>> decided =
          domain::Decide(loaded->state, command);
      if (absl::IsAlreadyExists(decided.status())) return IdInUse(decided.status(), meta);
      RETURN_IF_ERROR(decided.status());
      std::vector<domain::DomainEvent>& events = *decided;
      if (events.empty()) return Retried<State>(stream, actor, meta, business_time, command);
      absl::StatusOr<v1::CommandResult> appended =
          Append(stream, actor, meta, business_time, loaded->version, std::move(events));
      if (appended.ok() || !absl::IsAborted(appended.status())) return appended;
      if (attempt == kMaxAttempts) {
        return absl::AbortedError(
            absl::StrCat(stream, " kept changing while the command was decided (", kMaxAttempts,
                         " attempts); send the same command again"));
      }
    }
  }

  // The aggregate of `stream` now: the cached fold caught up with the log, or
  // a fold of the whole stream. For the facts a command needs from other
  // aggregates (a review's standard, a household's area), read as cheaply.
  template <typename State>
  absl::StatusOr<std::shared_ptr<const LoadedAggregate<State>>> Current(
      const std::string& stream) const {
    std::shared_ptr<const LoadedAggregate<State>> cached =
        cache_->Get<LoadedAggregate<State>>(stream);
    if (cached != nullptr) {
      const uint64_t next = cached->version ? *cached->version + 1 : 0;
      ASSIGN_OR_RETURN(std::vector<storage::StoredEvent> newer,
                       log_->ReadStream(stream, next, storage::ReadDirection::kForward, 1));
      if (newer.empty()) return cached;
    }
    std::shared_ptr<LoadedAggregate<State>> loaded;
    if (cached != nullptr) loaded = cache_->TakeIfOnly(stream, cached);
    if (loaded == nullptr) {
      loaded = cached != nullptr ? std::make_shared<LoadedAggregate<State>>(*cached)
                                 : std::make_shared<LoadedAggregate<State>>();
    }
    cached.reset();
    RETURN_IF_ERROR(CatchUp(*log_, stream, *loaded));
    cache_->Put<LoadedAggregate<State>>(stream, loaded);
    return std::shared_ptr<const LoadedAggregate<State>>(std::move(loaded));
  }

 private:
  // A command whose event id the aggregate has applied already (the domain
  // decided no events). It is a harmless retry only if it decides, on the
  // state just before the recorded event, that very event: the log's retry
  // check (AppendRequest with the same ids) then compares every stored field
  // and answers duplicate or AlreadyExists. A command refused on that state
  // was not the recorded one either.
  template <typename State, typename Command>
  absl::StatusOr<v1::CommandResult> Retried(const std::string& stream, const std::string& actor,
                                            const v1::CommandMeta& meta, absl::Time business_time,
                                            const Command& command) const {
    ASSIGN_OR_RETURN(storage::StoredEvent recorded, log_->GetEventById(meta.event_id()));
    ASSIGN_OR_RETURN(LoadedAggregate<State> before,
                     LoadAggregate<State>(*log_, stream, recorded.record.stream_version()));
    absl::StatusOr<std::vector<domain::DomainEvent>> decided =
        domain::Decide(before.state, command);
    if (!decided.ok() || decided->empty()) return UsedForOtherContent(recorded.record);
    return Append(stream, actor, meta, business_time, before.version, *std::move(decided));
  }

  // AlreadyExists for a command whose event id the log holds in `recorded`,
  // with other content.
  static absl::Status UsedForOtherContent(const v1::EventRecord& recorded);
  // `refused` (an AlreadyExists of the domain), or UsedForOtherContent when
  // the command's event id is in the log: the id was used for another kind
  // of event, and the answer should say where.
  absl::Status IdInUse(const absl::Status& refused, const v1::CommandMeta& meta) const;
  absl::StatusOr<v1::CommandResult> Append(const std::string& stream, const std::string& actor,
                                           const v1::CommandMeta& meta, absl::Time business_time,
                                           std::optional<uint64_t> version,
                                           std::vector<domain::DomainEvent> events) const;

  storage::EventLog* const log_;
  const std::unique_ptr<AggregateCache> cache_;
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_COMMAND_EXECUTOR_H_
