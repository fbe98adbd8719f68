#include "clients/text/program_words.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

struct Words {
  const char* vietnamese;
  const char* english;
};

using Table = absl::flat_hash_map<absl::string_view, Words>;

// `key` through `table` in the current language; English falls back to the
// key itself, and so does a key the table does not hold.
std::string Lookup(const Table& table, absl::string_view key, bool english_is_key) {
  auto found = table.find(key);
  if (found == table.end()) return std::string(key);
  if (CurrentLanguage() == Language::kEnglish) {
    return english_is_key ? std::string(key) : found->second.english;
  }
  return found->second.vietnamese;
}

// services/domain/*StatusName, services/program/program_status.cc.
const Table& States() {
  static const auto* table = new Table{
      // Assignments.
      {"none", {"chưa có", ""}},
      {"made", {"đã giao", ""}},
      {"accepted", {"đã nhận", ""}},
      {"in progress", {"đang thực hiện", ""}},
      {"completed", {"hoàn thành", ""}},
      {"cancelled", {"đã hủy", ""}},
      {"overdue", {"quá hạn", ""}},
      // Sub-projects.
      {"no assignment", {"chưa phân công", ""}},
      {"assigned", {"đã phân công", ""}},
      // Village reports.
      {"submitted", {"đã nộp", ""}},
      {"approved", {"đã duyệt", ""}},
      {"returned", {"bị trả lại", ""}},
      // The commune report.
      {"not consolidated", {"chưa tổng hợp", ""}},
      {"consolidated", {"đã tổng hợp", ""}},
      {"sent to the district", {"đã gửi huyện", ""}},
      {"accepted by the district", {"huyện đã chấp nhận", ""}},
      {"returned by the district", {"huyện trả lại", ""}},
      {"reopened", {"mở lại", ""}},
      {"derived from the money recorded", {"tính từ số tiền đã ghi", ""}},
      // Findings and supervisions.
      {"open", {"còn mở", ""}},
      {"resolved", {"đã khắc phục", ""}},
      {"closed", {"đã đóng", ""}},
      {"planned", {"đã lên kế hoạch", ""}},
      {"inspected", {"đã kiểm tra", ""}},
      // Targets' assessments.
      {"met", {"đạt", ""}},
      {"not met", {"chưa đạt", ""}},
      {"no data", {"chưa có số liệu", ""}},
      {"unknown", {"không rõ", ""}},
  };
  return *table;
}

const Table& CarryOverStates() {
  static const auto* table = new Table{
      {"met", {"đạt", ""}},
      {"missed", {"không đạt", ""}},
      {"open", {"chưa đến hạn", ""}},
      {"none", {"không có kinh phí chuyển sang", ""}},
      {"overflow", {"tổng vượt giới hạn", ""}},
  };
  return *table;
}

const Table& Directions() {
  static const auto* table = new Table{
      {"at-least", {"tối thiểu", "at least"}},
      {"at-most", {"tối đa", "at most"}},
      {"deadline", {"hoàn thành trước", "by"}},
  };
  return *table;
}

const Table& Severities() {
  static const auto* table = new Table{
      {"low", {"thấp", ""}},
      {"medium", {"trung bình", ""}},
      {"high", {"cao", ""}},
  };
  return *table;
}

