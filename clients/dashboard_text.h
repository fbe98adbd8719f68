// The program's status as text for a terminal, in Vietnamese (English with
// --lang=en): the dashboard (money, the 2023 carry-over, each sub-project, the
// gaps a coordinator must act on), one sub-project, one target.
#ifndef MINHBACH_CLIENTS_DASHBOARD_TEXT_H_
#define MINHBACH_CLIENTS_DASHBOARD_TEXT_H_

#include <string>

#include "minhbach/v1/program_service.pb.h"

namespace minhbach::clients {

std::string DashboardText(const v1::Dashboard& dashboard);

// One sub-project: leads, deadline, state, money, assignments, open findings.
std::string SubProjectText(const v1::SubProjectStatus& status);

// One target for a period: the consolidated actual, each village, who has
// not reported.
std::string TargetText(const v1::TargetStatus& status);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_DASHBOARD_TEXT_H_
