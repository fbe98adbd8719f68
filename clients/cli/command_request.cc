#include "clients/cli/command_request.h"

#include <openssl/sha.h>

#include <cstdio>
#include <limits>

#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "clients/cli/record_flags.h"
#include "clients/connection.h"
#include "clients/terminal_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "storage/uuid.h"

namespace minhbach::clients {
namespace {

std::string Sha256(const std::string& input) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

// `text` as a JSON string: quotes, backslashes and control characters
// escaped; other UTF-8 as it is.
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::vector<std::string> RecordingFlags(std::vector<std::string> body_flags) {
  for (const char* flag :
       {"request_id", "event_id", "business_date", "correlation_id", "causation_id", "json"}) {
    body_flags.push_back(flag);
  }
  return body_flags;
}

std::string EventIdForRequest(const std::string& request_id) {
  std::string id = Sha256(absl::StrCat("minhbach-request:", request_id)).substr(0, 16);
  id[6] = static_cast<char>((id[6] & 0x0f) | 0x50);  // version 5: derived from a name
  id[8] = static_cast<char>((id[8] & 0x3f) | 0x80);  // the RFC 4122 variant
  return id;
}

std::string CommandEventId() {
  const std::string given = absl::GetFlag(FLAGS_event_id);
  const std::string request_id = absl::GetFlag(FLAGS_request_id);
  if (!given.empty()) {
    if (!request_id.empty()) {
      Fail(Say("cho --event-id hoặc --request-id, không cả hai",
               "give --event-id or --request-id, not both"));
    }
    absl::StatusOr<std::string> parsed = storage::ParseUuid(given);
    if (!parsed.ok()) {
      Fail(Say("--event-id phải là một UUID, ví dụ 0b6f3c2e-8f1a-4c3d-9e2b-5a7d1c0e4f21",
               "--event-id must be a UUID, e.g. 0b6f3c2e-8f1a-4c3d-9e2b-5a7d1c0e4f21"));
    }
    return *parsed;
  }
  if (!request_id.empty()) return EventIdForRequest(request_id);
  return storage::NewRandomUuid();
}

v1::CommandMeta CommandMetaFromFlags() {
  v1::CommandMeta meta;
  meta.set_event_id(CommandEventId());
  meta.set_business_date(DateOrFail("business-date", absl::GetFlag(FLAGS_business_date)));
  meta.set_correlation_id(absl::GetFlag(FLAGS_correlation_id));
  meta.set_causation_id(absl::GetFlag(FLAGS_causation_id));
  return meta;
}

std::string IdOrGenerated(const std::string& given, const std::string& prefix,
                          const std::string& what) {
  if (!given.empty()) return given;
  const std::string request_id = absl::GetFlag(FLAGS_request_id);
  const std::string bytes = request_id.empty()
                                ? storage::NewRandomUuid()
                                : Sha256(absl::StrCat("minhbach-id:", what, ":", request_id));
  return absl::StrCat(prefix, absl::AsciiStrToUpper(absl::BytesToHexString(bytes.substr(0, 4))));
}

std::string Required(const std::string& flag, const std::string& value) {
  if (absl::StripAsciiWhitespace(value).empty()) {
    Fail(Say(absl::StrCat("thiếu --", flag, "=...: lệnh này cần nó (xem --help)"),
             absl::StrCat("give --", flag, "=...: this command needs it (see --help)")));
  }
  return value;
}

std::optional<int64_t> ParseAmount(const std::string& text) {
  // Digits, optionally grouped by threes with one separator ('.' or ',')
  // used throughout; anything else (a sign, decimals, spaces) is refused.
  if (text.empty()) return std::nullopt;
  char separator = 0;
  for (char c : text) {
    if (c == '.' || c == ',') {
      if (separator != 0 && separator != c) return std::nullopt;
      separator = c;
    } else if (!absl::ascii_isdigit(c)) {
      return std::nullopt;
    }
  }
  std::string digits;
  if (separator != 0) {
    const std::vector<std::string> groups = absl::StrSplit(text, separator);
    if (groups[0].empty() || groups[0].size() > 3) return std::nullopt;
    for (size_t i = 1; i < groups.size(); ++i) {
      if (groups[i].size() != 3) return std::nullopt;
    }
    digits = absl::StrJoin(groups, "");
  } else {
    digits = text;
  }
  if (digits.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

int64_t AmountOrFail(const std::string& flag, const std::string& text) {
  Required(flag, text);
  std::optional<int64_t> amount = ParseAmount(text);
  if (!amount || *amount <= 0 || *amount > 1000000000000000) {  // the server's limit
    Fail(Say(absl::StrCat("--", flag, "=", text,
                          ": số tiền là số đồng nguyên, từ 1 đến 1.000.000.000.000.000, không "
                          "có phần lẻ, ví dụ 263500000, 263.500.000 hoặc 263,500,000"),
             absl::StrCat("--", flag, "=", text,
                          ": an amount is a whole number of đồng from 1 to 10^15, without "
                          "decimals, e.g. 263500000, 263.500.000 or 263,500,000")));
  }
  return *amount;
}

int64_t CountOrFail(const std::string& flag, const std::string& text, int64_t when_empty) {
  if (text.empty()) return when_empty;
  std::optional<int64_t> count = ParseAmount(text);
  if (!count) {
    Fail(Say(absl::StrCat("--", flag, "=", text, ": cần một số nguyên không âm, ví dụ 412"),
             absl::StrCat("--", flag, "=", text, ": give a whole number, 0 or more, e.g. 412")));
  }
  return *count;
}

std::optional<std::string> ParseDate(const std::string& text) {
  absl::CivilDay day;
  if (absl::ParseCivilTime(text, &day) && absl::FormatCivilTime(day) == text) {
    return absl::FormatCivilTime(day);
  }
  const std::vector<std::string> parts = absl::StrSplit(text, '/');
  if (parts.size() != 3 || parts[2].size() != 4) return std::nullopt;
  int numbers[3];
  for (int i = 0; i < 3; ++i) {
    if (parts[i].empty() || parts[i].size() > 4) return std::nullopt;
    numbers[i] = 0;
    for (char c : parts[i]) {
      if (!absl::ascii_isdigit(c)) return std::nullopt;
      numbers[i] = numbers[i] * 10 + (c - '0');
    }
  }
  const absl::CivilDay typed(numbers[2], numbers[1], numbers[0]);
  // CivilDay normalises 31/02 into March: such a date was not a date.
  if (typed.day() != numbers[0] || typed.month() != numbers[1]) return std::nullopt;
  return absl::FormatCivilTime(typed);
}

std::string MonthOrFail(const std::string& flag, const std::string& text) {
  absl::CivilMonth month;
  std::string iso = text;
  if (text.size() == 7 && text[2] == '/')
    iso = absl::StrCat(text.substr(3), "-", text.substr(0, 2));
  if (iso.size() != 7 || !absl::ParseCivilTime(iso, &month) ||
      absl::FormatCivilTime(month) != iso) {
    Fail(
        Say(absl::StrCat("--", flag, "=", text, ": tháng viết YYYY-MM hoặc mm/yyyy, ví dụ 2024-03"),
            absl::StrCat("--", flag, "=", text, ": a month is YYYY-MM or mm/yyyy, e.g. 2024-03")));
  }
  return iso;
}

std::string DateOrFail(const std::string& flag, const std::string& text) {
  if (text.empty()) return "";
  std::optional<std::string> date = ParseDate(text);
  if (!date) {
    Fail(Say(absl::StrCat("--", flag, "=", text,
                          ": ngày viết YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2024-07-15 hoặc "
                          "15/07/2024"),
             absl::StrCat("--", flag, "=", text,
                          ": a date is YYYY-MM-DD or dd/mm/yyyy, e.g. 2024-07-15 or 15/07/2024")));
  }
  return *date;
}

std::vector<std::string> ListOf(const std::string& text) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

std::string QuickStartRole(const CliCommand& command) {
  if (command.unit_flag.empty()) return command.role;
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(command.unit_flag);
  const std::string unit = flag == nullptr ? "" : flag->CurrentValue();
  const std::string own = absl::StrCat(command.role, ":", unit);
  if (unit.empty() || ReadClientTokens(absl::GetFlag(FLAGS_client_tokens)).count(own) == 0) {
    return command.role;
  }
  return own;
}

std::string PlanIdOrCurrent(const ConnectionSettings& settings) {
  if (!absl::GetFlag(FLAGS_plan).empty()) return absl::GetFlag(FLAGS_plan);
  v1::Dashboard dashboard;
  CheckRecorded(v1::ProgramStatus::NewStub(Must(OpenChannel(settings)))
                    ->GetDashboard(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(),
                                   v1::StatusRequest(), &dashboard));
  if (dashboard.plan_id().empty()) {
    Fail(
        Say("máy chủ chưa có kế hoạch nào: ghi kế hoạch trước (minhbach plan issue PLAN-ID ...) "
            "hoặc cho --plan=ID",
            "the server holds no plan yet: record one first (minhbach plan issue PLAN-ID ...) "
            "or give --plan=ID"));
  }
  return dashboard.plan_id();
}

void CheckRecorded(const grpc::Status& status) {
  if (status.ok()) return;
  Fail(absl::StrCat(
      status.error_code() == grpc::StatusCode::UNAVAILABLE
          ? Say("không gửi được lệnh tới máy chủ, chưa ghi gì: ",
                "the command did not reach the server; nothing was recorded: ")
          : Say("máy chủ từ chối, không ghi gì: ", "the server refused; nothing was recorded: "),
      DescribeStatus(status)));
}

int PrintRecorded(const v1::CommandResult& result, const std::string& event_id,
                  const Recorded& recorded) {
  const std::string uuid = storage::FormatUuid(event_id);
  if (absl::GetFlag(FLAGS_json)) {
    // Written here rather than through google.protobuf.Struct, whose numbers
    // are doubles (10^15 đồng would print as 1e+15); keys in a fixed order.
    std::string json = absl::StrCat(
        "{\"outcome\":", JsonString(result.duplicate() ? "duplicate" : "recorded"),
        ",\"stream\":", JsonString(result.stream()), ",\"position\":", result.position(),
        ",\"stream_version\":", result.stream_version(), ",\"event_id\":", JsonString(uuid));
    for (const RecordedItem& item : recorded.items) {
      absl::StrAppend(&json, ",", JsonString(item.key), ":",
                      item.dong ? absl::StrCat(*item.dong) : JsonString(item.text));
    }
    std::printf("%s}\n", json.c_str());
    return 0;
  }
  std::vector<std::string> named;
  for (const RecordedItem& item : recorded.items) {
    const std::string label = Say(item.vi, item.en);
    named.push_back(absl::StrCat(label, label.empty() ? "" : " ",
                                 item.dong ? FormatDong(*item.dong) : item.text));
  }
  const std::string what =
      absl::StrCat(Say(recorded.what_vi, recorded.what_en), named.empty() ? "" : " (",
                   absl::StrJoin(named, ", "), named.empty() ? "" : ")");
  const std::string text =
      result.duplicate()
          ? Say(absl::StrCat("Đã ghi từ trước: ", what, ", luồng ", result.stream(), ", vị trí ",
                             result.position(), ". Lần này không ghi thêm gì.\n"),
                absl::StrCat("Already recorded: ", what, ", stream ", result.stream(),
                             ", position ", result.position(), ". Nothing was written now.\n"))
          : Say(absl::StrCat("Đã ghi ", what, " vào luồng ", result.stream(), ", vị trí ",
                             result.position(), " (phiên bản ", result.stream_version(),
                             " của luồng).\nMã sự kiện: ", uuid, "\n"),
                absl::StrCat("Recorded ", what, " in stream ", result.stream(), " at position ",
                             result.position(), " (version ", result.stream_version(),
                             " of the stream).\nEvent id: ", uuid, "\n"));
  std::printf("%s", TerminalSafeLines(text).c_str());
  return 0;
}

}  // namespace minhbach::clients
