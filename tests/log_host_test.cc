// Many logs in one server (services/server/log_host.h): logs made by
// `minhbach-admin log create`, each with its own key, tokens and store,
// reached through one port by the metadata minhbach-log. A token of one log
// is unknown to another; a log whose store is damaged is refused with why
// while the others serve; a log created while the host runs is served; the
// relay carries unary calls, server streams (Subscribe, with the caller's
// deadline), bidirectional ones (BatchAppend, and one the log refuses before
// the caller sends anything) and a 1 MiB event; and the
// `minhbach` client names its log with --log.
#include "services/server/log_host.h"

#include <filesystem>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/admin/admin_command.h"
#include "clients/connection.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/checkpoint.h"
#include "storage/format.h"
#include "tests/raw_log.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using testing::NewAppend;

class LogHostTest : public ::testing::Test {
 protected:
  // `minhbach-admin log create NAME`; its output.
  std::string CreateLog(const std::string& name, const std::string& origin = "") {
    std::ostringstream out, err;
    std::vector<std::string> argv = {"log", "create", name, "--logs_dir=" + logs_dir_, "--lang=en"};
    if (!origin.empty()) argv.push_back("--origin=" + origin);
    EXPECT_EQ(clients::admin::RunAdmin(argv, absl::Now(), out, err), 0) << err.str();
    return out.str();
  }

  void StartHost() {
    services::LogHostOptions options;
    options.logs_dir = logs_dir_;
    options.listen = "127.0.0.1:0";
    options.log_options.command_threads = 1;
    options.rescan_interval = absl::Milliseconds(200);
    absl::StatusOr<std::unique_ptr<services::LogHost>> host =
        services::LogHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = *std::move(host);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  std::string Token(const std::string& log, const std::string& role) {
    return clients::ReadClientTokens(logs_dir_ + "/" + log + "/client-tokens").at(role);
  }

  // A context for `log` (none: no metadata) with that log's token of `role`.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& log, const std::string& token,
                                               absl::Duration timeout = absl::Seconds(30)) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!log.empty()) context->AddMetadata("minhbach-log", log);
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    return context;
  }

  grpc::Status Append(const std::string& log, const std::string& token, int count = 1) {
    v1::AppendResponse response;
    return v1::EventLog::NewStub(channel_)->Append(Context(log, token).get(),
                                                   NewAppend("ext/notes", count), &response);
  }

  v1::SignedCheckpoint Head(const std::string& log) {
    v1::SignedCheckpoint head;
    EXPECT_TRUE(v1::Audit::NewStub(channel_)
                    ->GetCheckpoint(Context(log, Token(log, "supervisor")).get(), {}, &head)
                    .ok());
    return head;
  }

  testing::TempDir dir_;
  const std::string logs_dir_ = dir_.path() + "/logs";
  std::unique_ptr<services::LogHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(LogHostTest, EachLogHasItsOwnKeyTokensAndHistory) {
  const std::string created = CreateLog("lien-chung/2026-2030", "lien-chung.example/2026-2030");
  EXPECT_TRUE(absl::StrContains(created, "Created the log lien-chung/2026-2030")) << created;
  CreateLog("xa-b/2026-2030");
  StartHost();
  EXPECT_EQ(host_->LogNames(),
            (std::vector<std::string>{"lien-chung/2026-2030", "xa-b/2026-2030"}));

  const std::string a = "lien-chung/2026-2030", b = "xa-b/2026-2030";
  ASSERT_TRUE(Append(a, Token(a, "service"), 3).ok());
  // A's token means nothing to B.
  grpc::Status crossed = Append(b, Token(a, "service"));
  EXPECT_EQ(crossed.error_code(), grpc::StatusCode::UNAUTHENTICATED) << crossed.error_message();

  // Each head is its own log's: its origin, its key, its size (the creation
  // event first).
  const storage::note::Verifier key_a = host_->log(a)->log_signer().verifier();
  const storage::note::Verifier key_b = host_->log(b)->log_signer().verifier();
  absl::StatusOr<storage::Checkpoint> head_a =
      storage::OpenCheckpoint(Head(a).signed_note(), key_a);
  absl::StatusOr<storage::Checkpoint> head_b =
      storage::OpenCheckpoint(Head(b).signed_note(), key_b);
  ASSERT_TRUE(head_a.ok()) << head_a.status();
  ASSERT_TRUE(head_b.ok()) << head_b.status();
  EXPECT_EQ(head_a->origin, "lien-chung.example/2026-2030");
  EXPECT_EQ(head_b->origin, "xa-b/2026-2030");
  EXPECT_EQ(head_a->size, 4u);
  EXPECT_EQ(head_b->size, 1u);
  EXPECT_FALSE(storage::OpenCheckpoint(Head(a).signed_note(), key_b).ok());

  // The first event of each records its creation.
  v1::GetEventRequest first;
  first.set_position(0);
  v1::Event event;
  ASSERT_TRUE(v1::EventLog::NewStub(channel_)
                  ->GetEvent(Context(b, Token(b, "supervisor")).get(), first, &event)
                  .ok());
  EXPECT_EQ(event.record().event_type(), "LogCreated");
  EXPECT_EQ(event.record().stream(), "host/log");
  EXPECT_TRUE(absl::StrContains(event.record().payload(), key_b.ToString()));
}

