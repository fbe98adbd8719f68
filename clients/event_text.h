// An event's typed payload as text, for tables and exports.
#ifndef MINHBACH_CLIENTS_EVENT_TEXT_H_
#define MINHBACH_CLIENTS_EVENT_TEXT_H_

#include <string>

#include "minhbach/v1/event_record.pb.h"

namespace minhbach::clients {

// The payload of `record`, decoded as the message its event type names, as
// one line of JSON; "(N bytes)" when it is not a known type or does not parse.
std::string PayloadJson(const v1::EventRecord& record);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_EVENT_TEXT_H_
