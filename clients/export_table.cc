#include "clients/export_table.h"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/event_text.h"

namespace minhbach::clients {
namespace {

std::string CsvField(const Cell& cell) {
  if (const int64_t* number = std::get_if<int64_t>(&cell)) return std::to_string(*number);
  const std::string& text = std::get<std::string>(cell);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Date(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(micros), absl::UTCTimeZone());
}

absl::Status WriteXlsx(const Table& table, const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot create ", path, ": ", std::strerror(errno)));
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.title.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (size_t c = 0; c < table.headers.size(); ++c) {
    worksheet_write_string(sheet, 0, c, table.headers[c].c_str(), bold);
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    for (size_t c = 0; c < table.rows[r].size(); ++c) {
      const Cell& cell = table.rows[r][c];
      if (const int64_t* number = std::get_if<int64_t>(&cell)) {
        worksheet_write_number(sheet, r + 1, c, static_cast<double>(*number), nullptr);
      } else {
        worksheet_write_string(sheet, r + 1, c, std::get<std::string>(cell).c_str(), nullptr);
      }
    }
  }
  const lxw_error closed = workbook_close(workbook);
  if (closed != LXW_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", lxw_strerror(closed)));
  }
  return absl::OkStatus();
}

}  // namespace

Table DashboardTable(const v1::Dashboard& dashboard) {
  Table table{
      "Tien do",  // sheet names: plain ASCII, at most 31 characters
      {"Tiểu dự án (sub-project)", "Tên (name)", "Trạng thái (state)",
       "Kinh phí giao (allocated, đồng)", "Đã giải ngân (disbursed, đồng)", "Tỷ lệ (rate)",
       "Thời hạn (deadline)", "Quá hạn (overdue)", "Chủ trì (leads)", "Phối hợp (co-ordinating)"},
      {}};
  for (const v1::SubProjectStatus& s : dashboard.subprojects()) {
    table.rows.push_back({s.subproject_id(), s.name(), s.state(), s.money().allocated_dong(),
                          s.money().disbursed_dong(), s.money().rate_text(), s.deadline_date(),
                          std::string(s.overdue() ? "có (yes)" : "không (no)"),
                          absl::StrJoin(s.lead_units(), ", "),
                          absl::StrJoin(s.coordinating_units(), ", ")});
  }
  return table;
}

Table TimelineTable(const std::vector<v1::TimelineItem>& items) {
  Table table{
      "Nhat ky",
      {"Vị trí (position)", "Ghi nhận (recorded, UTC)", "Ngày phát sinh (business date)",
       "Người thực hiện (actor)", "Sự kiện (event)", "Luồng (stream)", "Nội dung (payload)"},
      {}};
  for (const v1::TimelineItem& item : items) {
    const v1::EventRecord& r = item.event().record();
    table.rows.push_back(
        {static_cast<int64_t>(r.position()),
         absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixMicros(r.recorded_time_micros()),
                          absl::UTCTimeZone()),
         Date(r.business_time_micros()), r.actor(), r.event_type(), r.stream(), PayloadJson(r)});
  }
  return table;
}

std::string ToCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark
  auto line = [&out](const std::vector<Cell>& cells) {
    absl::StrAppend(
        &out,
        absl::StrJoin(cells, ",", [](std::string* o, const Cell& c) { o->append(CsvField(c)); }),
        "\r\n");
  };
  line(std::vector<Cell>(table.headers.begin(), table.headers.end()));
  for (const std::vector<Cell>& row : table.rows) line(row);
  return out;
}

absl::Status WriteTable(const Table& table, const std::string& path) {
  if (absl::EndsWith(path, ".xlsx")) return WriteXlsx(table, path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << ToCsv(table);
  out.close();
  if (!out) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace minhbach::clients
