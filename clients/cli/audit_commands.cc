// Audits: the signed tree head, consistency with a saved head, verifying
// the log (sampled or whole), and witnesses' keys and cosignatures.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/file_write.h"
#include "clients/log_audit.h"
#include "clients/province_log.h"
#include "clients/terminal_text.h"
#include "clients/text/language.h"
#include "clients/tiles_source.h"
#include "google/protobuf/struct.pb.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/checkpoint.h"
#include "storage/merkle.h"

namespace minhbach::clients {

v1::SignedCheckpoint FetchCheckpoint(const ConnectionSettings& settings,
                                     const std::shared_ptr<grpc::Channel>& channel) {
  v1::SignedCheckpoint head;
  Check(v1::Audit::NewStub(channel)->GetCheckpoint(
      CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), {}, &head));
  return head;
}

namespace {

int Checkpoint(const ConnectionSettings& settings) {
  std::fputs(FetchCheckpoint(settings, Must(OpenChannel(settings))).signed_note().c_str(), stdout);
  return 0;
}

// Keeps `head` in `path` for the next check, or fails (exit 2) saying that
// `done` (what was checked) held but nothing was saved, and why.
void SaveHeadOrFail(const std::string& path, const std::string& head, absl::string_view done) {
  const absl::Status saved = WriteFileAtomically(path, head);
  if (!saved.ok()) {
    Fail(Say(absl::StrCat(done, ", nhưng đầu mới đã ký CHƯA được lưu: ", saved.message(),
                          ". Hãy cho --trusted một tệp trong thư mục có sẵn mà bạn ghi được, rồi "
                          "chạy lại lệnh"),
             absl::StrCat(done, ", but the new signed head was NOT saved: ", saved.message(),
                          ". Give --trusted a file in an existing directory you can write to, and "
                          "run the command again")));
  }
}

// Checks the current signed head against the saved one: both signed by the
// log's key, and the new tree an extension of the old (consistency proof).
int Consistency(const ConnectionSettings& settings) {
  const std::string trusted_path = absl::GetFlag(FLAGS_trusted);
  if (trusted_path.empty()) {
    Fail(Say("hãy cho --trusted=TỆP: đầu nhật ký đã ký bạn lưu lần trước",
             "give --trusted=FILE: the signed head you saved last time"));
  }
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
                                               new_head.root, ProofHashesOrFail(proof.hashes()));
  if (!consistent.ok()) {
    std::printf("%s\n", Say(absl::StrCat("KHÔNG NHẤT QUÁN: nhật ký nay ký ở ", new_head.size,
                                         " sự kiện không nối tiếp đầu bạn đã lưu gồm ",
                                         old_head.size, " sự kiện: ", consistent.message()),
                            absl::StrCat("NOT CONSISTENT: the log now signed at ", new_head.size,
                                         " events does not extend your saved head of ",
                                         old_head.size, " events: ", consistent.message()))
                            .c_str());
    return 1;
  }
  std::printf("%s\n",
              Say(absl::StrCat("ĐẠT: nhật ký (", new_head.size, " sự kiện, ký bởi ", key.name(),
                               ") nối tiếp đầu bạn đã lưu gồm ", old_head.size, " sự kiện"),
                  absl::StrCat("OK: the log (", new_head.size, " events, signed by ", key.name(),
                               ") extends your saved head of ", old_head.size, " events"))
                  .c_str());
  if (absl::GetFlag(FLAGS_save)) {
    SaveHeadOrFail(trusted_path, fetched.signed_note(),
                   Say("nhật ký nhất quán", "the log is consistent"));
    std::printf("%s\n", Say(absl::StrCat("đã lưu đầu mới vào ", trusted_path),
                            absl::StrCat("saved the new head in ", trusted_path))
                            .c_str());
  }
  return 0;
}

// --require_cosigner: the witness's verifier key itself, or a file holding it.
std::optional<storage::note::Verifier> RequiredCosigner() {
  if (absl::GetFlag(FLAGS_require_cosigner).empty()) return std::nullopt;
  const std::string cosigner(absl::StripAsciiWhitespace(absl::GetFlag(FLAGS_require_cosigner)));
  if (auto given_key = storage::note::Verifier::Parse(cosigner); given_key.ok()) {
    return *std::move(given_key);
  } else if (std::ifstream(cosigner)) {
    return VerifierKeyFile(cosigner);
  } else {
    Fail(absl::StrCat("--require_cosigner: neither a readable file nor a witness's verifier key (",
                      given_key.status().message(), ")"));
  }
}

