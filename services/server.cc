#include "services/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/log_line.h"
#include "services/metrics_interceptor.h"
#include "services/parse_error_interceptor.h"
#include "storage/checkpoint.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", flag, " file ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& options) {
  const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
  if (!tls) {
    if (!options.tls_client_ca.empty()) {
      return absl::FailedPreconditionError("--tls_client_ca needs --tls_cert and --tls_key");
    }
    if (!IsLoopbackAddress(options.listen) && !options.insecure_allow_plaintext) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing plaintext on non-loopback address ", options.listen,
          ": give --tls_cert and --tls_key, or --insecure_allow_plaintext if you mean it"));
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.tls_cert.empty() || options.tls_key.empty()) {
    return absl::FailedPreconditionError("TLS needs both --tls_cert and --tls_key");
  }
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.private_key, ReadPem(options.tls_key, "--tls_key"));
  ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(options.tls_cert, "--tls_cert"));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.tls_client_ca.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(options.tls_client_ca, "--tls_client_ca"));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Loads the token file, or for the default path on a first start, makes one.
absl::StatusOr<TokenStore> LoadTokens(const ServerOptions& options) {
  if (!options.token_file.empty()) return TokenStore::Load(options.token_file);
  const std::string path = (fs::path(options.data_dir) / "tokens").string();
  if (!fs::exists(path)) {
    const QuickStartTokens made = MakeQuickStartTokens();
    const std::string client_path = (fs::path(options.data_dir) / "client-tokens").string();
    RETURN_IF_ERROR(WritePrivateFile(client_path, made.client_file));
    RETURN_IF_ERROR(WritePrivateFile(path, made.token_file));
    LogLine("info", "created a token file with one token per role",
            {{"token_file", path}, {"client_tokens", client_path}});
  }
  return TokenStore::Load(path);
}

absl::StatusOr<storage::note::Signer> LoadKey(const ServerOptions& options) {
  const std::string path = options.signing_key.empty()
                               ? (fs::path(options.data_dir) / "log.key").string()
                               : options.signing_key;
  ASSIGN_OR_RETURN(storage::SignerKeyFile key,
                   storage::LoadOrCreateSignerKeyFile(path, options.log_name));
  const std::string public_key = storage::VerifierKeyText(key.signer);
  const std::string public_path = (fs::path(options.data_dir) / "log.pub").string();
  RETURN_IF_ERROR(WritePrivateFile(public_path, public_key + "\n"));
  if (key.created) {
    LogLine("info", "created the log's signing key",
            {{"signing_key", path}, {"public_key", public_key}, {"public_key_file", public_path}});
  }
  return std::move(key.signer);
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen) {
  return absl::StartsWith(listen, "127.") || absl::StartsWith(listen, "localhost:") ||
         absl::StartsWith(listen, "[::1]:");
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials, Credentials(options));
  std::error_code error;
  fs::create_directories(options.data_dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create data directory ", options.data_dir, ": ", error.message()));
  }
  chmod(options.data_dir.c_str(), 0700);

  std::unique_ptr<Server> server(new Server());
  storage::LogOptions log_options;
  log_options.durability = options.durability;
  log_options.max_payload_bytes = options.max_event_bytes;
  log_options.clock = options.clock;  // one clock for recorded times and business days
  ASSIGN_OR_RETURN(server->log_, storage::EventLog::Open(
                                     (fs::path(options.data_dir) / "log").string(), log_options));
  ASSIGN_OR_RETURN(server->tokens_, LoadTokens(options));
  ASSIGN_OR_RETURN(server->log_key_, LoadKey(options));
  server->event_log_service_ =
      std::make_unique<EventLogService>(server->log_.get(), &*server->tokens_);
  std::string witness_keys;
  if (!options.witness_keys.empty()) {
    std::ifstream in(options.witness_keys);
    if (!in) {
      return absl::NotFoundError(
          absl::StrCat("cannot read the witness key file ", options.witness_keys));
    }
    std::stringstream text;
    text << in.rdbuf();
    witness_keys = text.str();
  }
  ASSIGN_OR_RETURN(server->witnessing_,
                   Witnessing::Open(server->log_.get(), &*server->log_key_, witness_keys,
                                    (fs::path(options.data_dir) / "cosignatures").string()));
  server->audit_service_ = std::make_unique<AuditService>(server->log_.get(), &*server->tokens_,
                                                          server->witnessing_.get());
  server->admin_service_ =
      std::make_unique<AdminService>(server->log_.get(), &*server->tokens_, &*server->log_key_);

  program::ProjectionOptions projection_options;
  projection_options.rebuild = options.rebuild_projections;
  projection_options.snapshot_interval = options.projection_snapshot_interval;
  projection_options.report = [](absl::string_view level, absl::string_view message) {
    LogLine(level, message, {});
  };
  CommandOptions command_options;
  command_options.pool.threads = options.command_threads;
  command_options.pool.max_queued = options.max_queued_commands;
  command_options.clock = options.clock;
  command_options.before_body_for_test = options.before_command_for_test;
  ASSIGN_OR_RETURN(server->program_,
                   ProgramServices::Start(server->log_.get(), &*server->tokens_, &*server->log_key_,
                                          options.data_dir, std::move(projection_options),
                                          std::move(command_options)));

  program::Projection* projection = &server->program_->projection();
  program::TimelineIndex* timeline = &server->program_->timeline();
  server->metrics_.WatchFollower("projections", [projection] { return projection->position(); });
  server->metrics_.WatchFollower("timeline", [timeline] { return timeline->position(); });

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  builder.RegisterService(server->event_log_service_.get());
  builder.RegisterService(server->audit_service_.get());
  builder.RegisterService(server->admin_service_.get());
  server->program_->RegisterWith(builder);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // In this order: metrics record the status the client gets.
  interceptors.push_back(std::make_unique<ParseErrorInterceptorFactory>());
  interceptors.push_back(std::make_unique<MetricsInterceptorFactory>(&server->metrics_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen, " (address in use, or not an address of this host)"));
  }
  if (!options.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(
        server->metrics_http_,
        MetricsHttpServer::Start(options.metrics_listen, &server->metrics_, server->log_.get()));
  }
  LogLine(
      "info", "minhbachd started",
      {{"listen", options.listen},
       {"port", std::to_string(server->port_)},
       {"tls",
        options.tls_cert.empty() ? "off" : (options.tls_client_ca.empty() ? "on" : "mutual")},
       {"data_dir", options.data_dir},
       {"durability", options.durability == storage::Durability::kSync ? "sync" : "NOT-DURABLE"},
       {"events", std::to_string(server->log_->Size())},
       {"tokens", std::to_string(server->tokens_->size())},
       {"metrics_port", std::to_string(server->metrics_port())}});
  return server;
}

std::string Server::verifier_key() const { return storage::VerifierKeyText(*log_key_); }

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  LogLine("info", "minhbachd stopping", {{"grace", absl::FormatDuration(grace)}});
  grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  grpc_server_->Wait();
  metrics_http_.reset();
  program_.reset();  // stops the projection, with a last snapshot
  const uint64_t events = log_->Size();
  log_.reset();  // finishes queued appends, closes RocksDB
  LogLine("info", "minhbachd stopped", {{"events", std::to_string(events)}});
}

Server::~Server() {
  if (grpc_server_ != nullptr) Shutdown();
}

}  // namespace minhbach::services
