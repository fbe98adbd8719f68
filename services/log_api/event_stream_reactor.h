// The server side of a stream of events (EventLog.Subscribe, Timeline.Replay):
// reads the next events from its source a small chunk at a time and writes
// them one per message, within the server's read budget.
//
// What a stream holds is bounded in bytes, not in events: a chunk read from
// the log (ChunkEvents: as many as fit a response even at the largest event
// size), reserved from the ReadBudget before it is read and kept, per event,
// until gRPC has sent that event (its message object and gRPC's serialized
// copy). A stream that cannot get budget retries with backoff and, after the
// stall timeout, ends with RESOURCE_EXHAUSTED. A client that leaves a message
// unread for the stall timeout has its stream ended with RESOURCE_EXHAUSTED
// (and cancelled if it does not take that status either), which frees what
// the stream held. Never blocks inside a reaction: waits are alarms.
#ifndef MINHBACH_SERVICES_LOG_API_EVENT_STREAM_REACTOR_H_
#define MINHBACH_SERVICES_LOG_API_EVENT_STREAM_REACTOR_H_

#include <grpcpp/alarm.h>
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "services/log_api/read_budget.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Deletes itself when the call is done. Thread-safe: gRPC callbacks, alarms
// and whatever calls WakeLocked may run on any thread.
class EventStreamReactor : public grpc::ServerWriteReactor<v1::Event> {
 public:
  // `context` and `budget` must outlive the call.
  EventStreamReactor(grpc::CallbackServerContext* context, ReadBudget* budget);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 protected:
  enum class Next {
    kMore,  // events were read, or may be read at once
    kEnd,   // the source has no more, ever: the stream finishes OK once they are written
    kWait,  // none now: the source calls WakeLocked when there may be
  };

  ~EventStreamReactor() override = default;

  // Starts the stream; the subclass's constructor calls it last.
  void Start();
  // Appends up to `max_events` next events to `out`. Called with mu_ held.
  virtual absl::StatusOr<Next> ReadNext(size_t max_events, std::vector<storage::StoredEvent>* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) = 0;
  // The position a client resumes from when it has received nothing more.
  virtual uint64_t NextPosition() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) = 0;
  // Forgets whatever would call WakeLocked. Called once, from OnDone, without mu_.
  virtual void StopWaiting() {}
  // Continues the stream soon, on gRPC's threads.
  void WakeLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The same at `when`: for a source that polls what it waits for.
  void WakeAtLocked(absl::Time when) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;

 private:
  struct Buffered {
    v1::Event event;
    size_t held = 0;  // bytes counted against the budget for it
  };

  void ContinueLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Reads a chunk into buffer_; false when the stream waits or finished.
  bool FillLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CallFinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ArmWakeLocked(absl::Time when) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ArmStallLocked(absl::Time when) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnWakeAlarm();
  void OnStallAlarm(bool fired);
  // "resume from position N", for messages.
  std::string ResumeHintLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool DeletableLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const context_;
  ReadBudget* const budget_;

  std::deque<Buffered> buffer_ ABSL_GUARDED_BY(mu_);  // front: the message in flight
  bool source_ended_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time write_started_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;       // no more events will be written
  bool finish_called_ ABSL_GUARDED_BY(mu_) = false;  // Finish has been called
  bool stalled_ ABSL_GUARDED_BY(mu_) = false;        // ended for not reading
  std::optional<grpc::Status> finish_after_write_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Time> budget_wait_since_ ABSL_GUARDED_BY(mu_);
  absl::Duration budget_backoff_ ABSL_GUARDED_BY(mu_);
  bool wake_armed_ ABSL_GUARDED_BY(mu_) = false;
  bool stall_armed_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelling_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Alarm wake_alarm_;
  grpc::Alarm stall_alarm_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_EVENT_STREAM_REACTOR_H_
