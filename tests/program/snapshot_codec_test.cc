// The snapshot codec: a state with every field set survives the round trip
// byte for byte, an empty one too, and damaged snapshots (bytes that do not
// parse, enum values the domain does not know, a map key twice) are DataLoss
// naming what is damaged.
#include "services/program/snapshot_codec.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"

namespace minhbach::program {
namespace {

namespace pb = ::minhbach::v1::snapshot;

domain::BudgetState MakeBudget(const std::string& subproject_id, int n) {
  domain::BudgetState b;
  b.subproject_id = subproject_id;
  b.allocations["a-1"] = {absl::StrCat("central-budget-", n), 2020 + n, 1'000'000 * n,
                          absl::StrCat("QD-", n), 400'000 * n};
  b.allocations["a-2"] = {absl::StrCat("province-budget-", n), 2030 + n, 3'000'000 * n,
                          absl::StrCat("QD-", n, "b"), 0};
  b.disbursements["d-1"] = {"a-1",
                            150'000 * n,
                            absl::StrCat("2024-05-2", n),
                            absl::StrCat("PC-", n),
                            true,
                            absl::StrCat("wrong voucher ", n)};
  b.disbursements["d-2"] = {
      "a-1", 400'000 * n, absl::StrCat("2024-06-1", n), absl::StrCat("PC-", n, "b"), false, ""};
  return b;
}

domain::AssignmentState MakeAssignment(int n, domain::AssignmentStatus status) {
  domain::AssignmentState a;
  a.status = status;
  a.assignment_id = absl::StrCat("A-", n);
  a.subproject_id = absl::StrCat("DA3-TDA", n);
  a.lead_units = {absl::StrCat("lead-", n), absl::StrCat("lead-", n, "b")};
  a.coordinating_units = {absl::StrCat("coord-", n)};
  a.due_date = absl::StrCat("2024-0", n, "-15");
  a.description = absl::StrCat("assignment ", n);
  a.accepted_by = absl::StrCat("lead-", n);
  a.progress_reports = n;
  a.reported_quantity = 100 * n;
  a.completion_summary = absl::StrCat("done ", n);
  a.cancel_reason = absl::StrCat("cancelled ", n);
  return a;
}

domain::VillageReport MakeVillageReport(int n, domain::VillageReportStatus status) {
  domain::VillageReport v;
  v.status = status;
  v.values = {{"dim-health", n, 10 * n + 1}, {"dim-housing", n + 1, 10 * n + 2}};
  v.submissions = n + 1;
  v.return_reason = absl::StrCat("missing signatures ", n);
  return v;
}

domain::ReportingState MakePeriod(const std::string& period, int n,
                                  domain::CommuneReportStatus status) {
  domain::ReportingState p;
  p.period = period;
  // Two villages per period, their statuses cycling so all four appear.
  p.villages["thon-1"] = MakeVillageReport(n, static_cast<domain::VillageReportStatus>(n % 4));
  p.villages["thon-2"] =
      MakeVillageReport(n + 10, static_cast<domain::VillageReportStatus>((n + 1) % 4));
  domain::CommuneReport& c = p.commune;
  c.status = status;
  c.totals = {{"dim-health", 2 * n + 11, 20 * n + 3}};
  c.villages_included = {"thon-1", "thon-2"};
  c.consolidations = n + 2;
  c.accepted_by = absl::StrCat("district-", n);
  c.return_reason = absl::StrCat("totals off ", n);
  c.reopen_reason = absl::StrCat("late correction ", n);
  return p;
}

domain::SupervisionState MakeSupervision(int n, domain::SupervisionStatus status) {
  domain::SupervisionState s;
  s.status = status;
  s.supervision_id = absl::StrCat("GS-", n);
  s.body = absl::StrCat("UBMTTQ ", n);
  s.scope = absl::StrCat("scope ", n);
  s.planned_date = absl::StrCat("2024-04-0", n);
  s.inspections = {{absl::StrCat("2024-05-0", n), {"mttq", "hoi-phu-nu"}},
                   {absl::StrCat("2024-06-0", n), {"mttq"}}};
  const domain::FindingStatus statuses[] = {domain::FindingStatus::kOpen,
                                            domain::FindingStatus::kResolved,
                                            domain::FindingStatus::kClosed};
  for (int f = 1; f <= 3; ++f) {
    domain::Finding& finding = s.findings[absl::StrCat("f-", f)];
    finding.subject = absl::StrCat("DA3-TDA", f);
    finding.severity = f == 1 ? "low" : "high";
    finding.description = absl::StrCat("finding ", n, ".", f);
    finding.status = statuses[f - 1];
    finding.recommendation_ids = {absl::StrCat("r-", f)};
    finding.verified_by = absl::StrCat("verifier ", f);
    finding.resolution_note = absl::StrCat("note ", f);
    finding.closed_by = absl::StrCat("closer ", f);
    finding.close_reason = absl::StrCat("moot ", f);
  }
  for (int r = 1; r <= 2; ++r) {
    domain::Recommendation& rec = s.recommendations[absl::StrCat("r-", r)];
    rec.finding_id = absl::StrCat("f-", r);
    rec.text = absl::StrCat("re-file vouchers ", n, ".", r);
    rec.responsible_unit = "ldtbxh";
    rec.due_date = absl::StrCat("2024-07-0", r);
    rec.responses = {{"ldtbxh", absl::StrCat("filed ", r)}, {"ldtbxh", "again"}};
  }
  s.closed_by = absl::StrCat("chair ", n);
  s.summary = absl::StrCat("summary ", n);
  return s;
}

// Issue 14: a standard, two households (one erased), a review with a
// complaint, every field set.
void AddHouseholds(ProgramState& state) {
  domain::StandardState& standard = state.standards["nd-07-2021"];
  standard.published = true;
  v1::PovertyStandardPublished& s = standard.standard;
  s.set_standard_id("nd-07-2021");
  s.set_decree("Nghị định 07/2021/NĐ-CP");
  s.set_effective_from("2022-01-01");
  s.set_effective_to("2026-01-01");
  v1::PovertyAreaLine* rural = s.add_areas();
  rural->set_area("rural");
  rural->set_poverty_line_dong(1'500'000);
  rural->set_average_ceiling_dong(2'250'000);
  v1::PovertyIndicator* indicator = s.add_indicators();
  indicator->set_indicator_id("health-insurance");
  indicator->set_dimension_id("health");
  indicator->set_target_id("dim-health");
  indicator->set_name_vi("Bảo hiểm y tế");
  indicator->set_name_en("Health insurance");
  s.set_poor_min_deprivations(1);
  s.set_note("ghi chú");
  for (int n = 1; n <= 2; ++n) {
    domain::HouseholdState& h = state.households[absl::StrCat("thon-1/H-000", n)];
    h.registered = true;
    h.household_id = absl::StrCat("thon-1/H-000", n);
    h.village_id = "thon-1";
    h.area = "rural";
    h.member_count = n + 2;
    h.sealed_personal = absl::StrCat("MBPD sealed ", n);
    h.erased = n == 2;
    h.support["HT-1"] = {"DA3-TDA1", "training", "2025-11-01", 500'000, "d-1", ""};
    h.support["HT-2"] = {"DA6-TDA1", "seedlings", "2025-11-02", 0, "", "200 cây keo"};
  }
  domain::ReviewState& r = state.reviews["RV-2025"];
  r.status = domain::ReviewStatus::kRecognized;
  r.review_id = "RV-2025";
  r.standard_id = "nd-07-2021";
  r.opened_on = "2025-09-01";
  r.villages["thon-1"] = {"2025-10-01", "2025-10-02", "2025-10-09"};
  domain::ReviewedHousehold& reviewed = r.households["thon-1/H-0001"];
  reviewed.village_id = "thon-1";
  reviewed.surveyed = true;
  reviewed.income_per_person_month_dong = 1'300'000;
  reviewed.deprived_indicators = {"health-insurance"};
  reviewed.classification = "poor";
  reviewed.history = {"near_poor", "poor"};
  r.complaints["K-01"] = {"thon-1/H-0001", "2025-10-05", true, "upheld"};
  r.decision_number = "QĐ-1";
  r.recognized_on = "2025-10-15";
}

// Every field of every struct set, several entries in each map, every enum
// value used at least once.
ProgramState RichState() {
  ProgramState state;
  state.position = 4242;
  state.max_business_time_micros = 1'717'000'000'000'000;
  state.skipped_positions = {7, 19, 3001};
  state.illustrative_data = true;

  domain::PlanState& plan = state.plan;
  plan.plan_id = "lien-chung-2024";
  plan.document_number = "45/KH-UBND";
  plan.issued_date = "2024-03-15";
  plan.issuer = "UBND xã Liên Chung";
  plan.legal_basis = "Kế hoạch số 41/KH-UBND";
  plan.title = "Giảm nghèo bền vững 2024";
  plan.targets["poor-rate"] = {"poor-household rate", domain::kAtMost, "1.37 %", 137, 10000,
                               "2024-12-31"};
  plan.targets["carryover"] = {
      "2023 funds disbursed", domain::kDeadline, "by 2024-06-30", 1, 2, "2024-06-30"};
  plan.revision_reasons["poor-rate"] = {"district plan amended", "second amendment"};
  plan.subprojects["DA3-TDA1"] = {"sinh kế", "central-budget", {}, {"hoi-nong-dan"}, ""};
  plan.subprojects["DA3-TDA3"] = {
      "y tế", "province-budget", {"tram-y-te", "ubnd"}, {"doan-tn"}, "2024-09-30"};
  plan.villages = {{"thon-1", "Thôn Đông"}, {"thon-2", "Thôn Tây"}};
  // Issue 12's fields: the plan's month and signer, a target's kind, unit and
  // horizon, a sub-project's project and beneficiaries, an allocation's and
  // an assignment's date, a partial consolidation.
  plan.issued_month = "2024-03";
  plan.signer_title = "KT. Chủ tịch, Phó Chủ tịch";
  plan.signer_name = "Nguyễn Văn Nam";
  domain::Target& rate = plan.targets["poor-rate"];
  rate.kind = "share";
  rate.unit = "hộ";
  rate.horizon_date = "2024-12-31";
  plan.subprojects["DA3-TDA3"].project_name = "Dự án 3";
  plan.subprojects["DA3-TDA3"].beneficiaries_and_support = "người lao động";

  state.budgets["DA3-TDA1"] = MakeBudget("DA3-TDA1", 1);
  state.budgets["DA3-TDA3"] = MakeBudget("DA3-TDA3", 2);
  for (int n = 1; n <= 6; ++n) {
    state.assignments[absl::StrCat("A-", n)] =
        MakeAssignment(n, static_cast<domain::AssignmentStatus>(n - 1));
  }
  const char* periods[] = {"2024-H1", "2024-H2", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"};
  for (int n = 0; n < 6; ++n) {
    state.periods[periods[n]] =
        MakePeriod(periods[n], n, static_cast<domain::CommuneReportStatus>(n));
  }
  for (int n = 1; n <= 4; ++n) {
    state.supervisions[absl::StrCat("GS-", n)] =
        MakeSupervision(n, static_cast<domain::SupervisionStatus>(n - 1));
  }
  state.budgets["DA3-TDA3"].allocations.begin()->second.allocated_date = "2024-04-02";
  state.assignments["A-1"].assigned_date = "2024-04-08";
  state.periods["2024-H2"].commune.partial_reason = "thôn 2 chưa nộp";
  state.periods["2024-H2"].commune.villages_missing = {"thon-2"};
  AddHouseholds(state);
  return state;
}

// The full names of the fields set (non-default scalars, non-empty repeated
// fields) anywhere in `message`.
void CollectSetFields(const google::protobuf::Message& message, std::set<std::string>& names) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    names.insert(field->full_name());
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        CollectSetFields(reflection->GetRepeatedMessage(message, field, i), names);
      }
    } else {
      CollectSetFields(reflection->GetMessage(message, field), names);
    }
  }
}

// The full names of all the fields of `type` and of the messages it holds.
void CollectAllFields(const google::protobuf::Descriptor* type, std::set<std::string>& names) {
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (names.insert(field->full_name()).second && field->message_type() != nullptr) {
      CollectAllFields(field->message_type(), names);
    }
  }
}

// `snapshot` is refused as DataLoss with exactly `message`.
void ExpectDataLoss(const pb::ProgramSnapshot& snapshot, const std::string& message) {
  absl::StatusOr<ProgramState> state = FromSnapshot(snapshot);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().code(), absl::StatusCode::kDataLoss) << state.status();
  EXPECT_EQ(state.status().message(), message);
}

