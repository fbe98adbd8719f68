// The server side of Timeline.Replay: writes the events of an entity (from
// the timeline index) or of the whole log (from the log), one page at a time
// and one event per write, so a long replay never holds the log in memory
// and follows the client's pace.
#ifndef MINHBACH_SERVICES_REPLAY_REACTOR_H_
#define MINHBACH_SERVICES_REPLAY_REACTOR_H_

#include <grpcpp/support/server_callback.h>

#include <deque>

#include "minhbach/v1/timeline_service.pb.h"
#include "services/program/timeline_index.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Deletes itself when the call is done.
class ReplayReactor final : public grpc::ServerWriteReactor<v1::Event> {
 public:
  ReplayReactor(const storage::EventLog* log, const program::TimelineIndex* index,
                const v1::ReplayRequest& request);

  void OnWriteDone(bool ok) override;
  void OnDone() override { delete this; }
  void OnCancel() override {}

 private:
  // Writes the next event, reading the next page first when needed.
  void WriteNext();
  absl::Status ReadPage();

  const storage::EventLog* const log_;
  const program::TimelineIndex* const index_;
  const std::string entity_;
  uint64_t next_ = 0;  // the next position to look at
  uint64_t end_ = 0;   // positions below this
  bool exhausted_ = false;
  std::deque<storage::StoredEvent> page_;
  v1::Event writing_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_REPLAY_REACTOR_H_
