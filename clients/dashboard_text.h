// The program's status as text for a terminal, with the plan's Vietnamese
// labels: the dashboard (money, the 2023 carry-over, each sub-project, the
// gaps a coordinator must act on), one sub-project, one target.
#ifndef MINHBACH_CLIENTS_DASHBOARD_TEXT_H_
#define MINHBACH_CLIENTS_DASHBOARD_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "minhbach/v1/program_service.pb.h"

namespace minhbach::clients {

// 1234567 -> "1,234,567".
std::string GroupThousands(int64_t value);

std::string DashboardText(const v1::Dashboard& dashboard);

// One sub-project: leads, deadline, state, money, assignments, open findings.
std::string SubProjectText(const v1::SubProjectStatus& status);

// One target for a period: the consolidated actual, each village, who has
// not reported.
std::string TargetText(const v1::TargetStatus& status);

// `text` padded with spaces to `width` characters as a terminal shows them
// (UTF-8 code points, so Vietnamese letters count once).
std::string PadRight(absl::string_view text, size_t width);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_DASHBOARD_TEXT_H_