TEST_F(LogHostTest, ACallNamesItsLogUnlessTheServerHoldsOne) {
  CreateLog("xa-a");
  StartHost();
  // One log: a call that names none goes to it, as to a plain server.
  EXPECT_TRUE(Append("", Token("xa-a", "service")).ok());
  CreateLog("xa-b");
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (host_->log("xa-b") == nullptr && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_NE(host_->log("xa-b"), nullptr) << "a log created while the host runs is served";
  EXPECT_TRUE(Append("xa-b", Token("xa-b", "service")).ok());
  grpc::Status unnamed = Append("", Token("xa-a", "service"));
  EXPECT_EQ(unnamed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(unnamed.error_message(), "xa-a, xa-b")) << unnamed.error_message();
  grpc::Status unknown = Append("xa-z", Token("xa-a", "service"));
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND) << unknown.error_message();
  // The health service answers at the front.
  grpc::ClientContext health;
  std::string response;
  EXPECT_TRUE(testing::RawUnaryCallInContext(channel_, &health, "/grpc.health.v1.Health/Check", "",
                                             &response)
                  .ok());
}

TEST_F(LogHostTest, ADamagedLogIsRefusedWithWhyWhileTheOthersServe) {
  CreateLog("xa-a");
  CreateLog("xa-b");
  {  // xa-b's newest event changed on disk: it must not serve or sign it.
    testing::RawLog raw(logs_dir_ + "/xa-b/log");
    std::string bytes = raw.Get(storage::format::kEventsCf, storage::format::EventKey(0));
    ASSERT_FALSE(bytes.empty());
    bytes.back() ^= 0x01;
    raw.Put(storage::format::kEventsCf, storage::format::EventKey(0), bytes);
  }
  StartHost();
  EXPECT_EQ(host_->LogNames(), std::vector<std::string>{"xa-a"});
  EXPECT_FALSE(host_->problem("xa-b").ok());
  grpc::Status refused = Append("xa-b", Token("xa-b", "service"));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "xa-b did not open"))
      << refused.error_message();
  EXPECT_TRUE(Append("xa-a", Token("xa-a", "service"), 5).ok());
  EXPECT_EQ(host_->log("xa-a")->log()->Size(), 6u);
}

