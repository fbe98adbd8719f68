// minhbach-log: offline tools for a log directory and its signed checkpoints.
//
//   minhbach-log verify DIR [--checkpoint=FILE --log_key=FILE]
//   minhbach-log checkpoint DIR --key=FILE            (sign the current tree head)
//   minhbach-log consistency-proof DIR --old_size=M [--new_size=N]
//   minhbach-log check-consistency --log_key=FILE --old=FILE --new=FILE --proof=FILE
//   minhbach-log public-key --key=FILE
//   minhbach-log demo DIR [--events=N]                 (append illustrative events)
//   minhbach-log restore BACKUP --to=DIR               (restore a backup, then verify it)
//   minhbach-log export-tiles DIR OUT_DIR --key=FILE   (the log as static C2SP tlog-tiles)
//   minhbach-log verify-tiles DIR_OR_URL --log_key=FILE [--checkpoint=OLDER] [--position=N]
//
// Exit status: 0 when the command did what it says (for verify and
// check-consistency: everything verified), 1 when verification found a
// problem, 2 for a usage or input error.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/log_tool_tiles.h"
#include "storage/backup.h"
#include "storage/checkpoint.h"
#include "storage/event_log.h"
#include "storage/log_checkpoint.h"
#include "storage/log_verifier.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

ABSL_FLAG(std::string, key, "", "the log's signer key file (created when missing)");
ABSL_FLAG(std::string, key_name, "minhbach.local/log",
          "name (and checkpoint origin) of a key created by --key");
ABSL_FLAG(std::string, log_key, "", "file holding the log's public verifier key");
ABSL_FLAG(std::string, checkpoint, "", "a signed checkpoint the log must still reproduce");
ABSL_FLAG(std::string, old, "", "the older signed checkpoint");
ABSL_FLAG(std::string, new, "", "the newer signed checkpoint");
ABSL_FLAG(std::string, proof, "", "a consistency proof: one base64 hash per line");
ABSL_FLAG(uint64_t, old_size, 0, "tree size of the older checkpoint");
ABSL_FLAG(uint64_t, new_size, 0, "tree size of the newer checkpoint (0: the whole log)");
ABSL_FLAG(uint64_t, events, 100, "number of illustrative events to append");
ABSL_FLAG(int64_t, position, -1, "verify-tiles: the event whose inclusion to prove");
ABSL_FLAG(std::string, to, "", "restore: the new log directory (data/log of a stopped server)");

namespace minhbach::clients {
namespace {

using namespace ::minhbach::storage;

absl::StatusOr<note::Verifier> ReadVerifierKey() {
  ASSIGN_OR_RETURN(std::string text, ReadToolFile(absl::GetFlag(FLAGS_log_key), "--log_key"));
  return note::Verifier::Parse(absl::StripAsciiWhitespace(text));
}

absl::StatusOr<Checkpoint> ReadSignedCheckpoint(const std::string& path, absl::string_view what,
                                                const note::Verifier& key) {
  ASSIGN_OR_RETURN(std::string text, ReadToolFile(path, what));
  absl::StatusOr<Checkpoint> checkpoint = OpenCheckpoint(text, key);
  if (!checkpoint.ok()) {
    return absl::Status(checkpoint.status().code(),
                        absl::StrCat(what, " ", path, ": ", checkpoint.status().message()));
  }
  return checkpoint;
}

absl::StatusOr<std::unique_ptr<EventLog>> OpenReadOnly(const std::string& dir) {
  LogOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  return EventLog::Open(dir, options);
}

absl::StatusOr<int> Verify(const std::string& dir) {
  VerifyOptions options;
  if (!absl::GetFlag(FLAGS_checkpoint).empty()) {
    ASSIGN_OR_RETURN(note::Verifier key, ReadVerifierKey());
    ASSIGN_OR_RETURN(Checkpoint checkpoint,
                     ReadSignedCheckpoint(absl::GetFlag(FLAGS_checkpoint), "--checkpoint", key));
    options.trusted_checkpoints.push_back(checkpoint);
  }
  options.progress = [](uint64_t done, uint64_t total) {
    std::fprintf(stderr, "verified %llu of %llu events\n", static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total));
  };
  ASSIGN_OR_RETURN(VerifyReport report, VerifyLogDirectory(dir, options));
  if (!report.ok) {
    std::printf("DAMAGED at position %llu: %s\n",
                static_cast<unsigned long long>(report.first_bad_position), report.problem.c_str());
    return 1;
  }
  std::printf("OK: all %llu events, their tree leaves and nodes verify%s; root %s\n",
              static_cast<unsigned long long>(report.verified),
              options.trusted_checkpoints.empty() ? "" : ", and so does the checkpoint",
              merkle::ToHex(report.root).c_str());
  return 0;
}

absl::StatusOr<int> SignCurrentCheckpoint(const std::string& dir) {
  if (absl::GetFlag(FLAGS_key).empty()) return absl::InvalidArgumentError("give --key");
  ASSIGN_OR_RETURN(SignerKeyFile key, LoadOrCreateSignerKeyFile(absl::GetFlag(FLAGS_key),
                                                                absl::GetFlag(FLAGS_key_name)));
  if (key.created) {
    std::fprintf(stderr, "created the log key %s; its public key, for auditors:\n%s\n",
                 absl::GetFlag(FLAGS_key).c_str(), VerifierKeyText(key.signer).c_str());
  }
  ASSIGN_OR_RETURN(std::unique_ptr<EventLog> log, OpenReadOnly(dir));
  ASSIGN_OR_RETURN(std::string signed_text, SignedLogCheckpoint(*log, key.signer, log->Size()));
  std::fputs(signed_text.c_str(), stdout);
  return 0;
}

absl::StatusOr<int> PublicKey() {
  ASSIGN_OR_RETURN(std::string text, ReadToolFile(absl::GetFlag(FLAGS_key), "--key"));
  ASSIGN_OR_RETURN(note::Signer signer, note::Signer::Parse(absl::StripAsciiWhitespace(text)));
  std::printf("%s\n", VerifierKeyText(signer).c_str());
  return 0;
}

absl::StatusOr<int> ConsistencyProof(const std::string& dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<EventLog> log, OpenReadOnly(dir));
  const uint64_t new_size =
      absl::GetFlag(FLAGS_new_size) == 0 ? log->Size() : absl::GetFlag(FLAGS_new_size);
  ASSIGN_OR_RETURN(std::vector<merkle::Hash> proof,
                   log->ConsistencyProof(absl::GetFlag(FLAGS_old_size), new_size));
  for (const merkle::Hash& hash : proof) {
    std::printf("%s\n", absl::Base64Escape(AsStringView(hash)).c_str());
  }
  return 0;
}

