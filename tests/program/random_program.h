// Drives a log with random program commands through the command executor,
// as the services would: a plan with targets, sub-projects and villages,
// then any mix of assignment, money, reporting and supervision commands on
// random entities. Business dates advance with the steps, as they do when
// people record facts as they happen, but a quarter of the commands are
// backdated by up to 45 days (a payment entered late), so the log holds
// facts recorded after later ones. Many commands are refused by the domain, as a careless
// user's would be; only what it accepts reaches the log.
#ifndef MINHBACH_TESTS_PROGRAM_RANDOM_PROGRAM_H_
#define MINHBACH_TESTS_PROGRAM_RANDOM_PROGRAM_H_

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "services/program/command_executor.h"
#include "services/program/program_streams.h"
#include "storage/uuid.h"

namespace minhbach::testing {

class RandomProgram {
 public:
  RandomProgram(storage::EventLog* log, uint32_t seed) : commands_(log), rng_(seed) {}

  // Issues the plan, 3 targets, 3 sub-projects and 3 villages.
  void Setup() {
    using namespace domain;
    Plan(IssuePlan{Id(), kPlan, "45/KH-UBND", "2024-03-15", "UBND xã Liên Chung", "căn cứ",
                   "Kế hoạch giảm nghèo 2024"});
    Plan(SetTarget{Id(), kPlan, "dim-health", {"bảo hiểm y tế", kAtLeast, "100 %", 1, 1, ""}});
    Plan(SetTarget{
        Id(), kPlan, "poor-household-rate", {"tỷ lệ hộ nghèo", kAtMost, "1.37 %", 137, 10000, ""}});
    Plan(SetTarget{Id(),
                   kPlan,
                   "carryover-2023",
                   {"giải ngân vốn 2023", kDeadline, "30/6/2024", 0, 0, "2024-06-30"}});
    for (int i = 0; i < 3; ++i) {
      Plan(RegisterSubProject{
          Id(),
          kPlan,
          Sub(i),
          {absl::StrCat("tiểu dự án ", i), "central-budget", {"u1"}, {}, "2024-10-31"}});
      Plan(RegisterVillage{Id(), kPlan, Village(i), absl::StrCat("Thôn ", i + 1)});
    }
  }

