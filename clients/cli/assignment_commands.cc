// Recording assignments (phân công): `minhbach assignment make|accept|
// progress|due-date|reassign|complete|cancel`, one Assignments command each.
// `minhbach assignment ID` (timeline_commands.cc) shows one.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/record_flags.h"

namespace minhbach::clients {
namespace {

using Args = std::vector<std::string>;
using v1::Assignments;

RecordedItem AssignmentItem(const std::string& id) { return {"assignment_id", "", "", id}; }

int Make(const Args& args) {
  v1::MakeAssignmentRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::AssignmentMade& body = *request.mutable_body();
  body.set_subproject_id(args[0]);
  body.set_assignment_id(IdOrGenerated(absl::GetFlag(FLAGS_id), args[0] + "-", "assignment"));
  for (const std::string& unit : ListOf(Required("lead", absl::GetFlag(FLAGS_lead)))) {
    body.add_lead_units(unit);
  }
  for (const std::string& unit : ListOf(absl::GetFlag(FLAGS_coordinating))) {
    body.add_coordinating_units(unit);
  }
  body.set_due_date(DateOrFail("due", Required("due", absl::GetFlag(FLAGS_due))));
  body.set_description(Required("description", absl::GetFlag(FLAGS_description)));
  return Record(&Assignments::Stub::MakeAssignment, request,
                {"phân công",
                 "assignment",
                 {AssignmentItem(body.assignment_id()),
                  {"subproject_id", "tiểu dự án", "sub-project", args[0]},
                  {"due_date", "hạn", "due", body.due_date()}}});
}

int Accept(const Args& args) {
  v1::AcceptAssignmentRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_assignment_id(args[0]);
  request.mutable_body()->set_by_unit(Required("by", absl::GetFlag(FLAGS_by)));
  return Record(&Assignments::Stub::AcceptAssignment, request,
                {"việc nhận phân công",
                 "acceptance of the assignment",
                 {AssignmentItem(args[0]), {"by_unit", "đơn vị", "by", request.body().by_unit()}}});
}

int Progress(const Args& args) {
  v1::ReportProgressRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::AssignmentProgressReported& body = *request.mutable_body();
  body.set_assignment_id(args[0]);
  body.set_text(Required("text", absl::GetFlag(FLAGS_text)));
  body.set_quantity(CountOrFail("quantity", absl::GetFlag(FLAGS_quantity), 0));
  for (const std::string& ref : ListOf(absl::GetFlag(FLAGS_evidence))) body.add_evidence_refs(ref);
  return Record(&Assignments::Stub::ReportProgress, request,
                {"tiến độ", "progress", {AssignmentItem(args[0])}});
}

int DueDate(const Args& args) {
  v1::ChangeDueDateRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_assignment_id(args[0]);
  request.mutable_body()->set_new_due_date(
      DateOrFail("due", Required("due", absl::GetFlag(FLAGS_due))));
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(
      &Assignments::Stub::ChangeDueDate, request,
      {"hạn mới",
       "new due date",
       {AssignmentItem(args[0]), {"new_due_date", "hạn", "due", request.body().new_due_date()}}});
}

int Reassign(const Args& args) {
  v1::ReassignRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_assignment_id(args[0]);
  for (const std::string& unit : ListOf(Required("lead", absl::GetFlag(FLAGS_lead)))) {
    request.mutable_body()->add_lead_units(unit);
  }
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(
      &Assignments::Stub::Reassign, request,
      {"việc giao lại",
       "reassignment",
       {AssignmentItem(args[0]), {"lead_units", "chủ trì", "lead", absl::GetFlag(FLAGS_lead)}}});
}

int Complete(const Args& args) {
  v1::CompleteAssignmentRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_assignment_id(args[0]);
  request.mutable_body()->set_summary(Required("summary", absl::GetFlag(FLAGS_summary)));
  return Record(&Assignments::Stub::CompleteAssignment, request,
                {"việc hoàn thành", "completion", {AssignmentItem(args[0])}});
}

int Cancel(const Args& args) {
  v1::CancelAssignmentRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_assignment_id(args[0]);
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&Assignments::Stub::CancelAssignment, request,
                {"việc hủy phân công", "cancellation", {AssignmentItem(args[0])}});
}

}  // namespace

std::vector<CliCommand> AssignmentCommands() {
  return {
      {"assignment make",
       "assignment make SUB-PROJECT --lead=U[,U...] --due=D --description=... "
       "[--coordinating=U,...] [--id=ID]",
       "assign work on a sub-project to its lead units",
       Make,
       RecordingFlags({"id", "lead", "coordinating", "due", "description"}),
       "giao việc của một tiểu dự án cho đơn vị chủ trì",
       {"SUB-PROJECT"},
       "assignment make DA3-TDA3 --lead=ldtbxh --due=30/09/2024 "
       "--description=\"Tư vấn việc làm cho hộ nghèo\" --request-id=pc-da3-tda3",
       "coordinator"},
      {"assignment accept",
       "assignment accept ID --by=UNIT",
       "a lead unit accepts the assignment",
       Accept,
       RecordingFlags({"by"}),
       "đơn vị chủ trì nhận việc được giao",
       {"ID"},
       "assignment accept DA3-TDA3-1A2B3C4D --by=ldtbxh",
       "implementer",
       "by"},
      {"assignment progress",
       "assignment progress ID --text=... [--quantity=N] [--evidence=REF,...]",
       "report progress on an accepted assignment",
       Progress,
       RecordingFlags({"text", "quantity", "evidence"}),
       "báo cáo tiến độ việc đã nhận",
       {"ID"},
       "assignment progress DA3-TDA3-1A2B3C4D --text=\"Đã tư vấn 12 hộ\" --quantity=12",
       "implementer"},
      {"assignment due-date",
       "assignment due-date ID --due=D --reason=...",
       "move the assignment's deadline, with a reason",
       DueDate,
       RecordingFlags({"due", "reason"}),
       "dời hạn của việc được giao, có lý do",
       {"ID"},
       "assignment due-date DA3-TDA3-1A2B3C4D --due=31/10/2024 --reason=\"Chờ kinh phí\"",
       "coordinator"},
      {"assignment reassign",
       "assignment reassign ID --lead=U[,U...] --reason=...",
       "give the work to other lead units, with a reason",
       Reassign,
       RecordingFlags({"lead", "reason"}),
       "giao lại việc cho đơn vị chủ trì khác, có lý do",
       {"ID"},
       "assignment reassign DA3-TDA3-1A2B3C4D --lead=vhxh --reason=\"Đổi người phụ trách\"",
       "coordinator"},
      {"assignment complete",
       "assignment complete ID --summary=...",
       "the work is done (final)",
       Complete,
       RecordingFlags({"summary"}),
       "việc đã hoàn thành (không đổi được nữa)",
       {"ID"},
       "assignment complete DA3-TDA3-1A2B3C4D --summary=\"Đã tư vấn 40 hộ\"",
       "implementer"},
      {"assignment cancel",
       "assignment cancel ID --reason=...",
       "call the work off (final)",
       Cancel,
       RecordingFlags({"reason"}),
       "hủy việc được giao (không đổi được nữa)",
       {"ID"},
       "assignment cancel DA3-TDA3-1A2B3C4D --reason=\"Trùng với việc khác\"",
       "coordinator"},
  };
}

}  // namespace minhbach::clients
