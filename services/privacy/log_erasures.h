// The households the log says are erased: PersonalDataErased events, read
// without the households' generated proto (field 1 of the payload is the
// household id, proto/minhbach/v1/household_events.proto), so the vault can
// re-apply them at start and after a key store restore.
#ifndef MINHBACH_SERVICES_PRIVACY_LOG_ERASURES_H_
#define MINHBACH_SERVICES_PRIVACY_LOG_ERASURES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/event_record.pb.h"
#include "storage/event_log.h"

namespace minhbach::privacy {

inline constexpr char kPersonalDataErasedType[] = "PersonalDataErased";
inline constexpr char kHouseholdStreamPrefix[] = "program/household/";

// Field 1 (string household_id) of a PersonalDataErased payload, by the
// protobuf wire format; nullopt when the bytes are not a well-formed message
// or hold no non-empty household id. The last occurrence wins, as in protobuf.
std::optional<std::string> ErasedHouseholdOfPayload(absl::string_view payload);

// The household `record` erases: an event of type PersonalDataErased on the
// household's own stream (program/household/<id>) naming that same household.
// An event of that type elsewhere erases nothing.
std::optional<std::string> ErasedHouseholdOf(const minhbach::v1::EventRecord& record);

// Every household erased in the log, in log order, without repeats. Reads the
// whole log in chunks. Errors as EventLog::ReadAll.
absl::StatusOr<std::vector<std::string>> ErasedHouseholdsInLog(const storage::EventLog& log);

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_LOG_ERASURES_H_
