#include "services/log_api/batch_append_reactor.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/auth/authorization.h"
#include "services/log_api/event_log_requests.h"
#include "services/rpc/grpc_status.h"

namespace minhbach::services {
namespace {

void SetError(int index, const absl::Status& error, v1::BatchAppendResult* result) {
  const grpc::Status status = ToGrpcStatus(error);
  result->set_error_code(status.error_code());
  result->set_error_message(absl::StrCat("appends[", index, "]: ", status.error_message()));
}

}  // namespace

BatchAppendReactor::BatchAppendReactor(storage::EventLog* log, Identity who)
    : log_(log), who_(std::move(who)) {
  absl::MutexLock lock(&mu_);
  reading_ = true;
  StartRead(&request_);
}

void BatchAppendReactor::OnReadDone(bool ok) {
  std::vector<std::pair<int, storage::AppendRequest>> appends;
  Message* message = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (!ok) {
      client_done_ = true;  // half-closed, cancelled or broken: nothing more to read
    } else if (request_.appends_size() > kMaxAppendsPerMessage) {
      FinishLocked(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                       absl::StrCat("a BatchAppend message carries at most ", kMaxAppendsPerMessage,
                                    " appends, this one ", request_.appends_size(),
                                    "; nothing of it was appended: send it in smaller messages")));
    } else if (!finished_) {
      message = AcceptLocked(&appends);
    }
    if (appends.empty()) {
      reading_ = false;
      ContinueLocked();
      return;
    }
    // reading_ stays true until these are submitted: the next message is
    // read only then, so that appends reach the log in the order sent.
  }
  // Outside the lock: the log may answer on this very thread. The call is
  // not done before this reaction returns, so `this` outlives the loop.
  for (auto& [index, append] : appends) {
    log_->AppendAsync(std::move(append),
                      [this, message, index = index](absl::StatusOr<storage::AppendResult> result) {
                        Answer(message, index, result);
                      });
  }
  absl::MutexLock lock(&mu_);
  reading_ = false;
  ContinueLocked();
}

BatchAppendReactor::Message* BatchAppendReactor::AcceptLocked(
    std::vector<std::pair<int, storage::AppendRequest>>* appends) {
  Message& message = *messages_.emplace_back(std::make_unique<Message>());
  for (int i = 0; i < request_.appends_size(); ++i) {
    const v1::AppendRequest& in = request_.appends(i);
    v1::BatchAppendResult* result = message.response.add_results();
    absl::Status allowed = AuthorizeDirectAppend(who_, in.stream());
    absl::StatusOr<storage::AppendRequest> append =
        allowed.ok() ? ToAppendRequest(in, who_) : absl::StatusOr<storage::AppendRequest>(allowed);
    if (!append.ok()) {
      SetError(i, append.status(), result);
      continue;
    }
    appends->emplace_back(i, *std::move(append));
  }
  message.outstanding = static_cast<int>(appends->size());
  submitted_ += message.outstanding;
  return &message;
}

void BatchAppendReactor::Answer(Message* message, int index,
                                const absl::StatusOr<storage::AppendResult>& result) {
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    v1::BatchAppendResult* out = message->response.mutable_results(index);
    if (result.ok()) {
      *out->mutable_appended() = ToAppendResponse(*result);
    } else {
      SetError(index, result.status(), out);
    }
    --message->outstanding;
    --submitted_;
    ContinueLocked();
    release = ReleasableLocked();
  }
  if (release) delete this;
}

void BatchAppendReactor::ContinueLocked() {
  if (finished_) return;
  if (!writing_ && !messages_.empty() && messages_.front()->outstanding == 0) {
    writing_ = true;
    StartWrite(&messages_.front()->response);
  }
  if (!reading_ && !client_done_ && messages_.size() < kMaxUnansweredMessages) {
    reading_ = true;
    StartRead(&request_);
  }
  if (client_done_ && messages_.empty() && !writing_) FinishLocked(grpc::Status::OK);
}

void BatchAppendReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  writing_ = false;
  if (!ok) {  // the client is gone
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client stopped the call"));
    return;
  }
  messages_.pop_front();
  ContinueLocked();
}

void BatchAppendReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
}

void BatchAppendReactor::FinishLocked(grpc::Status status) {
  if (finished_) return;
  finished_ = true;
  Finish(std::move(status));
}

void BatchAppendReactor::OnDone() {
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    release = ReleasableLocked();
  }
  if (release) delete this;
}

}  // namespace minhbach::services
