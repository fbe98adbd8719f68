// Imports a file of program commands (proto/minhbach/v1/program_import.proto)
// through the server's public command RPCs, step by step, each with the
// token of the role the step names. Idempotent: event ids come from the
// steps' keys, so a second import answers "already recorded" for each step.
#ifndef MINHBACH_CLIENTS_PROGRAM_IMPORT_H_
#define MINHBACH_CLIENTS_PROGRAM_IMPORT_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "minhbach/v1/program_import.pb.h"

namespace minhbach::clients {

// Parses a ProgramImport written as protobuf JSON; InvalidArgument saying
// where it does not parse, or naming a step without a key, with a repeated
// key or without a command.
absl::StatusOr<v1::ProgramImport> ParseImportFile(const std::string& json);

// The event id of a step's command: the first 16 bytes of
// SHA-256("minhbach-import:" + key).
std::string ImportEventId(const std::string& key);

struct ImportedStep {
  int index = 0;  // 1-based
  int total = 0;
  std::string key;
  std::string method;  // e.g. "/minhbach.v1.Finance/RecordDisbursement"
  v1::CommandResult result;
};

struct ImportSummary {
  int written = 0;
  int already_recorded = 0;
  // One past the highest position of the file's events: a status request
  // with this min_position answers with all of them folded in.
  uint64_t end_position = 0;
};

// Sends every step in order; `on_step` sees each result. Stops at the first
// refused step: the error names the step (index and key), the role it was
// sent as and the server's answer. `tokens` maps role -> token.
absl::StatusOr<ImportSummary> ImportProgram(
    const v1::ProgramImport& file, const std::shared_ptr<grpc::Channel>& channel,
    const std::map<std::string, std::string>& tokens, int timeout_seconds,
    const std::function<void(const ImportedStep&)>& on_step);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_PROGRAM_IMPORT_H_
