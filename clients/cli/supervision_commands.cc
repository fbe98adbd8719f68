// Recording supervision by the Fatherland Front: `minhbach supervision plan|
// inspect|finding|recommend|respond|resolve|close-finding|close`, one
// Supervision command each. `minhbach supervision ID` (timeline_commands.cc)
// shows one.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/record_flags.h"

namespace minhbach::clients {
namespace {

using Args = std::vector<std::string>;
using v1::Supervision;

RecordedItem SupervisionItem(const std::string& id) { return {"supervision_id", "", "", id}; }
RecordedItem FindingItem(const std::string& id) {
  return {"finding_id", "phát hiện", "finding", id};
}

int Plan(const Args&) {
  v1::PlanSupervisionRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::SupervisionPlanned& body = *request.mutable_body();
  body.set_supervision_id(IdOrGenerated(absl::GetFlag(FLAGS_id), "GS-", "supervision"));
  body.set_body(Required("body", absl::GetFlag(FLAGS_body)));
  body.set_scope(Required("scope", absl::GetFlag(FLAGS_scope)));
  body.set_planned_date(DateOrFail("date", Required("date", absl::GetFlag(FLAGS_date))));
  return Record(&Supervision::Stub::PlanSupervision, request,
                {"kế hoạch giám sát",
                 "supervision plan",
                 {SupervisionItem(body.supervision_id()),
                  {"planned_date", "ngày", "date", body.planned_date()}}});
}

int Inspect(const Args& args) {
  v1::ConductInspectionRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::InspectionConducted& body = *request.mutable_body();
  body.set_supervision_id(args[0]);
  body.set_date(DateOrFail("date", Required("date", absl::GetFlag(FLAGS_date))));
  for (const std::string& who :
       ListOf(Required("participants", absl::GetFlag(FLAGS_participants)))) {
    body.add_participants(who);
  }
  return Record(&Supervision::Stub::ConductInspection, request,
                {"buổi kiểm tra",
                 "inspection",
                 {SupervisionItem(args[0]), {"date", "ngày", "date", body.date()}}});
}

int Finding(const Args& args) {
  v1::RecordFindingRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::FindingRecorded& body = *request.mutable_body();
  body.set_supervision_id(args[0]);
  body.set_finding_id(IdOrGenerated(absl::GetFlag(FLAGS_finding), "F-", "finding"));
  body.set_subject(Required("subject", absl::GetFlag(FLAGS_subject)));
  body.set_severity(Required("severity", absl::GetFlag(FLAGS_severity)));
  body.set_description(Required("description", absl::GetFlag(FLAGS_description)));
  return Record(&Supervision::Stub::RecordFinding, request,
                {"phát hiện",
                 "finding",
                 {{"finding_id", "", "", body.finding_id()}, SupervisionItem(args[0])}});
}

int Recommend(const Args& args) {
  v1::IssueRecommendationRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::RecommendationIssued& body = *request.mutable_body();
  body.set_supervision_id(args[0]);
  body.set_finding_id(Required("finding", absl::GetFlag(FLAGS_finding)));
  body.set_recommendation_id(
      IdOrGenerated(absl::GetFlag(FLAGS_recommendation), "KN-", "recommendation"));
  body.set_text(Required("text", absl::GetFlag(FLAGS_text)));
  body.set_responsible_unit(Required("unit", absl::GetFlag(FLAGS_unit)));
  body.set_due_date(DateOrFail("due", Required("due", absl::GetFlag(FLAGS_due))));
  return Record(&Supervision::Stub::IssueRecommendation, request,
                {"kiến nghị",
                 "recommendation",
                 {{"recommendation_id", "", "", body.recommendation_id()},
                  SupervisionItem(args[0]),
                  FindingItem(body.finding_id()),
                  {"due_date", "hạn trả lời", "due", body.due_date()}}});
}

int Respond(const Args& args) {
  v1::SubmitResponseRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::ResponseSubmitted& body = *request.mutable_body();
  body.set_supervision_id(args[0]);
  body.set_recommendation_id(Required("recommendation", absl::GetFlag(FLAGS_recommendation)));
  body.set_by_unit(Required("by", absl::GetFlag(FLAGS_by)));
  body.set_text(Required("text", absl::GetFlag(FLAGS_text)));
  return Record(&Supervision::Stub::SubmitResponse, request,
                {"trả lời kiến nghị",
                 "response",
                 {SupervisionItem(args[0]),
                  {"recommendation_id", "kiến nghị", "recommendation", body.recommendation_id()}}});
}

int Resolve(const Args& args) {
  v1::ResolveFindingRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::FindingResolved& body = *request.mutable_body();
  body.set_supervision_id(args[0]);
  body.set_finding_id(Required("finding", absl::GetFlag(FLAGS_finding)));
  body.set_verified_by(Required("by", absl::GetFlag(FLAGS_by)));
  body.set_note(absl::GetFlag(FLAGS_note));
  return Record(&Supervision::Stub::ResolveFinding, request,
                {"việc xác nhận đã khắc phục",
                 "resolution",
                 {SupervisionItem(args[0]), FindingItem(body.finding_id())}});
}

int CloseFinding(const Args& args) {
  v1::CloseFindingRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::FindingClosed& body = *request.mutable_body();
  body.set_supervision_id(args[0]);
  body.set_finding_id(Required("finding", absl::GetFlag(FLAGS_finding)));
  body.set_by(Required("by", absl::GetFlag(FLAGS_by)));
  body.set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&Supervision::Stub::CloseFinding, request,
                {"việc đóng phát hiện",
                 "closing of the finding",
                 {SupervisionItem(args[0]), FindingItem(body.finding_id())}});
}

int Close(const Args& args) {
  v1::CloseSupervisionRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_supervision_id(args[0]);
  request.mutable_body()->set_by(Required("by", absl::GetFlag(FLAGS_by)));
  request.mutable_body()->set_summary(Required("summary", absl::GetFlag(FLAGS_summary)));
  return Record(
      &Supervision::Stub::CloseSupervision, request,
      {"việc kết thúc giám sát", "closing of the supervision", {SupervisionItem(args[0])}});
}

}  // namespace

