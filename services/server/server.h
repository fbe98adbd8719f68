// minhbachd: the gRPC server around one event log. Everything but flag
// parsing and signal handling lives here, so tests start the real server.
#ifndef MINHBACH_SERVICES_SERVER_SERVER_H_
#define MINHBACH_SERVICES_SERVER_SERVER_H_

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/token_store.h"
#include "services/log_api/audit_service.h"
#include "services/log_api/event_log_service.h"
#include "services/log_api/read_budget.h"
#include "services/privacy/personal_data_vault.h"
#include "services/program_api/program_services.h"
#include "services/server/admin_service.h"
#include "services/server/listen_address.h"
#include "services/server/metrics.h"
#include "services/server/metrics_http.h"
#include "services/web/http_server.h"
#include "storage/event_log.h"
#include "storage/log_scrubber.h"
#include "storage/signed_note.h"

namespace minhbach::services {

struct ServerOptions {
  // host:port; port 0 picks a free one (see Server::port()). Empty: no
  // port, only InProcessChannel() (a log LogHost hosts).
  std::string listen = "127.0.0.1:50051";
  // Holds log/ (RocksDB), tokens, log.key and log.pub unless told otherwise.
  std::string data_dir = "./data";
  storage::Durability durability = storage::Durability::kSync;
  // PEM files. With tls_client_ca, clients must present a certificate it signed.
  std::string tls_cert, tls_key, tls_client_ca;
  // Serve plaintext on a non-loopback address (never needed on loopback).
  bool insecure_allow_plaintext = false;
  // Token file; empty: <data_dir>/tokens, created with the quick start's
  // tokens (services/auth/quick_start_tokens.h; <data_dir>/client-tokens holds
  // the tokens themselves) when missing.
  std::string token_file;
  // How often, at most, the token file is looked at for changes (tokens
  // issued or revoked take effect without a restart).
  absl::Duration token_reload_interval = absl::Seconds(1);
  // Signer key file; empty: <data_dir>/log.key. Created when missing only
  // for a new, empty log; it must match <data_dir>/log.pub when that exists.
  std::string signing_key;
  // The personal-data vault's master key file (services/privacy/master_key.h:
  // 32 bytes, mode 0600 or 0400, outside data_dir); empty: the systemd
  // credential minhbach-master-key when given, else no vault.
  std::string master_key_file;
  // Witness key file (cosignature/v1 verifier keys, one a line); empty: the
  // server accepts no cosignatures.
  std::string witness_keys;
  // Key name and checkpoint origin of a created key.
  std::string log_name = "minhbach.local/log";
  int max_message_bytes = 4 << 20;
  // Largest event payload accepted. At most kMaxEventPayloadBytes, so that
  // every event fits a response a client with gRPC's defaults accepts.
  size_t max_event_bytes = 1 << 20;
  // Memory all readers together may hold (services/read_limits.h), and how
  // long a stream may stay unread before the server ends it.
  size_t read_memory_bytes = ReadLimits().memory_bytes;
  absl::Duration reader_stall_timeout = ReadLimits().stall_timeout;
  // host:port of the Prometheus /metrics endpoint; empty: none.
  std::string metrics_listen;
  // host:port of the web app and its JSON API (services/web/); empty: none.
  // The loopback rule and TLS files are the gRPC port's.
  std::string http_listen;
  // The web app's files (index.html, js/, ...); missing ones get a page that
  // says how to build them.
  std::string web_root;
  // The log as C2SP tlog-tiles under /tiles/ on the web port, to anyone.
  bool serve_tiles = false;
  // The program projection (<data_dir>/projections): throw it away and fold
  // it again from position 0 at start; events between its snapshots.
  bool rebuild_projections = false;
  uint64_t projection_snapshot_interval = 1000;
  // Scrubbing (storage/log_scrubber.h): the newest events checked against
  // the tree before serving, and the bytes per second re-hashed in the
  // background (0: no background scrub).
  uint64_t scrub_tail_events = 1000;
  uint64_t scrub_bytes_per_second = 8 << 20;
  // Program commands run on this many threads (each waits for its fsync
  // there, never on a gRPC thread), with at most this many waiting; more are
  // refused with RESOURCE_EXHAUSTED.
  int command_threads = 16;
  size_t max_queued_commands = 256;
  // The clock of program commands and status judgements ("today"); not
  // owned, must outlive the server. Tests inject a fake one.
  storage::Clock* clock = storage::Clock::Real();
  // The files of the log; nullptr: the machine's file system. Not owned,
  // must outlive the server. Tests inject one that holds or fails writes.
  rocksdb::Env* log_env = nullptr;
  // Test only: runs before each program command body, on its thread.
  std::function<void()> before_command_for_test;
};

// The credentials of `options.listen`: TLS from its files, else plaintext
// on loopback only unless insecure_allow_plaintext (FailedPrecondition
// otherwise); plaintext when `listen` is empty (in-process only).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(
    const ServerOptions& options);

