// The client's small config file, for connection settings an auditor does
// not want to type each time:
//
//   # ~/.config/minhbach/client.conf (or --config=FILE, or $MINHBACH_CONFIG)
//   server = minhbach.lienchung.example:443
//   tls_ca = /etc/minhbach/ca.pem
//   role = supervisor
//   log_key = /home/auditor/lienchung-log.pub
//
// A setting given as a flag wins over the environment (MINHBACH_SERVER,
// MINHBACH_TOKEN), which wins over the file.
#ifndef MINHBACH_CLIENTS_CONFIG_FILE_H_
#define MINHBACH_CLIENTS_CONFIG_FILE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::clients {

// The settings a config file may hold (the client's connection flags).
const std::vector<std::string>& ConfigKeys();

// "key = value" lines; blank lines and '#' comments skipped. InvalidArgument
// naming the line for a line without '=', or a key not in ConfigKeys().
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseConfig(
    absl::string_view text);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CONFIG_FILE_H_
