// The program's views from the server's projections: the dashboard, one
// sub-project, one target; as of a business date, a recorded time or a log
// size.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/cli/views.h"
#include "clients/dashboard_text.h"
#include "clients/text/language.h"
#include "minhbach/v1/program_service.grpc.pb.h"

namespace minhbach::clients {

// The point in history the status flags name (none: now), and the day
// deadlines are judged on.
void SetAsOfAndReferenceDate(v1::StatusRequest& request) {
  const std::string date = absl::GetFlag(FLAGS_as_of_date);
  const int64_t position = absl::GetFlag(FLAGS_as_of_position);
  const std::string recorded = absl::GetFlag(FLAGS_as_recorded);
  if (!date.empty() + (position >= 0) + !recorded.empty() > 1) {
    Fail(
        Say("chỉ cho một trong --as-of (những gì đã xảy ra đến một ngày), --as-of-position, "
            "--as-recorded",
            "give one of --as-of (what had happened by a day), --as-of-position, --as-recorded"));
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

namespace {

// The dashboard, now or as of a date or a position.
int Status(const ConnectionSettings& settings) {
  const v1::Dashboard dashboard = FetchDashboard(settings);
  PrintJsonOr(dashboard, DashboardText(dashboard));
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
    PrintJsonOr(status, SubProjectText(status));
  } else {
    v1::TargetStatus status;
    Check(stub->GetTarget(context.get(), request, &status));
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
