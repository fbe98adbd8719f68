// `minhbach targets`: every target of the plan with its latest value, the
// period it is for and the villages that have not reported it. Vietnamese
// by default, English with --lang=en.
#ifndef MINHBACH_CLIENTS_TARGETS_TEXT_H_
#define MINHBACH_CLIENTS_TARGETS_TEXT_H_

#include <string>

#include "minhbach/v1/program_service.pb.h"

namespace minhbach::clients {

// One block per target of `dashboard.targets()`.
std::string TargetsText(const v1::Dashboard& dashboard);

// A household target computed from the register beside what the villages
// reported, on one line without its end: "Hộ nghèo: sổ hộ 4/300 hộ; thôn báo
// cáo 5/300 (kỳ 2024); CHÊNH LỆCH -1 hộ".
std::string HouseholdCheckLine(const v1::HouseholdTargetCheck& check);

// The dashboard's household checks, one line each; empty when it has none.
std::string HouseholdChecksText(const v1::Dashboard& dashboard);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TARGETS_TEXT_H_
