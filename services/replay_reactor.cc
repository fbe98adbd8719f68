#include "services/replay_reactor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/event_log_requests.h"
#include "services/grpc_status.h"
#include "storage/log_search.h"

namespace minhbach::services {
namespace {

constexpr size_t kPage = 500;

}  // namespace

ReplayReactor::ReplayReactor(const storage::EventLog* log, const program::TimelineIndex* index,
                             const v1::ReplayRequest& request)
    : log_(log), index_(index), entity_(request.entity()), next_(request.from_position()) {
  end_ = log_->Size();
  if (request.to_position() != 0) end_ = std::min(end_, request.to_position());
  if (request.to_recorded_micros() != 0) {
    absl::StatusOr<uint64_t> after =
        storage::FirstRecordedAfter(*log_, request.to_recorded_micros(), end_);
    if (!after.ok()) {
      Finish(ToGrpcStatus(after.status()));
      return;
    }
    end_ = *after;
  }
  // An entity's replay can only cover what the index has reached.
  if (!entity_.empty()) end_ = std::min(end_, index_->position());
  WriteNext();
}

absl::Status ReplayReactor::ReadPage() {
  if (next_ >= end_) {
    exhausted_ = true;
    return absl::OkStatus();
  }
  if (entity_.empty()) {
    absl::StatusOr<std::vector<storage::StoredEvent>> events =
        log_->ReadAll(next_, std::min<uint64_t>(kPage, end_ - next_));
    if (!events.ok()) return events.status();
    for (storage::StoredEvent& e : *events) page_.push_back(std::move(e));
  } else {
    program::TimelineQuery query;
    query.entity = entity_;
    query.from_position = next_;
    query.limit = kPage;
    absl::StatusOr<program::TimelinePage> found = index_->Find(query);
    if (!found.ok()) return found.status();
    for (storage::StoredEvent& e : found->events) {
      if (e.record.position() < end_) page_.push_back(std::move(e));
    }
    if (!found->next_position || *found->next_position >= end_) exhausted_ = true;
  }
  if (page_.empty()) {
    exhausted_ = true;
  } else {
    next_ = page_.back().record.position() + 1;
  }
  return absl::OkStatus();
}

void ReplayReactor::WriteNext() {
  if (page_.empty() && !exhausted_) {
    if (absl::Status read = ReadPage(); !read.ok()) {
      Finish(ToGrpcStatus(read));
      return;
    }
  }
  if (page_.empty()) {
    Finish(grpc::Status::OK);
    return;
  }
  writing_.Clear();
  ToEvent(std::move(page_.front()), &writing_);
  page_.pop_front();
  StartWrite(&writing_);
}

void ReplayReactor::OnWriteDone(bool ok) {
  if (!ok) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  WriteNext();
}

}  // namespace minhbach::services
