// Timelines: who did what, when and why, for the whole program or one
// entity, with proofs on request; and replays of the raw events, checked
// against the signed root and folded here.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_table.h"
#include "clients/cli/view_point.h"
#include "clients/cli/views.h"
#include "clients/dashboard_text.h"
#include "clients/event_text.h"
#include "clients/summary_text.h"
#include "clients/text/language.h"
#include "clients/text/program_words.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "services/domain/dates.h"
#include "services/program/program_state.h"
#include "services/program/program_status.h"
#include "services/program/program_streams.h"
#include "storage/checkpoint.h"
#include "storage/merkle.h"

namespace minhbach::clients {

// The timeline request the flags describe, within the view point.
v1::TimelineRequest TimelineRequestFromFlags() {
  const ViewPoint point = ViewPointFromFlags();
  v1::TimelineRequest request;
  request.set_entity(absl::GetFlag(FLAGS_entity));
  request.set_kind(absl::GetFlag(FLAGS_kind));
  request.set_actor(absl::GetFlag(FLAGS_actor));
  request.set_business_from(absl::GetFlag(FLAGS_from_date));
  // --as-of bounds the business dates as --to_date does: the earlier counts.
  std::string to = absl::GetFlag(FLAGS_to_date);
  if (!point.business_date.empty() && (to.empty() || point.business_date < to)) {
    to = point.business_date;
  }
  request.set_business_to(to);
  request.set_recorded_to_micros(point.recorded_micros);
  request.set_with_proofs(absl::GetFlag(FLAGS_proofs));
  request.set_limit(std::min<uint32_t>(LimitOr(kDefaultTimelineLimit), 1000));
  return request;
}

// Pages of `request` until --limit items or the end, within the view point.
std::vector<v1::TimelinePage> FetchTimeline(const ConnectionSettings& settings,
                                            v1::TimelineRequest request) {
  const ViewPoint point = ViewPointFromFlags();
  auto stub = v1::Timeline::NewStub(Must(OpenChannel(settings)));
  std::vector<v1::TimelinePage> pages;
  int64_t left = LimitOr(kDefaultTimelineLimit);
  while (left > 0) {
    v1::TimelinePage& page = pages.emplace_back();
    Check(stub->GetTimeline(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                            &page));
    // The server bounds business and recorded times; the position is bounded here.
    const auto beyond = std::find_if(
        page.items().begin(), page.items().end(),
        [&point](const v1::TimelineItem& item) { return !InView(point, item.event().record()); });
    if (beyond != page.items().end()) {
      page.mutable_items()->DeleteSubrange(beyond - page.items().begin(),
                                           page.items().end() - beyond);
      page.clear_next_position();
    }
    if (page.items_size() > left)
      page.mutable_items()->DeleteSubrange(left, page.items_size() - left);
    left -= page.items_size();
    if (!page.has_next_position()) break;
    request.set_from_position(page.next_position());
  }
  return pages;
}

namespace {

// True when some event of `pages` is illustrative demo data.
bool AnyIllustrative(const std::vector<v1::TimelinePage>& pages) {
  for (const v1::TimelinePage& page : pages) {
    for (const v1::TimelineItem& item : page.items()) {
      if (IsIllustrativeEvent(item.event().record())) return true;
    }
  }
  return false;
}

// Under a row of a raw stream's event (ext/...): that the program's command
// services did not write it, so it is no program fact whatever its type.
std::string OutsideProgramNote(const v1::EventRecord& r) {
  if (program::ParseProgramStream(r.stream())) return "";
  return absl::StrCat(
      "        ↳ ", Say("ngoài chương trình (ext/): luồng ", "outside the program (ext/): stream "),
      r.stream(), "\n");
}

// Who did what, when (recorded and business times) and why, in log order.
int Timeline(const ConnectionSettings& settings) {
  const v1::TimelineRequest request = TimelineRequestFromFlags();
  std::optional<storage::note::Verifier> key;
  if (request.with_proofs()) {
    key = LogKey();
  }
  const bool json = absl::GetFlag(FLAGS_json);
  // Fetched first, so that an unknown entity fails before any header.
  const std::vector<v1::TimelinePage> pages = FetchTimeline(settings, request);
  if (!json) {
    if (AnyIllustrative(pages)) std::printf("%s\n", IllustrativeDataNote().c_str());
    std::printf("%s%s", ViewHeader(ViewPointFromFlags(), 0, 0).c_str(), EventHeader().c_str());
  }
  uint32_t shown = 0;
  for (const v1::TimelinePage& page : pages) {
    std::optional<storage::Checkpoint> head;
    if (key) head = Must(storage::OpenCheckpoint(page.checkpoint().signed_note(), *key));
    for (const v1::TimelineItem& item : page.items()) {
      const v1::EventRecord& r = item.event().record();
      if (head) {
        const absl::Status included = storage::merkle::VerifyInclusion(
            storage::merkle::HashLeaf(item.event().raw_record()), r.position(), head->size,
            ProofHashesOrFail(item.proof().hashes()), head->root);
        if (!included.ok()) {
          std::printf("%s\n",
                      Say(absl::StrCat("KHÔNG CHỨNG MINH ĐƯỢC: sự kiện ", r.position(),
                                       " không khớp đầu nhật ký đã ký: ", included.message()),
                          absl::StrCat("NOT PROVEN: event ", r.position(),
                                       " does not match the signed head: ", included.message()))
                          .c_str());
          return 1;
        }
      }
      ++shown;
      std::printf("%s", json ? EventJson(r, head.has_value()).c_str() : EventRow(r).c_str());
      if (!json) std::printf("%s", OutsideProgramNote(r).c_str());
    }
  }
  if (!json) {
    const bool more = !pages.empty() && pages.back().has_next_position();
    std::printf(
        "%s\n",
        Say(absl::StrCat(shown, " sự kiện",
                         key ? ", mỗi sự kiện đã được chứng minh có trong đầu nhật ký đã ký" : "",
                         more ? "; còn nữa (tăng --limit)" : ""),
            absl::StrCat(shown, " event", shown == 1 ? "" : "s",
                         key ? ", each proven included in the signed head" : "",
                         more ? "; more follow (raise --limit)" : ""))
            .c_str());
  }
  return 0;
}

// The aggregate behind `stream` as its events within the view point fold
// it (read through Replay, so the summary and the rows above agree).
program::ProgramState FoldStream(const ConnectionSettings& settings, const std::string& stream,
                                 const ViewPoint& point) {
  v1::ReplayRequest request;
  request.set_entity(stream);
  auto context = CallContext(settings, absl::GetFlag(FLAGS_timeout));
  auto reader = v1::Timeline::NewStub(Must(OpenChannel(settings)))->Replay(context.get(), request);
  program::ProgramState state;
  v1::Event event;
  while (reader->Read(&event)) {
    if (InView(point, event.record())) program::ApplyRecord(state, event.record());
  }
  const grpc::Status finished = reader->Finish();
  // A stream nothing was written to yet (no allocation yet): an empty aggregate.
  if (finished.error_code() != grpc::StatusCode::NOT_FOUND) Check(finished);
  return state;
}

// `assignment ID`, `supervision ID` (or SUPERVISION/FINDING), `finance
// SUB-PROJECT`: the timeline of that entity (for finance, its money events
// only), then what it adds up to on the reference date.
int EntityTimeline(const ConnectionSettings& settings, const std::string& what,
                   const std::vector<std::string>& args) {
  if (args.empty()) {
    Fail(
        Say(absl::StrCat("hãy cho mã: ", what, " MÃ"), absl::StrCat("give the id: ", what, " ID")));
  }
  const std::string id = args[0];
  absl::SetFlag(&FLAGS_entity, id);
  if (what == "finance" && absl::GetFlag(FLAGS_kind).empty()) {
    absl::SetFlag(&FLAGS_kind, "budget,disbursement");
  }
  const int shown = Timeline(settings);
  if (shown != 0 || absl::GetFlag(FLAGS_json)) return shown;
  const ViewPoint point = ViewPointFromFlags();
  std::string summary;
  if (what == "finance") {
    const program::ProgramState state = FoldStream(settings, program::BudgetStream(id), point);
    const auto budget = state.budgets.find(id);
    summary =
        BudgetSummaryText(budget == state.budgets.end() ? domain::BudgetState{} : budget->second);
  } else if (what == "assignment") {
    const program::ProgramState state = FoldStream(settings, program::AssignmentStream(id), point);
    if (const auto a = state.assignments.find(id); a != state.assignments.end()) {
      summary = AssignmentSummaryText(a->second, point.reference_date);
    }
  } else {
    // "GS-2024-01" or "GS-2024-01/F-02".
    const size_t slash = id.find('/');
    const std::string supervision = id.substr(0, slash);
    const std::string finding = slash == std::string::npos ? "" : id.substr(slash + 1);
    const program::ProgramState state =
        FoldStream(settings, program::SupervisionStream(supervision), point);
    if (const auto s = state.supervisions.find(supervision); s != state.supervisions.end()) {
      summary = SupervisionSummaryText(s->second, finding, point.reference_date);
    }
  }
  std::printf("\n%s", summary.c_str());
  return 0;
}

// Replays an entity's events, or the whole log's up to a point, from their
// raw bytes: a whole-log replay rebuilds the Merkle root here and checks it
// against the checkpoint the log signs at that size, and with --status folds
// the events here into the dashboard, without the server's projections.
int Replay(const ConnectionSettings& settings) {
  const ViewPoint point = ViewPointFromFlags();
  v1::ReplayRequest request;
  request.set_entity(absl::GetFlag(FLAGS_entity));
  if (point.position >= 0) {
    request.set_to_position(point.position);
    if (request.to_position() == 0) Fail("--as_of_position=0 replays nothing");
  }
  request.set_to_recorded_micros(point.recorded_micros);
  if (!absl::GetFlag(FLAGS_to_time).empty()) {
    if (!point.now()) Fail("give --to_time or a view point (--as-of...), not both");
    absl::Time to;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_to_time), &to, &error)) {
      Fail(absl::StrCat("--to_time must be RFC 3339, e.g. 2024-09-30T23:59:59Z: ", error));
    }
    request.set_to_recorded_micros(absl::ToUnixMicros(to));
  }
  const bool whole_log = request.entity().empty();
  const bool fold = absl::GetFlag(FLAGS_status);
  if (fold && !whole_log) Fail("--status folds the whole log: drop --entity");
  auto channel = Must(OpenChannel(settings));
  auto context = CallContext(settings, 0);
  auto reader = v1::Timeline::NewStub(channel)->Replay(context.get(), request);
  storage::merkle::CompactRange tree;
  program::ProgramState state;
  const bool print = !fold;
  if (print && !absl::GetFlag(FLAGS_json)) {
    std::printf("%s%s", ViewHeader(point, 0, 0).c_str(), EventHeader().c_str());
  }
  bool illustrative_shown = false;
  v1::Event event;
  uint64_t count = 0;
  while (reader->Read(&event)) {
    const v1::EventRecord& r = event.record();
    // Every event rebuilds the root; only those of the view point (by then,
    // for --as-of) are folded and shown.
    const bool in_view = InView(point, r);
    if (whole_log) {
      if (r.position() != tree.size()) {
        Fail(absl::StrCat("the replay skipped from ", tree.size(), " to ", r.position()));
      }
      tree.Append(storage::merkle::HashLeaf(event.raw_record()), [](int, uint64_t, const auto&) {});
      if (fold && in_view) {
        program::FoldRecord(state, r);
      } else if (fold) {
        ++state.position;  // offered to the fold, not applied: it had not happened yet
      }
    }
    if (!in_view) continue;
    ++count;
    if (print && !absl::GetFlag(FLAGS_json) && !illustrative_shown && IsIllustrativeEvent(r)) {
      // Replays stream: the note comes before the first illustrative event.
      std::printf("%s\n", IllustrativeDataNote().c_str());
      illustrative_shown = true;
    }
    if (print) {
      std::printf("%s",
                  absl::GetFlag(FLAGS_json) ? EventJson(r, false).c_str() : EventRow(r).c_str());
      if (!absl::GetFlag(FLAGS_json)) std::printf("%s", OutsideProgramNote(r).c_str());
    }
  }
  Check(reader->Finish());
  if (!whole_log) {
    if (!absl::GetFlag(FLAGS_json))
      std::printf("%s\n",
                  Say(absl::StrCat(count, " sự kiện"), absl::StrCat(count, " events")).c_str());
    return 0;
  }
  // The root of what was replayed against what the log signs at that size.
  const auto key = LogKey();
  v1::GetCheckpointRequest at;
  at.set_tree_size(tree.size());
  v1::SignedCheckpoint signed_head;
  if (tree.size() > 0) {
    Check(v1::Audit::NewStub(channel)->GetCheckpoint(
        CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), at, &signed_head));
  }
  const bool matches =
      tree.size() == 0 ||
      Must(storage::OpenCheckpoint(signed_head.signed_note(), key)).root == tree.Root();
  if (!matches) {
    std::printf(
        "%s\n",
        Say(absl::StrCat("KHÔNG XÁC MINH ĐƯỢC: ", tree.size(),
                         " sự kiện phát lại không dựng lại được gốc nhật ký ký ở ", tree.size(),
                         "; chạy `minhbach verify --all` để tìm sự kiện "
                         "đầu tiên sai khác"),
            absl::StrCat("NOT VERIFIED: the ", tree.size(),
                         " events replayed do not rebuild the root the log signs at ", tree.size(),
                         "; run `minhbach verify --all` to find the first that differs"))
            .c_str());
    return 1;
  }
  if (fold) {
    v1::Dashboard dashboard = program::BuildDashboard(state, point.reference_date);
    dashboard.mutable_basis()->set_position(state.position);
    dashboard.mutable_basis()->set_log_size(tree.size());
    dashboard.mutable_basis()->set_reference_date(point.reference_date);
    dashboard.mutable_basis()->set_illustrative_data(state.illustrative_data);
    if (!absl::GetFlag(FLAGS_json)) {
      std::printf("%s", ViewHeader(point, count, tree.size()).c_str());
    }
    PrintJsonOr(dashboard, DashboardText(dashboard));
  }
  // On stderr with --json, so that stdout stays JSON.
  std::fprintf(absl::GetFlag(FLAGS_json) ? stderr : stdout, "%s\n",
               Say(absl::StrCat("đã phát lại ", tree.size(),
                                " sự kiện; chúng dựng lại đúng gốc nhật ký ký ở ", tree.size()),
                   absl::StrCat(tree.size(),
                                " events replayed; they rebuild the root the log "
                                "signs at ",
                                tree.size()))
                   .c_str());
  return 0;
}

}  // namespace