// verify --commune_head: proves that a commune's signed head is in the
// province log the server holds (clients/province_log.h).
int VerifyInProvince(const ConnectionSettings& settings) {
  if (absl::GetFlag(FLAGS_commune_key).empty()) {
    Fail(Say("cho --commune_key=TỆP: tệp log.pub của xã đã ký đầu sổ này",
             "give --commune_key=FILE: the log.pub of the commune that signed this head"));
  }
  const storage::note::Verifier commune_key = VerifierKeyFile(absl::GetFlag(FLAGS_commune_key));
  const storage::note::Verifier province_key = LogKey();
  ProvinceProofOptions options;
  options.require_cosigner = RequiredCosigner();
  if (!absl::GetFlag(FLAGS_commune_tiles).empty()) {
    options.commune_mirror = TilesSource(absl::GetFlag(FLAGS_commune_tiles));
  }
  const ProvinceConnection connection = ConnectProvince(settings);
  const ProvinceLog& province = connection.log;
  const bool json = absl::GetFlag(FLAGS_json);
  if (json) SetLanguage(Language::kEnglish);  // JSON stays machine-neutral
  absl::StatusOr<ProvinceProof> proven = ProveHeadInProvince(
      ReadFile(absl::GetFlag(FLAGS_commune_head)), commune_key, province_key, province, options);
  if (!proven.ok()) {
    const bool unsigned_head = proven.status().code() == absl::StatusCode::kUnauthenticated;
    Fail(absl::StrCat(
        unsigned_head
            ? Say("một đầu sổ không có chữ ký của khóa đã cho (--commune_key là khóa của xã, "
                  "--log_key là khóa của sổ cái tỉnh)",
                  "a head is not signed by the key given (--commune_key is the commune's, "
                  "--log_key the province log's)")
            : Say("không chứng minh được", "cannot prove"),
        " — ", proven.status().message()));
  }
  const ProvinceProof& proof = *proven;
  if (json) {
    // {"proven": bool, "forked": bool, "checks": [...], "province_size": N, "position": N}
    google::protobuf::Struct out;
    auto& fields = *out.mutable_fields();
    fields["proven"].set_bool_value(proof.proven);
    fields["forked"].set_bool_value(proof.forked);
    for (const std::string& line : proof.lines) {
      fields["checks"].mutable_list_value()->add_values()->set_string_value(line);
    }
    fields["province_size"].set_number_value(static_cast<double>(proof.province_size));
    if (proof.proven) fields["position"].set_number_value(static_cast<double>(proof.position));
    PrintJsonOr(out, "");
    return proof.proven ? 0 : 1;
  }
  for (const std::string& line : proof.lines) std::printf("%s\n", TerminalSafe(line).c_str());
  std::printf("%s\n", proof.proven ? Say("ĐÃ CHỨNG MINH: đầu sổ của xã nằm trong sổ cái tỉnh",
                                         "PROVEN: the commune's head is in the province log")
                                         .c_str()
                      : proof.forked
                          ? Say("KHÔNG CHỨNG MINH ĐƯỢC: hãy báo tỉnh và Mặt trận; giữ tệp đầu sổ "
                                "này làm bằng chứng",
                                "NOT PROVEN: tell the province and the Front; keep this head "
                                "file as evidence")
                                .c_str()
                          : Say("CHƯA CHỨNG MINH ĐƯỢC", "NOT PROVEN YET").c_str());
  return proof.proven ? 0 : 1;
}

