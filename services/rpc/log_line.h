// Structured log lines (logfmt) on standard error: one line per event of
// note, machine-readable and greppable.
//
//   LogLine("info", "started", {{"listen", "127.0.0.1:50051"}, {"events", "42"}});
//   time=2026-11-29T05:40:00Z level=info msg=started listen=127.0.0.1:50051 events=42
#ifndef MINHBACH_SERVICES_RPC_LOG_LINE_H_
#define MINHBACH_SERVICES_RPC_LOG_LINE_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace minhbach::services {

void LogLine(absl::string_view level, absl::string_view message,
             std::initializer_list<std::pair<absl::string_view, std::string>> fields = {});

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_RPC_LOG_LINE_H_