// Thread-safe.
class Server {
 public:
  // Opens the log, loads (or creates) tokens and key, and starts serving.
  // Errors: FailedPrecondition for unsafe or contradictory options (plaintext
  // gRPC or web, or /metrics, on an address that does not resolve to loopback
  // only without insecure_allow_plaintext; half of a TLS pair), a data directory
  // that holds files not minhbach's or a log that is not one, and a signing
  // key that is missing for a log with events or differs from log.pub (a new
  // key is made only for a new, empty log), a master key file that breaks
  // MasterKey::FromFile's rules or does not open the household key store; NotFound for a named file
  // that is missing; DataLoss when the newest events no longer match their Merkle leaves;
  // Unavailable when the address cannot be bound (also when another process listens on the port,
  // gRPC's or the web's: SO_REUSEPORT is off). A failed start removes what it added to the data
  // directory unless the log holds events.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);

  // Stops accepting calls, lets calls in flight finish for up to `grace`,
  // cancels the rest, then closes the log. Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(5));
  ~Server();

  int port() const { return port_; }
  // A channel to this server's services inside the process: the only way in
  // when `listen` is empty (a log hosted by LogHost).
  std::shared_ptr<grpc::Channel> InProcessChannel() const;
  // Port of the /metrics endpoint, 0 when there is none.
  int metrics_port() const { return metrics_http_ ? metrics_http_->port() : 0; }
  // Port of the web server, 0 when there is none.
  int http_port() const { return web_ ? web_->port() : 0; }
  // The log's public key, in the signed-note verifier key format.
  std::string verifier_key() const;
  // The key that signs the log's checkpoints.
  const storage::note::Signer& log_signer() const { return *log_key_; }
  storage::EventLog* log() const { return log_.get(); }
  program::Projection& projection() const { return program_->projection(); }
  program::TimelineIndex& timeline() const { return program_->timeline(); }
  // The personal-data vault (<data_dir>/household-keys), with the log's
  // erasures applied; nullptr when minhbachd has no master key.
  privacy::PersonalDataVault* vault() const { return vault_.get(); }

 private:
  Server() = default;
  void StartScrubbing(uint64_t bytes_per_second);
  // Start's work once the options are checked and the data directory exists.
  static absl::Status Serve(Server* server, const ServerOptions& options,
                            std::shared_ptr<grpc::ServerCredentials> credentials,
                            const std::string& witness_keys,
                            std::optional<privacy::MasterKey> master_key);

  std::unique_ptr<storage::EventLog> log_;
  std::unique_ptr<privacy::PersonalDataVault> vault_;  // after the log, before its users
  Metrics metrics_;
  std::unique_ptr<ReadBudget> read_budget_;
  std::optional<TokenStore> tokens_;
  std::optional<storage::note::Signer> log_key_;
  std::unique_ptr<EventLogService> event_log_service_;
  std::unique_ptr<Witnessing> witnessing_;
  std::unique_ptr<AuditService> audit_service_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<ProgramServices> program_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<MetricsHttpServer> metrics_http_;
  std::unique_ptr<web::WebServer> web_;
  std::unique_ptr<storage::LogScrubber> scrubber_;
  int port_ = 0;
  bool shut_down_ = false;
};

// The largest --max_event_bytes: an event's largest encoding still fits a
// response of gRPC's default receive limit.
inline constexpr size_t kMaxEventPayloadBytes =
    kClientReceiveLimit / 2 - kEventOverheadBytes - (64 << 10);

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_SERVER_H_
