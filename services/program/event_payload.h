// The typed payload of an event, from the program's event protos
// (plan_events, program_events, reporting_events, supervision_events), found
// by the event's type name. What the timeline index reads for entities and
// what the client prints as columns share this one decoding.
#ifndef MINHBACH_SERVICES_PROGRAM_EVENT_PAYLOAD_H_
#define MINHBACH_SERVICES_PROGRAM_EVENT_PAYLOAD_H_

#include <memory>

#include "google/protobuf/message.h"
#include "minhbach/v1/event_record.pb.h"

namespace minhbach::program {

// The payload of `record` as the message its event_type names
// ("minhbach.v1.<event_type>"); null when no program event has that name or
// the payload does not parse as it. Whatever stream the event is in: the
// caller decides whether that stream's events are program facts.
std::unique_ptr<google::protobuf::Message> DecodeEventPayload(const v1::EventRecord& record);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_EVENT_PAYLOAD_H_
