// The server side of EventLog.BatchAppend: many appends over one
// bidirectional stream, each submitted to the log in the order sent, each
// request message answered in order once every append in it is durable or
// refused.
//
// Memory is bounded by kMaxUnansweredMessages: past that many request
// messages read but not yet answered (their answers not taken by the
// client), the reactor stops reading until the oldest answer is sent, so a
// client that stops reading stops the appends too. Never blocks inside a
// reaction: the log answers on its own threads, and the answer is written
// from there.
#ifndef MINHBACH_SERVICES_LOG_API_BATCH_APPEND_REACTOR_H_
#define MINHBACH_SERVICES_LOG_API_BATCH_APPEND_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/auth/identity.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Request messages read but not yet answered, at most.
inline constexpr int kMaxUnansweredMessages = 4;
// Appends in one request message, at most (more: INVALID_ARGUMENT).
inline constexpr int kMaxAppendsPerMessage = 1000;

// Deletes itself when the call is done and the log has answered every
// append it submitted. Thread-safe: gRPC reactions and the log's answers may
// run on any thread.
class BatchAppendReactor final
    : public grpc::ServerBidiReactor<v1::BatchAppendRequest, v1::BatchAppendResponse> {
 public:
  // Starts reading at once. `log` must outlive the call; `who` is the
  // caller, already allowed to call BatchAppend (each append's stream is
  // checked against its prefixes here).
  BatchAppendReactor(storage::EventLog* log, Identity who);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // One request message on its way: its answer fills in as the log answers.
  struct Message {
    v1::BatchAppendResponse response;
    int outstanding = 0;  // appends the log has not answered yet
  };

  ~BatchAppendReactor() override = default;

  // Takes request_ (just read) as a new Message: refused appends get their
  // error at once, the others go to `appends` (with their index) for the log.
  Message* AcceptLocked(std::vector<std::pair<int, storage::AppendRequest>>* appends)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Answer(Message* message, int index, const absl::StatusOr<storage::AppendResult>& result);
  // Writes the oldest answer when complete, reads on while there is room,
  // finishes once the client is done and everything is answered.
  void ContinueLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // True when this may be deleted (after OnDone, no answer pending).
  bool ReleasableLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return done_ && submitted_ == 0;
  }

  storage::EventLog* const log_;
  const Identity who_;

  absl::Mutex mu_;
  v1::BatchAppendRequest request_ ABSL_GUARDED_BY(mu_);
  std::deque<std::unique_ptr<Message>> messages_ ABSL_GUARDED_BY(mu_);  // oldest first
  int submitted_ ABSL_GUARDED_BY(mu_) = 0;  // appends the log has yet to answer
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool client_done_ ABSL_GUARDED_BY(mu_) = false;  // no more request messages
  bool finished_ ABSL_GUARDED_BY(mu_) = false;     // Finish called
  bool done_ ABSL_GUARDED_BY(mu_) = false;         // OnDone ran
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_BATCH_APPEND_REACTOR_H_
