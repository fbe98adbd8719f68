// minhbach: the command-line client of a minhbachd server.
//
//   minhbach append STREAM EVENT_TYPE [PAYLOAD] [--expect=any|none|N]
//   minhbach read [--stream=S] [--from=N] [--limit=N] [--backward] [--json]
//   minhbach tail [--from=N]                        (catch up, then follow live)
//   minhbach checkpoint                             (print the signed tree head)
//   minhbach consistency --trusted=FILE [--save]    (check the log extends a saved head)
//   minhbach backup --to=DIR --role=admin           (online backup on the server's host)
//   minhbach import FILE...                         (program commands, idempotently)
//   minhbach status [--as-of=D | --as-recorded=D | --as-of-position=N] [--json]  (dashboard)
//   minhbach subproject ID | report TARGET [--period=P] [--json]     (one of them)
//   minhbach assignment ID | supervision ID | finance SUB-PROJECT    (their timelines)
//   minhbach timeline [--entity=E] [--kind=K] [--actor=A] [--from_date=D] [--to_date=D]
//                     [--proofs] [--json]          (who did what, when, why)
//   minhbach verify --trusted=FILE [--all]          (check the log against your saved head)
//   minhbach replay [--entity=E] [--as_of_position=N] [--status]  (raw events, folded here)
//   minhbach export status|timeline --out=F.csv|F.xlsx   (for Excel)
//   minhbach witness keygen|cosign                  (the Front cosigns what it verified)
//
// Connection: --server (or MINHBACH_SERVER), --token (or MINHBACH_TOKEN, or
// the --role line of --client_tokens, the quick start's data/client-tokens),
// --tls_ca / --tls_cert / --tls_key. Exit status: 0 done, 1 verification
// failed, 2 bad usage or an error from the server (one line on stderr).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/config_file.h"
#include "clients/connection.h"
#include "clients/dashboard_text.h"
#include "clients/event_text.h"
#include "clients/export_table.h"
#include "clients/flag_spelling.h"
#include "clients/log_audit.h"
#include "clients/program_import.h"
#include "clients/terminal_text.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "minhbach/v1/admin_service.grpc.pb.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "services/domain/dates.h"
#include "services/program/program_state.h"
#include "services/program/program_status.h"
#include "storage/checkpoint.h"
#include "storage/merkle.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

ABSL_FLAG(std::string, config, "",
          "connection settings file (default $MINHBACH_CONFIG, else ~/.config/minhbach/client.conf "
          "when it exists)");
ABSL_FLAG(std::string, server, "", "server address (default $MINHBACH_SERVER or 127.0.0.1:50051)");
ABSL_FLAG(std::string, token, "", "bearer token (default $MINHBACH_TOKEN)");
ABSL_FLAG(std::string, role, "service", "quick start: whose token to take from --client_tokens");
ABSL_FLAG(std::string, client_tokens, "data/client-tokens", "the quick start's token list");
ABSL_FLAG(std::string, tls_ca, "", "PEM CA that signed the server's certificate (turns TLS on)");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate, for mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM client key, for mutual TLS");
ABSL_FLAG(int, timeout, 30, "seconds each call may take");
ABSL_FLAG(std::string, expect, "any", "append: any, none, or the stream's current version");
ABSL_FLAG(std::string, stream, "", "read: one stream (default: the whole log)");
ABSL_FLAG(uint64_t, from, 0, "read/tail: first position (or version, with --stream)");
ABSL_FLAG(uint32_t, limit, 20, "read: how many events");
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
ABSL_FLAG(std::string, out, "", "export: the file to write (.csv, or .xlsx for a workbook)");
ABSL_FLAG(std::string, require_cosigner, "",
          "verify: a witness's verifier key (or a file holding it); check the newest head that "
          "witness cosigned");
ABSL_FLAG(std::string, witness_key, "", "witness cosign: the witness's private key file");
ABSL_FLAG(std::string, to_time, "", "replay: events recorded at or before this RFC 3339 time");
ABSL_FLAG(bool, status, false, "replay: fold the replayed log here into the dashboard");
ABSL_FLAG(std::string, period, "", "report: the period (2024-H1...); default the latest");
ABSL_FLAG(std::string, name, "", "witness keygen: the witness's key name, e.g. mttq.lienchung/w1");
ABSL_FLAG(int, sample, 16, "verify: events checked with inclusion proofs without --all");

namespace minhbach::clients {
namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "minhbach: %s\n", message.c_str());
  std::exit(2);
}

void Check(const grpc::Status& status) {
  if (!status.ok()) Fail(DescribeStatus(status));
}

