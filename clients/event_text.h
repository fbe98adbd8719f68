// An event's typed payload as text, for tables and exports.
#ifndef MINHBACH_CLIENTS_EVENT_TEXT_H_
#define MINHBACH_CLIENTS_EVENT_TEXT_H_

#include <string>

#include "minhbach/v1/event_record.pb.h"

namespace minhbach::clients {

// The payload of `record` as one line of JSON: decoded as the message its
// event type names; else, when it is UTF-8 text, that text as a JSON string;
// else {"bytes": N}.
std::string PayloadJson(const v1::EventRecord& record);

// True when `record` is illustrative demo data (services/domain/illustrative.h).
bool IsIllustrativeEvent(const v1::EventRecord& record);

// The business date of `record`, "YYYY-MM-DD" (a business date is a
// calendar day, stored as its midnight UTC), or "" when none was given: a raw
// append without a business time is stored at the Unix epoch, which no
// program command records (they are dated within the program's years).
std::string BusinessDate(const v1::EventRecord& record);

// The header of EventRow's table, in the current language.
std::string EventHeader();
// One line for a person: position, recorded time (Vietnam time), business
// date, actor, event type (in Vietnamese by default), payload, which starts
// with "[minh họa]" for illustrative data; control characters escaped
// (TerminalSafe).
std::string EventRow(const v1::EventRecord& record);
// One line of JSON: {"event": <record>, "payload": <payload>[, "proven": true]}.
std::string EventJson(const v1::EventRecord& record, bool proven);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_EVENT_TEXT_H_
