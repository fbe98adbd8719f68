// What an event is about, for the timeline index: the ids its payload names
// (every string field called "*_id", a finding's "subject", a report's
// "period") and its stream, read by reflection from the typed payload, so a
// new event type is indexed without code here.
#ifndef MINHBACH_SERVICES_PROGRAM_EVENT_ENTITIES_H_
#define MINHBACH_SERVICES_PROGRAM_EVENT_ENTITIES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "minhbach/v1/event_record.pb.h"

namespace minhbach::program {

// The entities of `record`, without repeats; always holds its stream. A
// payload that does not parse as its type names no entity but the stream.
std::vector<std::string> EventEntities(const v1::EventRecord& record);

// The program's event types (the payload messages of the event protos),
// in name order.
const std::vector<std::string>& ProgramEventTypes();

// The event types `kind` stands for: the one it names exactly, or else
// every type whose name contains it, ignoring case ("disbursement" ->
// DisbursementRecorded, DisbursementReversed). Empty when none does.
std::vector<std::string> EventTypesOfKind(absl::string_view kind);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_EVENT_ENTITIES_H_