template <typename T>
T Must(absl::StatusOr<T> value) {
  if (!value.ok()) Fail(std::string(value.status().message()));
  return *std::move(value);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A verifier key from the file at `path` (one line; surrounding space ignored).
storage::note::Verifier VerifierKeyFile(const std::string& path) {
  return Must(storage::note::Verifier::Parse(absl::StripAsciiWhitespace(ReadFile(path))));
}

// The log's public key, from --log_key.
storage::note::Verifier LogKey() { return VerifierKeyFile(absl::GetFlag(FLAGS_log_key)); }

ConnectionSettings Settings() {
  ConnectionSettings settings;
  settings.server = absl::GetFlag(FLAGS_server);
  if (settings.server.empty()) {
    const char* env = std::getenv("MINHBACH_SERVER");
    settings.server = env && *env ? env : "127.0.0.1:50051";
  }
  settings.token = Must(ResolveToken(absl::GetFlag(FLAGS_token), absl::GetFlag(FLAGS_role),
                                     absl::GetFlag(FLAGS_client_tokens)));
  settings.tls_ca = absl::GetFlag(FLAGS_tls_ca);
  settings.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  settings.tls_key = absl::GetFlag(FLAGS_tls_key);
  return settings;
}

void PrintEvent(const v1::Event& event) {
  const v1::EventRecord& r = event.record();
  if (absl::GetFlag(FLAGS_json)) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(event, &json, options);
    std::printf("%s\n", json.c_str());
    return;
  }
  std::printf("%6llu  %-28s v%-4llu %-24s %s  by %s  %s\n",
              static_cast<unsigned long long>(r.position()), TerminalSafe(r.stream()).c_str(),
              static_cast<unsigned long long>(r.stream_version()),
              TerminalSafe(r.event_type()).c_str(),
              absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixMicros(r.recorded_time_micros()),
                               absl::UTCTimeZone())
                  .c_str(),
              TerminalSafe(r.actor()).c_str(), TerminalSafe(PayloadJson(r)).c_str());
}

int Append(const ConnectionSettings& settings, const std::vector<char*>& args) {
  if (args.size() < 4) Fail("usage: minhbach append STREAM EVENT_TYPE [PAYLOAD]");
  v1::AppendRequest request;
  request.set_stream(args[2]);
  const std::string expect = absl::GetFlag(FLAGS_expect);
  uint64_t version = 0;
  if (expect == "none") {
    request.set_expect_no_stream(true);
  } else if (absl::SimpleAtoi(expect, &version)) {
    request.set_expect_version(version);
  } else if (expect != "any") {
    Fail("--expect must be any, none or a version number");
  }
  v1::NewEvent* event = request.add_events();
  event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
  event->set_event_type(args[3]);
  event->mutable_business_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  if (args.size() > 4) event->set_payload(args[4]);
  v1::AppendResponse response;
  auto channel = Must(OpenChannel(settings));
  Check(v1::EventLog::NewStub(channel)->Append(
      CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request, &response));
  std::printf("appended at position %llu (stream version %llu)%s\n",
              static_cast<unsigned long long>(response.first_position()),
              static_cast<unsigned long long>(response.first_version()),
              response.duplicate() ? " (already there: nothing written)" : "");
  return 0;
}

int Read(const ConnectionSettings& settings) {
  auto stub = v1::EventLog::NewStub(Must(OpenChannel(settings)));
  v1::ReadEventsResponse page;
  if (absl::GetFlag(FLAGS_stream).empty()) {
    v1::ReadAllRequest request;
    request.set_from_position(absl::GetFlag(FLAGS_from));
    request.set_limit(absl::GetFlag(FLAGS_limit));
    Check(stub->ReadAll(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request, &page));
  } else {
    v1::ReadStreamRequest request;
    request.set_stream(absl::GetFlag(FLAGS_stream));
    if (absl::GetFlag(FLAGS_from) > 0 || !absl::GetFlag(FLAGS_backward)) {
      request.set_from_version(absl::GetFlag(FLAGS_from));
    }
    request.set_backward(absl::GetFlag(FLAGS_backward));
    request.set_limit(absl::GetFlag(FLAGS_limit));
    Check(stub->ReadStream(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                           &page));
  }
  for (const v1::Event& event : page.events()) PrintEvent(event);
  if (page.has_next() && !absl::GetFlag(FLAGS_json)) {
    std::fprintf(stderr, "more: --from=%llu\n", static_cast<unsigned long long>(page.next()));
  }
  return 0;
}

int Tail(const ConnectionSettings& settings) {
  auto stub = v1::EventLog::NewStub(Must(OpenChannel(settings)));
  auto context = CallContext(settings, 0);  // until interrupted
  v1::SubscribeRequest request;
  request.set_from_position(absl::GetFlag(FLAGS_from));
  auto reader = stub->Subscribe(context.get(), request);
  v1::Event event;
  while (reader->Read(&event)) {
    PrintEvent(event);
    std::fflush(stdout);
  }
  Check(reader->Finish());
  return 0;
}

