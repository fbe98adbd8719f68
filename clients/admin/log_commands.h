// minhbach-admin's log commands, for a minhbachd that hosts many logs
// (--logs_dir, services/server/log_host.h): create one, list them. Each
// writes what it did to `out`, its errors to `err`, and returns the exit
// code: 0 done, 1 it could not be done, 2 a usage error.
#ifndef MINHBACH_CLIENTS_ADMIN_LOG_COMMANDS_H_
#define MINHBACH_CLIENTS_ADMIN_LOG_COMMANDS_H_

#include <ostream>

#include "absl/time/time.h"
#include "clients/admin/admin_args.h"

namespace minhbach::clients::admin {

// "log create NAME --logs_dir=DIR [--origin=ORIGIN]": a new log, with its own
// key (origin ORIGIN, NAME by default), tokens and store, made aside and
// moved into place whole, so a running host never sees half of it; its first
// event records the creation (stream host/log, LogCreated: the name, the
// origin, the public key, who and when).
int CreateLog(const AdminArgs& args, absl::Time now, std::ostream& out, std::ostream& err);

// "log list --logs_dir=DIR [--json]": each log's name and origin.
int ListLogs(const AdminArgs& args, std::ostream& out, std::ostream& err);

}  // namespace minhbach::clients::admin

#endif  // MINHBACH_CLIENTS_ADMIN_LOG_COMMANDS_H_
