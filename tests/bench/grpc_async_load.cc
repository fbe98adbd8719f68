#include "tests/bench/grpc_async_load.h"

#include <grpcpp/generic/generic_stub.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/uuid.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {
namespace {

constexpr char kEmptyCall[] = "/grpc.health.v1.Health/Check";
constexpr absl::Duration kCallTimeout = absl::Seconds(10);
constexpr absl::Duration kConnectTimeout = absl::Seconds(5);

// Counts clients still running; Wait() returns when the last one is done.
class Finish {
 public:
  explicit Finish(int clients) : running_(clients) {}
  void Done() {
    absl::MutexLock lock(&mutex_);
    --running_;
  }
  void Wait() {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(
        +[](int* running) { return *running == 0; }, &running_));
  }

 private:
  absl::Mutex mutex_;
  int running_ ABSL_GUARDED_BY(mutex_);
};

std::unique_ptr<grpc::ClientContext> NewContext(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  return context;
}

// One client's closed loop: one call in flight, timed, the next issued from
// the previous one's completion until `log` stops running.
class ClosedLoop {
 public:
  virtual ~ClosedLoop() = default;

  void Next() {
    context_ = NewContext(token_);
    issued_ = absl::Now();
    Issue(context_.get(), [this](grpc::Status status) {
      log_.Record(issued_, status.ok());
      if (log_.Running()) {
        Next();
      } else {
        finish_.Done();
      }
    });
  }

 protected:
  ClosedLoop(std::string token, LatencyLog& log, Finish& finish)
      : token_(std::move(token)), log_(log), finish_(finish) {}

  // Starts one call; `done` runs on its completion.
  virtual void Issue(grpc::ClientContext* context, std::function<void(grpc::Status)> done) = 0;

 private:
  const std::string token_;
  LatencyLog& log_;
  Finish& finish_;
  std::unique_ptr<grpc::ClientContext> context_;
  absl::Time issued_;
};

std::shared_ptr<grpc::Channel> Unowned(grpc::Channel& channel) {
  return std::shared_ptr<grpc::Channel>(&channel, [](auto*) {});
}

// Appends of one fresh event each to the client's own stream.
class AppendClient final : public ClosedLoop {
 public:
  AppendClient(grpc::Channel& channel, const std::string& token, std::string stream,
               const std::string& payload, LatencyLog& log, Finish& finish)
      : ClosedLoop(token, log, finish), stub_(v1::EventLog::NewStub(Unowned(channel))) {
    request_.set_stream(std::move(stream));
    v1::NewEvent* event = request_.add_events();
    event->set_event_type("Benchmarked");
    event->set_payload(payload);
  }

 private:
  void Issue(grpc::ClientContext* context, std::function<void(grpc::Status)> done) override {
    v1::NewEvent* event = request_.mutable_events(0);
    event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
    event->mutable_business_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    stub_->async()->Append(context, &request_, &response_, std::move(done));
  }

  std::unique_ptr<v1::EventLog::Stub> stub_;
  v1::AppendRequest request_;
  v1::AppendResponse response_;
};

// GetEvent calls for position 0: the cheapest call of minhbach's own
// services (token, handler, one stored read).
class ReadClient final : public ClosedLoop {
 public:
  ReadClient(grpc::Channel& channel, const std::string& token, LatencyLog& log, Finish& finish)
      : ClosedLoop(token, log, finish), stub_(v1::EventLog::NewStub(Unowned(channel))) {
    request_.set_position(0);
  }

 private:
  void Issue(grpc::ClientContext* context, std::function<void(grpc::Status)> done) override {
    stub_->async()->GetEvent(context, &request_, &response_, std::move(done));
  }

  std::unique_ptr<v1::EventLog::Stub> stub_;
  v1::GetEventRequest request_;
  v1::Event response_;
};

// Empty calls: the standard health check, without a token.
class EmptyClient final : public ClosedLoop {
 public:
  EmptyClient(grpc::Channel& channel, LatencyLog& log, Finish& finish)
      : ClosedLoop("", log, finish), stub_(Unowned(channel)) {}

 private:
  void Issue(grpc::ClientContext* context, std::function<void(grpc::Status)> done) override {
    grpc::Slice empty;  // a valid buffer of zero bytes: an empty HealthCheckRequest
    request_ = grpc::ByteBuffer(&empty, 1);
    stub_.UnaryCall(context, kEmptyCall, grpc::StubOptions(), &request_, &response_,
                    std::move(done));
  }

  grpc::GenericStub stub_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

template <typename Client>
void RunClients(std::vector<std::unique_ptr<Client>>& clients, LatencyLog& log, Finish& finish,
                absl::Duration duration) {
  log.Start(duration);
  for (auto& client : clients) client->Next();
  finish.Wait();
  log.Stop();
}

}  // namespace

absl::StatusOr<GrpcChannels> GrpcChannels::Connect(const std::string& address,
                                                   const std::string& token, int max_clients,
                                                   int clients_per_channel) {
  GrpcChannels channels;
  channels.token_ = token;
  channels.clients_per_channel_ = clients_per_channel;
  for (int i = 0; i < (max_clients + clients_per_channel - 1) / clients_per_channel; ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    arguments.SetInt("minhbach.channel", i);  // distinct arguments: a connection of its own
    auto channel =
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
    if (!channel->WaitForConnected(absl::ToChronoTime(absl::Now() + kConnectTimeout))) {
      return absl::UnavailableError(absl::StrCat("cannot connect to minhbachd at ", address));
    }
    channels.channels_.push_back(std::move(channel));
  }
  LatencyLog empty, append, read;
  RunGrpcEmptyCalls(channels, 1, absl::ZeroDuration(), empty);
  RunGrpcAppends(channels, 1, absl::ZeroDuration(), "", 0, append);
  RunGrpcReads(channels, 1, absl::ZeroDuration(), read);  // position 0: the append's
  for (LatencyLog* probe : {&empty, &append, &read}) {
    if (probe->Summarize().errors > 0) {
      return absl::UnavailableError(
          absl::StrCat("the first calls to minhbachd at ", address,
                       " failed (is the token allowed to append under ext/?)"));
    }
  }
  return channels;
}

void RunGrpcAppends(const GrpcChannels& channels, int clients, absl::Duration duration,
                    const std::string& payload, int round, LatencyLog& log) {
  Finish finish(clients);
  std::vector<std::unique_ptr<AppendClient>> all;
  for (int i = 0; i < clients; ++i) {
    all.push_back(std::make_unique<AppendClient>(channels.ForClient(i), channels.token(),
                                                 absl::StrCat("ext/load-", round, "-", i), payload,
                                                 log, finish));
  }
  RunClients(all, log, finish, duration);
}

void RunGrpcReads(const GrpcChannels& channels, int clients, absl::Duration duration,
                  LatencyLog& log) {
  Finish finish(clients);
  std::vector<std::unique_ptr<ReadClient>> all;
  for (int i = 0; i < clients; ++i) {
    all.push_back(
        std::make_unique<ReadClient>(channels.ForClient(i), channels.token(), log, finish));
  }
  RunClients(all, log, finish, duration);
}

void RunGrpcEmptyCalls(const GrpcChannels& channels, int clients, absl::Duration duration,
                       LatencyLog& log) {
  Finish finish(clients);
  std::vector<std::unique_ptr<EmptyClient>> all;
  for (int i = 0; i < clients; ++i) {
    all.push_back(std::make_unique<EmptyClient>(channels.ForClient(i), log, finish));
  }
  RunClients(all, log, finish, duration);
}

}  // namespace minhbach::bench
