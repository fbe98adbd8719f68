// minhbach.v1.EventLog over the callback API: thin handlers that
// authenticate, validate (event_log_requests.h), call the log and map the status.
#ifndef MINHBACH_SERVICES_LOG_API_EVENT_LOG_SERVICE_H_
#define MINHBACH_SERVICES_LOG_API_EVENT_LOG_SERVICE_H_

#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/auth/token_store.h"
#include "services/log_api/read_budget.h"
#include "storage/event_log.h"

namespace minhbach::services {

// Thread-safe. `log` and `tokens` must outlive the server that serves this.
class EventLogService final : public v1::EventLog::CallbackService {
 public:
  // Readers hold memory from `budget`, which must outlive the server too.
  EventLogService(storage::EventLog* log, const TokenStore* tokens, ReadBudget* budget)
      : log_(log), tokens_(tokens), budget_(budget) {}

  grpc::ServerUnaryReactor* Append(grpc::CallbackServerContext* context,
                                   const v1::AppendRequest* request,
                                   v1::AppendResponse* response) override;
  grpc::ServerBidiReactor<v1::BatchAppendRequest, v1::BatchAppendResponse>* BatchAppend(
      grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* ReadStream(grpc::CallbackServerContext* context,
                                       const v1::ReadStreamRequest* request,
                                       v1::ReadEventsResponse* response) override;
  grpc::ServerUnaryReactor* ReadAll(grpc::CallbackServerContext* context,
                                    const v1::ReadAllRequest* request,
                                    v1::ReadEventsResponse* response) override;
  grpc::ServerUnaryReactor* GetEvent(grpc::CallbackServerContext* context,
                                     const v1::GetEventRequest* request,
                                     v1::Event* response) override;
  grpc::ServerWriteReactor<v1::Event>* Subscribe(grpc::CallbackServerContext* context,
                                                 const v1::SubscribeRequest* request) override;

 private:
  storage::EventLog* const log_;
  const TokenStore* const tokens_;
  ReadBudget* const budget_;
};

// A stream of events that ends at once with `status` (a refused call).
grpc::ServerWriteReactor<v1::Event>* RefuseStream(const absl::Status& status);

// Finishes a unary call at once with `status`.
grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_EVENT_LOG_SERVICE_H_
