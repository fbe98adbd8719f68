// Append over gRPC from N clients, beside an empty unary call on the same
// server and the in-process log's own append, all measured in the same run.
//
//   minhbach_grpc_load_benchmark [--dir=/var/tmp] [--seconds=3] [--clients=1,8,64]
//                                [--durability=sync|not-durable]
//   minhbach_grpc_load_benchmark --target=127.0.0.1:50051 --token=<service token>
//
// Without --target it starts a real services::Server on 127.0.0.1:0 with a
// fresh data directory under --dir and appends with its quick-start "service"
// token; with --target it drives that server (loopback only) and skips the
// in-process row. Each client appends one event per call to its own stream
// ext/load-<client>. The empty call is the standard health check, which needs
// no token. With a local server and --plan, a typed command too: the plan is
// imported, each client gets an assignment of its own (made and accepted),
// then reports progress on it, one command per call: a decision over its own
// aggregate, spread over as many aggregates as clients.
// No pass/fail: the figures are for reading side by side.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/connection.h"
#include "clients/program_import.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "services/server/server.h"
#include "storage/event_log.h"
#include "storage/process_settings.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"
#include "tests/bench/load_runner.h"

ABSL_FLAG(std::string, dir, "/var/tmp", "where the fresh data directories are made");
ABSL_FLAG(double, seconds, 3, "duration of each case");
ABSL_FLAG(std::string, clients, "1,8,64", "concurrent client thread counts");
ABSL_FLAG(std::string, durability, "sync",
          "sync or not-durable: the started server's log and the in-process log");
ABSL_FLAG(std::string, target, "", "host:port of a running server on loopback; empty: start one");
ABSL_FLAG(std::string, token, "", "with --target: a token that may append under ext/");
ABSL_FLAG(int, payload_bytes, 200, "payload size of each event");
ABSL_FLAG(std::string, plan, "deploy/seed/lien-chung-2024.plan.json",
          "the plan a local server imports for the typed-command case; empty: no such case");
ABSL_FLAG(int, clients_per_channel, 8, "client threads sharing one channel (HTTP/2 connection)");

namespace minhbach::bench {
namespace {

constexpr char kEmptyCall[] = "/grpc.health.v1.Health/Check";
constexpr absl::Duration kCallTimeout = absl::Seconds(10);
constexpr absl::Duration kConnectTimeout = absl::Seconds(5);

// One channel of its own (its own HTTP/2 connection) and stubs on it.
struct Connection {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::EventLog::Stub> log;
  std::unique_ptr<grpc::GenericStub> generic;
};

// What the run measures. Destruction stops the server, closes the logs and
// removes the scratch directory.
struct Subjects {
  std::string address;
  std::string token;
  std::string scratch_dir;                    // empty with --target
  std::unique_ptr<services::Server> server;   // null with --target
  std::unique_ptr<storage::EventLog> log;     // the in-process log; null with --target
  std::map<std::string, std::string> tokens;  // role -> token, of a local server
  bool typed_commands = false;                // the assignments are ready
  std::vector<Connection> connections;

  ~Subjects() {
    connections.clear();
    if (server != nullptr) server->Shutdown(absl::Seconds(1));
    server.reset();
    log.reset();
    std::error_code ignored;
    if (!scratch_dir.empty()) std::filesystem::remove_all(scratch_dir, ignored);
  }
};

absl::StatusOr<std::vector<int>> ClientCounts() {
  std::vector<int> counts;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_clients), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--clients must be positive counts separated by commas, not '",
                       absl::GetFlag(FLAGS_clients), "'"));
    }
    counts.push_back(n);
  }
  return counts;
}

absl::StatusOr<storage::Durability> DurabilityFromFlag() {
  const std::string durability = absl::GetFlag(FLAGS_durability);
  if (durability == "sync") return storage::Durability::kSync;
  if (durability == "not-durable") return storage::Durability::kNotDurable;
  return absl::InvalidArgumentError(
      absl::StrCat("--durability must be sync or not-durable, not '", durability, "'"));
}

// The token of `role` in a quick-start <data_dir>/client-tokens file.
absl::StatusOr<std::string> ReadClientToken(const std::string& data_dir, const std::string& role) {
  const std::string path = data_dir + "/client-tokens";
  const std::map<std::string, std::string> tokens = clients::ReadClientTokens(path);
  if (tokens.count(role) == 0) {
    return absl::NotFoundError(absl::StrCat("no '", role, "' token in ", path));
  }
  return tokens.at(role);
}