v1::SignedCheckpoint FetchCheckpoint(const ConnectionSettings& settings,
                                     const std::shared_ptr<grpc::Channel>& channel) {
  v1::SignedCheckpoint head;
  Check(v1::Audit::NewStub(channel)->GetCheckpoint(
      CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), {}, &head));
  return head;
}

int Checkpoint(const ConnectionSettings& settings) {
  std::fputs(FetchCheckpoint(settings, Must(OpenChannel(settings))).signed_note().c_str(), stdout);
  return 0;
}

// The hashes of a proof, or exit naming the bad element.
std::vector<storage::merkle::Hash> ToHashes(
    const google::protobuf::RepeatedPtrField<std::string>& in) {
  return Must(ProofHashes(in));
}

// Checks the current signed head against the saved one: both signed by the
// log's key, and the new tree an extension of the old (consistency proof).
int Consistency(const ConnectionSettings& settings) {
  const std::string trusted_path = absl::GetFlag(FLAGS_trusted);
  if (trusted_path.empty()) Fail("give --trusted=FILE: the signed head you saved last time");
  const auto key = LogKey();
  const storage::Checkpoint old_head = Must(storage::OpenCheckpoint(ReadFile(trusted_path), key));
  auto channel = Must(OpenChannel(settings));
  const v1::SignedCheckpoint fetched = FetchCheckpoint(settings, channel);
  const storage::Checkpoint new_head = Must(storage::OpenCheckpoint(fetched.signed_note(), key));
  v1::GetConsistencyProofRequest request;
  request.set_old_size(old_head.size);
  request.set_new_size(new_head.size);
  v1::ConsistencyProof proof;
  if (old_head.size > 0 && old_head.size <= new_head.size) {
    Check(v1::Audit::NewStub(channel)->GetConsistencyProof(
        CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request, &proof));
  }
  const absl::Status consistent =
      old_head.size == 0
          ? absl::OkStatus()
          : storage::merkle::VerifyConsistency(old_head.size, new_head.size, old_head.root,
                                               new_head.root, ToHashes(proof.hashes()));
  if (!consistent.ok()) {
    std::printf(
        "NOT CONSISTENT: the log now signed at %llu events does not extend your saved "
        "head of %llu events: %s\n",
        static_cast<unsigned long long>(new_head.size),
        static_cast<unsigned long long>(old_head.size), std::string(consistent.message()).c_str());
    return 1;
  }
  std::printf("OK: the log (%llu events, signed by %s) extends your saved head of %llu events\n",
              static_cast<unsigned long long>(new_head.size), key.name().c_str(),
              static_cast<unsigned long long>(old_head.size));
  if (absl::GetFlag(FLAGS_save)) {
    std::ofstream(trusted_path, std::ios::trunc) << fetched.signed_note();
    std::printf("saved the new head in %s\n", trusted_path.c_str());
  }
  return 0;
}

// Asks the server for an online backup (admin role) and prints its signed head.
int Backup(const ConnectionSettings& settings) {
  if (absl::GetFlag(FLAGS_to).empty()) Fail("give --to=DIR: a new directory on the server's host");
  v1::CreateBackupRequest request;
  request.set_destination(absl::GetFlag(FLAGS_to));
  v1::Backup backup;
  Check(v1::Admin::NewStub(Must(OpenChannel(settings)))
            ->CreateBackup(CallContext(settings, 0).get(), request, &backup));
  std::printf("backup of %llu events written to %s; its signed head:\n%s",
              static_cast<unsigned long long>(backup.tree_size()), backup.destination().c_str(),
              backup.checkpoint().signed_note().c_str());
  return 0;
}

// Imports each file in turn through the command RPCs, one line per step.
int Import(const ConnectionSettings& settings, const std::vector<char*>& args) {
  if (args.size() < 3)
    Fail("give the file(s) to import, e.g. deploy/seed/lien-chung-2024.plan.json");
  const std::map<std::string, std::string> tokens =
      ReadClientTokens(absl::GetFlag(FLAGS_client_tokens));
  if (tokens.empty()) {
    Fail(absl::StrCat("no tokens in ", absl::GetFlag(FLAGS_client_tokens),
                      ": give --client_tokens=FILE with a '<role> <token>' line per role"));
  }
  std::shared_ptr<grpc::Channel> channel = Must(OpenChannel(settings));
  for (size_t i = 2; i < args.size(); ++i) {
    const v1::ProgramImport file = Must(ParseImportFile(ReadFile(args[i])));
    std::printf("importing %s: %d steps\n", args[i], file.steps_size());
    const ImportSummary summary = Must(ImportProgram(
        file, channel, tokens, absl::GetFlag(FLAGS_timeout), [](const ImportedStep& step) {
          std::printf("  %3d/%d %-44s %s at position %llu\n", step.index, step.total,
                      step.key.c_str(), step.result.duplicate() ? "already recorded" : "recorded",
                      static_cast<unsigned long long>(step.result.position()));
        }));
    std::printf("%s: %d recorded, %d already recorded; status --min-position=%llu includes them\n",
                args[i], summary.written, summary.already_recorded,
                static_cast<unsigned long long>(summary.end_position));
  }
  return 0;
}

