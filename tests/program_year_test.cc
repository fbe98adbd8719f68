// The real plan through a year, over gRPC against a real server: the seed
// plan imported, assignments made, accepted, extended with a reason and
// completed, money allocated and paid with one reversal, village reports
// returned, approved, consolidated and accepted by the district, and an MTTQ
// supervision whose finding is resolved while another stays open. The
// dashboard at the end is checked against numbers computed by hand here.
#include <fstream>
#include <sstream>

#include "clients/program_import.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "services/rpc/raw_unary_call.h"
#include "storage/checkpoint.h"
#include "storage/merkle.h"
#include "storage/signed_note.h"
#include "storage/uuid.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::TestServer;

class ProgramYearTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(MINHBACH_SEED_PLAN);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<v1::ProgramImport> plan = clients::ParseImportFile(text.str());
    ASSERT_TRUE(plan.ok()) << plan.status();
    absl::StatusOr<clients::ImportSummary> imported =
        clients::ImportProgram(*plan, server_.Channel(), Tokens(), 30, [](const auto&) {});
    ASSERT_TRUE(imported.ok()) << imported.status();
    EXPECT_EQ(imported->written, plan->steps_size());
    plan_size_ = server_.log().Size();
    // Importing again writes nothing.
    imported = clients::ImportProgram(*plan, server_.Channel(), Tokens(), 30, [](const auto&) {});
    ASSERT_TRUE(imported.ok()) << imported.status();
    EXPECT_EQ(imported->already_recorded, plan->steps_size());
    EXPECT_EQ(server_.log().Size(), plan_size_);
  }

  std::map<std::string, std::string> Tokens() {
    return clients::ReadClientTokens(server_.data_dir() + "/client-tokens");
  }

  // Sends `body` as the command `method` ("Service/Method") of `role`, with
  // a new event id (or `event_id`) and the business date `date`.
  template <typename Body>
  grpc::Status Send(const std::string& role, const std::string& method, const std::string& date,
                    const Body& body, v1::CommandResult* result = nullptr,
                    const std::string& event_id = "") {
    v1::CommandMeta meta;
    meta.set_event_id(event_id.empty() ? storage::NewRandomUuid() : event_id);
    meta.set_business_date(date);
    // Every command request is {meta = 1, body = 2}: build it field by field.
    std::string request;
    google::protobuf::io::StringOutputStream stream(&request);
    {
      google::protobuf::io::CodedOutputStream out(&stream);
      out.WriteTag(10);
      out.WriteVarint32(meta.ByteSizeLong());
      meta.SerializeWithCachedSizes(&out);
      out.WriteTag(18);
      out.WriteVarint32(body.ByteSizeLong());
      body.SerializeWithCachedSizes(&out);
    }
    auto context = server_.Context(role);
    std::string response;
    grpc::Status status = services::RawUnaryCall(server_.Channel(), context.get(),
                                                 "/minhbach.v1." + method, request, &response);
    if (status.ok() && result != nullptr) {
      EXPECT_TRUE(result->ParseFromString(response));
    }
    return status;
  }
  template <typename Body>
  void Do(const std::string& role, const std::string& method, const std::string& date,
          const Body& body) {
    grpc::Status status = Send(role, method, date, body);
    ASSERT_TRUE(status.ok()) << method << " as " << role << ": " << status.error_message();
  }

  v1::Dashboard Dashboard(const v1::AsOf& as_of = {}) {
    EXPECT_TRUE(server_.server()
                    .projection()
                    .WaitForPosition(server_.log().Size(), absl::Now() + absl::Seconds(30))
                    .ok());
    v1::StatusRequest request;
    *request.mutable_as_of() = as_of;
    request.set_reference_date("2024-12-31");
    v1::Dashboard dashboard;
    grpc::Status status =
        v1::ProgramStatus::NewStub(server_.Channel())
            ->GetDashboard(server_.Context("district").get(), request, &dashboard);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return dashboard;
  }

  static v1::AssignmentMade Assignment(const std::string& id, const std::string& subproject,
                                       std::vector<std::string> leads, const std::string& due) {
    v1::AssignmentMade made;
    made.set_assignment_id(id);
    made.set_subproject_id(subproject);
    for (const std::string& lead : leads) made.add_lead_units(lead);
    made.set_due_date(due);
    made.set_description("triển khai theo kế hoạch");
    return made;
  }
  static v1::AssignmentAccepted Accept(const std::string& id, const std::string& unit) {
    v1::AssignmentAccepted accepted;
    accepted.set_assignment_id(id);
    accepted.set_by_unit(unit);
    return accepted;
  }
  static v1::AssignmentProgressReported Progress(const std::string& id, int64_t quantity) {
    v1::AssignmentProgressReported progress;
    progress.set_assignment_id(id);
    progress.set_text("đã tổ chức");
    progress.set_quantity(quantity);
    progress.add_evidence_refs("BB-01");
    return progress;
  }
  static v1::AssignmentCompleted Complete(const std::string& id) {
    v1::AssignmentCompleted completed;
    completed.set_assignment_id(id);
    completed.set_summary("hoàn thành");
    return completed;
  }
  static v1::BudgetAllocated Allocation(const std::string& subproject, const std::string& id,
                                        int year, int64_t amount) {
    v1::BudgetAllocated allocated;
    allocated.set_subproject_id(subproject);
    allocated.set_allocation_id(id);
    allocated.set_source("central-budget");
    allocated.set_fiscal_year(year);
    allocated.set_amount_dong(amount);
    allocated.set_decision_number("QĐ-UBND");
    return allocated;
  }
  static v1::DisbursementRecorded Payment(const std::string& subproject, const std::string& id,
                                          const std::string& allocation, int64_t amount,
                                          const std::string& paid) {
    v1::DisbursementRecorded paid_out;
    paid_out.set_subproject_id(subproject);
    paid_out.set_disbursement_id(id);
    paid_out.set_allocation_id(allocation);
    paid_out.set_amount_dong(amount);
    paid_out.set_date_paid(paid);
    paid_out.set_voucher_number("PC-" + id);
    return paid_out;
  }
  static v1::VillageReportSubmitted Report(const std::string& period, const std::string& village,
                                           int64_t health, int64_t water, int64_t of) {
    v1::VillageReportSubmitted report;
    report.set_period(period);
    report.set_village_id(village);
    for (auto [target, value] : {std::pair<const char*, int64_t>{"dim-health", health},
                                 std::pair<const char*, int64_t>{"dim-water", water}}) {
      v1::TargetValue* v = report.add_values();
      v->set_target_id(target);
      v->set_numerator(value);
      v->set_denominator(of);
    }
    return report;
  }
  template <typename Message>
  static Message Period(const std::string& period) {
    Message message;
    message.set_period(period);
    return message;
  }

  TestServer server_;
  uint64_t plan_size_ = 0;
};

