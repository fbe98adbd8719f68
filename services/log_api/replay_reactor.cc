#include "services/log_api/replay_reactor.h"

#include <algorithm>

#include "storage/log_search.h"

namespace minhbach::services {
namespace {

// How long an entity's replay waits for the timeline index to reach the
// log's size when it was asked (as GetTimeline does), and how often it looks.
constexpr absl::Duration kIndexCatchUpWait = absl::Seconds(2);
constexpr absl::Duration kIndexPoll = absl::Milliseconds(5);

}  // namespace

ReplayReactor::ReplayReactor(grpc::CallbackServerContext* context, ReadBudget* budget,
                             const storage::EventLog* log, const program::TimelineIndex* index,
                             const v1::ReplayRequest& request)
    : EventStreamReactor(context, budget), log_(log), index_(index), entity_(request.entity()) {
  {
    absl::MutexLock lock(&mu_);
    next_ = request.from_position();
    end_ = log_->Size();
    if (request.to_position() != 0) end_ = std::min(end_, request.to_position());
    if (request.to_recorded_micros() != 0) {
      absl::StatusOr<uint64_t> after =
          storage::FirstRecordedAfter(*log_, request.to_recorded_micros(), end_);
      if (after.ok()) {
        end_ = *after;
      } else {
        start_ = after.status();
      }
    }
    if (!entity_.empty()) index_wait_until_ = absl::Now() + kIndexCatchUpWait;
  }
  Start();
}

absl::StatusOr<EventStreamReactor::Next> ReplayReactor::ReadNext(
    size_t max_events, std::vector<storage::StoredEvent>* out) {
  if (!start_.ok()) return start_;
  if (index_wait_until_) {
    // An entity's replay can only cover what the index has reached: it
    // waits for the index a little, polling, then covers as far as it is.
    const uint64_t indexed = index_->position();
    const absl::Time now = absl::Now();
    if (indexed < end_ && now < *index_wait_until_) {
      WakeAtLocked(std::min(now + kIndexPoll, *index_wait_until_));
      return Next::kWait;
    }
    end_ = std::min(end_, indexed);
    index_wait_until_.reset();
  }
  if (next_ >= end_) return Next::kEnd;
  if (entity_.empty()) {
    absl::StatusOr<std::vector<storage::StoredEvent>> events =
        log_->ReadAll(next_, std::min<uint64_t>(max_events, end_ - next_));
    if (!events.ok()) return events.status();
    *out = *std::move(events);
  } else {
    program::TimelineQuery query;
    query.entity = entity_;
    query.from_position = next_;
    query.limit = max_events;
    absl::StatusOr<program::TimelinePage> found = index_->Find(query);
    if (!found.ok()) return found.status();
    for (storage::StoredEvent& e : found->events) {
      if (e.record.position() < end_) out->push_back(std::move(e));
    }
    if (!found->next_position || *found->next_position >= end_) {
      next_ = end_;
      return Next::kEnd;
    }
    next_ = *found->next_position;
    return Next::kMore;
  }
  if (out->empty()) {
    next_ = end_;
    return Next::kEnd;
  }
  next_ = out->back().record.position() + 1;
  return Next::kMore;
}

}  // namespace minhbach::services