// The timeline request the flags describe.
v1::TimelineRequest TimelineRequestFromFlags() {
  v1::TimelineRequest request;
  request.set_entity(absl::GetFlag(FLAGS_entity));
  request.set_kind(absl::GetFlag(FLAGS_kind));
  request.set_actor(absl::GetFlag(FLAGS_actor));
  request.set_business_from(absl::GetFlag(FLAGS_from_date));
  request.set_business_to(absl::GetFlag(FLAGS_to_date));
  request.set_with_proofs(absl::GetFlag(FLAGS_proofs));
  request.set_limit(std::min<uint32_t>(absl::GetFlag(FLAGS_limit), 1000));
  return request;
}

// Pages of `request` until --limit items or the end.
std::vector<v1::TimelinePage> FetchTimeline(const ConnectionSettings& settings,
                                            v1::TimelineRequest request) {
  auto stub = v1::Timeline::NewStub(Must(OpenChannel(settings)));
  std::vector<v1::TimelinePage> pages;
  int64_t left = absl::GetFlag(FLAGS_limit);
  while (left > 0) {
    v1::TimelinePage& page = pages.emplace_back();
    Check(stub->GetTimeline(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                            &page));
    if (page.items_size() > left)
      page.mutable_items()->DeleteSubrange(left, page.items_size() - left);
    left -= page.items_size();
    if (!page.has_next_position()) break;
    request.set_from_position(page.next_position());
  }
  return pages;
}

// Who did what, when (recorded and business times) and why, in log order.
int Timeline(const ConnectionSettings& settings) {
  const v1::TimelineRequest request = TimelineRequestFromFlags();
  std::optional<storage::note::Verifier> key;
  if (request.with_proofs()) {
    key = LogKey();
  }
  const bool json = absl::GetFlag(FLAGS_json);
  if (!json) {
    std::printf("%6s  %-20s %-10s %-20s %-26s %s\n", "POS", "RECORDED (UTC)", "BUSINESS", "ACTOR",
                "EVENT", "WHAT");
  }
  uint32_t shown = 0;
  const std::vector<v1::TimelinePage> pages = FetchTimeline(settings, request);
  for (const v1::TimelinePage& page : pages) {
    std::optional<storage::Checkpoint> head;
    if (key) head = Must(storage::OpenCheckpoint(page.checkpoint().signed_note(), *key));
    for (const v1::TimelineItem& item : page.items()) {
      const v1::EventRecord& r = item.event().record();
      if (head) {
        const absl::Status included = storage::merkle::VerifyInclusion(
            storage::merkle::HashLeaf(item.event().raw_record()), r.position(), head->size,
            ToHashes(item.proof().hashes()), head->root);
        if (!included.ok()) {
          std::printf("NOT PROVEN: event %llu does not match the signed head: %s\n",
                      static_cast<unsigned long long>(r.position()),
                      std::string(included.message()).c_str());
          return 1;
        }
      }
      ++shown;
      std::printf("%s", json ? EventJson(r, head.has_value()).c_str() : EventRow(r).c_str());
    }
  }
  if (!json) {
    std::printf(
        "%u event%s%s%s\n", shown, shown == 1 ? "" : "s",
        key ? ", each proven included in the signed head" : "",
        !pages.empty() && pages.back().has_next_position() ? "; more follow (raise --limit)" : "");
  }
  return 0;
}

// The point in history the status flags name (none: now), and the day
// deadlines are judged on.
void SetAsOfAndReferenceDate(v1::StatusRequest& request) {
  const std::string date = absl::GetFlag(FLAGS_as_of_date);
  const int64_t position = absl::GetFlag(FLAGS_as_of_position);
  const std::string recorded = absl::GetFlag(FLAGS_as_recorded);
  if (!date.empty() + (position >= 0) + !recorded.empty() > 1) {
    Fail("give one of --as-of (what had happened by a day), --as-of-position, --as-recorded");
  }
  request.set_reference_date(absl::GetFlag(FLAGS_reference_date));
  request.set_min_position(absl::GetFlag(FLAGS_min_position));
  if (!date.empty()) {
    request.mutable_as_of()->set_business_date(date);
  } else if (position >= 0) {
    request.mutable_as_of()->set_position(position);
  } else if (!recorded.empty()) {
    // Vietnam keeps one time zone, UTC+7, with no daylight saving.
    const absl::TimeZone commune = absl::FixedTimeZone(7 * 60 * 60);
    absl::Time at;
    absl::CivilDay day;
    std::string error;
    if (absl::ParseCivilTime(recorded, &day)) {
      at = absl::FromCivil(day + 1, commune) - absl::Microseconds(1);  // the end of that day
    } else if (!absl::ParseTime(absl::RFC3339_full, recorded, &at, &error) ||
               at == absl::InfiniteFuture() || at == absl::InfinitePast()) {
      Fail(
          absl::StrCat("--as-recorded takes a day (2024-06-30: its end, Vietnam time) or an RFC "
                       "3339 time (2024-06-30T17:00:00+07:00), not \"",
                       recorded, "\""));
    }
    request.mutable_as_of()->set_recorded_time_micros(absl::ToUnixMicros(at));
    if (request.reference_date().empty()) {
      request.set_reference_date(absl::FormatCivilTime(absl::ToCivilDay(at, commune)));
    }
  }
}

