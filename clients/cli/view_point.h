// The point in history every view shows, and the one day its deadlines are
// judged on, from the same flags for every view (status, subproject,
// report, targets, timeline, the entity views, replay, replay --status,
// export): --as-of=D (what had happened by the end of day D, by business
// date), --as-recorded=D|RFC3339 (what the records said then) or
// --as-of-position=N (the log's first N events); at most one of them.
//
// The reference date, on which "overdue" and "days late" are judged, is
// --reference_date when given, else the --as-of day, else the --as-recorded
// day, else today in Vietnam time; every header states it.
#ifndef MINHBACH_CLIENTS_CLI_VIEW_POINT_H_
#define MINHBACH_CLIENTS_CLI_VIEW_POINT_H_

#include <cstdint>
#include <string>

#include "minhbach/v1/event_record.pb.h"
#include "minhbach/v1/program_service.pb.h"

namespace minhbach::clients {

struct ViewPoint {
  std::string business_date;    // --as-of; empty: not given
  int64_t position = -1;        // --as-of-position; -1: not given
  int64_t recorded_micros = 0;  // --as-recorded, its last microsecond; 0: not given
  std::string reference_date;   // always set, YYYY-MM-DD
  bool now() const { return business_date.empty() && position < 0 && recorded_micros == 0; }
};

// The view point the flags give; fails (exit 2) naming the flag on two
// points at once or a malformed value.
ViewPoint ViewPointFromFlags();

// The same as a status request's as_of and reference_date.
void ApplyViewPoint(const ViewPoint& point, v1::StatusRequest& request);

// Whether `record` belongs to the view: recorded within its point (position,
// recorded time) and, for --as-of, had happened by the end of that day.
bool InView(const ViewPoint& point, const v1::EventRecord& record);

// The header line every view prints first: "Tính đến 30/06/2024 · hạn được
// xét vào ngày 30/06/2024 · 123/456 sự kiện" (`folded` of `log_size`
// events; the count is left out when `log_size` is 0).
std::string ViewHeader(const ViewPoint& point, uint64_t folded, uint64_t log_size);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_VIEW_POINT_H_
