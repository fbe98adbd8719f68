// The server side of EventLog.Subscribe: catch up from a position, then
// follow the log live, one event in flight at a time.
//
// Memory stays bounded whatever the client's pace: at most one small page of
// events is buffered, and a slow reader only slows its own stream (gRPC flow
// control holds the write). Never blocks inside a reaction: when caught up,
// it asks the log for a watch, and the watch only arms an alarm; the alarm
// continues the stream on gRPC's own threads.
#ifndef MINHBACH_SERVICES_SUBSCRIBE_REACTOR_H_
#define MINHBACH_SERVICES_SUBSCRIBE_REACTOR_H_

#include <grpcpp/alarm.h>
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Deletes itself when the call is done. Thread-safe: gRPC callbacks, the
// log's watch and the alarm may run on any thread.
class SubscribeReactor final : public grpc::ServerWriteReactor<v1::Event> {
 public:
  // `log` must outlive the call (the server is shut down before the log closes).
  SubscribeReactor(storage::EventLog* log, uint64_t from_position);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void ContinueLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnLogGrew();
  void OnAlarm();

  storage::EventLog* const log_;

  absl::Mutex mu_;
  uint64_t next_position_ ABSL_GUARDED_BY(mu_);
  std::deque<v1::Event> buffer_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> finish_after_write_ ABSL_GUARDED_BY(mu_);
  uint64_t watch_id_ ABSL_GUARDED_BY(mu_) = 0;  // 0: none
  bool alarm_armed_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Alarm alarm_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SUBSCRIBE_REACTOR_H_
