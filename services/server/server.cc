#include "services/server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/auth/quick_start_tokens.h"
#include "services/log_api/read_call.h"
#include "services/rpc/log_line.h"
#include "services/server/data_dir.h"
#include "services/server/household_vault.h"
#include "services/server/listen_address.h"
#include "services/server/metrics_interceptor.h"
#include "services/server/parse_error_interceptor.h"
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

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(
    const ServerOptions& options) {
  // In-process only (a log hosted by LogHost): no port, nothing to protect.
  if (options.listen.empty()) return grpc::InsecureServerCredentials();
  const bool tls = !options.tls_cert.empty() || !options.tls_key.empty();
  if (!tls) {
    if (!options.tls_client_ca.empty()) {
      return absl::FailedPreconditionError("--tls_client_ca needs --tls_cert and --tls_key");
    }
    const absl::Status loopback = CheckLoopbackOnly(options.listen);
    if (!loopback.ok() && !options.insecure_allow_plaintext) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing plaintext: ", loopback.message(),
          "; give --tls_cert and --tls_key, or --insecure_allow_plaintext if you mean it"));
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

namespace {

// The text of the witness key file; empty when none is configured.
absl::StatusOr<std::string> ReadWitnessKeys(const ServerOptions& options) {
  if (options.witness_keys.empty()) return std::string();
  std::ifstream in(options.witness_keys);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the witness key file ", options.witness_keys));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The /metrics endpoint has neither TLS nor authentication: loopback only,
// unless the operator says otherwise.
absl::Status CheckMetricsAddress(const ServerOptions& options) {
  if (options.metrics_listen.empty() || options.insecure_allow_plaintext) return absl::OkStatus();
  const absl::Status loopback = CheckLoopbackOnly(options.metrics_listen);
  if (loopback.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to serve /metrics (plaintext, no authentication): ", loopback.message(),
      "; give --metrics_listen=127.0.0.1:PORT (and a proxy that authenticates), or "
      "--insecure_allow_plaintext if you mean it"));
}

// The web server follows the gRPC port's rule: plaintext on loopback only,
// unless the operator says otherwise.
absl::Status CheckWebAddress(const ServerOptions& options) {
  if (options.http_listen.empty() || !options.tls_cert.empty() ||
      options.insecure_allow_plaintext) {
    return absl::OkStatus();
  }
  const absl::Status loopback = CheckLoopbackOnly(options.http_listen);
  if (loopback.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to serve the web app in plaintext: ", loopback.message(),
      "; give --tls_cert and --tls_key (browsers verify the log only in a secure context), "
      "--http_listen=127.0.0.1:PORT, or --insecure_allow_plaintext if you mean it"));
}

// The verifier keys of a witness key file's text: its lines but comments
// and blank ones.
std::vector<std::string> WitnessKeyLines(absl::string_view text) {
  std::vector<std::string> keys;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty() && line.front() != '#') keys.emplace_back(line);
  }
  return keys;
}

// Loads the token file, or for the default path on a first start, makes one.
// Either way, the file is reloaded when it changes (a token issued or revoked).
absl::StatusOr<TokenStore> LoadTokens(const ServerOptions& options) {
  if (!options.token_file.empty()) {
    return TokenStore::Load(options.token_file, options.token_reload_interval);
  }
  const std::string path = (fs::path(options.data_dir) / "tokens").string();
  if (!fs::exists(path)) {
    const QuickStartTokens made = MakeQuickStartTokens();
    const std::string client_path = (fs::path(options.data_dir) / "client-tokens").string();
    RETURN_IF_ERROR(WritePrivateFile(client_path, made.client_file));
    RETURN_IF_ERROR(WritePrivateFile(path, made.token_file));
    LogLine("info", "created a token file with one token per role, lead unit and village",
            {{"token_file", path}, {"client_tokens", client_path}});
  }
  return TokenStore::Load(path, options.token_reload_interval);
}

// The text of the public key file, trimmed; empty when there is none.
std::string ReadPublicKeyFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return std::string(absl::StripAsciiWhitespace(text.str()));
}

// Loads the log's signing key. A key is created only for a new, empty log,
// and log.pub (what auditors trust) is written only when missing: a log's
// key never changes silently.
absl::StatusOr<storage::note::Signer> LoadKey(const ServerOptions& options, uint64_t log_events) {
  const std::string path = options.signing_key.empty()
                               ? (fs::path(options.data_dir) / "log.key").string()
                               : options.signing_key;
  const std::string public_path = (fs::path(options.data_dir) / "log.pub").string();
  const std::string published = ReadPublicKeyFile(public_path);
  std::error_code error;
  if (!fs::exists(path, error) && (log_events > 0 || !published.empty())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the signing key file ", path, " does not exist, but the log ",
        log_events > 0 ? absl::StrCat("holds ", log_events, " events signed with its key")
                       : absl::StrCat("already has its public key in ", public_path),
        "; restore the key file from your backup or give "
        "--signing_key=PATH of the log's key. minhbachd makes a new key only for a new, empty "
        "log (a key change would have to be an operation the log itself records; there is none)"));
  }
  ASSIGN_OR_RETURN(storage::SignerKeyFile key,
                   storage::LoadOrCreateSignerKeyFile(path, options.log_name));
  const std::string public_key = storage::VerifierKeyText(key.signer);
  if (!published.empty() && published != public_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the signing key in ", path, " (", public_key, ") is not the log's key in ", public_path,
        " (", published, "), which auditors trust; give --signing_key=PATH of the log's key"));
  }
  if (published.empty()) RETURN_IF_ERROR(WritePrivateFile(public_path, public_key + "\n"));
  if (key.created) {
    LogLine("info", "created the log's signing key",
            {{"signing_key", path}, {"public_key", public_key}, {"public_key_file", public_path}});
  }
  return std::move(key.signer);
}

