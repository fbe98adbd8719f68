// The server side of Timeline.Replay: writes the events of an entity (from
// the timeline index) or of the whole log (from the log), a small chunk at a
// time and one event per write, so a long replay never holds the log in
// memory and follows the client's pace, within the server's read budget (see
// event_stream_reactor.h).
#ifndef MINHBACH_SERVICES_LOG_API_REPLAY_REACTOR_H_
#define MINHBACH_SERVICES_LOG_API_REPLAY_REACTOR_H_

#include <optional>
#include <string>

#include "minhbach/v1/timeline_service.pb.h"
#include "services/log_api/event_stream_reactor.h"
#include "services/program/timeline_index.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Deletes itself when the call is done. Thread-safe.
class ReplayReactor final : public EventStreamReactor {
 public:
  // `log` and `index` must outlive the call.
  ReplayReactor(grpc::CallbackServerContext* context, ReadBudget* budget,
                const storage::EventLog* log, const program::TimelineIndex* index,
                const v1::ReplayRequest& request);

 private:
  absl::StatusOr<Next> ReadNext(size_t max_events, std::vector<storage::StoredEvent>* out) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  uint64_t NextPosition() const override ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return next_; }

  const storage::EventLog* const log_;
  const program::TimelineIndex* const index_;
  const std::string entity_;
  absl::Status start_ ABSL_GUARDED_BY(mu_);  // an error found at the start
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 0;   // the next position to look at
  uint64_t end_ ABSL_GUARDED_BY(mu_) = 0;    // positions below this
  // An entity's replay, until the index has reached end_ or this passes.
  std::optional<absl::Time> index_wait_until_ ABSL_GUARDED_BY(mu_);
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_REPLAY_REACTOR_H_
