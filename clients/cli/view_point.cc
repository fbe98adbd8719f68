#include "clients/cli/view_point.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_request.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "services/domain/dates.h"

namespace minhbach::clients {
namespace {

// The first microsecond after day `date` (YYYY-MM-DD), as the server
// compares business times (services/program/projection.cc: UTC days).
int64_t BusinessDayEndMicros(const std::string& date) {
  absl::CivilDay day;
  absl::ParseCivilTime(date, &day);
  return absl::ToUnixMicros(absl::FromCivil(day + 1, absl::UTCTimeZone()));
}

}  // namespace

ViewPoint ViewPointFromFlags() {
  ViewPoint point;
  // Days as people write them: 2024-06-30 or 30/06/2024.
  if (const std::string as_of = absl::GetFlag(FLAGS_as_of_date); !as_of.empty()) {
    point.business_date = DateOrFail("as-of", as_of);
  }
  point.position = absl::GetFlag(FLAGS_as_of_position);
  std::string recorded = absl::GetFlag(FLAGS_as_recorded);
  if (recorded.find('/') != std::string::npos) recorded = DateOrFail("as-recorded", recorded);
  if (!point.business_date.empty() + (point.position >= 0) + !recorded.empty() > 1) {
    Fail(
        Say("chỉ cho một trong --as-of (những gì đã xảy ra đến hết một ngày), --as-of-position, "
            "--as-recorded",
            "give one of --as-of (what had happened by a day), --as-of-position, --as-recorded"));
  }
  std::string recorded_day;
  if (!recorded.empty()) {
    absl::Time at;
    absl::CivilDay day;
    std::string error;
    if (absl::ParseCivilTime(recorded, &day)) {
      at = absl::FromCivil(day + 1, VietnamTime()) - absl::Microseconds(1);  // the end of that day
    } else if (!absl::ParseTime(absl::RFC3339_full, recorded, &at, &error) ||
               at == absl::InfiniteFuture() || at == absl::InfinitePast()) {
      Fail(absl::StrCat(
          Say("--as-recorded cần một ngày (2024-06-30: hết ngày đó, giờ Việt Nam) hoặc một thời "
              "điểm RFC 3339 (2024-06-30T17:00:00+07:00), không phải \"",
              "--as-recorded takes a day (2024-06-30: its end, Vietnam time) or an RFC 3339 "
              "time (2024-06-30T17:00:00+07:00), not \""),
          recorded, "\""));
    }
    point.recorded_micros = absl::ToUnixMicros(at);
    recorded_day = absl::FormatCivilTime(absl::ToCivilDay(at, VietnamTime()));
  }
  if (const std::string day = absl::GetFlag(FLAGS_reference_date); !day.empty()) {
    point.reference_date = DateOrFail("reference_date", day);
  }
  if (point.reference_date.empty()) point.reference_date = point.business_date;
  if (point.reference_date.empty()) point.reference_date = recorded_day;
  if (point.reference_date.empty()) point.reference_date = domain::CommuneDate(absl::Now());
  return point;
}

void ApplyViewPoint(const ViewPoint& point, v1::StatusRequest& request) {
  request.set_reference_date(point.reference_date);
  if (!point.business_date.empty()) {
    request.mutable_as_of()->set_business_date(point.business_date);
  } else if (point.position >= 0) {
    request.mutable_as_of()->set_position(point.position);
  } else if (point.recorded_micros != 0) {
    request.mutable_as_of()->set_recorded_time_micros(point.recorded_micros);
  }
}

bool InView(const ViewPoint& point, const v1::EventRecord& record) {
  if (point.position >= 0 && record.position() >= static_cast<uint64_t>(point.position)) {
    return false;
  }
  if (point.recorded_micros != 0 && record.recorded_time_micros() > point.recorded_micros) {
    return false;
  }
  return point.business_date.empty() ||
         record.business_time_micros() < BusinessDayEndMicros(point.business_date);
}

std::string ViewHeader(const ViewPoint& point, uint64_t folded, uint64_t log_size) {
  std::string when;
  if (!point.business_date.empty()) {
    when = absl::StrCat(Say("Tính đến ", "As of "), FormatDate(point.business_date));
  } else if (point.position >= 0) {
    when = absl::StrCat(Say("Tính đến sự kiện thứ ", "As of the log's first "), point.position,
                        Say("", " events"));
  } else if (point.recorded_micros != 0) {
    when = absl::StrCat(Say("Theo sổ ghi lúc ", "As recorded at "),
                        FormatVietnamTime(absl::FromUnixMicros(point.recorded_micros)));
  } else {
    when = Say("Hiện tại", "Now");
  }
  std::string line = absl::StrCat(when, Say(" · hạn được xét vào ngày ", " · deadlines judged on "),
                                  FormatDate(point.reference_date));
  if (log_size > 0) {
    absl::StrAppend(&line, " · ", folded, "/", log_size, Say(" sự kiện", " events"));
  }
  return line + "\n";
}

}  // namespace minhbach::clients