absl::StatusOr<std::string> MakeScratchDir() {
  std::string pattern = absl::GetFlag(FLAGS_dir) + "/minhbach-grpc-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot make a directory in --dir=", absl::GetFlag(FLAGS_dir)));
  }
  return pattern;
}

// A server on a free loopback port and a second log, both fresh, under --dir.
absl::Status StartLocal(Subjects& subjects) {
  ASSIGN_OR_RETURN(const storage::Durability durability, DurabilityFromFlag());
  ASSIGN_OR_RETURN(subjects.scratch_dir, MakeScratchDir());
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = subjects.scratch_dir + "/server";
  options.durability = durability;
  ASSIGN_OR_RETURN(subjects.server, services::Server::Start(options));
  subjects.address = absl::StrCat("127.0.0.1:", subjects.server->port());
  ASSIGN_OR_RETURN(subjects.token, ReadClientToken(options.data_dir, "service"));
  subjects.tokens = clients::ReadClientTokens(options.data_dir + "/client-tokens");
  storage::LogOptions log_options;
  log_options.durability = durability;
  ASSIGN_OR_RETURN(subjects.log,
                   storage::EventLog::Open(subjects.scratch_dir + "/in-process-log", log_options));
  return absl::OkStatus();
}

absl::Status UseTarget(Subjects& subjects) {
  subjects.address = absl::GetFlag(FLAGS_target);
  subjects.token = absl::GetFlag(FLAGS_token);
  if (!services::IsLoopbackAddress(subjects.address)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--target must be a loopback address (plaintext), not ", subjects.address));
  }
  if (subjects.token.empty()) return absl::InvalidArgumentError("--target needs --token");
  return absl::OkStatus();
}

// Distinct channel arguments and a local subchannel pool: each channel gets
// its own connection instead of sharing one.
Connection Connect(const std::string& address, int index) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  arguments.SetInt("minhbach.channel", index);
  Connection connection;
  connection.channel =
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
  connection.log = v1::EventLog::NewStub(connection.channel);
  connection.generic = std::make_unique<grpc::GenericStub>(connection.channel);
  return connection;
}

Connection& ConnectionOf(Subjects& subjects, int client) {
  return subjects.connections[client / absl::GetFlag(FLAGS_clients_per_channel)];
}

v1::AppendRequest NewAppend(int client, const std::string& payload) {
  v1::AppendRequest request;
  request.set_stream(absl::StrCat("ext/load-", client));
  v1::NewEvent* event = request.add_events();
  event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
  event->set_event_type("Benchmarked");
  event->mutable_business_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  event->set_payload(payload);
  return request;
}

grpc::Status CallAppend(Connection& connection, const std::string& token,
                        const v1::AppendRequest& request) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  v1::AppendResponse response;
  return connection.log->Append(&context, request, &response);
}

