// What an event is about, for the timeline index: the ids its payload names
// (every string field called "*_id", a finding's "subject", a report's
// "period") and its stream, read by reflection from the typed payload, so a
// new event type is indexed without code here; and the links some events
// create from an aggregate to what it belongs to (an assignment to its
// sub-project, a finding to its subject), so that an event naming only the
// assignment also belongs to the sub-project (timeline_index.cc follows them).
//
// Only the program's own streams ("program/", which only the command
// services write) are read for entities: an event of a raw stream ("ext/")
// is about its stream alone, whatever its payload claims.
#ifndef MINHBACH_SERVICES_PROGRAM_EVENT_ENTITIES_H_
#define MINHBACH_SERVICES_PROGRAM_EVENT_ENTITIES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "minhbach/v1/event_record.pb.h"

namespace minhbach::program {

// The entities of `record`, without repeats; always holds its stream. A
// payload that does not parse as its type names no entity but the stream,
// and neither does an event outside the program's streams. A finding or a
// recommendation is also named by its supervision: "GS-2024-01/F-02" (the
// id the dashboard prints; "F-02" alone may repeat across supervisions).
std::vector<std::string> EventEntities(const v1::EventRecord& record);

// "Child belongs to owner" from the event on: every event of `child` is
// then also an event of `owner`.
struct EntityLink {
  std::string child;
  std::string owner;
};

// The links `record` creates: AssignmentMade (assignment -> sub-project),
// BudgetAllocated (allocation -> sub-project), DisbursementRecorded
// (disbursement -> sub-project), FindingRecorded (finding -> its subject),
// RecommendationIssued (recommendation -> finding). None for an event
// outside the program's streams.
std::vector<EntityLink> EntityLinks(const v1::EventRecord& record);

// "SUPERVISION/ITEM": the id of a finding or recommendation of a supervision.
std::string SupervisionItemId(absl::string_view supervision_id, absl::string_view item_id);

// "OWNER/ITEM": a complaint of a review ("RV-2025/K-1"), a support given to a
// household ("thon-1/H-0001/S-1").
std::string ReviewItemId(absl::string_view owner_id, absl::string_view item_id);

// The program's event types (the payload messages of the event protos),
// in name order.
const std::vector<std::string>& ProgramEventTypes();

// The event types `kind` stands for: the one it names exactly, or else
// every type whose name contains it, ignoring case ("disbursement" ->
// DisbursementRecorded, DisbursementReversed). Empty when none does.
std::vector<std::string> EventTypesOfKind(absl::string_view kind);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_EVENT_ENTITIES_H_