// Checks the server's log against the head saved last time, then saves the new one.
int Verify(const ConnectionSettings& settings) {
  if (!absl::GetFlag(FLAGS_commune_head).empty()) return VerifyInProvince(settings);
  const std::string trusted_path = absl::GetFlag(FLAGS_trusted);
  if (trusted_path.empty()) {
    Fail(Say("hãy cho --trusted=TỆP: nơi giữ đầu nhật ký đã xác minh giữa các lần kiểm tra",
             "give --trusted=FILE: where the verified head is kept between verifications"));
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
  options.require_cosigner = RequiredCosigner();
  options.sample = absl::GetFlag(FLAGS_sample);
  options.timeout_seconds = absl::GetFlag(FLAGS_timeout);
  // The checks' lines go into JSON too, which stays machine-neutral.
  if (absl::GetFlag(FLAGS_json)) SetLanguage(Language::kEnglish);
  const std::string mirror = absl::GetFlag(FLAGS_tiles);
  const AuditResult result =
      mirror.empty() ? Must(AuditLog(settings, Must(OpenChannel(settings)), key, options))
                     : Must(AuditTilesMirror(mirror, key, options));
  // Saved before anything says so; a head that cannot be kept fails the
  // command, since the next verification would start from nothing.
  if (result.verified) {
    SaveHeadOrFail(trusted_path, result.new_head,
                   Say("nhật ký đã được xác minh", "the log verified"));
  }
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
    const std::string where =
        result.bad_position
            ? Say(absl::StrCat(": sai khác đầu tiên ở vị trí ", *result.bad_position),
                  absl::StrCat(": first mismatch at position ", *result.bad_position))
            : "";
    std::printf(
        "%s\n",
        Say(absl::StrCat("KHÔNG XÁC MINH ĐƯỢC", where, "; ", trusted_path, " được giữ nguyên"),
            absl::StrCat("NOT VERIFIED", where, "; ", trusted_path, " was left as it was"))
            .c_str());
    return 1;
  }
  std::printf("%s\n", Say(absl::StrCat("ĐÃ XÁC MINH; đầu mới được lưu vào ", trusted_path),
                          absl::StrCat("VERIFIED; the new head is saved in ", trusted_path))
                          .c_str());
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
  std::printf("%s\n",
              Say(absl::StrCat("đã ký xác nhận đầu nhật ký gồm ", kept.tree_size(),
                               " sự kiện với tư cách ", witness.name(), "; máy chủ lưu giữ nó"),
                  absl::StrCat("cosigned the checkpoint of ", kept.tree_size(), " events as ",
                               witness.name(), "; the server keeps it"))
                  .c_str());
  return 0;
}

}  // namespace

std::vector<CliCommand> AuditCommands() {
  return {
      {"checkpoint",
       "checkpoint",
       "print the log's signed tree head",
       [](const std::vector<std::string>&) { return Checkpoint(Settings()); },
       {},
       "in đầu sổ đã ký của sổ cái",
       {},
       "checkpoint --role=supervisor > head.txt"},
      {"consistency",
       "consistency --trusted=FILE [--save] [--log_key=data/log.pub]",
       "check that the log extends the signed head you saved",
       [](const std::vector<std::string>&) { return Consistency(Settings()); },
       {"trusted", "save"},
       "kiểm tra sổ cái nối tiếp đầu sổ đã ký bạn lưu",
       {},
       "consistency --role=supervisor --trusted=head.txt --log_key=log.pub --save"},
      {"verify",
       "verify --trusted=FILE [--all] [--require_cosigner=KEY|FILE] [--tiles=URL|DIR] "
       "[--log_key=data/log.pub] | verify --commune_head=FILE --commune_key=FILE "
       "[--commune_tiles=URL|DIR] [--require_cosigner=KEY|FILE] --log_key=province.pub",
       "check the log against your saved head, then save the new one; or prove a commune's "
       "head is in the province log",
       [](const std::vector<std::string>&) {
         // A mirror is read without the server, so without a token.
         return Verify(absl::GetFlag(FLAGS_tiles).empty() ? Settings() : ConnectionSettings());
       },
       {"trusted", "all", "require_cosigner", "sample", "tiles", "json", "commune_head",
        "commune_key", "commune_tiles"},
       "kiểm chứng sổ cái với đầu sổ đã lưu, rồi lưu đầu sổ mới; hoặc chứng minh đầu sổ của một "
       "xã nằm trong sổ cái tỉnh",
       {},
       "verify --role=supervisor --trusted=head.txt --all"},
      {"witness",
       "witness keygen --name=NAME --out=KEYFILE | witness cosign --witness_key=KEYFILE "
       "--trusted=FILE",
       "a witness's key pair; cosign the head the last verify saved",
       [](const std::vector<std::string>& args) {
         const std::string what = args.empty() ? "" : args[0];
         if (what == "keygen") return WitnessKeygen();
         if (what == "cosign") return WitnessCosign(Settings());
         Fail("give what to do: witness keygen or witness cosign");
       },
       {"name", "out", "witness_key", "trusted"},
       "cặp khóa của nhân chứng; đồng ký đầu sổ mà lần verify gần nhất đã lưu",
       {"keygen|cosign"},
       "witness keygen --name=mttq.lienchung/w1 --out=front.key > front.pub"},
  };
}

}  // namespace minhbach::clients
