#include "services/server/log_proxy.h"

#include <atomic>
#include <string>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "services/rpc/grpc_status.h"

namespace minhbach::services {
namespace {

absl::string_view View(grpc::string_ref text) {
  return absl::string_view(text.data(), text.size());
}

// What the client sent that the log's services should see: everything but
// gRPC's own headers (the relay's call makes its own) and the routing key.
bool PassesThrough(absl::string_view key) {
  return !key.empty() && key[0] != ':' && !absl::StartsWith(key, "grpc-") && key != "user-agent" &&
         key != "content-type" && key != "te" && key != "host" && key != kLogMetadataKey;
}

// One relayed call: this reactor faces the client; `backend_` is the same
// call made to the log's services. Each side reads only once the other side
// has written the previous message, so memory stays one message each way.
//
// The backend call is driven from the client side's reactions too, which
// gRPC allows only under a hold: one for each direction, removed when that
// direction will never touch the backend again. The backend's OnDone, which
// finishes the client's call with the log's status, comes after both.
// Deleted when both calls are done.
class RelayedCall final : public grpc::ServerGenericBidiReactor {
 public:
  RelayedCall(grpc::GenericCallbackServerContext* context, const LogProxyService::Route& route) {
    absl::string_view log_name;
    const auto& metadata = context->client_metadata();
    if (auto named = metadata.find(kLogMetadataKey); named != metadata.end()) {
      log_name = View(named->second);
    }
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = route(log_name);
    if (!channel.ok()) {
      refs_ = 1;  // no backend call
      Finish(ToGrpcStatus(channel.status()));
      return;
    }
    stub_ = std::make_unique<grpc::GenericStub>(*std::move(channel));
    for (const auto& [key, value] : metadata) {
      if (PassesThrough(View(key))) {
        backend_context_.AddMetadata(std::string(View(key)), std::string(View(value)));
      }
    }
    backend_context_.set_deadline(context->raw_deadline());
    stub_->PrepareBidiStreamingCall(&backend_context_, context->method(), grpc::StubOptions(),
                                    &backend_);
    backend_.AddMultipleHolds(2);
    backend_.StartRead(&from_backend_);
    backend_.StartCall();
    StartRead(&from_client_);
  }

  // The client's side. A message (or the client's half-close) goes on to
  // the backend under the write hold, marked as in flight so that the
  // backend's end does not take the hold from under it. No lock is held
  // while an operation starts: its reaction may run at once.
  void OnReadDone(bool ok) override {
    bool forward = false;
    {
      absl::MutexLock lock(&mutex_);
      forward = write_hold_ && !backend_reading_over_;
      writing_to_backend_ = forward;
    }
    if (!forward) {
      // The log has answered all it will (its end released the hold, or
      // will): nothing more goes to it.
      Unhold(/*read=*/false, /*write=*/true);
      return;
    }
    if (ok) {
      backend_.StartWrite(&from_client_);  // OnWriteDone clears writing_to_backend_
      return;
    }
    backend_.StartWritesDone();  // the client half-closed (or left: OnCancel follows)
    {
      absl::MutexLock lock(&mutex_);
      writing_to_backend_ = false;
    }
    Unhold(/*read=*/false, /*write=*/true);
  }
  void OnWriteDone(bool ok) override {
    if (ok) {
      backend_.StartRead(&from_backend_);  // under the read hold
      return;
    }
    backend_context_.TryCancel();  // the client is gone
    Unhold(/*read=*/true, /*write=*/false);
  }
  void OnCancel() override {
    if (stub_ != nullptr) backend_context_.TryCancel();
  }
  void OnDone() override { Release(); }

 private:
  // The log's side.
  class Backend final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
   public:
    explicit Backend(RelayedCall* call) : call_(call) {}
    void OnReadDone(bool ok) override {
      if (ok) {
        call_->StartWrite(&call_->from_backend_);
        return;
      }
      // The log has sent all it will; its status follows in OnDone, once
      // both holds are gone. The write hold goes too unless a message is on
      // its way to the log (its OnWriteDone then lets it go): a client that
      // sends nothing more must still get the log's status.
      bool release_write = false;
      {
        absl::MutexLock lock(&call_->mutex_);
        call_->backend_reading_over_ = true;
        release_write = !call_->writing_to_backend_;
      }
      call_->Unhold(/*read=*/true, release_write);
    }
    void OnWriteDone(bool ok) override {
      bool more = false;
      {
        absl::MutexLock lock(&call_->mutex_);
        call_->writing_to_backend_ = false;
        more = ok && !call_->backend_reading_over_;
      }
      if (more) {
        call_->StartRead(&call_->from_client_);
      } else {
        call_->Unhold(/*read=*/false, /*write=*/true);
      }
    }
    void OnDone(const grpc::Status& status) override {
      RelayedCall* call = call_;
      call->Finish(status);
      call->Release();
    }

   private:
    RelayedCall* const call_;
  };

  // Removes the backend's read and/or write hold, each only once. Called
  // last: once the last hold is gone, the backend (and with it this call)
  // may be done at any moment.
  void Unhold(bool read, bool write) {
    int holds = 0;
    {
      absl::MutexLock lock(&mutex_);
      if (read && read_hold_) {
        read_hold_ = false;
        ++holds;
      }
      if (write && write_hold_) {
        write_hold_ = false;
        ++holds;
      }
    }
    // With two to remove, the second keeps the call alive through the first.
    for (int i = 0; i < holds; ++i) backend_.RemoveHold();
  }

  void Release() {
    if (refs_.fetch_sub(1) == 1) delete this;
  }

  std::atomic<int> refs_{2};
  std::unique_ptr<grpc::GenericStub> stub_;
  grpc::ClientContext backend_context_;
  Backend backend_{this};
  grpc::ByteBuffer from_client_, from_backend_;
  absl::Mutex mutex_;
  bool backend_reading_over_ ABSL_GUARDED_BY(mutex_) = false;
  bool writing_to_backend_ ABSL_GUARDED_BY(mutex_) = false;
  bool read_hold_ ABSL_GUARDED_BY(mutex_) = true;
  bool write_hold_ ABSL_GUARDED_BY(mutex_) = true;
};

}  // namespace

grpc::ServerGenericBidiReactor* LogProxyService::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  return new RelayedCall(context, route_);
}

}  // namespace minhbach::services
