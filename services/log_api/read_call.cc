#include "services/log_api/read_call.h"

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>

#include <algorithm>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/log_api/event_log_requests.h"
#include "services/rpc/grpc_status.h"

namespace minhbach::services {
namespace {

// Deletes itself once the call is done and its alarm has run.
class ReadCallReactor final : public grpc::ServerUnaryReactor {
 public:
  ReadCallReactor(grpc::CallbackServerContext* context, ReadBudget* budget)
      : context_(context), budget_(budget) {}

  // Reserves from the budget, runs `answer`, keeps what the response holds
  // and finishes the call, watching for a client that does not take it.
  void Answer(const google::protobuf::MessageLite& response,
              absl::FunctionRef<absl::Status()> answer) {
    const size_t reserved = ReadCallReservation(budget_->limits());
    if (!budget_->TryAcquire(reserved)) return Finish(ToGrpcStatus(budget_->Busy("")));
    const absl::Status status = answer();
    // The response object and gRPC's serialized copy of it, until the call is done.
    const size_t held = status.ok() ? std::min(reserved, 2 * response.ByteSizeLong()) : 0;
    budget_->Release(reserved - held);
    FinishAndWatch(held, ToGrpcStatus(status));
  }

  // Ends the call with `status` (not OK) at once: nothing was read, so
  // nothing is reserved and no client is waited for.
  void Fail(const absl::Status& status) { Finish(ToGrpcStatus(status)); }

  void OnDone() override {
    bool delete_now;
    {
      absl::MutexLock lock(&mu_);
      budget_->Release(held_);
      done_ = true;
      if (alarm_armed_) alarm_.Cancel();  // OnAlarm runs once more and deletes
      delete_now = !alarm_armed_;
    }
    if (delete_now) delete this;
  }

 private:
  // Finishes the call, holding `held` bytes of the budget until it is done,
  // and arms the stall alarm.
  void FinishAndWatch(size_t held, const grpc::Status& status) {
    {
      absl::MutexLock lock(&mu_);
      held_ = held;
      alarm_armed_ = true;
      alarm_.Set(absl::ToChronoTime(absl::Now() + budget_->limits().stall_timeout),
                 [this](bool fired) { OnAlarm(fired); });
    }
    Finish(status);
  }

  void OnAlarm(bool fired) {
    bool cancel;
    {
      absl::MutexLock lock(&mu_);
      cancel = fired && !done_;
    }
    // The client has not taken the response: cancelling frees it. Outside
    // mu_ (cancelling may run OnDone), with the alarm still counted as armed
    // so that OnDone cannot delete this meanwhile.
    if (cancel) context_->TryCancel();
    bool delete_now;
    {
      absl::MutexLock lock(&mu_);
      alarm_armed_ = false;
      delete_now = done_;
    }
    if (delete_now) delete this;
  }

  grpc::CallbackServerContext* const context_;
  ReadBudget* const budget_;
  absl::Mutex mu_;
  size_t held_ ABSL_GUARDED_BY(mu_) = 0;
  bool alarm_armed_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Alarm alarm_;
};

}  // namespace

size_t ReadCallReservation(const ReadLimits& limits) {
  const size_t response = std::max(kMaxResponseBytes, limits.max_event_encoded_bytes);
  return 2 * response + (ChunkEvents(limits) + 1) * limits.max_event_encoded_bytes;
}

grpc::ServerUnaryReactor* AnswerRead(grpc::CallbackServerContext* context, ReadBudget* budget,
                                     const google::protobuf::MessageLite& response,
                                     absl::FunctionRef<absl::Status()> answer) {
  auto* reactor = new ReadCallReactor(context, budget);
  reactor->Answer(response, answer);
  return reactor;
}

grpc::ServerUnaryReactor* NewLaterRead(grpc::CallbackServerContext* context, ReadBudget* budget) {
  return new ReadCallReactor(context, budget);
}

void AnswerLater(grpc::ServerUnaryReactor* later_read, const absl::Status& waited,
                 const google::protobuf::MessageLite& response,
                 absl::FunctionRef<absl::Status()> answer) {
  auto* reactor = static_cast<ReadCallReactor*>(later_read);
  if (!waited.ok()) return reactor->Fail(waited);
  reactor->Answer(response, answer);
}

}  // namespace minhbach::services
