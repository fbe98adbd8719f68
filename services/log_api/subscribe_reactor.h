// The server side of EventLog.Subscribe: catch up from a position, then
// follow the log live, one event in flight at a time, within the server's
// read budget (see event_stream_reactor.h for what a stream may hold and how
// a stalled client is ended). When caught up it asks the log for a watch,
// and the watch only arms an alarm; the alarm continues the stream on gRPC's
// own threads.
#ifndef MINHBACH_SERVICES_LOG_API_SUBSCRIBE_REACTOR_H_
#define MINHBACH_SERVICES_LOG_API_SUBSCRIBE_REACTOR_H_

#include "services/log_api/event_stream_reactor.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Deletes itself when the call is done. Thread-safe.
class SubscribeReactor final : public EventStreamReactor {
 public:
  // `log` must outlive the call (the server is shut down before the log closes).
  SubscribeReactor(grpc::CallbackServerContext* context, ReadBudget* budget, storage::EventLog* log,
                   uint64_t from_position);

 private:
  absl::StatusOr<Next> ReadNext(size_t max_events, std::vector<storage::StoredEvent>* out) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  uint64_t NextPosition() const override ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return next_position_;
  }
  void StopWaiting() override;
  void OnLogGrew();

  storage::EventLog* const log_;
  uint64_t next_position_ ABSL_GUARDED_BY(mu_);
  uint64_t watch_id_ ABSL_GUARDED_BY(mu_) = 0;  // 0: none
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_SUBSCRIBE_REACTOR_H_