TEST(SnapshotCodecTest, RichStateSetsEveryFieldOfTheSnapshot) {
  std::set<std::string> set_fields;
  CollectSetFields(ToSnapshot(RichState()), set_fields);
  std::set<std::string> all_fields;
  CollectAllFields(pb::ProgramSnapshot::descriptor(), all_fields);
  std::vector<std::string> never_set;
  std::set_difference(all_fields.begin(), all_fields.end(), set_fields.begin(), set_fields.end(),
                      std::back_inserter(never_set));
  EXPECT_TRUE(never_set.empty()) << "never set: " << absl::StrJoin(never_set, ", ");
}

TEST(SnapshotCodecTest, RichStateRoundTripsToTheSameBytes) {
  const ProgramState state = RichState();
  const std::string bytes = SerializeState(state);
  absl::StatusOr<ProgramState> back = FromSnapshot(ToSnapshot(state));
  ASSERT_TRUE(back.ok()) << back.status();
  // Text first, for a readable diff when a field is lost; then the bytes.
  EXPECT_EQ(ToSnapshot(*back).DebugString(), ToSnapshot(state).DebugString());
  EXPECT_TRUE(SerializeState(*back) == bytes);
  // Serializing again gives the same bytes.
  EXPECT_TRUE(SerializeState(state) == bytes);
}

