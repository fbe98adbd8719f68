// What every recording command shares: the flags that make its CommandMeta
// (--request-id, --event-id, --business-date...), the ids it generates, the
// checks of amounts, dates, counts and lists typed on the command line, and
// the answer it prints (what was recorded, in which stream, at which
// position), in the reader's language or as JSON.
//
// Idempotency: --request-id=R makes the event id the first 16 bytes of
// SHA-256("minhbach-request:" + R), as a UUID, and every id the command
// generates a function of R too; running the same command line again is then
// the same event, which the server recognises ("already recorded", nothing
// written), while R reused for anything else is the server's ALREADY_EXISTS.
#ifndef MINHBACH_CLIENTS_CLI_COMMAND_REQUEST_H_
#define MINHBACH_CLIENTS_CLI_COMMAND_REQUEST_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "minhbach/v1/program_service.grpc.pb.h"

namespace minhbach::clients {

// `body_flags` and the flags every recording command takes (request_id,
// event_id, business_date, correlation_id, causation_id, json).
std::vector<std::string> RecordingFlags(std::vector<std::string> body_flags);

// The event id from the flags: --event-id, else derived from --request-id,
// else random; 16 raw bytes.
std::string CommandEventId();

// A UUID (16 raw bytes) derived from a request id, as CommandEventId does.
std::string EventIdForRequest(const std::string& request_id);

// The CommandMeta the flags describe.
v1::CommandMeta CommandMetaFromFlags();

// `given` when not empty, else `prefix` followed by 8 hex digits derived
// from --request-id and `what` (so a retry makes the same id), or random.
std::string IdOrGenerated(const std::string& given, const std::string& prefix,
                          const std::string& what);

// `value`, or Fail saying that --flag is needed.
std::string Required(const std::string& flag, const std::string& value);

// An amount of đồng typed as 263500000, 263.500.000 or 263,500,000: a
// positive whole number; Fail naming --flag otherwise.
int64_t AmountOrFail(const std::string& flag, const std::string& text);

// Parses an amount as AmountOrFail does, or says why not (no Fail: tests).
std::optional<int64_t> ParseAmount(const std::string& text);

// A count (0 or more), grouped like an amount; empty is `when_empty`.
int64_t CountOrFail(const std::string& flag, const std::string& text, int64_t when_empty);

// A date typed as YYYY-MM-DD or dd/mm/yyyy, as "YYYY-MM-DD"; empty stays
// empty; Fail naming --flag on anything else.
std::string DateOrFail(const std::string& flag, const std::string& text);

// A month written YYYY-MM or mm/yyyy as "YYYY-MM", or Fail naming --flag.
std::string MonthOrFail(const std::string& flag, const std::string& text);
std::optional<std::string> ParseDate(const std::string& text);

// The non-empty, trimmed items of a comma-separated list.
std::vector<std::string> ListOf(const std::string& text);

// The role whose quick-start token `command` uses when none is given: its
// unit's own ("village:thon-2", when the client tokens hold it), else its
// role ("village").
std::string QuickStartRole(const CliCommand& command);

// --plan, or the id of the plan the server holds.
std::string PlanIdOrCurrent(const ConnectionSettings& settings);

// One thing the answer names: a JSON key, its label in each language and
// its value (text, and the number when it is an amount or a count).
struct RecordedItem {
  std::string key;  // "assignment_id"
  std::string vi;   // "phân công"
  std::string en;   // "assignment"
  std::string text;
  std::optional<int64_t> dong = std::nullopt;  // an amount, shown as "263.500.000 đ"
};

struct Recorded {
  std::string what_vi;  // "khoản chi"
  std::string what_en;  // "disbursement"
  std::vector<RecordedItem> items;
};

// Prints what the server answered; returns the exit status (0).
int PrintRecorded(const v1::CommandResult& result, const std::string& event_id,
                  const Recorded& recorded);

// Fails (exit 2) with the server's status and a lead-in in the reader's
// language, unless it is OK.
void CheckRecorded(const grpc::Status& status);

// Sends `request` through `method` of a service's Stub and prints the answer.
template <typename Stub, typename Request>
int Record(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, v1::CommandResult*),
           const Request& request, const Recorded& recorded) {
  const ConnectionSettings settings = Settings();
  Stub stub(Must(OpenChannel(settings)));
  v1::CommandResult result;
  CheckRecorded(
      (stub.*method)(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request, &result));
  return PrintRecorded(result, request.meta().event_id(), recorded);
}

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_CLI_COMMAND_REQUEST_H_