// The dashboard the status flags ask for.
v1::Dashboard FetchDashboard(const ConnectionSettings& settings) {
  v1::StatusRequest request;
  SetAsOfAndReferenceDate(request);
  v1::Dashboard dashboard;
  Check(v1::ProgramStatus::NewStub(Must(OpenChannel(settings)))
            ->GetDashboard(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                           &dashboard));
  return dashboard;
}

// Prints `message` as JSON with --json, else as `text`.
void PrintJsonOr(const google::protobuf::Message& message, const std::string& text) {
  if (!absl::GetFlag(FLAGS_json)) {
    std::printf("%s", TerminalSafeLines(text).c_str());
    return;
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::printf("%s\n", json.c_str());
}

// One sub-project (`subproject ID`) or one target (`report TARGET`).
int StatusOf(const ConnectionSettings& settings, const std::string& what,
             const std::vector<char*>& args) {
  if (args.size() < 3) Fail(absl::StrCat("give the id: ", what, " ID"));
  v1::StatusRequest request;
  request.set_id(args[2]);
  request.set_period(absl::GetFlag(FLAGS_period));
  SetAsOfAndReferenceDate(request);
  auto stub = v1::ProgramStatus::NewStub(Must(OpenChannel(settings)));
  auto context = CallContext(settings, absl::GetFlag(FLAGS_timeout));
  if (what == "subproject") {
    v1::SubProjectStatus status;
    Check(stub->GetSubProject(context.get(), request, &status));
    PrintJsonOr(status, SubProjectText(status));
  } else {
    v1::TargetStatus status;
    Check(stub->GetTarget(context.get(), request, &status));
    PrintJsonOr(status, TargetText(status));
  }
  return 0;
}

// `assignment ID`, `supervision ID`, `finance SUB-PROJECT`: the timeline of
// that entity (for finance, its money events only).
int EntityTimeline(const ConnectionSettings& settings, const std::string& what,
                   const std::vector<char*>& args) {
  if (args.size() < 3) Fail(absl::StrCat("give the id: ", what, " ID"));
  absl::SetFlag(&FLAGS_entity, args[2]);
  if (what == "finance" && absl::GetFlag(FLAGS_kind).empty()) {
    absl::SetFlag(&FLAGS_kind, "budget,disbursement");
  }
  return Timeline(settings);
}

// Replays an entity's events, or the whole log's up to a point, from their
// raw bytes: a whole-log replay rebuilds the Merkle root here and checks it
// against the checkpoint the log signs at that size, and with --status folds
// the events here into the dashboard, without the server's projections.
int Replay(const ConnectionSettings& settings) {
  v1::ReplayRequest request;
  request.set_entity(absl::GetFlag(FLAGS_entity));
  if (absl::GetFlag(FLAGS_as_of_position) >= 0) {
    request.set_to_position(absl::GetFlag(FLAGS_as_of_position));
    if (request.to_position() == 0) Fail("--as_of_position=0 replays nothing");
  }
  if (!absl::GetFlag(FLAGS_to_time).empty()) {
    absl::Time to;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_to_time), &to, &error)) {
      Fail(absl::StrCat("--to_time must be RFC 3339, e.g. 2024-09-30T23:59:59Z: ", error));
    }
    request.set_to_recorded_micros(absl::ToUnixMicros(to));
  }
  const bool whole_log = request.entity().empty();
  const bool fold = absl::GetFlag(FLAGS_status);
  if (fold && !whole_log) Fail("--status folds the whole log: drop --entity");
  auto channel = Must(OpenChannel(settings));
  auto context = CallContext(settings, 0);
  auto reader = v1::Timeline::NewStub(channel)->Replay(context.get(), request);
  storage::merkle::CompactRange tree;
  program::ProgramState state;
  const bool print = !fold;
  if (print && !absl::GetFlag(FLAGS_json)) std::printf("%s", EventHeader().c_str());
  v1::Event event;
  uint64_t count = 0;
  while (reader->Read(&event)) {
    const v1::EventRecord& r = event.record();
    if (whole_log) {
      if (r.position() != tree.size()) {
        Fail(absl::StrCat("the replay skipped from ", tree.size(), " to ", r.position()));
      }
      tree.Append(storage::merkle::HashLeaf(event.raw_record()), [](int, uint64_t, const auto&) {});
      if (fold) program::FoldRecord(state, r);
    }
    ++count;
    if (print) {
      std::printf("%s",
                  absl::GetFlag(FLAGS_json) ? EventJson(r, false).c_str() : EventRow(r).c_str());
    }
  }
  Check(reader->Finish());
  if (!whole_log) {
    if (!absl::GetFlag(FLAGS_json))
      std::printf("%llu events\n", static_cast<unsigned long long>(count));
    return 0;
  }
  // The root of what was replayed against what the log signs at that size.
  const auto key = LogKey();
  v1::GetCheckpointRequest at;
  at.set_tree_size(tree.size());
  v1::SignedCheckpoint signed_head;
  if (tree.size() > 0) {
    Check(v1::Audit::NewStub(channel)->GetCheckpoint(
        CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), at, &signed_head));
  }
  const bool matches =
      tree.size() == 0 ||
      Must(storage::OpenCheckpoint(signed_head.signed_note(), key)).root == tree.Root();
  if (!matches) {
    std::printf(
        "NOT VERIFIED: the %llu events replayed do not rebuild the root the log signs at "
        "%llu; run `minhbach verify --all` to find the first that differs\n",
        static_cast<unsigned long long>(tree.size()), static_cast<unsigned long long>(tree.size()));
    return 1;
  }
  if (fold) {
    v1::Dashboard dashboard = program::BuildDashboard(
        state, absl::GetFlag(FLAGS_reference_date).empty()
                   ? domain::CommuneDate(absl::Now())  // today, as the server judges it
                   : absl::GetFlag(FLAGS_reference_date));
    dashboard.mutable_basis()->set_position(state.position);
    dashboard.mutable_basis()->set_log_size(state.position);
    dashboard.mutable_basis()->set_reference_date(absl::GetFlag(FLAGS_reference_date));
    PrintJsonOr(dashboard, DashboardText(dashboard));
  }
  // On stderr with --json, so that stdout stays JSON.
  std::fprintf(absl::GetFlag(FLAGS_json) ? stderr : stdout,
               "%llu events replayed; they rebuild the root the log signs at %llu\n",
               static_cast<unsigned long long>(tree.size()),
               static_cast<unsigned long long>(tree.size()));
  return 0;
}

