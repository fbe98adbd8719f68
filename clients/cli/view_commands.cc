// The program's views from the server's projections: the dashboard, one
// sub-project, one target; as of a business date, a recorded time or a log
// size.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/cli/view_point.h"
#include "clients/cli/views.h"
#include "clients/dashboard_text.h"
#include "clients/targets_text.h"
#include "clients/text/language.h"
#include "minhbach/v1/program_service.grpc.pb.h"

namespace minhbach::clients {

// The point in history the flags name (none: now), the day deadlines are
// judged on (view_point.h) and --min-position.
void SetAsOfAndReferenceDate(v1::StatusRequest& request) {
  ApplyViewPoint(ViewPointFromFlags(), request);
  request.set_min_position(absl::GetFlag(FLAGS_min_position));
}

// The header of a status view: its point in history, reference date and basis.
std::string BasisHeader(const v1::StatusBasis& basis) {
  if (absl::GetFlag(FLAGS_json)) return "";
  ViewPoint point = ViewPointFromFlags();
  point.reference_date = basis.reference_date();  // what the server judged on
  return ViewHeader(point, basis.position(), basis.log_size());
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

namespace {

// The dashboard, now or as of a date or a position.
int Status(const ConnectionSettings& settings) {
  const v1::Dashboard dashboard = FetchDashboard(settings);
  std::printf("%s", BasisHeader(dashboard.basis()).c_str());
  const std::string checks = HouseholdChecksText(dashboard);
  PrintJsonOr(dashboard,
              absl::StrCat(DashboardText(dashboard), "\n", Say("Chỉ tiêu", "Targets"), "\n",
                           TargetsText(dashboard), checks.empty() ? "" : "\n", checks));
  return 0;
}

// Every target of the plan: its latest value, period and missing villages.
int Targets(const ConnectionSettings& settings) {
  const v1::Dashboard dashboard = FetchDashboard(settings);
  if (absl::GetFlag(FLAGS_json)) {
    v1::Dashboard targets;
    *targets.mutable_basis() = dashboard.basis();
    *targets.mutable_targets() = dashboard.targets();
    PrintJsonOr(targets, "");
    return 0;
  }
  std::printf("%s", BasisHeader(dashboard.basis()).c_str());
  PrintJsonOr(dashboard, TargetsText(dashboard));
  return 0;
}

// One sub-project (`subproject ID`) or one target (`report TARGET`).
int StatusOf(const ConnectionSettings& settings, const std::string& what,
             const std::vector<std::string>& args) {
  if (args.empty()) {
    Fail(
        Say(absl::StrCat("hãy cho mã: ", what, " MÃ"), absl::StrCat("give the id: ", what, " ID")));
  }
  v1::StatusRequest request;
  request.set_id(args[0]);
  request.set_period(absl::GetFlag(FLAGS_period));
  SetAsOfAndReferenceDate(request);
  auto stub = v1::ProgramStatus::NewStub(Must(OpenChannel(settings)));
  auto context = CallContext(settings, absl::GetFlag(FLAGS_timeout));
  if (what == "subproject") {
    v1::SubProjectStatus status;
    Check(stub->GetSubProject(context.get(), request, &status));
    std::printf("%s", BasisHeader(status.basis()).c_str());
    PrintJsonOr(status, SubProjectText(status));
  } else {
    v1::TargetStatus status;
    Check(stub->GetTarget(context.get(), request, &status));
    std::printf("%s", BasisHeader(status.basis()).c_str());
    PrintJsonOr(status, TargetText(status));
  }
  return 0;
}

}  // namespace

std::vector<CliCommand> ViewCommands() {
  return {
      {"status",
       "status [--as-of=YYYY-MM-DD | --as-recorded=YYYY-MM-DD|RFC3339 | --as-of-position=N] "
       "[--reference_date=D] [--json]",
       "the dashboard: every sub-project, its money, assignments and findings",
       [](const std::vector<std::string>&) { return Status(Settings()); },
       {"as_of_date", "as_of_position", "as_recorded", "reference_date", "min_position", "json"},
       "bảng tổng hợp: mọi tiểu dự án, kinh phí, phân công và phát hiện",
       {},
       "status --as-of=2024-06-30 --role=district"},
      {"subproject",
       "subproject ID [--as-of=D ...] [--json]",
       "one sub-project",
       [](const std::vector<std::string>& args) {
         return StatusOf(Settings(), "subproject", args);
       },
       {"as_of_date", "as_of_position", "as_recorded", "reference_date", "min_position", "json"},
       "một tiểu dự án",
       {"SUB-PROJECT"},
       "subproject DA3-TDA3 --as-of=2024-09-30"},
      {"targets",
       "targets [--as-of=D ...] [--json]",
       "every target of the plan: its latest value, period and the villages not reported",
       [](const std::vector<std::string>&) { return Targets(Settings()); },
       {"as_of_date", "as_of_position", "as_recorded", "reference_date", "min_position", "json"},
       "mọi chỉ tiêu của kế hoạch: số liệu mới nhất, kỳ báo cáo và các thôn chưa báo cáo",
       {},
       "targets --as-of=2024-12-31"},
      {"report",
       "report TARGET [--period=P] [--as-of=D ...] [--json]",
       "one target: the commune's value and each village's",
       [](const std::vector<std::string>& args) { return StatusOf(Settings(), "report", args); },
       {"period", "as_of_date", "as_of_position", "as_recorded", "reference_date", "min_position",
        "json"},
       "một chỉ tiêu: số liệu của xã và của từng thôn",
       {"TARGET"},
       "report dim-health --period=2024-H1"},
  };
}

}  // namespace minhbach::clients