// The health check with an empty request, as raw bytes (see RawUnaryCall in
// tests/test_server.h): no token, no handler work, no storage.
grpc::Status CallEmpty(Connection& connection) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  grpc::CompletionQueue queue;
  grpc::Slice empty;  // a valid buffer of zero bytes: an empty HealthCheckRequest
  grpc::ByteBuffer request(&empty, 1);
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
      connection.generic->PrepareUnaryCall(&context, kEmptyCall, request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

// Opens every channel and makes one call of each kind on it, so that a wrong
// address or token fails here, before any figure is printed.
absl::Status ConnectAll(Subjects& subjects, int max_clients) {
  const int per_channel = absl::GetFlag(FLAGS_clients_per_channel);
  for (int i = 0; i < (max_clients + per_channel - 1) / per_channel; ++i) {
    Connection& connection = subjects.connections.emplace_back(Connect(subjects.address, i));
    if (!connection.channel->WaitForConnected(absl::ToChronoTime(absl::Now() + kConnectTimeout))) {
      return absl::UnavailableError(absl::StrCat("cannot connect to ", subjects.address));
    }
    const grpc::Status empty = CallEmpty(connection);
    if (!empty.ok()) return absl::UnavailableError("health check: " + empty.error_message());
    const grpc::Status append = CallAppend(connection, subjects.token, NewAppend(0, ""));
    if (!append.ok()) return absl::UnavailableError("Append: " + append.error_message());
  }
  return absl::OkStatus();
}

absl::Duration CaseDuration() { return absl::Seconds(absl::GetFlag(FLAGS_seconds)); }

std::unique_ptr<grpc::ClientContext> CommandContext(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  return context;
}

v1::CommandMeta NewMeta() {
  v1::CommandMeta meta;
  meta.set_event_id(storage::NewRandomUuid());
  return meta;
}

std::string AssignmentOf(int client) { return absl::StrCat("LOAD-", client); }

// The plan, then an assignment per client, made and accepted by the
// coordinator: what the typed-command case reports progress on.
absl::Status PrepareTypedCommands(Subjects& subjects, int max_clients) {
  std::ifstream in(absl::GetFlag(FLAGS_plan));
  std::stringstream json;
  json << in.rdbuf();
  if (!in)
    return absl::NotFoundError(absl::StrCat("cannot read --plan ", absl::GetFlag(FLAGS_plan)));
  ASSIGN_OR_RETURN(v1::ProgramImport plan, clients::ParseImportFile(json.str()));
  const std::shared_ptr<grpc::Channel>& channel = subjects.connections[0].channel;
  RETURN_IF_ERROR(
      clients::ImportProgram(plan, channel, subjects.tokens, 30, [](const clients::ImportedStep&) {
      }).status());
  std::string subproject;
  for (const v1::ImportStep& step : plan.steps()) {
    if (step.has_register_subproject() && subproject.empty()) {
      subproject = step.register_subproject().body().subproject_id();
    }
  }
  if (subproject.empty()) return absl::InvalidArgumentError("--plan registers no sub-project");
  auto assignments = v1::Assignments::NewStub(channel);
  const std::string& coordinator = subjects.tokens.at("coordinator");
  for (int client = 0; client < max_clients; ++client) {
    v1::MakeAssignmentRequest make;
    *make.mutable_meta() = NewMeta();
    make.mutable_body()->set_assignment_id(AssignmentOf(client));
    make.mutable_body()->set_subproject_id(subproject);
    make.mutable_body()->add_lead_units("to-cong-tac");
    make.mutable_body()->set_due_date("2099-12-31");
    make.mutable_body()->set_description("tải thử");
    v1::CommandResult result;
    grpc::Status status =
        assignments->MakeAssignment(CommandContext(coordinator).get(), make, &result);
    if (!status.ok()) return absl::UnavailableError("MakeAssignment: " + status.error_message());
    v1::AcceptAssignmentRequest accept;
    *accept.mutable_meta() = NewMeta();
    accept.mutable_body()->set_assignment_id(AssignmentOf(client));
    accept.mutable_body()->set_by_unit("to-cong-tac");
    status = assignments->AcceptAssignment(CommandContext(coordinator).get(), accept, &result);
    if (!status.ok()) return absl::UnavailableError("AcceptAssignment: " + status.error_message());
  }
  subjects.typed_commands = true;
  return absl::OkStatus();
}

LoadResult RunTypedCommand(Subjects& subjects, int clients) {
  const std::string& coordinator = subjects.tokens.at("coordinator");
  std::vector<std::unique_ptr<v1::Assignments::Stub>> stubs;
  for (int client = 0; client < clients; ++client) {
    stubs.push_back(v1::Assignments::NewStub(ConnectionOf(subjects, client).channel));
  }
  return RunLoad(clients, CaseDuration(), [&](int client, uint64_t iteration) {
    v1::ReportProgressRequest request;
    *request.mutable_meta() = NewMeta();
    request.mutable_body()->set_assignment_id(AssignmentOf(client));
    request.mutable_body()->set_text("đã tập huấn");
    request.mutable_body()->set_quantity(static_cast<int64_t>(iteration % 100));
    v1::CommandResult result;
    return stubs[client]->ReportProgress(CommandContext(coordinator).get(), request, &result).ok();
  });
}

LoadResult RunGrpcAppend(Subjects& subjects, int clients, const std::string& payload) {
  return RunLoad(clients, CaseDuration(), [&](int client, uint64_t) {
    return CallAppend(ConnectionOf(subjects, client), subjects.token, NewAppend(client, payload))
        .ok();
  });
}

LoadResult RunEmptyCall(Subjects& subjects, int clients) {
  return RunLoad(clients, CaseDuration(), [&](int client, uint64_t) {
    return CallEmpty(ConnectionOf(subjects, client)).ok();
  });
}

LoadResult RunInProcessAppend(storage::EventLog& log, int clients, const std::string& payload) {
  return RunLoad(clients, CaseDuration(), [&](int client, uint64_t) {
    storage::AppendRequest request;
    request.stream = absl::StrCat("ext/load-", client);
    request.actor = "bench";
    request.events.push_back(
        {storage::NewRandomUuid(), "Benchmarked", absl::Now(), "", "", payload});
    return log.Append(std::move(request)).ok();
  });
}

void PrintTitle(const Subjects& subjects) {
  const std::string server =
      subjects.server != nullptr
          ? absl::StrCat("in-process server on ", subjects.address, " (",
                         absl::GetFlag(FLAGS_durability), ", data in ", subjects.scratch_dir, ")")
          : absl::StrCat("server at ", subjects.address, " (its own durability)");
  std::printf("minhbach gRPC load benchmark: %s\n", server.c_str());
  std::printf(
      "%d-byte payloads, 1 event per Append, %.1f s per case, %d clients per channel, "
      "%u CPUs\n",
      absl::GetFlag(FLAGS_payload_bytes), absl::GetFlag(FLAGS_seconds),
      absl::GetFlag(FLAGS_clients_per_channel), std::thread::hardware_concurrency());
}

struct Row {
  LoadResult append, empty, in_process, typed;
};

void PrintRatios(const std::map<int, Row>& rows, bool with_in_process) {
  std::printf("\nratios (same run, throughput):\n");
  for (const auto& [clients, row] : rows) {
    std::printf("  %2d clients: grpc append / empty call %.2f", clients,
                row.append.ops_per_second / row.empty.ops_per_second);
    if (with_in_process) {
      std::printf("; grpc append / in-process append %.2f",
                  row.append.ops_per_second / row.in_process.ops_per_second);
    }
    if (row.typed.operations > 0) {
      std::printf("; typed command / grpc append %.2f",
                  row.typed.ops_per_second / row.append.ops_per_second);
    }
    std::printf("\n");
  }
}

absl::Status Setup(Subjects& subjects, const std::vector<int>& client_counts) {
  if (absl::GetFlag(FLAGS_seconds) <= 0 || absl::GetFlag(FLAGS_payload_bytes) < 0 ||
      absl::GetFlag(FLAGS_clients_per_channel) <= 0) {
    return absl::InvalidArgumentError(
        "--seconds and --clients_per_channel must be > 0, --payload_bytes >= 0");
  }
  RETURN_IF_ERROR(absl::GetFlag(FLAGS_target).empty() ? StartLocal(subjects) : UseTarget(subjects));
  const int max_clients = *std::max_element(client_counts.begin(), client_counts.end());
  RETURN_IF_ERROR(ConnectAll(subjects, max_clients));
  if (subjects.server == nullptr || absl::GetFlag(FLAGS_plan).empty()) return absl::OkStatus();
  return PrepareTypedCommands(subjects, max_clients);
}

int Main() {
  Subjects subjects;
  absl::StatusOr<std::vector<int>> client_counts = ClientCounts();
  absl::Status setup =
      client_counts.ok() ? Setup(subjects, *client_counts) : client_counts.status();
  if (!setup.ok()) {
    std::fprintf(stderr, "minhbach_grpc_load_benchmark: setup failed: %s\n",
                 std::string(setup.message()).c_str());
    return 1;
  }
  const std::string payload(absl::GetFlag(FLAGS_payload_bytes), 'p');
  PrintTitle(subjects);
  PrintHeader();
  std::map<int, Row> rows;
  for (int clients : *client_counts) {
    Row& row = rows[clients];
    row.append = RunGrpcAppend(subjects, clients, payload);
    PrintRow("grpc Append", clients, row.append);
    row.empty = RunEmptyCall(subjects, clients);
    PrintRow("grpc empty call (health Check)", clients, row.empty);
    if (subjects.typed_commands) {
      row.typed = RunTypedCommand(subjects, clients);
      PrintRow("grpc command ReportProgress", clients, row.typed);
    }
    if (subjects.log == nullptr) continue;
    row.in_process = RunInProcessAppend(*subjects.log, clients, payload);
    PrintRow("in-process log Append", clients, row.in_process);
  }
  PrintRatios(rows, subjects.log != nullptr);
  return 0;
}

}  // namespace
}  // namespace minhbach::bench

int main(int argc, char** argv) {
  minhbach::storage::UseServerProcessSettings();
  absl::ParseCommandLine(argc, argv);
  return minhbach::bench::Main();
}
