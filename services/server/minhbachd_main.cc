// minhbachd: serves a minhbach log over gRPC. See services/server.h.
//
//   minhbachd                                   # 127.0.0.1:50051, ./data, plaintext
//   minhbachd --flagfile=/etc/minhbach/minhbachd.flags
#include <signal.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/rpc/log_line.h"
#include "services/server/log_host.h"
#include "services/server/server.h"
#include "storage/process_settings.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "address to serve on (host:port)");
ABSL_FLAG(std::string, data_dir, "./data", "directory of the log, tokens and key");
ABSL_FLAG(std::string, logs_dir, "",
          "host many logs: each directory LOGS_DIR/NAME (or NAME/PHASE) made by `minhbach-admin "
          "log create` is a log with its own key, tokens and store; calls name theirs in the "
          "metadata minhbach-log (minhbach --log=NAME). Replaces --data_dir; no web or /metrics "
          "port");
ABSL_FLAG(int, log_command_threads, 2,
          "with --logs_dir: threads running each log's program commands");
ABSL_FLAG(std::string, durability, "sync",
          "sync (acknowledged appends survive power loss) or not-durable");
ABSL_FLAG(std::string, tls_cert, "", "PEM server certificate chain");
ABSL_FLAG(std::string, tls_key, "", "PEM server private key");
ABSL_FLAG(std::string, tls_client_ca, "", "PEM CA of client certificates: mutual TLS");
ABSL_FLAG(bool, insecure_allow_plaintext, false,
          "allow plaintext on a non-loopback address (never needed on loopback)");
ABSL_FLAG(std::string, token_file, "",
          "token file (<role> <identity> <sha256 hex> [scopes] [issued=T] [name=PERSON]; "
          "minhbach-admin token issue|list|revoke); default <data_dir>/tokens");
ABSL_FLAG(absl::Duration, token_reload_interval, absl::Seconds(1),
          "how often, at most, the token file is checked for changes: issued and revoked "
          "tokens take effect within this time, without a restart");
ABSL_FLAG(std::string, signing_key, "", "log signing key file; default <data_dir>/log.key");
ABSL_FLAG(std::string, master_key_file, "",
          "master key of households' personal data (32 bytes, mode 0600, outside --data_dir); "
          "default: the systemd credential minhbach-master-key, else none");
ABSL_FLAG(std::string, witness_keys, "",
          "file of witness keys (cosignature/v1 verifier keys, one a line) whose cosignatures "
          "of checkpoints the server keeps; empty: none");
ABSL_FLAG(std::string, log_name, "minhbach.local/log", "key name and checkpoint origin");
ABSL_FLAG(int, max_message_bytes, 4 << 20, "largest request accepted, in bytes");
ABSL_FLAG(int, max_event_bytes, 1 << 20, "largest event payload accepted, in bytes");
ABSL_FLAG(uint64_t, read_memory_bytes, 256 << 20,
          "memory all readers together may hold for events being read and sent, in bytes; a "
          "reader that finds none free is refused or waits (RESOURCE_EXHAUSTED: retry later)");
ABSL_FLAG(absl::Duration, reader_stall_timeout, absl::Seconds(30),
          "a stream (Subscribe, Replay) whose client takes no message for this long is ended "
          "with RESOURCE_EXHAUSTED, freeing what it held");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9464",
          "host:port of the Prometheus /metrics endpoint; empty for none");
ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080",
          "host:port of the web app and its JSON API (Connect); same loopback rule and TLS "
          "files as --listen; empty for none");
ABSL_FLAG(std::string, web_root, MINHBACH_DEFAULT_WEB_ROOT,
          "directory of the web app's files (index.html, js/, ...), as the build makes them");
ABSL_FLAG(bool, serve_tiles, false,
          "serve the log as C2SP tlog-tiles under /tiles/ on the web port, to anyone without "
          "a token (a public log: every event's stored bytes; personal data stays sealed)");
ABSL_FLAG(bool, rebuild_projections, false,
          "throw the program projections away and fold them again from position 0 at start");
ABSL_FLAG(uint64_t, projection_snapshot_interval, 1000,
          "events between snapshots of the program projection (as-of answers fold at most ~this "
          "many events)");
ABSL_FLAG(uint64_t, scrub_tail_events, 1000,
          "newest events re-hashed against the Merkle tree before serving (a mismatch stops the "
          "start)");
ABSL_FLAG(uint64_t, scrub_bytes_per_second, 8 << 20,
          "event bytes re-hashed per second by the background scrub of the whole log (0: off)");