// A witness's key pair: the private key to --out (mode 0600), the public key
// (to give the server's operator and the verifiers) on stdout.
int WitnessKeygen() {
  const std::string out = absl::GetFlag(FLAGS_out);
  if (absl::GetFlag(FLAGS_name).empty() || out.empty()) {
    Fail("give --name=NAME (e.g. mttq.lienchung/w1) and --out=FILE for the private key");
  }
  const storage::note::Signer key = Must(
      storage::note::Signer::Generate(absl::GetFlag(FLAGS_name), storage::note::kAlgCosignatureV1));
  const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    Fail(absl::StrCat("cannot create ", out, " (it must not exist yet): ", std::strerror(errno)));
  const std::string text = key.ToString() + "\n";
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) Fail(absl::StrCat("cannot write ", out));
  std::printf("%s\n", key.verifier().ToString().c_str());
  return 0;
}

// Cosigns the head saved by the last successful verify and sends it.
int WitnessCosign(const ConnectionSettings& settings) {
  if (absl::GetFlag(FLAGS_witness_key).empty() || absl::GetFlag(FLAGS_trusted).empty()) {
    Fail("give --witness_key=FILE and --trusted=FILE (the head `minhbach verify` saved)");
  }
  const storage::note::Signer witness = Must(storage::note::Signer::Parse(
      absl::StripAsciiWhitespace(ReadFile(absl::GetFlag(FLAGS_witness_key)))));
  const auto log_key = LogKey();
  // Only a head that verified (and so was saved) is cosigned.
  const storage::note::Note head =
      Must(storage::note::Open(ReadFile(absl::GetFlag(FLAGS_trusted)), {log_key}));
  v1::AddCosignatureRequest request;
  request.set_signed_note(Must(storage::note::Sign(head, {&witness})));
  v1::SignedCheckpoint kept;
  Check(v1::Audit::NewStub(Must(OpenChannel(settings)))
            ->AddCosignature(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                             &kept));
  std::printf("cosigned the checkpoint of %llu events as %s; the server keeps it\n",
              static_cast<unsigned long long>(kept.tree_size()), witness.name().c_str());
  return 0;
}