absl::StatusOr<std::vector<merkle::Hash>> ParseProof(const std::string& text) {
  std::vector<merkle::Hash> proof;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    ASSIGN_OR_RETURN(std::string bytes, note::DecodeBase64Strict(absl::StripAsciiWhitespace(line)));
    merkle::Hash hash;
    if (bytes.size() != hash.size()) {
      return absl::InvalidArgumentError(absl::StrCat("proof line '", line, "' is not a hash"));
    }
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    proof.push_back(hash);
  }
  return proof;
}

absl::StatusOr<int> CheckConsistency() {
  ASSIGN_OR_RETURN(note::Verifier key, ReadVerifierKey());
  ASSIGN_OR_RETURN(Checkpoint old_head,
                   ReadSignedCheckpoint(absl::GetFlag(FLAGS_old), "--old", key));
  ASSIGN_OR_RETURN(Checkpoint new_head,
                   ReadSignedCheckpoint(absl::GetFlag(FLAGS_new), "--new", key));
  ASSIGN_OR_RETURN(std::string proof_text, ReadToolFile(absl::GetFlag(FLAGS_proof), "--proof"));
  ASSIGN_OR_RETURN(std::vector<merkle::Hash> proof, ParseProof(proof_text));
  absl::Status consistent = old_head.size == 0
                                ? (old_head.root == merkle::EmptyRoot()
                                       ? absl::OkStatus()
                                       : absl::DataLossError("the empty tree has another root"))
                                : merkle::VerifyConsistency(old_head.size, new_head.size,
                                                            old_head.root, new_head.root, proof);
  if (!consistent.ok()) {
    std::printf(
        "NOT CONSISTENT: the log of %llu events does not extend the saved head of %llu "
        "events: %s\n",
        static_cast<unsigned long long>(new_head.size),
        static_cast<unsigned long long>(old_head.size), std::string(consistent.message()).c_str());
    return 1;
  }
  std::printf(
      "OK: both heads are signed by %s, and the log of %llu events extends the saved "
      "head of %llu events unchanged\n",
      key.name().c_str(), static_cast<unsigned long long>(new_head.size),
      static_cast<unsigned long long>(old_head.size));
  return 0;
}

constexpr char kDemoActor[] = "demo";
constexpr char kDemoEventType[] = "DemoNoteRecorded";

// OK when `log` holds nothing but demo events: demo never writes into a real
// log (its events would stay there forever). FailedPrecondition otherwise.
absl::Status CheckOnlyDemoEvents(const EventLog& log, const std::string& dir) {
  constexpr size_t kPage = 1000;
  for (uint64_t from = 0; from < log.Size(); from += kPage) {
    ASSIGN_OR_RETURN(std::vector<StoredEvent> events, log.ReadAll(from, kPage));
    for (const StoredEvent& e : events) {
      if (e.record.actor() != kDemoActor || e.record.event_type() != kDemoEventType) {
        return absl::FailedPreconditionError(
            absl::StrCat(dir, " holds a log with events that are not demo events (position ",
                         e.record.position(),
                         "); demo writes only into a new or empty directory or a demo "
                         "log: give a new directory"));
      }
    }
    if (events.empty()) break;
  }
  return absl::OkStatus();
}

