// What every command of the minhbach client shares: failing with one line
// and exit status 2, reading files and keys, the connection settings, and
// printing a message as JSON or as text.
#ifndef MINHBACH_CLIENTS_CLI_CLI_SUPPORT_H_
#define MINHBACH_CLIENTS_CLI_CLI_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/connection.h"
#include "clients/province_log.h"
#include "google/protobuf/message.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "storage/merkle.h"
#include "storage/signed_note.h"

namespace minhbach::clients {

// Exit statuses: 0 done, 1 a verification failed, 2 bad usage or an error.
inline constexpr int kExitVerificationFailed = 1;
inline constexpr int kExitError = 2;

// Prints "minhbach: <message>" on stderr and exits with kExitError.
[[noreturn]] void Fail(const std::string& message);

// Fails with the server's status, described for a person, unless it is OK.
void Check(const grpc::Status& status);

template <typename T>
T Must(absl::StatusOr<T> value) {
  if (!value.ok()) Fail(std::string(value.status().message()));
  return *std::move(value);
}

// The whole file at `path`, or Fail naming it.
std::string ReadFile(const std::string& path);

// A verifier key from the file at `path` (one line; surrounding space ignored).
storage::note::Verifier VerifierKeyFile(const std::string& path);

// The log's public key, from --log_key.
storage::note::Verifier LogKey();

// The hashes of a proof, or Fail naming the bad element.
std::vector<storage::merkle::Hash> ProofHashesOrFail(
    const google::protobuf::RepeatedPtrField<std::string>& in);

// The log's current signed head, from the server.
v1::SignedCheckpoint FetchCheckpoint(const ConnectionSettings& settings,
                                     const std::shared_ptr<grpc::Channel>& channel);

// --limit when given, else `fallback` (each command's own default).
uint32_t LimitOr(uint32_t fallback);

// The connection the flags, the environment and the config file describe.
ConnectionSettings Settings();

// The province log's services at `settings` (province follow, verify
// --commune_head), each call with the token and --timeout.
struct ProvinceConnection {
  std::unique_ptr<v1::EventLog::Stub> events;
  std::unique_ptr<v1::Audit::Stub> audit;
  ProvinceLog log;
};
ProvinceConnection ConnectProvince(const ConnectionSettings& settings);

// Fills the connection flags not given on the command line (`given`) from
// the config file (--config, $MINHBACH_CONFIG, or ~/.config/minhbach/client.conf),
// except where the environment already says (MINHBACH_SERVER, MINHBACH_TOKEN).
void ApplyConfigFile(const std::set<std::string>& given);

// `message` as one line of JSON (proto field names).
std::string JsonOf(const google::protobuf::Message& message);

// Prints `message` as JSON with --json, else `text` (made terminal-safe).
void PrintJsonOr(const google::protobuf::Message& message, const std::string& text);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_CLI_SUPPORT_H_
