// `minhbach province --communes=FILE`: the province's read-only summary of
// its communes' programs, read from their tlog-tiles mirrors
// (clients/province_summary.h), each checked against the commune's signed
// head with its key. No server is called, so no token is needed.
// `minhbach province follow`: the same communes' heads recorded in the
// province log (clients/province_log.h), with a service token.
#include <cstdio>
#include <map>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/cli/view_point.h"
#include "clients/province_log.h"
#include "clients/province_summary.h"
#include "clients/terminal_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "clients/text/program_words.h"
#include "clients/tiles_source.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/domain/money.h"
#include "services/program/program_status.h"

namespace minhbach::clients {
namespace {

struct Row {
  CommuneSource commune;
  std::string key_text;  // the commune's verifier key: which log this is
  absl::StatusOr<CommuneSummary> summary;
  std::string duplicate_of;  // the commune listed first with the same log, if any
  bool summed() const { return summary.ok() && duplicate_of.empty(); }
};

// What a failed commune's status means, in the reader's language; the
// technical detail (which file, which key) follows.
std::string ProblemText(const absl::Status& status) {
  std::string what;
  switch (status.code()) {
    case absl::StatusCode::kDataLoss:
      what = Say("bản sao bị hỏng hoặc bị sửa", "the mirror is damaged or was changed");
      break;
    case absl::StatusCode::kUnauthenticated:
      what = Say("đầu sổ không được ký bằng khóa của xã",
                 "the head is not signed with the commune's key");
      break;
    case absl::StatusCode::kNotFound:
      what = Say("bản sao thiếu tệp", "the mirror lacks a file");
      break;
    case absl::StatusCode::kUnavailable:
      what = Say("không kết nối được bản sao", "the mirror cannot be reached");
      break;
    default:
      what = Say("không đọc được bản sao", "the mirror cannot be read");
  }
  return absl::StrCat(what, " (", TerminalSafe(status.message()), ")");
}

std::string RowText(const Row& row) {
  std::string line = PadRight(TerminalSafe(row.commune.name), 14);
  if (!row.duplicate_of.empty()) {
    return absl::StrCat(line, Say("cùng sổ cái (cùng khóa) với xã ", "the same log (same key) as "),
                        TerminalSafe(row.duplicate_of), Say(": đã cộng một lần", ": summed once"),
                        "\n");
  }
  if (!row.summary.ok()) {
    return absl::StrCat(line,
                        Say("KHÔNG XÁC MINH ĐƯỢC, không cộng: ", "NOT VERIFIED, not summed: "),
                        ProblemText(row.summary.status()), "\n");
  }
  const v1::Dashboard& d = row.summary->dashboard;
  return absl::StrCat(
      line, PadLeft(absl::StrCat(row.summary->folded, "/", row.summary->log_size), 9), "  ",
      PadLeft(FormatDong(d.money().allocated_dong()), 18), "  ",
      PadLeft(FormatDong(d.money().disbursed_dong()), 18), "  ",
      PadLeft(FormatRateText(d.money().rate_text()), 7), "  ",
      PadLeft(absl::StrCat(d.assignments_completed(), "/", d.assignments_total()), 9), "  ",
      PadLeft(absl::StrCat(d.overdue_assignments_size()), 7), "  ",
      PadLeft(absl::StrCat(d.open_findings()), 13), "\n");
}

int Province() {
  const std::string file = absl::GetFlag(FLAGS_communes);
  if (file.empty()) {
    Fail(
        Say("cho --communes=TỆP: mỗi dòng một xã, \"TÊN NGUỒN KHÓA\" (địa chỉ hoặc thư mục bản "
            "sao tlog-tiles, rồi tệp log.pub của xã)",
            "give --communes=FILE: one commune a line, \"NAME SOURCE KEY_FILE\" (a tlog-tiles "
            "mirror's URL or directory, then the commune's log.pub)"));
  }
  const std::vector<CommuneSource> communes = Must(ParseCommuneList(ReadFile(file)));
  const ViewPoint point = ViewPointFromFlags();
  const bool json = absl::GetFlag(FLAGS_json);
  if (json) SetLanguage(Language::kEnglish);  // JSON stays machine-neutral

  std::vector<Row> rows;
  for (const CommuneSource& commune : communes) {
    const storage::note::Verifier key = VerifierKeyFile(commune.key_file);
    rows.push_back(
        {commune, key.ToString(),
         SummarizeCommune(
             TilesSource(commune.source), key,
             [&point](const v1::EventRecord& r) { return InView(point, r); }, point.reference_date,
             [&commune](uint64_t done, uint64_t total) {
               if (done % (256 * 64) == 0 && done < total) {
                 std::fprintf(stderr, "%s: %llu/%llu\n", commune.name.c_str(),
                              static_cast<unsigned long long>(done),
                              static_cast<unsigned long long>(total));
               }
             }),
         ""});
  }

  // One log listed twice (two mirrors of one commune) is summed once. A log
  // is its key: two communes may sign with the same origin name.
  std::map<std::string, std::string> seen;  // key -> the commune named first for it
  for (Row& row : rows) {
    if (!row.summary.ok()) continue;
    auto [first, added] = seen.emplace(row.key_text, row.commune.name);
    if (!added) row.duplicate_of = first->second;
  }

  // The province's totals: verified communes only, sums checked (never wrapped).
  domain::MoneySum allocated, disbursed;
  int verified = 0, summed = 0;
  bool overflowed = false;
  int64_t tasks_done = 0, tasks = 0, overdue = 0, open_findings = 0;
  std::vector<std::string> illustrative;  // communes whose log holds demo data
  for (const Row& row : rows) {
    if (row.summary.ok()) ++verified;
    if (!row.summed()) continue;
    ++summed;
    const v1::Dashboard& d = row.summary->dashboard;
    tasks_done += d.assignments_completed();
    tasks += d.assignments_total();
    overdue += d.overdue_assignments_size();
    open_findings += d.open_findings();
    if (d.basis().illustrative_data()) illustrative.push_back(row.commune.name);
    const v1::Money& money = row.summary->dashboard.money();
    allocated.Add(money.allocated_dong());
    disbursed.Add(money.disbursed_dong());
    overflowed = overflowed || money.sum_overflowed();
  }
  overflowed = overflowed || allocated.overflowed() || disbursed.overflowed();
  const std::string rate =
      overflowed ? "overflow" : program::PercentText(disbursed.value(), allocated.value());

  if (json) {
    google::protobuf::Struct out;
    auto& fields = *out.mutable_fields();
    for (const Row& row : rows) {
      auto& commune =
          *fields["communes"].mutable_list_value()->add_values()->mutable_struct_value();
      auto& c = *commune.mutable_fields();
      c["name"].set_string_value(row.commune.name);
      c["source"].set_string_value(row.commune.source);
      c["verified"].set_bool_value(row.summary.ok());
      c["summed"].set_bool_value(row.summed());
      if (!row.duplicate_of.empty()) c["duplicate_of"].set_string_value(row.duplicate_of);
      if (!row.summary.ok()) {
        c["problem"].set_string_value(std::string(row.summary.status().message()));
        continue;
      }
      std::string dashboard;
      if (!google::protobuf::util::MessageToJsonString(row.summary->dashboard, &dashboard).ok() ||
          !google::protobuf::util::JsonStringToMessage(dashboard, &c["dashboard"]).ok()) {
        Fail("cannot write the dashboard as JSON");
      }
    }
    // int64 amounts as strings, as proto JSON writes them.
    fields["allocated_dong"].set_string_value(absl::StrCat(allocated.value()));
    fields["disbursed_dong"].set_string_value(absl::StrCat(disbursed.value()));
    fields["rate_text"].set_string_value(rate);
    fields["sum_overflowed"].set_bool_value(overflowed);
    fields["communes_verified"].set_number_value(verified);
    fields["communes_summed"].set_number_value(summed);
    PrintJsonOr(out, "");
    return verified == static_cast<int>(rows.size()) ? 0 : 1;
  }

  std::printf("%s", ViewHeader(point, 0, 0).c_str());
  if (!illustrative.empty()) {
    std::printf("%s (%s)\n", IllustrativeDataNote().c_str(),
                TerminalSafe(absl::StrJoin(illustrative, ", ")).c_str());
  }
  std::printf("%s%s  %s  %s  %s  %s  %s  %s\n", PadRight(Say("Xã", "Commune"), 14).c_str(),
              PadLeft(Say("Sự kiện", "Events"), 9).c_str(),
              PadLeft(Say("Đã phân bổ", "Allocated"), 18).c_str(),
              PadLeft(Say("Đã giải ngân", "Disbursed"), 18).c_str(),
              PadLeft(Say("Tỷ lệ", "Rate"), 7).c_str(),
              PadLeft(Say("Nhiệm vụ", "Tasks"), 9).c_str(),
              PadLeft(Say("Quá hạn", "Overdue"), 7).c_str(),
              PadLeft(Say("Phát hiện mở", "Open findings"), 13).c_str());
  for (const Row& row : rows) std::printf("%s", RowText(row).c_str());
  std::printf(
      "%s%s  %s  %s  %s  %s  %s\n",
      PadRight(Say(absl::StrCat("Tổng (", summed, "/", rows.size(), " xã)"),
                   absl::StrCat("Total (", summed, "/", rows.size(), " communes)")),
               25)
          .c_str(),
      PadLeft(FormatDong(allocated.value()), 18).c_str(),
      PadLeft(FormatDong(disbursed.value()), 18).c_str(), PadLeft(FormatRateText(rate), 7).c_str(),
      PadLeft(absl::StrCat(tasks_done, "/", tasks), 9).c_str(),
      PadLeft(absl::StrCat(overdue), 7).c_str(), PadLeft(absl::StrCat(open_findings), 13).c_str());
  std::printf("%s\n",
              verified == static_cast<int>(rows.size())
                  ? Say("Mọi xã: các sự kiện trong bản sao băm lại đúng gốc Merkle xã đã ký.",
                        "Every commune: the mirror's events re-hash to the Merkle root it signed.")
                        .c_str()
                  : Say("Xã không xác minh được không được cộng; hãy báo người quản lý bản sao "
                        "của xã đó.",
                        "A commune that did not verify is not summed; tell its mirror's "
                        "operator.")
                        .c_str());
  return verified == static_cast<int>(rows.size()) ? 0 : 1;
}

// What one round of following saw.
struct RoundCounts {
  int recorded = 0, unchanged = 0, behind = 0, forked = 0, failed = 0;
};

// One round: each commune's mirror read, its head recorded when it advanced.
// Each commune's outcome that needs a person is printed as it happens;
// recorded heads are listed when the communes are few.
RoundCounts FollowRound(const std::vector<CommuneSource>& communes,
                        const std::vector<storage::note::Verifier>& keys,
                        const ProvinceLog& province) {
  RoundCounts counts;
  const bool list_recorded = communes.size() <= 30;
  for (size_t i = 0; i < communes.size(); ++i) {
    const std::string name = TerminalSafe(communes[i].name);
    absl::StatusOr<FollowResult> result =
        FollowCommune(TilesSource(communes[i].source), keys[i], province);
    // Another follower recorded a head between this one's read and append:
    // the next attempt reads it.
    if (result.status().code() == absl::StatusCode::kAborted) {
      result = FollowCommune(TilesSource(communes[i].source), keys[i], province);
    }
    if (!result.ok() && absl::StartsWith(result.status().message(), kProvinceLogProblem)) {
      // The province's server refused: it would refuse every commune alike.
      counts.failed += static_cast<int>(communes.size() - i);
      const bool token = result.status().code() == absl::StatusCode::kPermissionDenied ||
                         result.status().code() == absl::StatusCode::kUnauthenticated;
      std::printf(
          "%s%s%s\n",
          Say("SỔ CÁI TỈNH TỪ CHỐI, vòng này dừng: ", "THE PROVINCE LOG REFUSED, round stopped: ")
              .c_str(),
          TerminalSafe(result.status().message()).c_str(),
          token ? Say(" (máy theo dõi cần token service với tiền tố luồng communes/: "
                      "minhbach-admin token issue --role=service --streams=communes/ …)",
                      " (the follower needs a service token with the stream prefix communes/: "
                      "minhbach-admin token issue --role=service --streams=communes/ …)")
                      .c_str()
                : "");
      break;
    }
    if (!result.ok()) {
      ++counts.failed;
      std::printf("%s: %s%s\n", name.c_str(), Say("KHÔNG GHI ĐƯỢC: ", "NOT RECORDED: ").c_str(),
                  ProblemText(result.status()).c_str());
      continue;
    }
    switch (result->outcome) {
      case FollowOutcome::kRecorded:
        ++counts.recorded;
        if (list_recorded) {
          std::printf(
              "%s: %s\n", name.c_str(),
              Say(absl::StrCat("đã ghi đầu sổ ", result->recorded_size, " → ", result->mirror_size,
                               " sự kiện ở vị trí ", result->position,
                               result->recorded_size == 0 ? " (lần đầu)" : ""),
                  absl::StrCat("recorded its head ", result->recorded_size, " → ",
                               result->mirror_size, " events at position ", result->position,
                               result->recorded_size == 0 ? " (the first)" : ""))
                  .c_str());
        }
        break;
      case FollowOutcome::kUnchanged:
        ++counts.unchanged;
        break;
      case FollowOutcome::kMirrorBehind:
        ++counts.behind;
        std::printf("%s: %s\n", name.c_str(),
                    Say(absl::StrCat("bản sao (", result->mirror_size,
                                     " sự kiện) chậm hơn đầu sổ tỉnh đã ghi (",
                                     result->recorded_size, "); không ghi gì"),
                        absl::StrCat("the mirror (", result->mirror_size,
                                     " events) is behind the head recorded (",
                                     result->recorded_size, "); nothing written"))
                        .c_str());
        break;
      case FollowOutcome::kForked:
        ++counts.forked;
        std::printf(
            "%s: %s\n%s\n", name.c_str(),
            Say(absl::StrCat("XÃ CÓ HAI LỊCH SỬ: đầu sổ mới (", result->mirror_size,
                             " sự kiện) không nối tiếp đầu sổ tỉnh đã ghi (", result->recorded_size,
                             "), dù cả hai đều có chữ ký của xã; không ghi gì. Hãy báo Mặt "
                             "trận và thanh tra; hai đầu sổ là bằng chứng:"),
                absl::StrCat("THE COMMUNE HAS TWO HISTORIES: its new head (", result->mirror_size,
                             " events) does not extend the one recorded (", result->recorded_size,
                             "), though it signed both; nothing written. Tell the Front "
                             "and the inspectors; the two heads are the evidence:"))
                .c_str(),
            TerminalSafeLines(result->evidence).c_str());
        break;
    }
  }
  return counts;
}

// `minhbach province follow`: records each commune's head in the province
// log as it advances, round after round.
int ProvinceFollow() {
  const std::string file = absl::GetFlag(FLAGS_communes);
  if (file.empty()) {
    Fail(Say("cho --communes=TỆP: mỗi dòng một xã, \"TÊN NGUỒN KHÓA\"",
             "give --communes=FILE: one commune a line, \"NAME SOURCE KEY_FILE\""));
  }
  const int every = absl::GetFlag(FLAGS_every), rounds = absl::GetFlag(FLAGS_rounds);
  if (every < 0 || rounds < 0) {
    Fail(Say("--every và --rounds không được âm", "--every and --rounds cannot be negative"));
  }
  const std::vector<CommuneSource> communes = Must(ParseCommuneList(ReadFile(file)));
  std::vector<storage::note::Verifier> keys;
  for (const CommuneSource& commune : communes) keys.push_back(VerifierKeyFile(commune.key_file));
  const ConnectionSettings settings = Settings();
  const ProvinceConnection connection = ConnectProvince(settings);
  const ProvinceLog& province = connection.log;
  // Exit 1 when a commune was ever seen with two histories, or the last
  // round failed for one.
  bool forked = false, failed = false;
  for (int round = 1;; ++round) {
    const absl::Time start = absl::Now();
    const RoundCounts counts = FollowRound(communes, keys, province);
    forked = forked || counts.forked > 0;
    failed = counts.failed > 0;
    v1::SignedCheckpoint head;
    const grpc::Status status = connection.audit->GetCheckpoint(province.context().get(),
                                                                v1::GetCheckpointRequest(), &head);
    const std::string size =
        status.ok() ? FormatInteger(static_cast<int64_t>(head.tree_size())) : "?";
    std::string seconds = absl::StrFormat("%.1f", absl::ToDoubleSeconds(absl::Now() - start));
    if (CurrentLanguage() == Language::kVietnamese) absl::StrReplaceAll({{".", ","}}, &seconds);
    std::printf(
        "%s\n",
        Say(absl::StrCat("vòng ", round, " (", seconds, " giây): ", counts.recorded,
                         " xã có đầu sổ mới đã ghi, ", counts.unchanged, " không đổi, ",
                         counts.behind, " bản sao chậm, ", counts.failed, " lỗi, ", counts.forked,
                         " xã có hai lịch sử; sổ cái tỉnh: ", size, " sự kiện"),
            absl::StrCat("round ", round, " (", seconds, " s): ", counts.recorded,
                         " communes with a new head recorded, ", counts.unchanged, " unchanged, ",
                         counts.behind, " mirrors behind, ", counts.failed, " failed, ",
                         counts.forked, " with two histories; province log: ", size, " events"))
            .c_str());
    std::fflush(stdout);
    if (every == 0 || (rounds > 0 && round >= rounds)) break;
    absl::SleepFor(absl::Seconds(every) - (absl::Now() - start));
  }
  return forked || failed ? 1 : 0;
}

}  // namespace

std::vector<CliCommand> ProvinceCommands() {
  return {
      {"province follow",
       "province follow --communes=FILE [--every=SECONDS] [--rounds=N] --server=PROVINCE",
       "record each commune's head in the province log as it advances (a service token with "
       "the stream prefix communes/)",
       [](const std::vector<std::string>&) { return ProvinceFollow(); },
       {"communes", "every", "rounds"},
       "ghi đầu sổ của từng xã vào sổ cái tỉnh khi xã có sự kiện mới (token service với tiền "
       "tố luồng communes/)",
       {},
       "province follow --communes=communes.txt --every=60 --server=127.0.0.1:50061",
       "service"},
      {"province",
       "province --communes=FILE [--as-of=D | --as-recorded=D | --as-of-position=N] "
       "[--reference_date=D] [--json]",
       "the province's summary of its communes, read and verified from their tiles mirrors",
       [](const std::vector<std::string>&) { return Province(); },
       {"communes", "as_of_date", "as_of_position", "as_recorded", "reference_date", "json"},
       "tổng hợp của tỉnh từ bản sao tlog-tiles của các xã, mỗi xã kiểm chứng bằng khóa của xã",
       {},
       "province --communes=communes.txt --as-of=2024-06-30"},
  };
}

}  // namespace minhbach::clients
