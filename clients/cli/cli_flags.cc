#include "clients/cli/cli_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, config, "",
          "connection settings file (default $MINHBACH_CONFIG, else ~/.config/minhbach/client.conf "
          "when it exists)");
ABSL_FLAG(std::string, server, "", "server address (default $MINHBACH_SERVER or 127.0.0.1:50051)");
ABSL_FLAG(std::string, token, "", "bearer token (default $MINHBACH_TOKEN)");
ABSL_FLAG(std::string, log, "",
          "the log, on a server that hosts many, e.g. lien-chung/2026-2030 (default "
          "$MINHBACH_LOG)");
ABSL_FLAG(std::string, role, "service", "quick start: whose token to take from --client_tokens");
ABSL_FLAG(std::string, client_tokens, "data/client-tokens", "the quick start's token list");
ABSL_FLAG(std::string, tls_ca, "", "PEM CA that signed the server's certificate (turns TLS on)");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate, for mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM client key, for mutual TLS");
ABSL_FLAG(int, timeout, 30, "seconds each call may take");
ABSL_FLAG(std::string, expect, "any", "append: any, none, or the stream's current version");
ABSL_FLAG(std::string, stream, "", "read: one stream (default: the whole log)");
ABSL_FLAG(uint64_t, from, 0, "read/tail: first position (or version, with --stream)");
ABSL_FLAG(uint32_t, limit, 0,
          "read, timeline: how many events (default 20); export timeline: at most (default all)");
ABSL_FLAG(bool, backward, false, "read --stream: newest first");
ABSL_FLAG(bool, json, false, "read: one JSON object per event");
ABSL_FLAG(std::string, log_key, "data/log.pub", "the log's public key (verifier key text)");
ABSL_FLAG(std::string, trusted, "", "consistency: the signed head saved last time");
ABSL_FLAG(bool, save, false, "consistency: replace --trusted with the new head when it verifies");
ABSL_FLAG(std::string, to, "", "backup: a new directory on the server's host (absolute path)");
ABSL_FLAG(std::string, as_of_date, "", "status: what had happened by this day (YYYY-MM-DD)");
ABSL_FLAG(int64_t, as_of_position, -1, "status: what the records said at this log size");
ABSL_FLAG(uint64_t, min_position, 0,
          "status, subproject, report: wait (within --timeout) until the answer includes the "
          "log's first N events, e.g. the N an import prints (read your own writes)");
ABSL_FLAG(std::string, as_recorded, "",
          "status: what the records said at the end of this day (Vietnam time) or at this RFC "
          "3339 time");
ABSL_FLAG(std::string, reference_date, "", "status: judge deadlines on this day (YYYY-MM-DD)");
ABSL_FLAG(std::string, entity, "", "timeline: a sub-project, assignment, disbursement, finding...");
ABSL_FLAG(std::string, kind, "", "timeline: an event type, or a word of one (disbursement)");
ABSL_FLAG(std::string, actor, "", "timeline: who appended the events");
ABSL_FLAG(std::string, from_date, "", "timeline: business date from (YYYY-MM-DD)");
ABSL_FLAG(std::string, to_date, "", "timeline: business date to, inclusive (YYYY-MM-DD)");
ABSL_FLAG(bool, proofs, false, "timeline: check each event's inclusion in the signed head");
ABSL_FLAG(bool, all, false, "verify: re-hash every event, not a sample");
ABSL_FLAG(std::string, tiles, "",
          "verify: read the log from a tlog-tiles mirror (a directory or an http(s):// URL), "
          "not from the server");
ABSL_FLAG(std::string, communes, "",
          "province: a file listing the communes, one a line: NAME SOURCE KEY_FILE (a tlog-tiles "
          "mirror's URL or directory, then the commune's log.pub)");
ABSL_FLAG(int, every, 0,
          "province follow: seconds between rounds; 0 (the default) runs one round and exits");
ABSL_FLAG(int, rounds, 0, "province follow: stop after this many rounds (0: never, with --every)");
ABSL_FLAG(std::string, commune_head, "",
          "verify: a commune's signed head (a file): prove it is in the province log of --server");
ABSL_FLAG(std::string, commune_key, "", "verify --commune_head: the commune's log.pub");
ABSL_FLAG(std::string, commune_tiles, "",
          "verify --commune_head: the commune's tlog-tiles mirror (a directory or an http(s):// "
          "URL), to show your head is a prefix of a later one the province recorded");
ABSL_FLAG(std::string, out, "", "export: the file to write (.csv, or .xlsx for a workbook)");
ABSL_FLAG(std::string, separator, ",",
          "export to .csv: the field separator, ',' or ';' (Excel in a Vietnamese locale)");
ABSL_FLAG(std::string, require_cosigner, "",
          "verify: a witness's verifier key (or a file holding it); check the newest head that "
          "witness cosigned");
ABSL_FLAG(std::string, witness_key, "", "witness cosign: the witness's private key file");
ABSL_FLAG(std::string, to_time, "", "replay: events recorded at or before this RFC 3339 time");
ABSL_FLAG(bool, status, false, "replay: fold the replayed log here into the dashboard");
ABSL_FLAG(std::string, period, "", "report: the period (2024-H1...); default the latest");
ABSL_FLAG(std::string, name, "", "witness keygen: the witness's key name, e.g. mttq.lienchung/w1");
ABSL_FLAG(int, sample, 16, "verify: events checked with inclusion proofs without --all");
ABSL_FLAG(std::string, lang, "vi",
          "the language of what a person reads: vi (Vietnamese, the default) or en (English); "
          "JSON is the same in both");
