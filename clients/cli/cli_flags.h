// The flags of the minhbach client, shared by its command groups. Each
// command's help says which of them it takes.
#ifndef MINHBACH_CLIENTS_CLI_CLI_FLAGS_H_
#define MINHBACH_CLIENTS_CLI_CLI_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, config);
ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(std::string, token);
ABSL_DECLARE_FLAG(std::string, log);
ABSL_DECLARE_FLAG(std::string, role);
ABSL_DECLARE_FLAG(std::string, client_tokens);
ABSL_DECLARE_FLAG(std::string, tls_ca);
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(int, timeout);
ABSL_DECLARE_FLAG(std::string, expect);
ABSL_DECLARE_FLAG(std::string, stream);
ABSL_DECLARE_FLAG(uint64_t, from);
ABSL_DECLARE_FLAG(uint32_t, limit);
ABSL_DECLARE_FLAG(bool, backward);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, log_key);
ABSL_DECLARE_FLAG(std::string, trusted);
ABSL_DECLARE_FLAG(bool, save);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, as_of_date);
ABSL_DECLARE_FLAG(int64_t, as_of_position);
ABSL_DECLARE_FLAG(uint64_t, min_position);
ABSL_DECLARE_FLAG(std::string, as_recorded);
ABSL_DECLARE_FLAG(std::string, reference_date);
ABSL_DECLARE_FLAG(std::string, entity);
ABSL_DECLARE_FLAG(std::string, kind);
ABSL_DECLARE_FLAG(std::string, actor);
ABSL_DECLARE_FLAG(std::string, from_date);
ABSL_DECLARE_FLAG(std::string, to_date);
ABSL_DECLARE_FLAG(bool, proofs);
ABSL_DECLARE_FLAG(bool, all);
ABSL_DECLARE_FLAG(std::string, tiles);
ABSL_DECLARE_FLAG(std::string, communes);
ABSL_DECLARE_FLAG(int, every);
ABSL_DECLARE_FLAG(int, rounds);
ABSL_DECLARE_FLAG(std::string, commune_head);
ABSL_DECLARE_FLAG(std::string, commune_key);
ABSL_DECLARE_FLAG(std::string, commune_tiles);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(std::string, separator);
ABSL_DECLARE_FLAG(std::string, require_cosigner);
ABSL_DECLARE_FLAG(std::string, witness_key);
ABSL_DECLARE_FLAG(std::string, to_time);
ABSL_DECLARE_FLAG(bool, status);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, name);
ABSL_DECLARE_FLAG(int, sample);
ABSL_DECLARE_FLAG(std::string, lang);

#endif  // MINHBACH_CLIENTS_CLI_CLI_FLAGS_H_