// Illustrative events only: a few streams of the plan's sub-projects, in a
// new directory or a log of nothing but demo events.
absl::StatusOr<int> Demo(const std::string& dir) {
  std::error_code error;
  const bool fresh = !std::filesystem::exists(dir, error) || std::filesystem::is_empty(dir, error);
  LogOptions options;
  options.create_if_missing = fresh;
  ASSIGN_OR_RETURN(std::unique_ptr<EventLog> log, EventLog::Open(dir, options));
  if (!fresh) RETURN_IF_ERROR(CheckOnlyDemoEvents(*log, dir));
  const std::vector<std::string> streams = {"subproject-DA3-TDA3", "subproject-DA6-TDA1",
                                            "subproject-DA7-TDA2"};
  for (uint64_t i = 0; i < absl::GetFlag(FLAGS_events); ++i) {
    AppendRequest request;
    request.stream = streams[i % streams.size()];
    request.actor = kDemoActor;
    request.events.push_back(NewEvent{NewRandomUuid(), kDemoEventType, absl::Now(), "", "",
                                      absl::StrCat("illustrative event ", i)});
    RETURN_IF_ERROR(log->Append(std::move(request)).status());
  }
  std::printf("appended %llu illustrative events; the log now holds %llu\n",
              static_cast<unsigned long long>(absl::GetFlag(FLAGS_events)),
              static_cast<unsigned long long>(log->Size()));
  return 0;
}

absl::StatusOr<int> Restore(const std::string& backup) {
  ASSIGN_OR_RETURN(BackupInfo restored, RestoreBackup(backup, absl::GetFlag(FLAGS_to)));
  std::printf("restored %llu events to %s; they verify, root %s\n",
              static_cast<unsigned long long>(restored.events), restored.path.c_str(),
              merkle::ToHex(restored.root).c_str());
  return 0;
}

absl::StatusOr<int> Run(const std::vector<char*>& args) {
  const std::string command = args.size() > 1 ? args[1] : "";
  const std::string dir = args.size() > 2 ? args[2] : "";
  const bool needs_dir = command != "check-consistency" && command != "public-key";
  if (command.empty() || (needs_dir && dir.empty())) {
    return absl::InvalidArgumentError(absl::ProgramUsageMessage());
  }
  if (command == "verify") return Verify(dir);
  if (command == "checkpoint") return SignCurrentCheckpoint(dir);
  if (command == "consistency-proof") return ConsistencyProof(dir);
  if (command == "check-consistency") return CheckConsistency();
  if (command == "public-key") return PublicKey();
  if (command == "demo") return Demo(dir);
  if (command == "restore") return Restore(dir);
  if (command == "export-tiles") {
    return ExportTilesCommand(dir, args.size() > 3 ? args[3] : "", absl::GetFlag(FLAGS_key));
  }
  if (command == "verify-tiles") {
    const int64_t position = absl::GetFlag(FLAGS_position);
    return VerifyTilesCommand(
        dir, absl::GetFlag(FLAGS_log_key), absl::GetFlag(FLAGS_checkpoint),
        position < 0 ? std::nullopt : std::optional<uint64_t>(static_cast<uint64_t>(position)));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown command '", command, "'\n", absl::ProgramUsageMessage()));
}

}  // namespace
}  // namespace minhbach::clients

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "offline tools for a minhbach log\n"
      "  minhbach-log verify DIR [--checkpoint=FILE --log_key=FILE]\n"
      "  minhbach-log checkpoint DIR --key=FILE\n"
      "  minhbach-log consistency-proof DIR --old_size=M [--new_size=N]\n"
      "  minhbach-log check-consistency --log_key=FILE --old=FILE --new=FILE --proof=FILE\n"
      "  minhbach-log public-key --key=FILE\n"
      "  minhbach-log demo DIR [--events=N]       (a new directory or a demo log only)\n"
      "  minhbach-log restore BACKUP --to=DIR\n"
      "  minhbach-log export-tiles DIR OUT_DIR --key=FILE   (static C2SP tlog-tiles, incremental)\n"
      "  minhbach-log verify-tiles DIR_OR_URL --log_key=FILE [--checkpoint=OLDER] [--position=N]");
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  absl::StatusOr<int> exit_code = minhbach::clients::Run(args);
  if (!exit_code.ok()) {
    std::fprintf(stderr, "minhbach-log: %s\n", std::string(exit_code.status().message()).c_str());
    return 2;
  }
  return *exit_code;
}