TEST_F(ProgramYearTest, TheDashboardAtTheEndOfTheYearMatchesTheHandComputedNumbers) {
  // Villages (illustrative: the plan names none).
  for (const char* village : {"thon-1", "thon-2", "thon-3"}) {
    v1::VillageRegistered registered;
    registered.set_plan_id("lien-chung-2024");
    registered.set_village_id(village);
    registered.set_name(village);
    Do("coordinator", "ProgramSetup/RegisterVillage", "2024-03-16", registered);
  }

  // Assignments.
  Do("coordinator", "Assignments/MakeAssignment", "2024-03-18",
     Assignment("DA3-TDA3-01", "DA3-TDA3", {"ldtbxh"}, "2024-06-30"));
  Do("coordinator", "Assignments/MakeAssignment", "2024-03-18",
     Assignment("DA6-TDA1-01", "DA6-TDA1", {"vhxh"}, "2024-09-30"));
  Do("coordinator", "Assignments/MakeAssignment", "2024-03-18",
     Assignment("DA6-TDA2-01", "DA6-TDA2", {"ldtbxh"}, "2024-10-31"));
  Do("coordinator", "Assignments/MakeAssignment", "2024-03-18",
     Assignment("DA7-TDA2-01", "DA7-TDA2", {"ldtbxh", "khuyen-nong", "vhxh"}, "2024-12-31"));
  Do("coordinator", "Assignments/AcceptAssignment", "2024-03-20", Accept("DA3-TDA3-01", "ldtbxh"));
  Do("implementer", "Assignments/AcceptAssignment", "2024-03-21", Accept("DA6-TDA1-01", "vhxh"));
  Do("coordinator", "Assignments/AcceptAssignment", "2024-03-22", Accept("DA6-TDA2-01", "ldtbxh"));
  Do("implementer", "Assignments/AcceptAssignment", "2024-03-22", Accept("DA7-TDA2-01", "vhxh"));
  Do("coordinator", "Assignments/ReportProgress", "2024-05-10", Progress("DA3-TDA3-01", 40));
  Do("coordinator", "Assignments/CompleteAssignment", "2024-06-20", Complete("DA3-TDA3-01"));
  Do("coordinator", "Assignments/ReportProgress", "2024-07-01", Progress("DA6-TDA2-01", 12));
  Do("implementer", "Assignments/ReportProgress", "2024-08-01", Progress("DA7-TDA2-01", 3));
  v1::AssignmentDueDateChanged extended;
  extended.set_assignment_id("DA6-TDA1-01");
  extended.set_new_due_date("2024-11-30");
  extended.set_reason("chờ bàn giao thiết bị");
  Do("coordinator", "Assignments/ChangeDueDate", "2024-09-25", extended);
  Do("implementer", "Assignments/ReportProgress", "2024-10-20", Progress("DA6-TDA1-01", 25));
  Do("implementer", "Assignments/CompleteAssignment", "2024-11-25", Complete("DA6-TDA1-01"));

  // The implementer acts only on what its unit leads; a supervisor never pays.
  EXPECT_EQ(
      Send("implementer", "Assignments/ReportProgress", "2024-05-11", Progress("DA3-TDA3-01", 1))
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Send("supervisor", "Finance/AllocateBudget", "2024-01-10",
                 Allocation("DA3-TDA3", "X", 2024, 1))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Send("coordinator", "Assignments/MakeAssignment", "2024-03-18",
                 Assignment("X-01", "DA9-TDA9", {"ldtbxh"}, "2024-06-30"))
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Money: the 2023 carry-over paid by 30 June; 2024 funds with one reversal.
  Do("coordinator", "Finance/AllocateBudget", "2024-01-10",
     Allocation("DA3-TDA3", "NS2023-CT", 2023, 50'000'000));
  Do("coordinator", "Finance/RecordDisbursement", "",
     Payment("DA3-TDA3", "CT-01", "NS2023-CT", 30'000'000, "2024-04-15"));
  Do("coordinator", "Finance/RecordDisbursement", "",
     Payment("DA3-TDA3", "CT-02", "NS2023-CT", 20'000'000, "2024-06-25"));
  Do("coordinator", "Finance/AllocateBudget", "2024-07-01",
     Allocation("DA3-TDA3", "NS2024-01", 2024, 200'000'000));
  Do("coordinator", "Finance/RecordDisbursement", "",
     Payment("DA3-TDA3", "CT-03", "NS2024-01", 80'000'000, "2024-07-10"));
  Do("coordinator", "Finance/RecordDisbursement", "",
     Payment("DA3-TDA3", "CT-04", "NS2024-01", 40'000'000, "2024-08-05"));
  v1::DisbursementReversed reversal;
  reversal.set_subproject_id("DA3-TDA3");
  reversal.set_disbursement_id("CT-04");
  reversal.set_reason("sai chứng từ");
  const std::string reversal_id = storage::NewRandomUuid();
  v1::CommandResult reversed, retried;
  ASSERT_TRUE(Send("coordinator", "Finance/ReverseDisbursement", "2024-08-20", reversal, &reversed,
                   reversal_id)
                  .ok());
  ASSERT_TRUE(Send("coordinator", "Finance/ReverseDisbursement", "2024-08-20", reversal, &retried,
                   reversal_id)
                  .ok());
  EXPECT_TRUE(retried.duplicate());
  EXPECT_EQ(retried.position(), reversed.position());
  EXPECT_EQ(Send("coordinator", "Finance/ReverseDisbursement", "2024-08-21", reversal).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // already reversed
  Do("coordinator", "Finance/RecordDisbursement", "",
     Payment("DA3-TDA3", "CT-05", "NS2024-01", 40'000'000, "2024-09-01"));
  EXPECT_EQ(Send("coordinator", "Finance/RecordDisbursement", "",
                 Payment("DA3-TDA3", "CT-X", "NS2024-01", 80'000'001, "2024-09-02"))
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // 80,000,000 left
  Do("coordinator", "Finance/AllocateBudget", "2024-09-15",
     Allocation("DA6-TDA1", "NS2024-02", 2024, 100'000'000));
  Do("implementer", "Finance/RecordDisbursement", "",
     Payment("DA6-TDA1", "CT-06", "NS2024-02", 60'000'000, "2024-10-10"));

  // Reports for 2024-H2: thon-3 never reports.
  Do("village", "Reporting/SubmitVillageReport", "2024-12-05",
     Report("2024-H2", "thon-1", 95, 80, 100));
  EXPECT_EQ(Send("village", "Reporting/SubmitVillageReport", "2024-12-05",
                 Report("2024-H2", "thon-2", 1, 1, 1))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a village reports only for itself
  Do("coordinator", "Reporting/SubmitVillageReport", "2024-12-06",
     Report("2024-H2", "thon-2", 180, 150, 200));
  v1::VillageReportReturned returned;
  returned.set_period("2024-H2");
  returned.set_village_id("thon-2");
  returned.set_reason("thiếu số liệu hộ cận nghèo");
  Do("coordinator", "Reporting/ReturnVillageReport", "2024-12-08", returned);
  Do("coordinator", "Reporting/SubmitVillageReport", "2024-12-10",
     Report("2024-H2", "thon-2", 190, 170, 200));
  for (const char* village : {"thon-1", "thon-2"}) {
    v1::VillageReportApproved approved;
    approved.set_period("2024-H2");
    approved.set_village_id(village);
    Do("coordinator", "Reporting/ApproveVillageReport", "2024-12-12", approved);
  }
  // thon-3 has not reported: a complete consolidation is refused, naming it;
  // a partial one is recorded with the coordinator's reason (issue 12).
  v1::CommuneReportConsolidated consolidated = Period<v1::CommuneReportConsolidated>("2024-H2");
  EXPECT_EQ(Send("coordinator", "Reporting/ConsolidateCommuneReport", "2024-12-13", consolidated)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  consolidated.set_partial(true);
  consolidated.set_partial_reason("thôn 3 chưa báo cáo; hạn gửi huyện 15/12");
  Do("coordinator", "Reporting/ConsolidateCommuneReport", "2024-12-13", consolidated);
  Do("coordinator", "Reporting/SendCommuneReportToDistrict", "2024-12-14",
     Period<v1::CommuneReportSentToDistrict>("2024-H2"));
  v1::CommuneReportAccepted accepted = Period<v1::CommuneReportAccepted>("2024-H2");
  accepted.set_by("Phòng LĐTB&XH huyện Tân Yên");
  Do("district", "Reporting/AcceptCommuneReport", "2024-12-20", accepted);

  // Supervision: F-01 resolved after the response; F-02's recommendation unanswered.
  v1::SupervisionPlanned planned;
  planned.set_supervision_id("GS-2024-01");
  planned.set_body("UBMTTQ xã Liên Chung");
  planned.set_scope("giải ngân và phân công 2024");
  planned.set_planned_date("2024-09-10");
  Do("supervisor", "Supervision/PlanSupervision", "2024-08-01", planned);
  v1::InspectionConducted inspected;
  inspected.set_supervision_id("GS-2024-01");
  inspected.set_date("2024-09-10");
  inspected.add_participants("UBMTTQ");
  inspected.add_participants("Hội Nông dân");
  Do("supervisor", "Supervision/ConductInspection", "", inspected);
  for (auto [finding, subject, severity] :
       {std::tuple<const char*, const char*, const char*>{"F-01", "DA3-TDA3", "medium"},
        std::tuple<const char*, const char*, const char*>{"F-02", "DA6-TDA2", "low"}}) {
    v1::FindingRecorded recorded;
    recorded.set_supervision_id("GS-2024-01");
    recorded.set_finding_id(finding);
    recorded.set_subject(subject);
    recorded.set_severity(severity);
    recorded.set_description("hồ sơ chưa đầy đủ");
    Do("supervisor", "Supervision/RecordFinding", "2024-09-10", recorded);
  }
  for (auto [rec, finding, unit, due] :
       {std::tuple<const char*, const char*, const char*, const char*>{"KN-01", "F-01", "ldtbxh",
                                                                       "2024-10-15"},
        std::tuple<const char*, const char*, const char*, const char*>{"KN-02", "F-02", "vhxh",
                                                                       "2024-11-15"}}) {
    v1::RecommendationIssued issued;
    issued.set_supervision_id("GS-2024-01");
    issued.set_finding_id(finding);
    issued.set_recommendation_id(rec);
    issued.set_text("bổ sung hồ sơ");
    issued.set_responsible_unit(unit);
    issued.set_due_date(due);
    Do("supervisor", "Supervision/IssueRecommendation", "2024-09-12", issued);
  }
  v1::ResponseSubmitted response;
  response.set_supervision_id("GS-2024-01");
  response.set_recommendation_id("KN-01");
  response.set_by_unit("ldtbxh");
  response.set_text("đã bổ sung chứng từ");
  EXPECT_EQ(Send("implementer", "Supervision/SubmitResponse", "2024-10-05", response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // vhxh answers only for itself
  Do("coordinator", "Supervision/SubmitResponse", "2024-10-05", response);
  v1::FindingResolved resolved;
  resolved.set_supervision_id("GS-2024-01");
  resolved.set_finding_id("F-01");
  resolved.set_verified_by("UBMTTQ");
  Do("supervisor", "Supervision/ResolveFinding", "2024-10-20", resolved);

  // The dashboard on 31 December 2024, computed by hand:
  const v1::Dashboard d = Dashboard();
  EXPECT_EQ(d.plan_id(), "lien-chung-2024");
  EXPECT_EQ(d.basis().position(), server_.log().Size());
  // 50M (2023) + 200M + 100M allocated; 30M + 20M + 80M + 40M + 60M paid (CT-04 reversed).
  EXPECT_EQ(d.money().allocated_dong(), 350'000'000);
  EXPECT_EQ(d.money().disbursed_dong(), 230'000'000);
  EXPECT_EQ(d.money().rate_text(), "65.7 %");  // 230 / 350 = 65.71 %
  EXPECT_FALSE(d.disbursement_target_text().empty());
  EXPECT_EQ(d.carry_over().fiscal_year(), 2023);
  EXPECT_EQ(d.carry_over().deadline_date(), "2024-06-30");
  EXPECT_EQ(d.carry_over().allocated_dong(), 50'000'000);
  EXPECT_EQ(d.carry_over().disbursed_by_deadline_dong(), 50'000'000);
  EXPECT_EQ(d.carry_over().status(), "met");
  EXPECT_EQ(d.assignments_total(), 4);
  EXPECT_EQ(d.assignments_completed(), 2);
  ASSERT_EQ(d.overdue_assignments_size(), 1);
  EXPECT_EQ(d.overdue_assignments(0).assignment_id(), "DA6-TDA2-01");
  EXPECT_EQ(d.overdue_assignments(0).days_overdue(), 61);  // 31 Oct -> 31 Dec
  EXPECT_EQ(std::vector<std::string>(d.subprojects_without_assignment().begin(),
                                     d.subprojects_without_assignment().end()),
            (std::vector<std::string>{"DA3-TDA1", "DA7-TDA1"}));
  EXPECT_EQ(std::vector<std::string>(d.subprojects_without_lead().begin(),
                                     d.subprojects_without_lead().end()),
            (std::vector<std::string>{"DA3-TDA1"}));
  EXPECT_EQ(d.open_findings(), 1);
  ASSERT_EQ(d.open_findings_past_due_size(), 1);
  EXPECT_EQ(d.open_findings_past_due(0).finding_id(), "F-02");
  EXPECT_EQ(d.open_findings_past_due(0).overdue_recommendation_ids(0), "KN-02");
  ASSERT_EQ(d.subprojects_size(), 6);
  for (const v1::SubProjectStatus& s : d.subprojects()) {
    if (s.subproject_id() == "DA3-TDA3") {
      EXPECT_EQ(s.money().allocated_dong(), 250'000'000);
      EXPECT_EQ(s.money().disbursed_dong(), 170'000'000);
      EXPECT_EQ(s.money().rate_text(), "68.0 %");
      EXPECT_EQ(s.state(), "completed");
      EXPECT_FALSE(s.overdue());
      EXPECT_EQ(s.open_findings_size(), 0);  // F-01 resolved
    }
    if (s.subproject_id() == "DA6-TDA2") {
      EXPECT_EQ(s.state(), "in progress");
      EXPECT_TRUE(s.overdue());  // deadline 2024-10-31
      EXPECT_EQ(s.open_findings_size(), 1);
    }
    if (s.subproject_id() == "DA6-TDA1") {
      EXPECT_EQ(s.money().rate_text(), "60.0 %");
      EXPECT_EQ(s.state(), "completed");
    }
  }

  // The target dim-health for 2024-H2: 95 + 190 of 100 + 200; thon-3 missing.
  v1::StatusRequest target_request;
  target_request.set_id("dim-health");
  v1::TargetStatus target;
  ASSERT_TRUE(v1::ProgramStatus::NewStub(server_.Channel())
                  ->GetTarget(server_.Context("supervisor").get(), target_request, &target)
                  .ok());
  EXPECT_EQ(target.period(), "2024-H2");
  EXPECT_EQ(target.commune_status(), "accepted by the district");
  EXPECT_EQ(target.actual_numerator(), 285);
  EXPECT_EQ(target.actual_denominator(), 300);
  EXPECT_EQ(target.actual_text(), "95.0 %");
  EXPECT_EQ(target.assessment(), "not met");  // at least 100 %
  EXPECT_EQ(target.villages_size(), 2);
  EXPECT_EQ(std::vector<std::string>(target.not_reported().begin(), target.not_reported().end()),
            std::vector<std::string>{"thon-3"});
  EXPECT_EQ(target.partial_reason(), "thôn 3 chưa báo cáo; hạn gửi huyện 15/12");
  EXPECT_EQ(
      std::vector<std::string>(target.villages_missing().begin(), target.villages_missing().end()),
      std::vector<std::string>{"thon-3"});

  // What had happened by 30 June: only the 2023 funds, all paid; DA3-TDA3-01 done.
  v1::AsOf june;
  june.set_business_date("2024-06-30");
  const v1::Dashboard mid_year = Dashboard(june);
  EXPECT_EQ(mid_year.money().allocated_dong(), 50'000'000);
  EXPECT_EQ(mid_year.money().disbursed_dong(), 50'000'000);
  EXPECT_EQ(mid_year.carry_over().status(), "met");
  EXPECT_EQ(mid_year.assignments_completed(), 1);
  EXPECT_EQ(mid_year.open_findings(), 0);

  // The auditor's timeline: every disbursement event of DA3-TDA3, in order,
  // each proven included in the signed head it came with.
  ASSERT_TRUE(server_.server().timeline().CatchUp().ok());
  v1::TimelineRequest timeline_request;
  timeline_request.set_entity("DA3-TDA3");
  timeline_request.set_kind("disbursement");
  timeline_request.set_with_proofs(true);
  v1::TimelinePage timeline;
  ASSERT_TRUE(v1::Timeline::NewStub(server_.Channel())
                  ->GetTimeline(server_.Context("supervisor").get(), timeline_request, &timeline)
                  .ok());
  std::vector<std::string> seen;
  absl::StatusOr<storage::note::Verifier> key =
      storage::note::Verifier::Parse(server_.server().verifier_key());
  ASSERT_TRUE(key.ok());
  absl::StatusOr<storage::Checkpoint> head =
      storage::OpenCheckpoint(timeline.checkpoint().signed_note(), *key);
  ASSERT_TRUE(head.ok()) << head.status();
  for (const v1::TimelineItem& item : timeline.items()) {
    const v1::EventRecord& r = item.event().record();
    seen.push_back(absl::StrCat(r.event_type(), " by ", r.actor()));
    std::vector<storage::merkle::Hash> proof;
    for (const std::string& hash : item.proof().hashes()) {
      storage::merkle::Hash h;
      ASSERT_EQ(hash.size(), h.size());
      std::copy(hash.begin(), hash.end(), h.begin());
      proof.push_back(h);
    }
    EXPECT_TRUE(
        storage::merkle::VerifyInclusion(storage::merkle::HashLeaf(item.event().raw_record()),
                                         r.position(), head->size, proof, head->root)
            .ok())
        << r.position();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "DisbursementRecorded by local-coordinator",
                      "DisbursementRecorded by local-coordinator",
                      "DisbursementRecorded by local-coordinator",
                      "DisbursementRecorded by local-coordinator",
                      "DisbursementReversed by local-coordinator",
                      "DisbursementRecorded by local-coordinator",
                  }));
  EXPECT_FALSE(timeline.has_next_position());
  // One disbursement's story: recorded, then reversed.
  timeline_request.Clear();
  timeline_request.set_entity("CT-04");
  timeline.Clear();
  ASSERT_TRUE(v1::Timeline::NewStub(server_.Channel())
                  ->GetTimeline(server_.Context("district").get(), timeline_request, &timeline)
                  .ok());
  ASSERT_EQ(timeline.items_size(), 2);
  EXPECT_EQ(timeline.items(1).event().record().event_type(), "DisbursementReversed");
  // The same page with the stored bytes alone: the same raw records, nothing decoded.
  timeline_request.set_raw_records_only(true);
  v1::TimelinePage raw_page;
  ASSERT_TRUE(v1::Timeline::NewStub(server_.Channel())
                  ->GetTimeline(server_.Context("district").get(), timeline_request, &raw_page)
                  .ok());
  ASSERT_EQ(raw_page.items_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(raw_page.items(i).event().has_record());
    EXPECT_EQ(raw_page.items(i).event().raw_record(), timeline.items(i).event().raw_record());
  }
  EXPECT_LT(raw_page.ByteSizeLong(), timeline.ByteSizeLong());

  // What the records said right after the plan was imported.
  v1::AsOf after_plan;
  after_plan.set_position(plan_size_);
  const v1::Dashboard at_plan = Dashboard(after_plan);
  EXPECT_EQ(at_plan.basis().position(), plan_size_);
  EXPECT_EQ(at_plan.subprojects_size(), 6);
  EXPECT_EQ(at_plan.assignments_total(), 0);
  EXPECT_EQ(at_plan.money().allocated_dong(), 0);
  EXPECT_EQ(at_plan.subprojects_without_assignment_size(), 6);
}

}  // namespace
}  // namespace minhbach
