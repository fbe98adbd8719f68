// minhbach.v1.Timeline: filtered event timelines from the timeline index,
// each event optionally with its inclusion proof against a signed head. A
// timeline waits briefly (PositionWaits::WhenCaughtUp, on no gRPC thread)
// for the index to cover the log's size when it was asked, so that it
// shows every event acknowledged before.
#ifndef MINHBACH_SERVICES_PROGRAM_API_TIMELINE_SERVICE_H_
#define MINHBACH_SERVICES_PROGRAM_API_TIMELINE_SERVICE_H_

#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "services/auth/token_store.h"
#include "services/log_api/read_budget.h"
#include "services/program/timeline_index.h"
#include "services/program_api/position_waits.h"
#include "storage/signed_note.h"

namespace minhbach::services {

// Thread-safe. Everything given must outlive the server.
class TimelineService final : public v1::Timeline::CallbackService {
 public:
  TimelineService(const storage::EventLog* log, const program::TimelineIndex* index,
                  const TokenStore* tokens, const storage::note::Signer* log_key,
                  ReadBudget* budget, PositionWaits* waits)
      : log_(log),
        index_(index),
        tokens_(tokens),
        log_key_(log_key),
        budget_(budget),
        waits_(
            waits, [index] { return index->position(); }, "the timeline index has indexed") {}

  grpc::ServerUnaryReactor* GetTimeline(grpc::CallbackServerContext* context,
                                        const v1::TimelineRequest* request,
                                        v1::TimelinePage* response) override;
  grpc::ServerWriteReactor<v1::Event>* Replay(grpc::CallbackServerContext* context,
                                              const v1::ReplayRequest* request) override;

 private:
  const storage::EventLog* const log_;
  const program::TimelineIndex* const index_;
  const TokenStore* const tokens_;
  const storage::note::Signer* const log_key_;
  ReadBudget* const budget_;
  FoldWaits waits_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_TIMELINE_SERVICE_H_