// The readers' limits the options give; FailedPrecondition for an event size
// no default client could receive, or a read budget too small for one read.
absl::StatusOr<ReadLimits> ReadLimitsOf(const ServerOptions& options) {
  if (options.max_event_bytes > kMaxEventPayloadBytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--max_event_bytes=", options.max_event_bytes, " is too large: such an event would not ",
        "fit the 4 MiB message a gRPC client accepts by default; give at most ",
        kMaxEventPayloadBytes));
  }
  ReadLimits limits;
  limits.memory_bytes = options.read_memory_bytes;
  limits.stall_timeout = options.reader_stall_timeout;
  limits.max_event_encoded_bytes = MaxEventEncodedBytes(options.max_event_bytes);
  if (limits.memory_bytes < ReadCallReservation(limits)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--read_memory_bytes=", limits.memory_bytes,
                     " is too small for one read of the largest events; give at least ",
                     ReadCallReservation(limits)));
  }
  if (limits.stall_timeout <= absl::ZeroDuration()) {
    return absl::FailedPreconditionError("--reader_stall_timeout must be positive");
  }
  return limits;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  // Everything that can be checked without writing a file is checked first.
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ListenCredentials(options));
  RETURN_IF_ERROR(CheckMetricsAddress(options));
  RETURN_IF_ERROR(CheckWebAddress(options));
  ASSIGN_OR_RETURN(ReadLimits read_limits, ReadLimitsOf(options));
  ASSIGN_OR_RETURN(const std::string witness_keys, ReadWitnessKeys(options));
  ASSIGN_OR_RETURN(std::optional<privacy::MasterKey> master_key,
                   LoadMasterKey(options.master_key_file, options.data_dir));
  ASSIGN_OR_RETURN(DataDirClaim data_dir, DataDirClaim::Inspect(options.data_dir));
  RETURN_IF_ERROR(data_dir.Create());

  std::unique_ptr<Server> server(new Server());
  server->read_budget_ = std::make_unique<ReadBudget>(read_limits);
  const absl::Status started =
      Serve(server.get(), options, credentials, witness_keys, std::move(master_key));
  if (started.ok()) return server;
  // A failed start leaves no new log (nor tokens, nor key) behind, unless the
  // log holds events.
  const bool no_events = server->log_ == nullptr || server->log_->Size() == 0;
  server.reset();
  if (no_events) {
    const absl::Status undone = data_dir.Undo();
    if (undone.ok()) {
      LogLine("info", "the failed start removed what it had added",
              {{"data_dir", options.data_dir}});
    } else {
      LogLine("warning", undone.message(), {});
    }
  }
  return started;
}

