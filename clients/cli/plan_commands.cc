// Recording the plan: `minhbach plan issue|target|revise-target|subproject|
// village`, one ProgramSetup command each (coordinator).
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/record_flags.h"

namespace minhbach::clients {
namespace {

using Args = std::vector<std::string>;
using v1::ProgramSetup;

int IssuePlan(const Args& args) {
  v1::IssuePlanRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::PlanIssued& body = *request.mutable_body();
  body.set_plan_id(args[0]);
  body.set_document_number(Required("document-number", absl::GetFlag(FLAGS_document_number)));
  // A plan whose document leaves the day blank is recorded by its month.
  const std::string month = absl::GetFlag(FLAGS_issued_month);
  if (month.empty()) {
    body.set_issued_date(
        DateOrFail("issued-date", Required("issued-date", absl::GetFlag(FLAGS_issued_date))));
  } else {
    body.set_issued_date(DateOrFail("issued-date", absl::GetFlag(FLAGS_issued_date)));
    body.set_issued_month(MonthOrFail("issued-month", month));
  }
  body.set_signer_title(absl::GetFlag(FLAGS_signer_title));
  body.set_signer_name(absl::GetFlag(FLAGS_signer_name));
  body.set_issuer(Required("issuer", absl::GetFlag(FLAGS_issuer)));
  body.set_legal_basis(Required("legal-basis", absl::GetFlag(FLAGS_legal_basis)));
  body.set_title(Required("title", absl::GetFlag(FLAGS_title)));
  return Record(&ProgramSetup::Stub::IssuePlan, request,
                {"kế hoạch", "plan", {{"plan_id", "", "", body.plan_id()}}});
}

// The fields TargetSet and TargetRevised share, from the flags.
template <typename Body>
void SetTargetFields(Body& body, const std::string& target_id) {
  body.set_plan_id(PlanIdOrCurrent(Settings()));
  body.set_target_id(target_id);
  body.set_description(Required("description", absl::GetFlag(FLAGS_description)));
  body.set_direction(Required("direction", absl::GetFlag(FLAGS_direction)));
  body.set_value_text(Required("value", absl::GetFlag(FLAGS_value)));
  body.set_numerator_target(CountOrFail("numerator", absl::GetFlag(FLAGS_numerator), 0));
  body.set_denominator_target(CountOrFail("denominator", absl::GetFlag(FLAGS_denominator), 0));
  body.set_deadline_date(DateOrFail("deadline", absl::GetFlag(FLAGS_deadline)));
  body.set_kind(absl::GetFlag(FLAGS_measure));
  body.set_unit(absl::GetFlag(FLAGS_target_unit));
  body.set_horizon_date(DateOrFail("horizon", absl::GetFlag(FLAGS_horizon)));
}

int SetTarget(const Args& args) {
  v1::SetTargetRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  SetTargetFields(*request.mutable_body(), args[0]);
  return Record(&ProgramSetup::Stub::SetTarget, request,
                {"chỉ tiêu", "target", {{"target_id", "", "", args[0]}}});
}

int ReviseTarget(const Args& args) {
  v1::ReviseTargetRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  SetTargetFields(*request.mutable_body(), args[0]);
  request.mutable_body()->set_reason(Required("reason", absl::GetFlag(FLAGS_reason)));
  return Record(&ProgramSetup::Stub::ReviseTarget, request,
                {"điều chỉnh chỉ tiêu", "target revision", {{"target_id", "", "", args[0]}}});
}

int RegisterSubProject(const Args& args) {
  v1::RegisterSubProjectRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::SubProjectRegistered& body = *request.mutable_body();
  body.set_plan_id(PlanIdOrCurrent(Settings()));
  body.set_subproject_id(args[0]);
  body.set_name(Required("name", absl::GetFlag(FLAGS_name)));
  body.set_funding_source(Required("funding-source", absl::GetFlag(FLAGS_funding_source)));
  for (const std::string& unit : ListOf(absl::GetFlag(FLAGS_lead))) body.add_lead_units(unit);
  for (const std::string& unit : ListOf(absl::GetFlag(FLAGS_coordinating))) {
    body.add_coordinating_units(unit);
  }
  body.set_deadline_date(DateOrFail("deadline", absl::GetFlag(FLAGS_deadline)));
  body.set_project_name(absl::GetFlag(FLAGS_project));
  body.set_beneficiaries_and_support(absl::GetFlag(FLAGS_beneficiaries));
  return Record(&ProgramSetup::Stub::RegisterSubProject, request,
                {"tiểu dự án", "sub-project", {{"subproject_id", "", "", args[0]}}});
}

int RegisterVillage(const Args& args) {
  v1::RegisterVillageRequest request;
  *request.mutable_meta() = CommandMetaFromFlags();
  v1::VillageRegistered& body = *request.mutable_body();
  body.set_plan_id(PlanIdOrCurrent(Settings()));
  body.set_village_id(args[0]);
  body.set_name(Required("name", absl::GetFlag(FLAGS_name)));
  return Record(&ProgramSetup::Stub::RegisterVillage, request,
                {"thôn", "village", {{"village_id", "", "", args[0]}}});
}

}  // namespace

std::vector<CliCommand> PlanCommands() {
  const std::vector<std::string> target_flags = {
      "plan",        "description", "direction", "value",       "numerator",
      "denominator", "deadline",    "measure",   "target_unit", "horizon"};
  std::vector<std::string> revise_flags = target_flags;
  revise_flags.push_back("reason");
  return {
      {"plan issue",
       "plan issue PLAN-ID --document-number=N --issued-date=D --issuer=... --legal-basis=... "
       "--title=...",
       "record the plan as issued",
       IssuePlan,
       RecordingFlags({"document_number", "issued_date", "issued_month", "issuer", "legal_basis",
                       "title", "signer_title", "signer_name"}),
       "ghi kế hoạch đã ban hành",
       {"PLAN-ID"},
       "plan issue lien-chung-2024 --document-number=45/KH-UBND --issued-date=15/03/2024 "
       "--issuer=\"UBND xã Liên Chung\" --legal-basis=\"Kế hoạch số 41/KH-UBND\" "
       "--title=\"Kế hoạch giảm nghèo 2024\"",
       "coordinator"},
      {"plan target",
       "plan target TARGET-ID --description=... --direction=at-most|at-least|deadline "
       "--value=TEXT [--numerator=N --denominator=D | --deadline=D] [--plan=ID]",
       "set one of the plan's targets",
       SetTarget,
       RecordingFlags(target_flags),
       "đặt một chỉ tiêu của kế hoạch",
       {"TARGET-ID"},
       "plan target poor-household-rate --description=\"Tỷ lệ hộ nghèo\" --direction=at-most "
       "--value=\"1.37 %\" --numerator=137 --denominator=10000",
       "coordinator"},
      {"plan revise-target",
       "plan revise-target TARGET-ID --reason=... [the fields of plan target, all of them]",
       "revise a target, with a reason (the fields replace the old ones)",
       ReviseTarget,
       RecordingFlags(revise_flags),
       "điều chỉnh một chỉ tiêu, có lý do (thay toàn bộ nội dung)",
       {"TARGET-ID"},
       "plan revise-target poor-household-rate --description=\"Tỷ lệ hộ nghèo\" "
       "--direction=at-most --value=\"1.2 %\" --numerator=12 --denominator=1000 "
       "--reason=\"Huyện giao lại chỉ tiêu\"",
       "coordinator"},
      {"plan subproject",
       "plan subproject SUB-PROJECT --name=... --funding-source=S [--lead=U,...] "
       "[--coordinating=U,...] [--deadline=D] [--plan=ID]",
       "register a sub-project of the plan",
       RegisterSubProject,
       RecordingFlags({"plan", "name", "funding_source", "lead", "coordinating", "deadline",
                       "project", "beneficiaries"}),
       "đăng ký một tiểu dự án của kế hoạch",
       {"SUB-PROJECT"},
       "plan subproject DA3-TDA3 --name=\"Hỗ trợ việc làm bền vững\" "
       "--funding-source=central-budget --lead=ldtbxh --deadline=31/12/2024",
       "coordinator"},
      {"plan village",
       "plan village VILLAGE-ID --name=... [--plan=ID]",
       "register a village (thôn) that reports",
       RegisterVillage,
       RecordingFlags({"plan", "name"}),
       "đăng ký một thôn (thôn báo cáo cho xã)",
       {"VILLAGE-ID"},
       "plan village thon-1 --name=\"Thôn 1\"",
       "coordinator"},
  };
}

}  // namespace minhbach::clients