  // One random command; returns whether the domain accepted it.
  bool Step() {
    using namespace domain;
    ++steps_;
    const std::string a = Pick("A", assignments_), sp = Sub(Uniform(3));
    const std::string alloc = Pick("al", allocations_), disb = Pick("d", disbursements_);
    const std::string period = Uniform(2) ? "2024-H1" : "2024-H2", village = Village(Uniform(3));
    const std::string s = Pick("S", supervisions_), f = Pick("F", findings_),
                      r = Pick("R", recommendations_);
    const std::string unit = Uniform(2) ? "u1" : "u2";
    switch (Uniform(26)) {
      case 0:
        return Assignment(MakeAssignment{
            Id(), New("A", assignments_), sp, {unit}, {"u3"}, Date(), "việc cần làm"});
      case 1:
        return Assignment(AcceptAssignment{Id(), a, unit});
      case 2:
        return Assignment(ReportProgress{Id(), a, "tiến độ", Uniform(50), {"ev-1"}});
      case 3:
        return Assignment(ChangeDueDate{Id(), a, Date(), "lý do"});
      case 4:
        return Assignment(Reassign{Id(), a, {unit}, "lý do"});
      case 5:
        return Assignment(CompleteAssignment{Id(), a, "xong"});
      case 6:
        return Assignment(CancelAssignment{Id(), a, "hủy"});
      case 7:
        return Budget(AllocateBudget{Id(), sp, New("al", allocations_), "central-budget",
                                     Uniform(2) ? 2023 : 2024, 1'000'000 * (1 + Uniform(20)),
                                     "QĐ-1"});
      case 8:
        return Budget(RecordDisbursement{Id(), sp, New("d", disbursements_), alloc,
                                         100'000 * (1 + Uniform(60)), Date(), "PC-1"});
      case 9:
        return Budget(ReverseDisbursement{Id(), sp, disb, "sai chứng từ"});
      case 10:
        return Reporting(SubmitVillageReport{
            Id(),
            period,
            village,
            {{"dim-health", Uniform(100), 100}, {"poor-household-rate", Uniform(30), 1000}}});
      case 11:
        return Reporting(ApproveVillageReport{Id(), period, village});
      case 12:
        return Reporting(ReturnVillageReport{Id(), period, village, "sai số liệu"});
      case 13:
        return Reporting(ConsolidateCommuneReport{Id(), period});
      case 14:
        return Reporting(SendCommuneReportToDistrict{Id(), period});
      case 15:
        return Reporting(AcceptCommuneReport{Id(), period, "phòng LĐTB&XH"});
      case 16:
        return Reporting(ReturnCommuneReport{Id(), period, "thiếu thôn"});
      case 17:
        return Reporting(ReopenPeriod{Id(), period, "điều chỉnh"});
      case 18:
        return Supervision(
            PlanSupervision{Id(), New("S", supervisions_), "UBMTTQ", "DA3-TDA3", Date()});
      case 19:
        return Supervision(ConductInspection{Id(), s, Date(), {"mttq"}});
      case 20:
        return Supervision(RecordFinding{Id(), s, New("F", findings_), sp, "medium", "chậm"});
      case 21:
        return Supervision(
            IssueRecommendation{Id(), s, f, New("R", recommendations_), "khắc phục", unit, Date()});
      case 22:
        return Supervision(SubmitResponse{Id(), s, r, unit, "đã khắc phục"});
      case 23:
        return Supervision(ResolveFinding{Id(), s, f, "mttq", ""});
      case 24:
        return Supervision(CloseFinding{Id(), s, f, "mttq", "không còn phù hợp"});
      default:
        return Supervision(CloseSupervision{Id(), s, "mttq", "kết thúc"});
    }
  }

 private:
  static constexpr char kPlan[] = "lien-chung-2024";

  static std::string Sub(int i) { return absl::StrCat("SP", i); }
  static std::string Village(int i) { return absl::StrCat("thon-", i + 1); }
  static std::string Id() { return storage::NewRandomUuid(); }

  int Uniform(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Date() { return absl::StrFormat("2024-%02d-%02d", 1 + Uniform(12), 1 + Uniform(28)); }
  // A new id with `prefix`, remembered in `ids`.
  std::string New(const std::string& prefix, std::vector<std::string>& ids) {
    ids.push_back(absl::StrCat(prefix, ids.size()));
    return ids.back();
  }
  // One of `ids`, or a fresh (unknown) one when there is none yet.
  std::string Pick(const std::string& prefix, const std::vector<std::string>& ids) {
    return ids.empty() ? absl::StrCat(prefix, "-none") : ids[Uniform(ids.size())];
  }
  // About three steps a day through 2024, a quarter of them backdated.
  std::string BusinessDate() {
    int day = static_cast<int>((steps_ / 3) % 366);
    if (Uniform(4) == 0) day = std::max(0, day - Uniform(46));
    return absl::FormatCivilTime(absl::CivilDay(2024, 1, 1) + day);
  }
  v1::CommandMeta Meta() {
    v1::CommandMeta meta;
    meta.set_business_date(BusinessDate());
    return meta;
  }

  template <typename State, typename Command>
  bool Run(const std::string& stream, const Command& command) {
    const v1::CommandMeta meta = Meta();
    absl::StatusOr<absl::Time> time = program::BusinessTime(meta, "", absl::Now());
    return time.ok() && commands_
                            .Execute<State>(stream, "random", meta, *time, command,
                                            [](const State&) { return absl::OkStatus(); })
                            .ok();
  }
  bool Plan(const domain::PlanCommand& c) {
    return Run<domain::PlanState>(program::PlanStream(), c);
  }
  bool Assignment(const domain::AssignmentCommand& c) {
    const std::string id = std::visit([](const auto& x) { return x.assignment_id; }, c);
    return Run<domain::AssignmentState>(program::AssignmentStream(id), c);
  }
  bool Budget(const domain::BudgetCommand& c) {
    const std::string id = std::visit([](const auto& x) { return x.subproject_id; }, c);
    return Run<domain::BudgetState>(program::BudgetStream(id), c);
  }
  bool Reporting(const domain::ReportingCommand& c) {
    const std::string id = std::visit([](const auto& x) { return x.period; }, c);
    return Run<domain::ReportingState>(program::ReportingStream(id), c);
  }
  bool Supervision(const domain::SupervisionCommand& c) {
    const std::string id = std::visit([](const auto& x) { return x.supervision_id; }, c);
    return Run<domain::SupervisionState>(program::SupervisionStream(id), c);
  }

  const program::CommandExecutor commands_;
  std::mt19937 rng_;
  uint64_t steps_ = 0;
  std::vector<std::string> assignments_, allocations_, disbursements_, supervisions_, findings_,
      recommendations_;
};

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_PROGRAM_RANDOM_PROGRAM_H_
