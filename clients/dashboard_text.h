// The program dashboard as text for a terminal: money, the 2023 carry-over,
// each sub-project, and the gaps a coordinator must act on.
#ifndef MINHBACH_CLIENTS_DASHBOARD_TEXT_H_
#define MINHBACH_CLIENTS_DASHBOARD_TEXT_H_

#include <cstdint>
#include <string>

#include "minhbach/v1/program_service.pb.h"

namespace minhbach::clients {

// 1234567 -> "1,234,567".
std::string GroupThousands(int64_t value);

std::string DashboardText(const v1::Dashboard& dashboard);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_DASHBOARD_TEXT_H_
