// The message and enum definitions of the minhbach.v1 package (and
// google.protobuf.Timestamp) as JSON, for the browser to decode raw events
// itself (GET /api/schema):
//   {"messages":{"minhbach.v1.EventRecord":{"fields":[{"no":1,"name":"position",
//     "type":"uint64","repeated":false}, ...]}}, "enums":{"minhbach.v1.X":{"0":"X_UNSPECIFIED"}}}
#ifndef MINHBACH_SERVICES_WEB_SCHEMA_JSON_H_
#define MINHBACH_SERVICES_WEB_SCHEMA_JSON_H_

#include <string>
#include <vector>

namespace minhbach::services::web {

// The schema of the messages and enums defined in `proto_files` (names as
// protoc saw them, "minhbach/v1/event_record.proto") and the files they
// import, as far as they are compiled into this program. Fields in field
// number order; `name` is the field's JSON name, `type` protobuf's lowercase
// type name, `typeName` the full name of a message or enum field's type.
std::string SchemaJson(const std::vector<std::string>& proto_files);

// The files of this build's minhbach_proto library (from CMake).
std::vector<std::string> CompiledProtoFiles();

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_SCHEMA_JSON_H_
