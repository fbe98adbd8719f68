// Recording the reporting chain, village -> commune -> district: `minhbach
// report submit|approve|return|consolidate|send|accept|return-commune|
// reopen`, one Reporting command each. `minhbach report TARGET`
// (view_commands.cc) shows a target's values.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/record_flags.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

using Args = std::vector<std::string>;
using v1::Reporting;

RecordedItem PeriodItem(const std::string& period) { return {"period", "kỳ", "period", period}; }
RecordedItem VillageItem(const std::string& village) {
  return {"village_id", "thôn", "village", village};
}

// "dim-health:412/430" (a share: numerator of denominator) or
// "merit-new-poor:2" (a count, no denominator) as a TargetValue, or Fail
// saying how to write it.
v1::TargetValue TargetValueOrFail(const std::string& item) {
  const size_t colon = item.rfind(':');
  const size_t slash = item.rfind('/');
  if (colon == std::string::npos || colon == 0 || (slash != std::string::npos && slash < colon)) {
    Fail(Say(absl::StrCat("--values: \"", item,
                          "\" không đúng dạng CHỈ-TIÊU:TỬ-SỐ/MẪU-SỐ (tỷ lệ) hoặc CHỈ-TIÊU:SỐ "
                          "(đếm), ví dụ dim-health:412/430, merit-new-poor:0"),
             absl::StrCat("--values: \"", item,
                          "\" is not TARGET:NUMERATOR/DENOMINATOR (a share) or TARGET:N (a "
                          "count), e.g. dim-health:412/430, merit-new-poor:0")));
  }
  v1::TargetValue value;
  value.set_target_id(item.substr(0, colon));
  if (slash == std::string::npos) {  // a count
    value.set_numerator(CountOrFail("values", item.substr(colon + 1), -1));
    if (value.numerator() < 0) {
      Fail(Say(absl::StrCat("--values: \"", item, "\": số đếm là số nguyên không âm"),
               absl::StrCat("--values: \"", item, "\": a count is a whole number, 0 or more")));
    }
    return value;
  }
  value.set_numerator(CountOrFail("values", item.substr(colon + 1, slash - colon - 1), -1));
  value.set_denominator(CountOrFail("values", item.substr(slash + 1), -1));
  if (value.numerator() < 0 || value.denominator() <= 0) {
    Fail(Say(absl::StrCat("--values: \"", item, "\": tử số và mẫu số là số nguyên, mẫu số > 0"),
             absl::StrCat("--values: \"", item,
                          "\": numerator and denominator are whole numbers, denominator > 0")));
  }
  return value;
}

// Marks the consolidation partial, for `reason`. The fields (partial,
// partial_reason) come with the rule that refuses a consolidation while
// villages have not reported; they are set by name so that this client
// builds against a protocol with or without them.
void SetPartial(v1::CommuneReportConsolidated& body, const std::string& reason) {
  namespace pb = google::protobuf;
  const pb::FieldDescriptor* flag = body.GetDescriptor()->FindFieldByName("partial");
  const pb::FieldDescriptor* why = body.GetDescriptor()->FindFieldByName("partial_reason");
  if (why == nullptr || why->type() != pb::FieldDescriptor::TYPE_STRING ||
      (flag != nullptr && flag->type() != pb::FieldDescriptor::TYPE_BOOL)) {
    Fail(
        Say("--partial: phiên bản này chưa ghi được báo cáo tổng hợp một phần (không có trường "
            "partial_reason); bỏ --partial",
            "--partial: this version cannot record a partial consolidation (no partial_reason "
            "field); drop --partial"));
  }
  if (flag != nullptr) body.GetReflection()->SetBool(&body, flag, true);
  body.GetReflection()->SetString(&body, why, reason);
}

int Submit(const Args& args) {
  v1::SubmitVillageReportRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::VillageReportSubmitted& body = *request.mutable_body();
  body.set_period(args[0]);
  body.set_village_id(Required("village", absl::GetFlag(FLAGS_village)));
  for (const std::string& item : ListOf(Required("values", absl::GetFlag(FLAGS_values)))) {
    *body.add_values() = TargetValueOrFail(item);
  }
  return Record(&Reporting::Stub::SubmitVillageReport, request,
                {"báo cáo của thôn",
                 "village report",
                 {PeriodItem(args[0]),
                  VillageItem(body.village_id()),
                  {"values", "giá trị", "values", absl::GetFlag(FLAGS_values)}}});
}

int Approve(const Args& args) {
  v1::ApproveVillageReportRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  request.mutable_body()->set_village_id(Required("village", absl::GetFlag(FLAGS_village)));
  return Record(&Reporting::Stub::ApproveVillageReport, request,
                {"việc duyệt báo cáo của thôn",
                 "approval of the village report",
                 {PeriodItem(args[0]), VillageItem(request.body().village_id())}});
}

int Return(const Args& args) {
  v1::ReturnVillageReportRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  request.mutable_body()->set_village_id(Required("village", absl::GetFlag(FLAGS_village)));
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&Reporting::Stub::ReturnVillageReport, request,
                {"việc trả lại báo cáo của thôn",
                 "return of the village report",
                 {PeriodItem(args[0]), VillageItem(request.body().village_id())}});
}