// The dashboard's sub-projects or a timeline as CSV (UTF-8 with BOM) or .xlsx.
int Export(const ConnectionSettings& settings, const std::vector<char*>& args) {
  const std::string what = args.size() > 2 ? args[2] : "";
  const std::string out = absl::GetFlag(FLAGS_out);
  if ((what != "status" && what != "timeline") || out.empty()) {
    Fail("give what to export and where: export status|timeline --out=FILE.csv|FILE.xlsx");
  }
  Table table;
  if (what == "status") {
    table = DashboardTable(FetchDashboard(settings));
  } else {
    std::vector<v1::TimelineItem> items;
    for (const v1::TimelinePage& page : FetchTimeline(settings, TimelineRequestFromFlags())) {
      items.insert(items.end(), page.items().begin(), page.items().end());
    }
    table = TimelineTable(items);
  }
  const absl::Status written = WriteTable(table, out);
  if (!written.ok()) Fail(std::string(written.message()));
  std::printf("wrote %zu rows to %s\n", table.rows.size(), out.c_str());
  return 0;
}

// The dashboard, now or as of a date or a position.
int Status(const ConnectionSettings& settings) {
  const v1::Dashboard dashboard = FetchDashboard(settings);
  if (absl::GetFlag(FLAGS_json)) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(dashboard, &json, options);
    std::printf("%s\n", json.c_str());
  } else {
    std::printf("%s", TerminalSafeLines(DashboardText(dashboard)).c_str());
  }
  return 0;
}

// Checks the server's log against the head saved last time, then saves the new one.
int Verify(const ConnectionSettings& settings) {
  const std::string trusted_path = absl::GetFlag(FLAGS_trusted);
  if (trusted_path.empty()) {
    Fail("give --trusted=FILE: where the verified head is kept between verifications");
  }
  const auto key = LogKey();
  AuditOptions options;
  std::ifstream saved(trusted_path, std::ios::binary);
  if (saved) {
    std::stringstream text;
    text << saved.rdbuf();
    options.saved_head = text.str();
  }
  options.all = absl::GetFlag(FLAGS_all);
  if (!absl::GetFlag(FLAGS_require_cosigner).empty()) {
    // The witness's verifier key itself, or a file holding it.
    const std::string cosigner(absl::StripAsciiWhitespace(absl::GetFlag(FLAGS_require_cosigner)));
    if (auto given_key = storage::note::Verifier::Parse(cosigner); given_key.ok()) {
      options.require_cosigner = *std::move(given_key);
    } else if (std::ifstream(cosigner)) {
      options.require_cosigner = VerifierKeyFile(cosigner);
    } else {
      Fail(
          absl::StrCat("--require_cosigner: neither a readable file nor a witness's verifier key (",
                       given_key.status().message(), ")"));
    }
  }
  options.sample = absl::GetFlag(FLAGS_sample);
  options.timeout_seconds = absl::GetFlag(FLAGS_timeout);
  const AuditResult result = Must(AuditLog(settings, Must(OpenChannel(settings)), key, options));
  if (result.verified) std::ofstream(trusted_path, std::ios::trunc) << result.new_head;
  if (absl::GetFlag(FLAGS_json)) {
    // {"verified": bool, "checks": [...], "first_mismatch": N, "saved_head": path}
    google::protobuf::Struct out;
    auto& fields = *out.mutable_fields();
    fields["verified"].set_bool_value(result.verified);
    for (const std::string& line : result.lines) {
      fields["checks"].mutable_list_value()->add_values()->set_string_value(line);
    }
    if (result.bad_position) {
      fields["first_mismatch"].set_number_value(static_cast<double>(*result.bad_position));
    }
    if (result.verified) fields["saved_head"].set_string_value(trusted_path);
    PrintJsonOr(out, "");
    return result.verified ? 0 : 1;
  }
  for (const std::string& line : result.lines) std::printf("%s\n", line.c_str());
  if (!result.verified) {
    std::printf("NOT VERIFIED%s; %s was left as it was\n",
                result.bad_position
                    ? absl::StrCat(": first mismatch at position ", *result.bad_position).c_str()
                    : "",
                trusted_path.c_str());
    return 1;
  }
  std::printf("VERIFIED; the new head is saved in %s\n", trusted_path.c_str());
  return 0;
}