TEST_F(LogHostTest, TheRelayCarriesStreamsDeadlinesAndLargeEvents) {
  CreateLog("xa-a");
  StartHost();
  const std::string token = Token("xa-a", "service");
  auto stub = v1::EventLog::NewStub(channel_);

  // BatchAppend: a bidirectional stream.
  {
    auto context = Context("xa-a", token);
    auto stream = stub->BatchAppend(context.get());
    for (int i = 0; i < 3; ++i) {
      v1::BatchAppendRequest request;
      *request.add_appends() = NewAppend("ext/batch", 2);
      ASSERT_TRUE(stream->Write(request));
      v1::BatchAppendResponse response;
      ASSERT_TRUE(stream->Read(&response));
      ASSERT_EQ(response.results_size(), 1);
      EXPECT_EQ(response.results(0).appended().count(), 2u);
    }
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
  }
  // A stream the log ends at once (a token it does not know) reaches its
  // caller at once, though the caller has sent nothing and not closed.
  {
    auto context = Context("xa-a", "not-a-token", absl::Seconds(10));
    auto stream = stub->BatchAppend(context.get());
    const absl::Time start = absl::Now();
    const grpc::Status refused = stream->Finish();
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED) << refused.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  }
  // A 1 MiB event in and out.
  v1::AppendRequest large = NewAppend("ext/large");
  large.mutable_events(0)->set_payload(std::string(1 << 20, 'x'));
  v1::AppendResponse appended;
  ASSERT_TRUE(stub->Append(Context("xa-a", token).get(), large, &appended).ok());
  v1::GetEventRequest get;
  get.set_position(appended.first_position());
  v1::Event event;
  ASSERT_TRUE(stub->GetEvent(Context("xa-a", token).get(), get, &event).ok());
  EXPECT_EQ(event.record().payload().size(), 1u << 20);

  // Subscribe: every event so far, then one appended while it waits, then
  // the caller's deadline ends it.
  auto context = Context("xa-a", token, absl::Seconds(3));
  v1::SubscribeRequest from_start;
  auto subscription = stub->Subscribe(context.get(), from_start);
  const uint64_t size = host_->log("xa-a")->log()->Size();
  v1::Event seen;
  for (uint64_t p = 0; p < size; ++p) {
    ASSERT_TRUE(subscription->Read(&seen));
    EXPECT_EQ(seen.record().position(), p);
  }
  ASSERT_TRUE(Append("xa-a", token).ok());
  ASSERT_TRUE(subscription->Read(&seen));
  EXPECT_EQ(seen.record().position(), size);
  EXPECT_FALSE(subscription->Read(&seen));
  EXPECT_EQ(subscription->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(LogHostTest, TheClientNamesItsLogWithTheLogFlag) {
  CreateLog("xa-a");
  CreateLog("xa-b");
  StartHost();
  const std::string client =
      absl::StrCat(MINHBACH_CLIENT_PATH, " --server=127.0.0.1:", host_->port(),
                   " --client_tokens=", logs_dir_, "/xa-b/client-tokens ");
  testing::ShellRun appended =
      testing::Shell(client + "--log=xa-b --role=service append ext/notes Note 'ghi chú'");
  EXPECT_EQ(appended.exit_code, 0) << appended.output;
  EXPECT_EQ(host_->log("xa-b")->log()->Size(), 2u);
  EXPECT_EQ(host_->log("xa-a")->log()->Size(), 1u);
  testing::ShellRun unnamed = testing::Shell(client + "--role=service append ext/notes Note x");
  EXPECT_EQ(unnamed.exit_code, 2) << unnamed.output;
  EXPECT_TRUE(absl::StrContains(unnamed.output, "--log=NAME")) << unnamed.output;
  testing::ShellRun from_env =
      testing::Shell("MINHBACH_LOG=xa-b " + client + "--role=supervisor checkpoint");
  EXPECT_EQ(from_env.exit_code, 0) << from_env.output;
  EXPECT_TRUE(absl::StartsWith(from_env.output, "xa-b\n2\n")) << from_env.output;
}

}  // namespace
}  // namespace minhbach
