// The raw log: append an event, read a page of the log or of one stream,
// follow it live.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/event_text.h"
#include "clients/terminal_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/uuid.h"

namespace minhbach::clients {
namespace {

// Events a read shows unless --limit says.
constexpr uint32_t kDefaultLimit = 20;

void PrintEvent(const v1::Event& event) {
  const v1::EventRecord& r = event.record();
  if (absl::GetFlag(FLAGS_json)) {
    std::printf("%s\n", JsonOf(event).c_str());
    return;
  }
  std::printf("%6llu  %-28s v%-4llu %-24s %s  %s %s  %s\n",
              static_cast<unsigned long long>(r.position()), TerminalSafe(r.stream()).c_str(),
              static_cast<unsigned long long>(r.stream_version()),
              TerminalSafe(r.event_type()).c_str(),
              FormatVietnamTime(absl::FromUnixMicros(r.recorded_time_micros())).c_str(),
              Say("bởi", "by").c_str(), TerminalSafe(r.actor()).c_str(),
              (IsIllustrativeEvent(r) ? Say("[minh họa] ", "[illustrative] ") : std::string())
                  .append(TerminalSafe(PayloadJson(r)))
                  .c_str());
}

int Append(const ConnectionSettings& settings, const std::vector<std::string>& args) {
  if (args.size() < 2) {
    Fail(Say("cách dùng: minhbach append LUỒNG LOẠI_SỰ_KIỆN [NỘI_DUNG]",
             "usage: minhbach append STREAM EVENT_TYPE [PAYLOAD]"));
  }
  v1::AppendRequest request;
  request.set_stream(args[0]);
  const std::string expect = absl::GetFlag(FLAGS_expect);
  uint64_t version = 0;
  if (expect == "none") {
    request.set_expect_no_stream(true);
  } else if (absl::SimpleAtoi(expect, &version)) {
    request.set_expect_version(version);
  } else if (expect != "any") {
    Fail(Say("--expect nhận any, none hoặc một số phiên bản",
             "--expect must be any, none or a version number"));
  }
  v1::NewEvent* event = request.add_events();
  event->set_event_id(storage::FormatUuid(storage::NewRandomUuid()));
  event->set_event_type(args[1]);
  event->mutable_business_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  if (args.size() > 2) event->set_payload(args[2]);
  v1::AppendResponse response;
  auto channel = Must(OpenChannel(settings));
  Check(v1::EventLog::NewStub(channel)->Append(
      CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request, &response));
  std::printf("%s\n",
              Say(absl::StrCat("đã ghi ở vị trí ", response.first_position(), " (phiên bản luồng ",
                               response.first_version(), ")",
                               response.duplicate() ? " (đã có từ trước: không ghi gì thêm)" : ""),
                  absl::StrCat("appended at position ", response.first_position(),
                               " (stream version ", response.first_version(), ")",
                               response.duplicate() ? " (already there: nothing written)" : ""))
                  .c_str());
  return 0;
}

int Read(const ConnectionSettings& settings) {
  auto stub = v1::EventLog::NewStub(Must(OpenChannel(settings)));
  v1::ReadEventsResponse page;
  if (absl::GetFlag(FLAGS_stream).empty()) {
    v1::ReadAllRequest request;
    request.set_from_position(absl::GetFlag(FLAGS_from));
    request.set_limit(LimitOr(kDefaultLimit));
    Check(stub->ReadAll(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request, &page));
  } else {
    v1::ReadStreamRequest request;
    request.set_stream(absl::GetFlag(FLAGS_stream));
    if (absl::GetFlag(FLAGS_from) > 0 || !absl::GetFlag(FLAGS_backward)) {
      request.set_from_version(absl::GetFlag(FLAGS_from));
    }
    request.set_backward(absl::GetFlag(FLAGS_backward));
    request.set_limit(LimitOr(kDefaultLimit));
    Check(stub->ReadStream(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                           &page));
  }
  for (const v1::Event& event : page.events()) PrintEvent(event);
  if (page.has_next() && !absl::GetFlag(FLAGS_json)) {
    std::fprintf(stderr, "more: --from=%llu\n", static_cast<unsigned long long>(page.next()));
  }
  return 0;
}

int Tail(const ConnectionSettings& settings) {
  auto stub = v1::EventLog::NewStub(Must(OpenChannel(settings)));
  auto context = CallContext(settings, 0);  // until interrupted
  v1::SubscribeRequest request;
  request.set_from_position(absl::GetFlag(FLAGS_from));
  auto reader = stub->Subscribe(context.get(), request);
  v1::Event event;
  while (reader->Read(&event)) {
    PrintEvent(event);
    std::fflush(stdout);
  }
  Check(reader->Finish());
  return 0;
}

}  // namespace

std::vector<CliCommand> LogCommands() {
  return {
      {"append",
       "append STREAM EVENT_TYPE [PAYLOAD] [--expect=any|none|N]",
       "append one event to a stream (service and admin tokens, under their prefixes)",
       [](const std::vector<std::string>& args) { return Append(Settings(), args); },
       {"expect", "json"},
       "ghi một sự kiện vào một luồng (mã truy cập service và admin, trong tiền tố của chúng)",
       {"STREAM", "EVENT_TYPE"},
       "append ext/notes NoteRecorded \"first note\""},
      {"read",
       "read [--stream=S] [--from=N] [--limit=N] [--backward] [--json]",
       "a page of the log, or of one stream",
       [](const std::vector<std::string>&) { return Read(Settings()); },
       {"stream", "from", "limit", "backward", "json"},
       "một trang của sổ cái, hoặc của một luồng",
       {},
       "read --role=supervisor --stream=program/budget/DA3-TDA3"},
      {"tail",
       "tail [--from=N]",
       "catch up, then follow the log live",
       [](const std::vector<std::string>&) { return Tail(Settings()); },
       {"from", "json"},
       "đọc tới cuối rồi theo dõi sổ cái trực tiếp",
       {},
       "tail --from=0"},
  };
}

}  // namespace minhbach::clients