std::vector<CliCommand> SupervisionCommands() {
  return {
      {"supervision plan",
       "supervision plan --body=WHO --scope=... --date=D [--id=ID]",
       "plan a supervision",
       Plan,
       RecordingFlags({"id", "body", "scope", "date"}),
       "lập kế hoạch một cuộc giám sát",
       {},
       "supervision plan --id=GS-2024-01 --body=\"UBMTTQ xã\" --scope=\"Giải ngân DA3-TDA3\" "
       "--date=20/08/2024",
       "supervisor"},
      {"supervision inspect",
       "supervision inspect ID --date=D --participants=WHO[,WHO...]",
       "record an inspection (a visit, a review of records)",
       Inspect,
       RecordingFlags({"date", "participants"}),
       "ghi một buổi kiểm tra (đến nơi, xem sổ sách)",
       {"ID"},
       "supervision inspect GS-2024-01 --date=22/08/2024 --participants=\"UBMTTQ xã\"",
       "supervisor"},
      {"supervision finding",
       "supervision finding ID --subject=S --severity=low|medium|high --description=... "
       "[--finding=F]",
       "record what the inspection found",
       Finding,
       RecordingFlags({"finding", "subject", "severity", "description"}),
       "ghi một phát hiện của buổi kiểm tra",
       {"ID"},
       "supervision finding GS-2024-01 --finding=F-01 --subject=DA3-TDA3 --severity=medium "
       "--description=\"Chứng từ thiếu chữ ký\"",
       "supervisor"},
      {"supervision recommend",
       "supervision recommend ID --finding=F --text=... --unit=U --due=D [--recommendation=R]",
       "issue a recommendation about an open finding to one unit",
       Recommend,
       RecordingFlags({"finding", "recommendation", "text", "unit", "due"}),
       "đưa một kiến nghị về phát hiện còn mở cho một đơn vị",
       {"ID"},
       "supervision recommend GS-2024-01 --finding=F-01 --recommendation=KN-01 "
       "--text=\"Bổ sung chữ ký\" --unit=ldtbxh --due=30/09/2024",
       "supervisor"},
      {"supervision respond",
       "supervision respond ID --recommendation=R --by=UNIT --text=...",
       "the responsible unit answers a recommendation",
       Respond,
       RecordingFlags({"recommendation", "by", "text"}),
       "đơn vị được kiến nghị trả lời kiến nghị",
       {"ID"},
       "supervision respond GS-2024-01 --recommendation=KN-01 --by=ldtbxh "
       "--text=\"Đã bổ sung chữ ký\"",
       "coordinator"},
      {"supervision resolve",
       "supervision resolve ID --finding=F --by=WHO [--note=...]",
       "the supervisors verify a finding was remedied (final)",
       Resolve,
       RecordingFlags({"finding", "by", "note"}),
       "đoàn giám sát xác nhận phát hiện đã được khắc phục",
       {"ID"},
       "supervision resolve GS-2024-01 --finding=F-01 --by=\"UBMTTQ xã\"",
       "supervisor"},
      {"supervision close-finding",
       "supervision close-finding ID --finding=F --by=WHO --reason=...",
       "close a finding without resolving it (final)",
       CloseFinding,
       RecordingFlags({"finding", "by", "reason"}),
       "đóng một phát hiện chưa khắc phục, có lý do",
       {"ID"},
       "supervision close-finding GS-2024-01 --finding=F-02 --by=\"UBMTTQ xã\" "
       "--reason=\"Chuyển sang kỳ sau\"",
       "supervisor"},
      {"supervision close",
       "supervision close ID --by=WHO --summary=...",
       "end the supervision when no finding is open (final)",
       Close,
       RecordingFlags({"by", "summary"}),
       "kết thúc cuộc giám sát khi không còn phát hiện nào mở",
       {"ID"},
       "supervision close GS-2024-01 --by=\"UBMTTQ xã\" --summary=\"Kết luận giám sát\"",
       "supervisor"},
  };
}

}  // namespace minhbach::clients