std::vector<CliCommand> TimelineCommands() {
  auto entity = [](const char* what) {
    return [what](const std::vector<std::string>& args) {
      return EntityTimeline(Settings(), what, args);
    };
  };
  // The filters and the point in history every timeline view takes.
  const std::vector<std::string> view_flags = {
      "kind",  "actor",      "from_date",      "to_date",     "proofs",         "json",
      "limit", "as_of_date", "as_of_position", "as_recorded", "reference_date", "min_position"};
  std::vector<std::string> timeline_flags = view_flags;
  timeline_flags.push_back("entity");
  return {
      {"timeline",
       "timeline [--entity=E] [--kind=K] [--actor=A] [--from_date=D] [--to_date=D] [--proofs] "
       "[--as-of=D | --as-recorded=D | --as-of-position=N] [--json] [--limit=N]",
       "who did what, when (recorded and business dates) and why",
       [](const std::vector<std::string>&) { return Timeline(Settings()); },
       timeline_flags,
       "ai đã làm gì, khi nào (ngày ghi và ngày nghiệp vụ) và vì sao",
       {},
       "timeline --entity=DA3-TDA3 --kind=disbursement --proofs"},
      {"assignment",
       "assignment ID [--as-of=D ...] [--json]",
       "an assignment's timeline, then its state and days overdue",
       entity("assignment"),
       view_flags,
       "diễn biến của một phân công, rồi trạng thái và số ngày quá hạn",
       {"ID"},
       "assignment DA3-TDA3-01"},
      {"supervision",
       "supervision ID|ID/FINDING [--as-of=D ...] [--json]",
       "a supervision's (or one finding's) timeline, then its open recommendations",
       entity("supervision"),
       view_flags,
       "diễn biến của một cuộc giám sát (hoặc một phát hiện), rồi các kiến nghị còn mở",
       {"ID"},
       "supervision GS-2024-01/F-02"},
      {"finance",
       "finance SUB-PROJECT [--as-of=D ...] [--json]",
       "a sub-project's money events, then the balance of each allocation",
       entity("finance"),
       view_flags,
       "các khoản tiền của một tiểu dự án, rồi số dư từng khoản phân bổ",
       {"SUB-PROJECT"},
       "finance DA7-TDA1 --as-of=2024-06-30"},
      {"replay",
       "replay [--entity=E] [--as-of=D | --as-recorded=D | --as-of-position=N | --to_time=RFC3339] "
       "[--reference_date=D] [--status] [--json]",
       "the raw events, their root rebuilt here and checked; --status folds them here",
       [](const std::vector<std::string>&) { return Replay(Settings()); },
       {"entity", "as_of_date", "as_of_position", "as_recorded", "to_time", "status", "json",
        "reference_date"},
       "phát lại các sự kiện gốc, dựng lại gốc Merkle tại đây và kiểm chứng; --status gộp thành "
       "bảng tổng hợp",
       {},
       "replay --as-of-position=60 --status --reference_date=2024-11-30"},
  };
}

}  // namespace minhbach::clients