TEST(SnapshotCodecTest, SnapshotListsEntriesInKeyOrderWithEnumsAsInts) {
  const pb::ProgramSnapshot snapshot = ToSnapshot(RichState());
  ASSERT_EQ(snapshot.assignments_size(), 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(snapshot.assignments(i).assignment_id(), absl::StrCat("A-", i + 1));
    EXPECT_EQ(snapshot.assignments(i).status(), i);
  }
  ASSERT_EQ(snapshot.plan().targets_size(), 2);
  EXPECT_EQ(snapshot.plan().targets(0).target_id(), "carryover");
  EXPECT_EQ(snapshot.plan().targets(1).target_id(), "poor-rate");
  EXPECT_EQ(snapshot.plan().targets(1).revision_reasons_size(), 2);
  ASSERT_EQ(snapshot.periods_size(), 6);
  EXPECT_EQ(snapshot.periods(0).period(), "2024-H1");
  EXPECT_EQ(snapshot.periods(5).period(), "2024-Q4");
  EXPECT_EQ(snapshot.periods(5).commune_status(), 5);
}

TEST(SnapshotCodecTest, ParsedRichStateHoldsTheNestedFields) {
  absl::StatusOr<ProgramState> state = ParseState(SerializeState(RichState()));
  ASSERT_TRUE(state.ok()) << state.status();

  EXPECT_EQ(state->position, 4242u);
  EXPECT_EQ(state->max_business_time_micros, 1'717'000'000'000'000);
  EXPECT_EQ(state->skipped_positions, (std::vector<uint64_t>{7, 19, 3001}));
  EXPECT_TRUE(state->illustrative_data);

  const domain::PlanState& plan = state->plan;
  EXPECT_EQ(plan.issuer, "UBND xã Liên Chung");
  ASSERT_EQ(plan.targets.count("poor-rate"), 1u);
  EXPECT_EQ(plan.targets.at("poor-rate").denominator_target, 10000);
  EXPECT_EQ(plan.revision_reasons.at("poor-rate"),
            (std::vector<std::string>{"district plan amended", "second amendment"}));
  EXPECT_EQ(plan.revision_reasons.count("carryover"), 0u);  // never revised: absent
  EXPECT_TRUE(plan.subprojects.at("DA3-TDA1").lead_units.empty());
  EXPECT_EQ(plan.subprojects.at("DA3-TDA3").lead_units,
            (std::vector<std::string>{"tram-y-te", "ubnd"}));
  EXPECT_EQ(plan.villages.at("thon-2"), "Thôn Tây");

  const domain::BudgetState& budget = state->budgets.at("DA3-TDA3");
  EXPECT_EQ(budget.subproject_id, "DA3-TDA3");
  EXPECT_EQ(budget.allocations.at("a-1").disbursed_dong, 800'000);
  EXPECT_EQ(budget.allocations.at("a-2").fiscal_year, 2032);
  EXPECT_TRUE(budget.disbursements.at("d-1").reversed);
  EXPECT_EQ(budget.disbursements.at("d-1").reversal_reason, "wrong voucher 2");

  const domain::AssignmentState& assignment = state->assignments.at("A-4");
  EXPECT_EQ(assignment.status, domain::AssignmentStatus::kInProgress);
  EXPECT_EQ(assignment.lead_units, (std::vector<std::string>{"lead-4", "lead-4b"}));
  EXPECT_EQ(assignment.reported_quantity, 400);
  EXPECT_EQ(state->assignments.at("A-6").status, domain::AssignmentStatus::kCancelled);

  const domain::ReportingState& period = state->periods.at("2024-Q2");  // n = 3
  EXPECT_EQ(period.commune.status, domain::CommuneReportStatus::kAccepted);
  EXPECT_EQ(period.commune.reopen_reason, "late correction 3");
  EXPECT_EQ(period.villages.at("thon-1").status, domain::VillageReportStatus::kReturned);
  EXPECT_EQ(period.villages.at("thon-2").values.at(1),
            (domain::TargetValue{"dim-housing", 14, 132}));

  const domain::SupervisionState& supervision = state->supervisions.at("GS-4");
  EXPECT_EQ(supervision.status, domain::SupervisionStatus::kClosed);
  EXPECT_EQ(supervision.inspections.at(0).participants,
            (std::vector<std::string>{"mttq", "hoi-phu-nu"}));
  EXPECT_EQ(supervision.findings.at("f-2").status, domain::FindingStatus::kResolved);
  EXPECT_EQ(supervision.findings.at("f-3").close_reason, "moot 3");
  ASSERT_EQ(supervision.recommendations.at("r-2").responses.size(), 2u);
  EXPECT_EQ(supervision.recommendations.at("r-2").responses[0].text, "filed 2");
}

TEST(SnapshotCodecTest, EmptyStateRoundTrips) {
  const ProgramState empty;
  const std::string bytes = SerializeState(empty);
  EXPECT_EQ(ToSnapshot(empty).max_business_time_micros(), std::numeric_limits<int64_t>::min());
  absl::StatusOr<ProgramState> back = ParseState(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->position, 0u);
  EXPECT_EQ(back->max_business_time_micros, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(back->plan.plan_id.empty());
  EXPECT_TRUE(back->plan.targets.empty());
  EXPECT_TRUE(back->budgets.empty());
  EXPECT_TRUE(back->assignments.empty());
  EXPECT_TRUE(back->periods.empty());
  EXPECT_TRUE(back->supervisions.empty());
  EXPECT_TRUE(back->skipped_positions.empty());
  EXPECT_EQ(SerializeState(*back), bytes);
}

TEST(SnapshotCodecTest, BytesThatDoNotParseAreDataLoss) {
  const std::string rich = SerializeState(RichState());
  // The last field (max_business_time_micros) is a varint: cutting its last
  // byte leaves it unfinished.
  const std::string damaged[] = {std::string("\xff\xff\xff\xff"), "not a snapshot",
                                 rich.substr(0, rich.size() - 1)};
  for (const std::string& bytes : damaged) {
    absl::StatusOr<ProgramState> state = ParseState(bytes);
    ASSERT_FALSE(state.ok()) << absl::CEscape(bytes);
    EXPECT_EQ(state.status().code(), absl::StatusCode::kDataLoss) << state.status();
    EXPECT_EQ(state.status().message(), "the projection snapshot does not parse");
  }
}

TEST(SnapshotCodecTest, UnknownAssignmentStatusIsDataLoss) {
  pb::ProgramSnapshot snapshot = ToSnapshot(RichState());
  ASSERT_EQ(snapshot.assignments(0).assignment_id(), "A-1");
  snapshot.mutable_assignments(0)->set_status(9);
  ExpectDataLoss(snapshot, "assignment \"A-1\": status 9 is not a known assignment status");
}

TEST(SnapshotCodecTest, UnknownVillageReportStatusIsDataLoss) {
  pb::ProgramSnapshot snapshot = ToSnapshot(RichState());
  ASSERT_EQ(snapshot.periods(0).villages(1).village_id(), "thon-2");
  snapshot.mutable_periods(0)->mutable_villages(1)->set_status(4);
  ExpectDataLoss(snapshot,
                 "period \"2024-H1\": village \"thon-2\": status 4 is not a known village report "
                 "status");
}

TEST(SnapshotCodecTest, UnknownCommuneReportStatusIsDataLoss) {
  pb::ProgramSnapshot snapshot = ToSnapshot(RichState());
  snapshot.mutable_periods(2)->set_commune_status(-1);
  ExpectDataLoss(snapshot,
                 "period \"2024-Q1\": commune status -1 is not a known commune report status");
}

TEST(SnapshotCodecTest, UnknownSupervisionStatusIsDataLoss) {
  pb::ProgramSnapshot snapshot = ToSnapshot(RichState());
  snapshot.mutable_supervisions(1)->set_status(4);
  ExpectDataLoss(snapshot, "supervision \"GS-2\": status 4 is not a known supervision status");
}

TEST(SnapshotCodecTest, UnknownFindingStatusIsDataLoss) {
  pb::ProgramSnapshot snapshot = ToSnapshot(RichState());
  snapshot.mutable_supervisions(2)->mutable_findings(0)->set_status(3);
  ExpectDataLoss(snapshot,
                 "supervision \"GS-3\": finding \"f-1\": status 3 is not a known finding status");
}

TEST(SnapshotCodecTest, DuplicateKeyIsDataLoss) {
  const pb::ProgramSnapshot rich = ToSnapshot(RichState());

  pb::ProgramSnapshot assignments = rich;
  const pb::Assignment first = assignments.assignments(0);
  *assignments.add_assignments() = first;
  ExpectDataLoss(assignments, "assignment \"A-1\" appears more than once");

  // Keys of nested maps too, named within their aggregate.
  pb::ProgramSnapshot findings = rich;
  pb::Supervision& supervision = *findings.mutable_supervisions(0);
  const pb::Finding finding = supervision.findings(1);
  *supervision.add_findings() = finding;
  ExpectDataLoss(findings, "supervision \"GS-1\": finding \"f-2\" appears more than once");

  pb::ProgramSnapshot villages = rich;
  villages.mutable_plan()->mutable_villages(1)->set_village_id("thon-1");
  ExpectDataLoss(villages, "plan \"lien-chung-2024\": village \"thon-1\" appears more than once");
}

}  // namespace
}  // namespace minhbach::program
