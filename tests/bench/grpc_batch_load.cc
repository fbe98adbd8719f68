#include "tests/bench/grpc_batch_load.h"

#include <atomic>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/uuid.h"

namespace minhbach::bench {
namespace {

constexpr absl::Duration kCallTimeout = absl::Seconds(60);

// One client's stream: the next message goes once the previous one is both
// written and answered.
class BatchClient final
    : public grpc::ClientBidiReactor<v1::BatchAppendRequest, v1::BatchAppendResponse> {
 public:
  BatchClient(grpc::Channel& channel, const std::string& token, const std::string& stream,
              int appends, const std::string& payload, LatencyLog& log)
      : stub_(v1::EventLog::NewStub(std::shared_ptr<grpc::Channel>(&channel, [](auto*) {}))),
        log_(log) {
    context_.AddMetadata("authorization", "Bearer " + token);
    context_.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
    for (int i = 0; i < appends; ++i) {
      v1::AppendRequest* append = request_.add_appends();
      append->set_stream(stream);
      v1::NewEvent* event = append->add_events();
      event->set_event_type("Benchmarked");
      event->set_payload(payload);
    }
  }

  void Start() {
    stub_->async()->BatchAppend(&context_, this);
    Send();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) Step();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the call ends: OnDone follows
    int failed = 0;
    for (const v1::BatchAppendResult& result : response_.results())
      failed += result.error_code() != 0;
    log_.Record(issued_, request_.appends_size(), failed);
    Step();
  }

  void OnDone(const grpc::Status& status) override {
    if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
      log_.Record(issued_, 0, 1);
    }
    done_.Notify();
  }

  void Await() { done_.WaitForNotification(); }

 private:
  void Send() {
    for (v1::AppendRequest& append : *request_.mutable_appends()) {
      v1::NewEvent* event = append.mutable_events(0);
      event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
      event->mutable_business_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    }
    steps_ = 2;  // written and answered
    issued_ = absl::Now();
    StartRead(&response_);
    StartWrite(&request_);
  }

  void Step() {
    if (--steps_ != 0) return;
    if (log_.Running()) {
      Send();
    } else {
      StartWritesDone();
    }
  }

  std::unique_ptr<v1::EventLog::Stub> stub_;
  LatencyLog& log_;
  grpc::ClientContext context_;
  v1::BatchAppendRequest request_;
  v1::BatchAppendResponse response_;
  std::atomic<int> steps_{0};
  absl::Time issued_;
  absl::Notification done_;
};

}  // namespace

void RunGrpcBatchAppends(const GrpcChannels& channels, int clients, int appends_per_message,
                         absl::Duration duration, const std::string& payload, int round,
                         LatencyLog& log) {
  std::vector<std::unique_ptr<BatchClient>> all;
  for (int i = 0; i < clients; ++i) {
    all.push_back(std::make_unique<BatchClient>(channels.ForClient(i), channels.token(),
                                                absl::StrCat("ext/batch-", round, "-", i),
                                                appends_per_message, payload, log));
  }
  log.Start(duration);
  for (auto& client : all) client->Start();
  for (auto& client : all) client->Await();
  log.Stop();
}

}  // namespace minhbach::bench
