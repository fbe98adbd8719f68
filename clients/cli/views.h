// What the view, timeline and export commands share: the status request
// and the timeline request the flags describe, and fetching them.
#ifndef MINHBACH_CLIENTS_CLI_VIEWS_H_
#define MINHBACH_CLIENTS_CLI_VIEWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "clients/connection.h"
#include "minhbach/v1/program_service.pb.h"
#include "minhbach/v1/timeline_service.pb.h"

namespace minhbach::clients {

// Sets the point in history the flags name (--as-of, --as-of-position,
// --as-recorded; none: now), the reference date deadlines are judged on
// (view_point.h) and --min-position. Fails when more than one point is given.
void SetAsOfAndReferenceDate(v1::StatusRequest& request);

// The header line of a status view (view_point.h: ViewHeader) with the
// reference date the server judged on; empty with --json.
std::string BasisHeader(const v1::StatusBasis& basis);

// The dashboard the status flags ask for.
v1::Dashboard FetchDashboard(const ConnectionSettings& settings);

// Events a timeline shows unless --limit says.
inline constexpr uint32_t kDefaultTimelineLimit = 20;

// The timeline request the flags describe, within the view point the flags
// give (view_point.h).
v1::TimelineRequest TimelineRequestFromFlags();

// Pages of `request` until --limit items or the end, holding only the
// events within the view point the flags give.
std::vector<v1::TimelinePage> FetchTimeline(const ConnectionSettings& settings,
                                            v1::TimelineRequest request);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_VIEWS_H_
