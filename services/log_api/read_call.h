// Unary read calls (EventLog.ReadAll, ReadStream, GetEvent; Timeline.GetTimeline)
// within the server's read budget.
#ifndef MINHBACH_SERVICES_LOG_API_READ_CALL_H_
#define MINHBACH_SERVICES_LOG_API_READ_CALL_H_

#include <grpcpp/support/server_callback.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "google/protobuf/message_lite.h"
#include "services/log_api/read_budget.h"

namespace minhbach::services {

// Reserves from `budget` what the largest response and the reads behind it
// may hold, runs `answer` (which fills `response`), then keeps only what the
// encoded response needs (it and gRPC's serialized copy) until the call is
// done. A client that has not taken the response within the stall timeout
// has its call cancelled, so that its memory comes back. RESOURCE_EXHAUSTED
// (retry later) when the budget has no room, without running `answer`.
grpc::ServerUnaryReactor* AnswerRead(grpc::CallbackServerContext* context, ReadBudget* budget,
                                     const google::protobuf::MessageLite& response,
                                     absl::FunctionRef<absl::Status()> answer);

// The same, answered later, on another thread (after a wait): give gRPC
// the returned reactor now, then call AnswerLater exactly once with it.
grpc::ServerUnaryReactor* NewLaterRead(grpc::CallbackServerContext* context, ReadBudget* budget);
// `waited`: not OK ends the call with it, without running `answer`.
void AnswerLater(grpc::ServerUnaryReactor* later_read, const absl::Status& waited,
                 const google::protobuf::MessageLite& response,
                 absl::FunctionRef<absl::Status()> answer);

// What a unary read reserves before it runs: the response (at most
// kMaxResponseBytes or one event), gRPC's copy of it, and a chunk read from
// the log with one event more (a timeline page looks one event ahead).
size_t ReadCallReservation(const ReadLimits& limits);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_READ_CALL_H_