namespace {

absl::StatusOr<minhbach::services::ServerOptions> OptionsFromFlags() {
  minhbach::services::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  const std::string durability = absl::GetFlag(FLAGS_durability);
  if (durability == "sync") {
    options.durability = minhbach::storage::Durability::kSync;
  } else if (durability == "not-durable") {
    options.durability = minhbach::storage::Durability::kNotDurable;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--durability must be sync or not-durable, not '", durability, "'"));
  }
  options.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  options.insecure_allow_plaintext = absl::GetFlag(FLAGS_insecure_allow_plaintext);
  options.token_file = absl::GetFlag(FLAGS_token_file);
  options.token_reload_interval = absl::GetFlag(FLAGS_token_reload_interval);
  if (options.token_reload_interval < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--token_reload_interval must not be negative");
  }
  options.signing_key = absl::GetFlag(FLAGS_signing_key);
  options.witness_keys = absl::GetFlag(FLAGS_witness_keys);
  options.master_key_file = absl::GetFlag(FLAGS_master_key_file);
  options.log_name = absl::GetFlag(FLAGS_log_name);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  if (absl::GetFlag(FLAGS_max_event_bytes) <= 0 || options.max_message_bytes <= 0) {
    return absl::InvalidArgumentError("--max_message_bytes and --max_event_bytes must be > 0");
  }
  options.max_event_bytes = absl::GetFlag(FLAGS_max_event_bytes);
  options.read_memory_bytes = absl::GetFlag(FLAGS_read_memory_bytes);
  options.reader_stall_timeout = absl::GetFlag(FLAGS_reader_stall_timeout);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.http_listen = absl::GetFlag(FLAGS_http_listen);
  options.web_root = absl::GetFlag(FLAGS_web_root);
  options.serve_tiles = absl::GetFlag(FLAGS_serve_tiles);
  options.rebuild_projections = absl::GetFlag(FLAGS_rebuild_projections);
  options.projection_snapshot_interval = absl::GetFlag(FLAGS_projection_snapshot_interval);
  if (options.projection_snapshot_interval == 0) {
    return absl::InvalidArgumentError("--projection_snapshot_interval must be > 0");
  }
  options.scrub_tail_events = absl::GetFlag(FLAGS_scrub_tail_events);
  options.scrub_bytes_per_second = absl::GetFlag(FLAGS_scrub_bytes_per_second);
  return options;
}

// Serves what started (a Server, or a LogHost) until a stop signal, then
// shuts it down; 1 when it did not start.
template <typename Served>
int ServeUntilStopped(absl::StatusOr<std::unique_ptr<Served>> started, sigset_t& stop_signals) {
  if (!started.ok()) {
    minhbach::services::LogLine("error", "minhbachd cannot start",
                                {{"error", std::string(started.status().message())}});
    return 1;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  minhbach::services::LogLine("info", "stop signal", {{"signal", strsignal(signal_number)}});
  (*started)->Shutdown();
  return 0;
}

// --logs_dir: many logs behind one port, until a stop signal.
int HostLogs(const minhbach::services::ServerOptions& options, sigset_t& stop_signals) {
  minhbach::services::LogHostOptions host_options;
  host_options.logs_dir = absl::GetFlag(FLAGS_logs_dir);
  host_options.listen = options.listen;
  host_options.log_options = options;
  host_options.log_options.command_threads = absl::GetFlag(FLAGS_log_command_threads);
  if (host_options.log_options.command_threads < 1) {
    minhbach::services::LogLine("error", "minhbachd cannot start",
                                {{"error", "--log_command_threads must be at least 1"}});
    return 1;
  }
  return ServeUntilStopped(minhbach::services::LogHost::Start(std::move(host_options)),
                           stop_signals);
}

}  // namespace

int main(int argc, char** argv) {
  minhbach::storage::UseServerProcessSettings();
  absl::SetProgramUsageMessage("minhbachd: serves a minhbach event log over gRPC");
  absl::ParseCommandLine(argc, argv);
  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<minhbach::services::ServerOptions> options = OptionsFromFlags();
  if (options.ok() && !absl::GetFlag(FLAGS_logs_dir).empty())
    return HostLogs(*options, stop_signals);
  return ServeUntilStopped(
      options.ok() ? minhbach::services::Server::Start(*options)
                   : absl::StatusOr<std::unique_ptr<minhbach::services::Server>>(options.status()),
      stop_signals);
}