// Fills the connection flags not given on the command line from the config
// file (--config, $MINHBACH_CONFIG, or ~/.config/minhbach/client.conf), except
// where the environment already says (MINHBACH_SERVER, MINHBACH_TOKEN).
void ApplyConfigFile(const std::set<std::string>& given) {
  std::string path = absl::GetFlag(FLAGS_config);
  bool named = !path.empty();
  if (!named) {
    if (const char* env = std::getenv("MINHBACH_CONFIG"); env && *env) {
      path = env;
      named = true;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      path = absl::StrCat(home, "/.config/minhbach/client.conf");
    }
  }
  std::ifstream in(path);
  if (!in) {
    if (named) Fail(absl::StrCat("cannot read the config file ", path));
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> settings =
      ParseConfig(text.str());
  if (!settings.ok()) Fail(absl::StrCat(path, ": ", settings.status().message()));
  for (const auto& [key, value] : *settings) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(key);
    if (flag == nullptr || given.count(key) > 0) continue;
    const char* env = key == "server"  ? std::getenv("MINHBACH_SERVER")
                      : key == "token" ? std::getenv("MINHBACH_TOKEN")
                                       : nullptr;
    if (env != nullptr && *env) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) Fail(absl::StrCat(path, ": ", key, ": ", error));
  }
}

int Run(const std::vector<char*>& args, const std::set<std::string>& given_flags) {
  const std::string command = args.size() > 1 ? args[1] : "";
  if (command.empty()) Fail(std::string(absl::ProgramUsageMessage()));
  // Needs no server.
  if (command == "witness" && args.size() > 2 && std::string(args[2]) == "keygen") {
    return WitnessKeygen();
  }
  ApplyConfigFile(given_flags);
  const ConnectionSettings settings = Settings();
  if (command == "append") return Append(settings, args);
  if (command == "read") return Read(settings);
  if (command == "tail") return Tail(settings);
  if (command == "checkpoint") return Checkpoint(settings);
  if (command == "consistency") return Consistency(settings);
  if (command == "backup") return Backup(settings);
  if (command == "import") return Import(settings, args);
  if (command == "status") return Status(settings);
  if (command == "timeline") return Timeline(settings);
  if (command == "replay") return Replay(settings);
  if (command == "subproject" || command == "report") return StatusOf(settings, command, args);
  if (command == "assignment" || command == "supervision" || command == "finance") {
    return EntityTimeline(settings, command, args);
  }
  if (command == "verify") return Verify(settings);
  if (command == "export") return Export(settings, args);
  if (command == "witness" && args.size() > 2 && std::string(args[2]) == "cosign") {
    return WitnessCosign(settings);
  }
  Fail(absl::StrCat("unknown command '", command, "'\n", absl::ProgramUsageMessage()));
}

}  // namespace
}  // namespace minhbach::clients

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the minhbach command-line client\n"
      "  minhbach append STREAM EVENT_TYPE [PAYLOAD] [--expect=any|none|N]\n"
      "  minhbach read [--stream=S] [--from=N] [--limit=N] [--backward] [--json]\n"
      "  minhbach tail [--from=N]\n"
      "  minhbach checkpoint\n"
      "  minhbach consistency --trusted=FILE [--save] [--log_key=data/log.pub]\n"
      "  minhbach backup --to=DIR --role=admin\n"
      "  minhbach import FILE...   (as the roles each step names, from --client_tokens)\n"
      "  minhbach status [--as-of=YYYY-MM-DD | --as-recorded=YYYY-MM-DD|RFC3339 |\n"
      "                   --as-of-position=N] [--json]\n"
      "  minhbach subproject ID | report TARGET [--period=P] [--as-of=D ...] [--json]\n"
      "  minhbach assignment ID | supervision ID | finance SUB-PROJECT [--json]   (timelines)\n"
      "  minhbach timeline [--entity=E] [--kind=K] [--actor=A] [--from_date=D] [--to_date=D]\n"
      "                    [--proofs --log_key=data/log.pub] [--json] [--limit=N]\n"
      "  minhbach verify --trusted=FILE [--all] [--log_key=data/log.pub]\n"
      "  minhbach replay [--entity=E] [--as_of_position=N | --to_time=RFC3339] [--status] "
      "[--json]\n"
      "  minhbach export status|timeline --out=FILE.csv|FILE.xlsx [status or timeline flags]\n"
      "  minhbach witness keygen --name=NAME --out=KEYFILE   (prints the public key)\n"
      "  minhbach witness cosign --witness_key=KEYFILE --trusted=FILE\n"
      "  minhbach verify --trusted=FILE --require_cosigner=KEY|PUBKEYFILE\n"
      "flags may be spelled with hyphens: --as-of=D (--as_of_date), --as-of-position=N");
  // --as-of-position and --as_of_position are one flag (see flag_spelling.h).
  std::vector<std::string> spelled = minhbach::clients::WithFlagNamesSpelledForAbseil(argc, argv);
  std::vector<char*> spelled_argv;
  for (std::string& arg : spelled) spelled_argv.push_back(arg.data());
  // The flags given on the command line, which a config file must not override.
  std::set<std::string> given;
  for (const std::string& arg : spelled) {
    if (std::string name = minhbach::clients::FlagNameOf(arg); !name.empty()) given.insert(name);
  }
  return minhbach::clients::Run(
      absl::ParseCommandLine(static_cast<int>(spelled_argv.size()), spelled_argv.data()), given);
}