// The messages of proto/minhbach/v1/*_events.proto.
const Table& EventTypes() {
  static const auto* table = new Table{
      {"PlanIssued", {"Ban hành kế hoạch", ""}},
      {"TargetSet", {"Đặt chỉ tiêu", ""}},
      {"TargetRevised", {"Điều chỉnh chỉ tiêu", ""}},
      {"SubProjectRegistered", {"Đăng ký tiểu dự án", ""}},
      {"VillageRegistered", {"Đăng ký thôn", ""}},
      {"AssignmentMade", {"Giao nhiệm vụ", ""}},
      {"AssignmentAccepted", {"Nhận nhiệm vụ", ""}},
      {"AssignmentProgressReported", {"Báo cáo tiến độ", ""}},
      {"AssignmentDueDateChanged", {"Đổi thời hạn", ""}},
      {"AssignmentReassigned", {"Giao lại nhiệm vụ", ""}},
      {"AssignmentCompleted", {"Hoàn thành nhiệm vụ", ""}},
      {"AssignmentCancelled", {"Hủy nhiệm vụ", ""}},
      {"BudgetAllocated", {"Phân bổ kinh phí", ""}},
      {"DisbursementRecorded", {"Ghi nhận giải ngân", ""}},
      {"DisbursementReversed", {"Hủy bút toán giải ngân", ""}},
      {"VillageReportSubmitted", {"Thôn nộp báo cáo", ""}},
      {"VillageReportApproved", {"Duyệt báo cáo thôn", ""}},
      {"VillageReportReturned", {"Trả lại báo cáo thôn", ""}},
      {"CommuneReportConsolidated", {"Tổng hợp báo cáo xã", ""}},
      {"CommuneReportSentToDistrict", {"Gửi báo cáo lên huyện", ""}},
      {"CommuneReportAccepted", {"Huyện chấp nhận báo cáo", ""}},
      {"CommuneReportReturned", {"Huyện trả lại báo cáo", ""}},
      {"PeriodReopened", {"Mở lại kỳ báo cáo", ""}},
      {"SupervisionPlanned", {"Lập kế hoạch giám sát", ""}},
      {"InspectionConducted", {"Tiến hành kiểm tra", ""}},
      {"FindingRecorded", {"Ghi nhận kết luận giám sát", ""}},
      {"RecommendationIssued", {"Ban hành kiến nghị", ""}},
      {"ResponseSubmitted", {"Trả lời kiến nghị", ""}},
      {"FindingResolved", {"Kết luận đã khắc phục", ""}},
      {"FindingClosed", {"Đóng kết luận", ""}},
      {"SupervisionClosed", {"Kết thúc giám sát", ""}},
      {"PovertyStandardPublished", {"Công bố chuẩn nghèo", ""}},
      {"HouseholdRegistered", {"Đăng ký hộ", ""}},
      {"HouseholdDetailsChanged", {"Thay đổi thông tin hộ", ""}},
      {"SupportGiven", {"Hỗ trợ hộ", ""}},
      {"PersonalDataErased", {"Xoá dữ liệu cá nhân của hộ", ""}},
      {"PersonalDataAccessed", {"Truy cập dữ liệu cá nhân của hộ", ""}},
      {"PersonalDataAccessGranted", {"Cho phép xem dữ liệu cá nhân của hộ", ""}},
      {"PersonalDataAccessRevoked", {"Thu hồi quyền xem dữ liệu cá nhân của hộ", ""}},
      {"ReviewOpened", {"Mở đợt rà soát hộ nghèo", ""}},
      {"HouseholdSurveyed", {"Khảo sát hộ", ""}},
      {"HouseholdClassified", {"Phân loại hộ theo chuẩn nghèo", ""}},
      {"VillageMeetingAgreed", {"Họp dân thống nhất kết quả", ""}},
      {"ReviewListPosted", {"Niêm yết công khai danh sách", ""}},
      {"ComplaintFiled", {"Gửi khiếu nại kết quả rà soát", ""}},
      {"ComplaintResolved", {"Giải quyết khiếu nại", ""}},
      {"ReviewRecognized", {"Công nhận kết quả rà soát", ""}},
  };
  return *table;
}

// The units deploy/seed/*.json name, as the plan (/work/shared/seed,
// section III "Phân công thực hiện" and section IV) names them.
const Table& Units() {
  static const auto* table = new Table{
      {"ldtbxh", {"Cán bộ LĐ-TB&XH", "Labour, Invalids & Social Affairs officer"}},
      {"vhxh", {"Công chức VH-XH", "Culture & Social Affairs officer"}},
      {"khuyen-nong", {"Cán bộ Khuyến nông", "Agricultural extension officer"}},
      {"ban-nganh", {"Các ngành xã", "Commune sectors"}},
      {"doan-the", {"Đoàn thể xã", "Commune mass organisations"}},
      {"thon", {"Các thôn", "The villages"}},
      {"doanh-nghiep", {"Công ty, doanh nghiệp", "Companies and businesses"}},
      {"co-so-gdnn", {"Cơ sở giáo dục nghề nghiệp", "Vocational training institutions"}},
      {"don-vi-lien-quan", {"Cơ quan, đơn vị liên quan", "Related agencies and units"}},
  };
  return *table;
}

}  // namespace

std::string StateWord(absl::string_view state) { return Lookup(States(), state, true); }

std::string CarryOverWord(absl::string_view status) {
  return Lookup(CarryOverStates(), status, true);
}

std::string DirectionWord(absl::string_view direction) {
  return Lookup(Directions(), direction, false);
}

std::string SeverityWord(absl::string_view severity) {
  return Lookup(Severities(), severity, true);
}

std::string EventTypeWord(absl::string_view event_type) {
  return Lookup(EventTypes(), event_type, true);
}

std::string UnitName(absl::string_view unit_id) { return Lookup(Units(), unit_id, false); }

std::string UnitNames(const google::protobuf::RepeatedPtrField<std::string>& unit_ids) {
  return absl::StrJoin(unit_ids, ", ",
                       [](std::string* out, const std::string& id) { out->append(UnitName(id)); });
}

std::string IllustrativeDataNote() {
  return Say(
      "DỮ LIỆU MINH HỌA: có sự kiện minh họa (thôn, số tiền, ngày tháng đặt ra để trình diễn hệ "
      "thống), không phải số liệu thật của xã",
      "ILLUSTRATIVE DATA: some events are illustrative (villages, amounts and dates invented to "
      "show the system), not the commune's real records");
}

}  // namespace minhbach::clients
