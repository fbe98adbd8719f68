#include "services/program_api/timeline_service.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/auth/call_auth.h"
#include "services/domain/dates.h"
#include "services/log_api/audit_service.h"
#include "services/log_api/event_log_requests.h"
#include "services/log_api/event_log_service.h"
#include "services/log_api/read_call.h"
#include "services/log_api/replay_reactor.h"
#include "services/rpc/grpc_status.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

constexpr absl::string_view kGetTimeline = "/minhbach.v1.Timeline/GetTimeline";
constexpr absl::string_view kReplay = "/minhbach.v1.Timeline/Replay";
constexpr uint32_t kDefaultLimit = 100;
constexpr uint32_t kMaxLimit = 1000;

// Microseconds at the start of `date` (YYYY-MM-DD), plus `days`.
absl::StatusOr<int64_t> DayMicros(absl::string_view field, absl::string_view date, int days) {
  absl::CivilDay day;
  if (!domain::IsValidDate(date) || !absl::ParseCivilTime(date, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be a date YYYY-MM-DD, got \"", date, "\""));
  }
  return absl::ToUnixMicros(absl::FromCivil(day + days, absl::UTCTimeZone()));
}

absl::StatusOr<program::TimelineQuery> ToQuery(const v1::TimelineRequest& request) {
  program::TimelineQuery query;
  query.entity = request.entity();
  query.actor = request.actor();
  query.kind = request.kind();
  if (!request.business_from().empty()) {
    ASSIGN_OR_RETURN(query.business_from_micros,
                     DayMicros("business_from", request.business_from(), 0));
  }
  if (!request.business_to().empty()) {
    ASSIGN_OR_RETURN(int64_t next_day, DayMicros("business_to", request.business_to(), 1));
    query.business_to_micros = next_day - 1;
  }
  if (request.recorded_from_micros() != 0) {
    query.recorded_from_micros = request.recorded_from_micros();
  }
  if (request.recorded_to_micros() != 0) query.recorded_to_micros = request.recorded_to_micros();
  if (request.limit() > kMaxLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be at most ", kMaxLimit, ", got ", request.limit()));
  }
  query.limit = request.limit() == 0 ? kDefaultLimit : request.limit();
  query.from_position = request.from_position();
  return query;
}

// Adds `event` to the page as an item (with its proof when asked) when it fits.
absl::StatusOr<bool> AddItem(const storage::EventLog& log, const v1::TimelineRequest& request,
                             storage::StoredEvent event, PageBytes* page,
                             v1::TimelinePage* response) {
  v1::TimelineItem item;
  if (request.with_proofs()) {
    v1::GetInclusionProofRequest proof_request;
    proof_request.set_position(event.record.position());
    proof_request.set_tree_size(response->checkpoint().tree_size());
    RETURN_IF_ERROR(ProveInclusion(log, proof_request, item.mutable_proof()));
    item.mutable_proof()->clear_event();
  }
  ToEvent(std::move(event), item.mutable_event());
  if (request.raw_records_only()) item.mutable_event()->clear_record();
  if (!page->TryAdd(item.ByteSizeLong())) return false;
  *response->add_items() = std::move(item);
  return true;
}

// The page: index reads of a few events at a time, until the request's
// limit, the response's size limit or the end.
absl::Status Answer(const storage::EventLog& log, const program::TimelineIndex& index,
                    const storage::note::Signer& key, const v1::TimelineRequest& request,
                    v1::TimelinePage* response) {
  ASSIGN_OR_RETURN(program::TimelineQuery query, ToQuery(request));
  const size_t want = query.limit;
  if (request.with_proofs()) {
    RETURN_IF_ERROR(SignCurrentCheckpoint(log, key, response->mutable_checkpoint()));
  }
  PageBytes page(kMaxResponseBytes - std::min(kMaxResponseBytes, response->ByteSizeLong()));
  std::optional<uint64_t> next;
  bool first = true;
  while (page.count() < want) {
    query.limit = want - page.count();
    query.max_bytes = page.remaining();
    ASSIGN_OR_RETURN(program::TimelinePage found, index.Find(query));
    if (first) response->set_indexed(found.indexed);
    first = false;
    next = found.next_position;
    bool full = false;
    for (storage::StoredEvent& event : found.events) {
      const uint64_t position = event.record.position();
      ASSIGN_OR_RETURN(bool added, AddItem(log, request, std::move(event), &page, response));
      if (!added) {
        next = position;
        full = true;
        break;
      }
    }
    if (full || !next) break;
    query.from_position = *next;
  }
  if (next) response->set_next_position(*next);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* TimelineService::GetTimeline(grpc::CallbackServerContext* context,
                                                       const v1::TimelineRequest* request,
                                                       v1::TimelinePage* response) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kGetTimeline);
  if (!who.ok()) return FinishNow(context, who.status());
  grpc::ServerUnaryReactor* reactor = NewLaterRead(context, budget_);
  waits_.WhenCaughtUp(context, [this, reactor, request, response](absl::Status caught_up) {
    AnswerLater(reactor, caught_up, *response,
                [&] { return Answer(*log_, *index_, *log_key_, *request, response); });
  });
  return reactor;
}

grpc::ServerWriteReactor<v1::Event>* TimelineService::Replay(grpc::CallbackServerContext* context,
                                                             const v1::ReplayRequest* request) {
  absl::StatusOr<Identity> who = AuthorizeCall(*context, *tokens_, kReplay);
  if (!who.ok()) return RefuseStream(who.status());
  return new ReplayReactor(context, budget_, log_, index_, *request);
}

}  // namespace minhbach::services
