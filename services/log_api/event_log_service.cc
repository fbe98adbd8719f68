#include "services/log_api/event_log_service.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "services/auth/authorization.h"
#include "services/auth/call_auth.h"
#include "services/log_api/batch_append_reactor.h"
#include "services/log_api/event_log_requests.h"
#include "services/log_api/read_call.h"
#include "services/log_api/subscribe_reactor.h"
#include "services/rpc/grpc_status.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

namespace minhbach::services {
namespace {

constexpr absl::string_view kAppend = "/minhbach.v1.EventLog/Append";
constexpr absl::string_view kBatchAppend = "/minhbach.v1.EventLog/BatchAppend";
constexpr absl::string_view kReadStream = "/minhbach.v1.EventLog/ReadStream";
constexpr absl::string_view kReadAll = "/minhbach.v1.EventLog/ReadAll";
constexpr absl::string_view kGetEvent = "/minhbach.v1.EventLog/GetEvent";
constexpr absl::string_view kSubscribe = "/minhbach.v1.EventLog/Subscribe";

absl::Status ReadStream(const storage::EventLog& log, const ReadLimits& limits,
                        const v1::ReadStreamRequest& request, v1::ReadEventsResponse* response) {
  const bool backward = request.backward();
  const storage::ReadDirection direction =
      backward ? storage::ReadDirection::kBackward : storage::ReadDirection::kForward;
  uint64_t from = request.has_from_version() ? request.from_version() : backward ? UINT64_MAX : 0;
  const uint32_t want = PageSize(request.limit());
  PageBytes page;
  std::optional<uint64_t> last;  // the version of the last event in the page
  bool full = false;             // an event did not fit: there is more
  bool end = false;              // the log had no more
  while (!full && !end && page.count() < want) {
    const size_t chunk = std::min<size_t>(want - page.count(), ChunkEvents(limits));
    ASSIGN_OR_RETURN(std::vector<storage::StoredEvent> events,
                     log.ReadStream(request.stream(), from, direction, chunk));
    end = events.size() < chunk;
    for (storage::StoredEvent& stored : events) {
      const uint64_t version = stored.record.stream_version();
      if (!AddEvent(std::move(stored), &page, response->mutable_events())) {
        full = true;
        break;
      }
      last = version;
    }
    if (!last || (backward && *last == 0)) break;
    from = backward ? *last - 1 : *last + 1;
  }
  if (!last) return absl::OkStatus();
  bool more = full;
  if (!full && !end) {  // the page filled up exactly: is there more?
    if (backward) {
      more = *last > 0;
    } else {
      ASSIGN_OR_RETURN(std::optional<uint64_t> current, log.StreamVersion(request.stream()));
      more = current.has_value() && *current > *last;
    }
  }
  if (more) response->set_next(backward ? *last - 1 : *last + 1);
  return absl::OkStatus();
}

absl::Status ReadAll(const storage::EventLog& log, const ReadLimits& limits,
                     const v1::ReadAllRequest& request, v1::ReadEventsResponse* response) {
  const uint32_t want = PageSize(request.limit());
  PageBytes page;
  uint64_t next = request.from_position();
  bool full = false;
  while (!full && page.count() < want) {
    const size_t chunk = std::min<size_t>(want - page.count(), ChunkEvents(limits));
    ASSIGN_OR_RETURN(std::vector<storage::StoredEvent> events, log.ReadAll(next, chunk));
    for (storage::StoredEvent& stored : events) {
      if (!AddEvent(std::move(stored), &page, response->mutable_events())) {
        full = true;
        break;
      }
      ++next;
    }
    if (events.size() < chunk) break;
  }
  if (next < log.Size()) response->set_next(next);
  return absl::OkStatus();
}

absl::Status GetEvent(const storage::EventLog& log, const v1::GetEventRequest& request,
                      v1::Event* response) {
  absl::StatusOr<storage::StoredEvent> event;
  switch (request.key_case()) {
    case v1::GetEventRequest::kPosition:
      event = log.GetEvent(request.position());
      break;
    case v1::GetEventRequest::kEventId: {
      absl::StatusOr<std::string> id = storage::ParseUuid(request.event_id());
      if (!id.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("event_id: ", id.status().message()));
      }
      event = log.GetEventById(*id);
      break;
    }
    default:
      return absl::InvalidArgumentError("give position or event_id");
  }
  if (!event.ok()) return event.status();
  ToEvent(*std::move(event), response);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerWriteReactor<v1::Event>* RefuseStream(const absl::Status& status) {
  class Refused final : public grpc::ServerWriteReactor<v1::Event> {
   public:
    explicit Refused(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
    void OnDone() override { delete this; }
  };
  return new Refused(status);
}

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* EventLogService::Append(grpc::CallbackServerContext* context,
                                                  const v1::AppendRequest* request,
                                                  v1::AppendResponse* response) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kAppend);
  if (!who.ok()) return FinishNow(context, who.status());
  if (absl::Status allowed = AuthorizeDirectAppend(*who, request->stream()); !allowed.ok()) {
    return FinishNow(context, allowed);
  }
  absl::StatusOr<storage::AppendRequest> append = ToAppendRequest(*request, *who);
  if (!append.ok()) return FinishNow(context, append.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // A lone append commits on this callback thread (as reads run on theirs):
  // at most one callback thread is held by a write at a time.
  log_->AppendAsyncOrInline(*std::move(append),
                            [reactor, response](absl::StatusOr<storage::AppendResult> result) {
                              if (result.ok()) *response = ToAppendResponse(*result);
                              reactor->Finish(ToGrpcStatus(result.status()));
                            });
  return reactor;
}

grpc::ServerBidiReactor<v1::BatchAppendRequest, v1::BatchAppendResponse>*
EventLogService::BatchAppend(grpc::CallbackServerContext* context) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kBatchAppend);
  if (!who.ok()) {
    class Refused final
        : public grpc::ServerBidiReactor<v1::BatchAppendRequest, v1::BatchAppendResponse> {
     public:
      explicit Refused(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
      void OnDone() override { delete this; }
    };
    return new Refused(who.status());
  }
  return new BatchAppendReactor(log_, *std::move(who));
}

grpc::ServerUnaryReactor* EventLogService::ReadStream(grpc::CallbackServerContext* context,
                                                      const v1::ReadStreamRequest* request,
                                                      v1::ReadEventsResponse* response) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kReadStream);
  if (!who.ok()) return FinishNow(context, who.status());
  return AnswerRead(context, budget_, *response, [&] {
    return services::ReadStream(*log_, budget_->limits(), *request, response);
  });
}

grpc::ServerUnaryReactor* EventLogService::ReadAll(grpc::CallbackServerContext* context,
                                                   const v1::ReadAllRequest* request,
                                                   v1::ReadEventsResponse* response) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kReadAll);
  if (!who.ok()) return FinishNow(context, who.status());
  return AnswerRead(context, budget_, *response, [&] {
    return services::ReadAll(*log_, budget_->limits(), *request, response);
  });
}

grpc::ServerUnaryReactor* EventLogService::GetEvent(grpc::CallbackServerContext* context,
                                                    const v1::GetEventRequest* request,
                                                    v1::Event* response) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kGetEvent);
  if (!who.ok()) return FinishNow(context, who.status());
  return AnswerRead(context, budget_, *response,
                    [&] { return services::GetEvent(*log_, *request, response); });
}

grpc::ServerWriteReactor<v1::Event>* EventLogService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kSubscribe);
  if (!who.ok()) return RefuseStream(who.status());
  return new SubscribeReactor(context, budget_, log_, request->from_position());
}

}  // namespace minhbach::services
