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
#include "clients/export_table.h"
#include "clients/program_import.h"
#include "minhbach/v1/admin_service.grpc.pb.h"

namespace minhbach::clients {
namespace {

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
int Import(const ConnectionSettings& settings, const std::vector<std::string>& args) {
  if (args.empty()) Fail("give the file(s) to import, e.g. deploy/seed/lien-chung-2024.plan.json");
  const std::map<std::string, std::string> tokens =
      ReadClientTokens(absl::GetFlag(FLAGS_client_tokens));
  if (tokens.empty()) {
    Fail(absl::StrCat("no tokens in ", absl::GetFlag(FLAGS_client_tokens),
                      ": give --client_tokens=FILE with a '<role> <token>' line per role"));
  }
  std::shared_ptr<grpc::Channel> channel = Must(OpenChannel(settings));
  for (size_t i = 0; i < args.size(); ++i) {
    const v1::ProgramImport file = Must(ParseImportFile(ReadFile(args[i])));
    std::printf("importing %s: %d steps\n", args[i].c_str(), file.steps_size());
    const ImportSummary summary = Must(ImportProgram(
        file, channel, tokens, absl::GetFlag(FLAGS_timeout), [](const ImportedStep& step) {
          std::printf("  %3d/%d %-44s %s at position %llu\n", step.index, step.total,
                      step.key.c_str(), step.result.duplicate() ? "already recorded" : "recorded",
                      static_cast<unsigned long long>(step.result.position()));
        }));
    std::printf("%s: %d recorded, %d already recorded; status --min-position=%llu includes them\n",
                args[i].c_str(), summary.written, summary.already_recorded,
                static_cast<unsigned long long>(summary.end_position));
  }
  return 0;
}

// The dashboard's sub-projects or a timeline as CSV (UTF-8 with BOM) or .xlsx.
int Export(const ConnectionSettings& settings, const std::vector<std::string>& args) {
  const std::string what = args.empty() ? "" : args[0];
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
       "export status|timeline --out=FILE.csv|FILE.xlsx [status or timeline flags]",
       "the dashboard or a timeline, for Excel",
       [](const std::vector<std::string>& args) { return Export(Settings(), args); },
       {"out", "as_of_date", "as_of_position", "as_recorded", "reference_date", "min_position",
        "entity", "kind", "actor", "from_date", "to_date", "proofs", "limit"},
       "bảng tổng hợp hoặc diễn biến, ra tệp cho Excel",
       {"status|timeline"},
       "export status --role=district --out=status.xlsx"},
  };
}

}  // namespace minhbach::clients
