// Operations: online backups, importing program files, exports for Excel.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/cli/views.h"
#include "clients/event_text.h"
#include "clients/export_table.h"
#include "clients/program_import.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "minhbach/v1/admin_service.grpc.pb.h"

namespace minhbach::clients {
namespace {

// Asks the server for an online backup (admin role) and prints its signed head.
int Backup(const ConnectionSettings& settings) {
  if (absl::GetFlag(FLAGS_to).empty()) {
    Fail(Say("hãy cho --to=THƯ_MỤC: một thư mục mới trên máy chủ",
             "give --to=DIR: a new directory on the server's host"));
  }
  v1::CreateBackupRequest request;
  request.set_destination(absl::GetFlag(FLAGS_to));
  v1::Backup backup;
  Check(v1::Admin::NewStub(Must(OpenChannel(settings)))
            ->CreateBackup(CallContext(settings, 0).get(), request, &backup));
  std::printf("%s", Say(absl::StrCat("đã ghi bản sao lưu ", backup.tree_size(), " sự kiện vào ",
                                     backup.destination(), "; đầu nhật ký đã ký của nó:\n"),
                        absl::StrCat("backup of ", backup.tree_size(), " events written to ",
                                     backup.destination(), "; its signed head:\n"))
                        .c_str());
  std::printf("%s", backup.checkpoint().signed_note().c_str());
  return 0;
}

// Imports each file in turn through the command RPCs, one line per step.
int Import(const ConnectionSettings& settings, const std::vector<std::string>& args) {
  if (args.empty()) {
    Fail(Say("hãy cho (các) tệp cần nhập, ví dụ deploy/seed/lien-chung-2024.plan.json",
             "give the file(s) to import, e.g. deploy/seed/lien-chung-2024.plan.json"));
  }
  const std::map<std::string, std::string> tokens =
      ReadClientTokens(absl::GetFlag(FLAGS_client_tokens));
  if (tokens.empty()) {
    Fail(
        Say(absl::StrCat("không có mã truy cập nào trong ", absl::GetFlag(FLAGS_client_tokens),
                         ": hãy cho --client_tokens=TỆP với mỗi vai trò một dòng '<vai trò> <mã>'"),
            absl::StrCat("no tokens in ", absl::GetFlag(FLAGS_client_tokens),
                         ": give --client_tokens=FILE with a '<role> <token>' line per role")));
  }
  std::shared_ptr<grpc::Channel> channel = Must(OpenChannel(settings));
  for (size_t i = 0; i < args.size(); ++i) {
    const v1::ProgramImport file = Must(ParseImportFile(ReadFile(args[i])));
    std::printf("%s\n", Say(absl::StrCat("đang nhập ", args[i], ": ", file.steps_size(), " bước",
                                         file.illustrative() ? " (dữ liệu minh họa)" : ""),
                            absl::StrCat("importing ", args[i], ": ", file.steps_size(), " steps",
                                         file.illustrative() ? " (illustrative data)" : ""))
                            .c_str());
    const ImportSummary summary = Must(ImportProgram(
        file, channel, tokens, absl::GetFlag(FLAGS_timeout), [](const ImportedStep& step) {
          std::printf("  %3d/%d %s%s\n", step.index, step.total, PadRight(step.key, 44).c_str(),
                      Say(absl::StrCat(step.result.duplicate() ? "đã ghi từ trước" : "đã ghi",
                                       " ở vị trí ", step.result.position()),
                          absl::StrCat(step.result.duplicate() ? "already recorded" : "recorded",
                                       " at position ", step.result.position()))
                          .c_str());
        }));
    std::printf(
        "%s\n",
        Say(absl::StrCat(args[i], ": ghi mới ", summary.written, ", đã có từ trước ",
                         summary.already_recorded, "; status --min-position=", summary.end_position,
                         " sẽ bao gồm chúng"),
            absl::StrCat(args[i], ": ", summary.written, " recorded, ", summary.already_recorded,
                         " already recorded; status --min-position=", summary.end_position,
                         " includes them"))
            .c_str());
  }
  return 0;
}

// The point in history the flags ask for, for an export's header; empty: now.
std::string AsOfFromFlags() {
  if (!absl::GetFlag(FLAGS_as_of_date).empty()) {
    return Say(
        absl::StrCat("ngày ", FormatDate(absl::GetFlag(FLAGS_as_of_date)), " (ngày phát sinh)"),
        absl::StrCat(FormatDate(absl::GetFlag(FLAGS_as_of_date)), " (business date)"));
  }
  if (absl::GetFlag(FLAGS_as_of_position) >= 0) {
    return Say(absl::StrCat("vị trí ", absl::GetFlag(FLAGS_as_of_position), " của nhật ký"),
               absl::StrCat("log position ", absl::GetFlag(FLAGS_as_of_position)));
  }
  if (!absl::GetFlag(FLAGS_as_recorded).empty()) {
    return Say(absl::StrCat("những gì đã ghi đến ", absl::GetFlag(FLAGS_as_recorded)),
               absl::StrCat("as recorded at ", absl::GetFlag(FLAGS_as_recorded)));
  }
  return "";
}

// The dashboard's sub-projects or a timeline as CSV (UTF-8 with BOM) or
// .xlsx, after rows saying what, of which plan, as of when, and the log's
// signed head when it was made.
// What one Excel sheet holds (1,048,576 rows), less the header rows.
constexpr uint32_t kMaxExportRows = 1'000'000;

int Export(const ConnectionSettings& settings, const std::vector<std::string>& args) {
  const std::string what = args.empty() ? "" : args[0];
  const std::string out = absl::GetFlag(FLAGS_out);
  if ((what != "status" && what != "timeline") || out.empty()) {
    Fail(Say("hãy cho nội dung và nơi ghi: export status|timeline --out=TỆP.csv|TỆP.xlsx",
             "give what to export and where: export status|timeline --out=FILE.csv|FILE.xlsx"));
  }
  const std::string separator = absl::GetFlag(FLAGS_separator);
  if (separator != "," && separator != ";") {
    Fail(Say(absl::StrCat("--separator nhận ',' hoặc ';' (Excel tiếng Việt dùng ';'), không nhận '",
                          separator, "'"),
             absl::StrCat("--separator takes ',' or ';' (Excel in a Vietnamese locale uses ';'), "
                          "not '",
                          separator, "'")));
  }
  ExportFacts facts;
  bool cut = false;
  facts.as_of = AsOfFromFlags();
  facts.dashboard = FetchDashboard(settings);
  Table table;
  if (what == "status") {
    facts.what = Say("Tiến độ các tiểu dự án", "Sub-projects' progress");
    table = DashboardTable(facts.dashboard);
  } else {
    // An export is the whole timeline unless --limit says otherwise (up to
    // what one Excel sheet holds); a cut one says so, in the file and here.
    if (absl::GetFlag(FLAGS_limit) == 0) absl::SetFlag(&FLAGS_limit, kMaxExportRows);
    const v1::TimelineRequest request = TimelineRequestFromFlags();
    facts.what = request.entity().empty()
                     ? Say("Dòng thời gian của chương trình", "The program's timeline")
                     : Say(absl::StrCat("Dòng thời gian của ", request.entity()),
                           absl::StrCat("Timeline of ", request.entity()));
    std::vector<v1::TimelineItem> items;
    const std::vector<v1::TimelinePage> pages = FetchTimeline(settings, request);
    for (const v1::TimelinePage& page : pages) {
      items.insert(items.end(), page.items().begin(), page.items().end());
    }
    cut = !pages.empty() && pages.back().has_next_position();
    for (const v1::TimelineItem& item : items) {
      if (IsIllustrativeEvent(item.event().record())) facts.illustrative = true;
    }
    table = TimelineTable(items);
  }
  // Fetched last, so that the head covers every event exported.
  facts.head = FetchCheckpoint(settings, Must(OpenChannel(settings)));
  table.about = AboutRows(facts);
  const std::string cut_note =
      Say(absl::StrCat("CHƯA ĐỦ: chỉ ", table.rows.size(),
                       " sự kiện đầu; còn nữa (tăng --limit hoặc thu hẹp bộ lọc)"),
          absl::StrCat("INCOMPLETE: the first ", table.rows.size(),
                       " events only; more follow (raise --limit or narrow the filters)"));
  if (cut) table.about.emplace_back(Say("Lưu ý", "Note"), cut_note);
  const absl::Status written = WriteTable(table, out, separator[0]);
  if (!written.ok()) Fail(std::string(written.message()));
  std::printf("%s\n", Say(absl::StrCat("đã ghi ", table.rows.size(), " dòng vào ", out),
                          absl::StrCat("wrote ", table.rows.size(), " rows to ", out))
                          .c_str());
  if (cut) std::fprintf(stderr, "minhbach: %s\n", cut_note.c_str());
  return 0;
}

}  // namespace

std::vector<CliCommand> OperatorCommands() {
  return {
      {"backup",
       "backup --to=DIR --role=admin",
       "an online backup, written on the server's host",
       [](const std::vector<std::string>&) { return Backup(Settings()); },
       {"to"},
       "sao lưu trực tuyến, ghi trên máy chủ",
       {},
       "backup --role=admin --to=/var/backups/minhbach-2024-09-30"},
      {"import",
       "import FILE...",
       "program commands from files, idempotently, as the roles each step names",
       [](const std::vector<std::string>& args) { return Import(Settings(), args); },
       {},
       "nhập lệnh chương trình từ tệp, không ghi trùng, với vai trò mỗi bước nêu",
       {"FILE"},
       "import deploy/seed/lien-chung-2024.plan.json"},
      {"export",
       "export status|timeline --out=FILE.csv|FILE.xlsx [--separator=';'] [status or timeline "
       "flags]",
       "the dashboard or a timeline, for Excel",
       [](const std::vector<std::string>& args) { return Export(Settings(), args); },
       {"out", "separator", "as_of_date", "as_of_position", "as_recorded", "reference_date",
        "min_position", "entity", "kind", "actor", "from_date", "to_date", "proofs", "limit"},
       "bảng tổng hợp hoặc diễn biến, ra tệp cho Excel",
       {"status|timeline"},
       "export status --role=district --out=status.xlsx"},
  };
}

}  // namespace minhbach::clients