int Consolidate(const Args& args) {
  v1::ConsolidateCommuneReportRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  const std::string partial = absl::GetFlag(FLAGS_partial);
  if (!partial.empty()) SetPartial(*request.mutable_body(), partial);
  Recorded recorded{
      "báo cáo tổng hợp của xã", "commune report consolidation", {PeriodItem(args[0])}};
  if (!partial.empty()) {
    recorded.items.push_back(
        {"partial_reason", "tổng hợp một phần, lý do", "partial, because", partial});
  }
  return Record(&Reporting::Stub::ConsolidateCommuneReport, request, recorded);
}

int Send(const Args& args) {
  v1::SendCommuneReportToDistrictRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  return Record(&Reporting::Stub::SendCommuneReportToDistrict, request,
                {"việc gửi báo cáo của xã lên huyện",
                 "commune report sent to the district",
                 {PeriodItem(args[0])}});
}

int Accept(const Args& args) {
  v1::AcceptCommuneReportRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  request.mutable_body()->set_by(Required("by", absl::GetFlag(FLAGS_by)));
  return Record(&Reporting::Stub::AcceptCommuneReport, request,
                {"việc huyện tiếp nhận báo cáo của xã",
                 "district's acceptance of the commune report",
                 {PeriodItem(args[0]), {"by", "người nhận", "by", request.body().by()}}});
}

int ReturnCommune(const Args& args) {
  v1::ReturnCommuneReportRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&Reporting::Stub::ReturnCommuneReport, request,
                {"việc huyện trả lại báo cáo của xã",
                 "district's return of the commune report",
                 {PeriodItem(args[0])}});
}

int Reopen(const Args& args) {
  v1::ReopenPeriodRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  request.mutable_body()->set_period(args[0]);
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&Reporting::Stub::ReopenPeriod, request,
                {"việc mở lại kỳ báo cáo", "reopening of the period", {PeriodItem(args[0])}});
}

}  // namespace

std::vector<CliCommand> ReportCommands() {
  return {
      {"report submit",
       "report submit PERIOD --village=V --values=TARGET:N/D[,TARGET:N/D...]",
       "a village submits (or resubmits) its report for the period",
       Submit,
       RecordingFlags({"village", "values"}),
       "thôn nộp (hoặc nộp lại) báo cáo của kỳ",
       {"PERIOD"},
       "report submit 2024-H1 --village=thon-1 --values=dim-health:412/430",
       "village",
       "village"},
      {"report approve",
       "report approve PERIOD --village=V",
       "approve a village's submitted report",
       Approve,
       RecordingFlags({"village"}),
       "xã duyệt báo cáo thôn đã nộp",
       {"PERIOD"},
       "report approve 2024-H1 --village=thon-1",
       "coordinator"},
      {"report return",
       "report return PERIOD --village=V --reason=...",
       "return a village's report for correction",
       Return,
       RecordingFlags({"village", "reason"}),
       "xã trả lại báo cáo của thôn để sửa",
       {"PERIOD"},
       "report return 2024-H1 --village=thon-1 --reason=\"Thiếu số hộ\"",
       "coordinator"},
      {"report consolidate",
       "report consolidate PERIOD [--partial=REASON]",
       "consolidate the commune report from the approved village reports",
       Consolidate,
       RecordingFlags({"partial"}),
       "xã tổng hợp báo cáo từ các báo cáo thôn đã duyệt (--partial: khi còn thôn chưa báo cáo, "
       "ghi rõ lý do)",
       {"PERIOD"},
       "report consolidate 2024-H1",
       "coordinator"},
      {"report send",
       "report send PERIOD",
       "send the consolidated commune report to the district",
       Send,
       RecordingFlags({}),
       "gửi báo cáo tổng hợp của xã lên huyện",
       {"PERIOD"},
       "report send 2024-H1",
       "coordinator"},
      {"report accept",
       "report accept PERIOD --by=WHO",
       "the district accepts the commune report (the period is locked)",
       Accept,
       RecordingFlags({"by"}),
       "huyện tiếp nhận báo cáo của xã (kỳ báo cáo được khóa)",
       {"PERIOD"},
       "report accept 2024-H1 --by=\"Phòng LĐ-TB&XH huyện\"",
       "district"},
      {"report return-commune",
       "report return-commune PERIOD --reason=...",
       "the district returns the commune report for correction",
       ReturnCommune,
       RecordingFlags({"reason"}),
       "huyện trả lại báo cáo của xã để sửa",
       {"PERIOD"},
       "report return-commune 2024-H1 --reason=\"Thiếu số liệu thôn 3\"",
       "district"},
      {"report reopen",
       "report reopen PERIOD --reason=...",
       "open an accepted period again for corrections",
       Reopen,
       RecordingFlags({"reason"}),
       "mở lại kỳ báo cáo đã khóa để đính chính",
       {"PERIOD"},
       "report reopen 2024-H1 --reason=\"Thôn 2 sửa số hộ\"",
       "coordinator"},
  };
}

}  // namespace minhbach::clients