absl::Status Server::Serve(Server* server, const ServerOptions& options,
                           std::shared_ptr<grpc::ServerCredentials> credentials,
                           const std::string& witness_keys,
                           std::optional<privacy::MasterKey> master_key) {
  storage::LogOptions log_options;
  log_options.durability = options.durability;
  log_options.max_payload_bytes = options.max_event_bytes;
  log_options.clock = options.clock;  // one clock for recorded times and business days
  log_options.env = options.log_env;
  ASSIGN_OR_RETURN(server->log_, storage::EventLog::Open(
                                     (fs::path(options.data_dir) / "log").string(), log_options));
  // Changed or damaged bytes among the newest events: never serve or sign them.
  RETURN_IF_ERROR(storage::CheckTail(*server->log_, options.scrub_tail_events));
  // Erasures recorded in the log are applied before anything serves.
  if (master_key.has_value()) {
    ASSIGN_OR_RETURN(server->vault_,
                     OpenHouseholdVault(*server->log_, options.data_dir, *std::move(master_key)));
  } else {
    LogLine("info",
            "no master key: household personal data is refused until minhbachd starts "
            "with --master_key_file",
            {});
  }
  ASSIGN_OR_RETURN(server->tokens_, LoadTokens(options));
  ASSIGN_OR_RETURN(server->log_key_, LoadKey(options, server->log_->Size()));
  server->event_log_service_ = std::make_unique<EventLogService>(
      server->log_.get(), &*server->tokens_, server->read_budget_.get());
  ASSIGN_OR_RETURN(server->witnessing_,
                   Witnessing::Open(server->log_.get(), &*server->log_key_, witness_keys,
                                    (fs::path(options.data_dir) / "cosignatures").string()));
  server->audit_service_ = std::make_unique<AuditService>(server->log_.get(), &*server->tokens_,
                                                          server->witnessing_.get());
  server->admin_service_ = std::make_unique<AdminService>(server->log_.get(), &*server->tokens_,
                                                          &*server->log_key_, options.data_dir);

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
  command_options.vault = server->vault_.get();
  ASSIGN_OR_RETURN(server->program_,
                   ProgramServices::Start(server->log_.get(), &*server->tokens_, &*server->log_key_,
                                          options.data_dir, std::move(projection_options),
                                          server->read_budget_.get(), std::move(command_options)));

  program::Projection* projection = &server->program_->projection();
  program::TimelineIndex* timeline = &server->program_->timeline();
  server->metrics_.WatchFollower("projections", [projection] { return projection->position(); });
  server->metrics_.WatchFollower("timeline", [timeline] { return timeline->position(); });
  if (options.scrub_bytes_per_second > 0) server->StartScrubbing(options.scrub_bytes_per_second);

  // Before the gRPC port: once that serves, the log may gain events.
  if (!options.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(
        server->metrics_http_,
        MetricsHttpServer::Start(options.metrics_listen, &server->metrics_, server->log_.get()));
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  if (!options.listen.empty())
    builder.AddListeningPort(options.listen, credentials, &server->port_);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port would
  // then start and take half of the calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
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
  if (server->grpc_server_ == nullptr || (!options.listen.empty() && server->port_ == 0)) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen,
                     ": the port is in use (another minhbachd? stop it or give another --listen) "
                     "or the address is not one of this host's"));
  }
  // After the gRPC port: the web server calls the services through it.
  if (!options.http_listen.empty()) {
    web::WebServerOptions web_options;
    web_options.listen = options.http_listen;
    web_options.web_root = options.web_root;
    web_options.tls_cert = options.tls_cert;
    web_options.tls_key = options.tls_key;
    web_options.tls_client_ca = options.tls_client_ca;
    web_options.max_body_bytes = options.max_message_bytes;
    web_options.serve_tiles = options.serve_tiles;
    grpc::ChannelArguments channel_arguments;
    channel_arguments.SetMaxReceiveMessageSize(-1);  // answers as large as the server sends
    web::WebServerContext context;
    context.channel = server->grpc_server_->InProcessChannel(channel_arguments);
    context.tokens = &*server->tokens_;
    context.log = server->log_.get();
    context.log_verifier_key = server->verifier_key();
    context.log_signer = &*server->log_key_;
    context.witness_keys = WitnessKeyLines(witness_keys);
    ASSIGN_OR_RETURN(server->web_, web::WebServer::Start(web_options, std::move(context)));
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
       {"metrics_port", std::to_string(server->metrics_port())},
       {"http_port", std::to_string(server->http_port())}});
  return absl::OkStatus();
}

void Server::StartScrubbing(uint64_t bytes_per_second) {
  storage::LogScrubber::Options scrub;
  scrub.bytes_per_second = bytes_per_second;
  scrub.on_mismatch = [](const storage::ScrubMismatch& mismatch) {
    LogLine("error", "scrub: stored data does not match the Merkle tree",
            {{"position", std::to_string(mismatch.position)}, {"problem", mismatch.problem}});
  };
  scrubber_ = std::make_unique<storage::LogScrubber>(log_.get(), std::move(scrub));
  storage::LogScrubber* scrubber = scrubber_.get();
  metrics_.WatchGauge("minhbach_scrub_position", "Events re-hashed in the current scrub pass.",
                      [scrubber] { return static_cast<double>(scrubber->position()); });
  metrics_.WatchGauge("minhbach_scrub_passes", "Scrub passes over the whole log completed.",
                      [scrubber] { return static_cast<double>(scrubber->passes()); });
  metrics_.WatchGauge(
      "minhbach_scrub_mismatch_position",
      "First position whose stored data did not match in the last pass; -1 when all matched.",
      [scrubber] {
        std::optional<storage::ScrubMismatch> mismatch = scrubber->mismatch();
        return mismatch.has_value() ? static_cast<double>(mismatch->position) : -1.0;
      });
}

std::shared_ptr<grpc::Channel> Server::InProcessChannel() const {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);  // answers as large as the server sends
  return grpc_server_->InProcessChannel(arguments);
}

std::string Server::verifier_key() const { return storage::VerifierKeyText(*log_key_); }

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  LogLine("info", "minhbachd stopping", {{"grace", absl::FormatDuration(grace)}});
  if (web_ != nullptr) web_->Stop();  // its calls go through the gRPC server
  grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  grpc_server_->Wait();
  metrics_http_.reset();
  program_.reset();  // stops the projection, with a last snapshot
  scrubber_.reset();
  const uint64_t events = log_->Size();
  vault_.reset();
  log_.reset();  // finishes queued appends, closes RocksDB
  LogLine("info", "minhbachd stopped", {{"events", std::to_string(events)}});
}

Server::~Server() {
  if (grpc_server_ != nullptr) Shutdown();
}

}  // namespace minhbach::services
