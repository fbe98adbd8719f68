#include "clients/export_table.h"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "clients/event_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "clients/text/program_words.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "services/program/event_payload.h"

namespace minhbach::clients {
namespace {

namespace pb = google::protobuf;

std::string CsvField(const Cell& cell, char separator) {
  std::string text;
  if (const int64_t* number = std::get_if<int64_t>(&cell)) {
    text = std::to_string(*number);
  } else if (const DateCell* date = std::get_if<DateCell>(&cell)) {
    text = FormatDate(date->iso_date);
  } else if (const TimeCell* time = std::get_if<TimeCell>(&cell)) {
    text = FormatVietnamTime(time->at);
  } else {
    text = std::get<std::string>(cell);
  }
  if (text.find_first_of(std::string("\"\r\n") + separator) == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// The civil day of "YYYY-MM-DD", if it is one (and written as such: not 2024-02-30).
bool ParseDay(absl::string_view iso_date, absl::CivilDay* day) {
  return iso_date.size() == 10 && absl::ParseCivilTime(iso_date, day) &&
         absl::FormatCivilTime(*day) == iso_date;
}

// The formats a workbook's cells share.
struct Formats {
  lxw_format* bold;
  lxw_format* thousands;  // #,##0: Excel shows the separators of the reader's locale
  lxw_format* date;       // dd/mm/yyyy
  lxw_format* time;       // dd/mm/yyyy hh:mm:ss
};

void WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Cell& cell,
               const Formats& formats) {
  if (const int64_t* number = std::get_if<int64_t>(&cell)) {
    worksheet_write_number(sheet, row, col, static_cast<double>(*number), formats.thousands);
  } else if (const DateCell* date = std::get_if<DateCell>(&cell)) {
    absl::CivilDay day;
    if (ParseDay(date->iso_date, &day)) {
      lxw_datetime at = {static_cast<int>(day.year()), day.month(), day.day(), 0, 0, 0};
      worksheet_write_datetime(sheet, row, col, &at, formats.date);
    } else if (!date->iso_date.empty()) {
      worksheet_write_string(sheet, row, col, date->iso_date.c_str(), nullptr);
    }
  } else if (const TimeCell* time = std::get_if<TimeCell>(&cell)) {
    const absl::CivilSecond s = absl::ToCivilSecond(time->at, VietnamTime());
    lxw_datetime at = {static_cast<int>(s.year()),     s.month(), s.day(), s.hour(), s.minute(),
                       static_cast<double>(s.second())};
    worksheet_write_datetime(sheet, row, col, &at, formats.time);
  } else {
    worksheet_write_string(sheet, row, col, std::get<std::string>(cell).c_str(), nullptr);
  }
}

absl::Status WriteXlsx(const Table& table, const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        Say("không tạo được ", "cannot create "), path, ": ", std::strerror(errno),
        Say(" (kiểm tra thư mục và quyền ghi)", " (check the folder and permissions)")));
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, SheetName(table.title).c_str());
  if (sheet == nullptr) {
    workbook_close(workbook);
    return absl::InternalError(absl::StrCat(
        Say("libxlsxwriter từ chối tên trang tính \"", "libxlsxwriter refused the sheet name \""),
        SheetName(table.title), "\""));
  }
  Formats formats{workbook_add_format(workbook), workbook_add_format(workbook),
                  workbook_add_format(workbook), workbook_add_format(workbook)};
  format_set_bold(formats.bold);
  format_set_num_format(formats.thousands, "#,##0");
  format_set_num_format(formats.date, "dd/mm/yyyy");
  format_set_num_format(formats.time, "dd/mm/yyyy hh:mm:ss");
  lxw_row_t row = 0;
  for (const auto& [label, value] : table.about) {
    worksheet_write_string(sheet, row, 0, label.c_str(), formats.bold);
    worksheet_write_string(sheet, row, 1, value.c_str(), nullptr);
    ++row;
  }
  if (!table.about.empty()) ++row;  // a blank row before the table
  for (size_t c = 0; c < table.headers.size(); ++c) {
    worksheet_write_string(sheet, row, c, table.headers[c].c_str(), formats.bold);
    worksheet_set_column(sheet, c, c, 18, nullptr);
  }
  ++row;
  for (const std::vector<Cell>& cells : table.rows) {
    for (size_t c = 0; c < cells.size(); ++c) WriteCell(sheet, row, c, cells[c], formats);
    ++row;
  }
  const lxw_error closed = workbook_close(workbook);
  if (closed != LXW_NO_ERROR) {
    return absl::UnavailableError(
        absl::StrCat(Say("không ghi được ", "cannot write "), path, ": ", lxw_strerror(closed)));
  }
  return absl::OkStatus();
}

// Appends the set fields of `message` to `out` as (column, cell), nested
// messages as "a.b", repeated fields as "a[1]", "a[2]"...
void Flatten(const pb::Message& message, const std::string& prefix,
             std::vector<std::pair<std::string, Cell>>& out) {
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    const std::string name = prefix + field->name();
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string column = field->is_repeated() ? absl::StrCat(name, "[", i + 1, "]") : name;
      const bool repeated = field->is_repeated();
      switch (field->cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_MESSAGE:
          Flatten(repeated ? reflection->GetRepeatedMessage(message, field, i)
                           : reflection->GetMessage(message, field),
                  column + ".", out);
          break;
        case pb::FieldDescriptor::CPPTYPE_INT32:
          out.emplace_back(column, static_cast<int64_t>(
                                       repeated ? reflection->GetRepeatedInt32(message, field, i)
                                                : reflection->GetInt32(message, field)));
          break;
        case pb::FieldDescriptor::CPPTYPE_INT64:
          out.emplace_back(column, repeated ? reflection->GetRepeatedInt64(message, field, i)
                                            : reflection->GetInt64(message, field));
          break;
        case pb::FieldDescriptor::CPPTYPE_UINT32:
          out.emplace_back(column, static_cast<int64_t>(
                                       repeated ? reflection->GetRepeatedUInt32(message, field, i)
                                                : reflection->GetUInt32(message, field)));
          break;
        case pb::FieldDescriptor::CPPTYPE_BOOL:
          out.emplace_back(column, (repeated ? reflection->GetRepeatedBool(message, field, i)
                                             : reflection->GetBool(message, field))
                                       ? Say("có", "yes")
                                       : Say("không", "no"));
          break;
        case pb::FieldDescriptor::CPPTYPE_STRING: {
          std::string text = repeated ? reflection->GetRepeatedString(message, field, i)
                                      : reflection->GetString(message, field);
          absl::CivilDay day;
          if (field->type() == pb::FieldDescriptor::TYPE_BYTES) {
            out.emplace_back(column, absl::BytesToHexString(text));
          } else if (absl::StrContains(field->name(), "date") && ParseDay(text, &day)) {
            out.emplace_back(column, DateCell{std::move(text)});
          } else if (absl::EndsWith(field->name(), "_units") ||
                     absl::EndsWith(field->name(), "_unit")) {
            out.emplace_back(column, UnitName(text));
          } else {
            out.emplace_back(column, std::move(text));
          }
          break;
        }
        default: {
          // uint64, floating point, enums: as protobuf prints them.
          std::string text;
          if (repeated) {
            pb::TextFormat::PrintFieldValueToString(message, field, i, &text);
          } else {
            pb::TextFormat::PrintFieldValueToString(message, field, -1, &text);
          }
          out.emplace_back(column, std::move(text));
        }
      }
    }
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> AboutRows(const ExportFacts& facts) {
  const v1::Dashboard& d = facts.dashboard;
  const v1::StatusBasis& basis = d.basis();
  std::vector<std::pair<std::string, std::string>> rows = {
      {Say("Nội dung", "Title"), facts.what},
      {Say("Kế hoạch", "Plan"),
       absl::StrCat(d.title(), d.document_number().empty() ? "" : " (", d.document_number(),
                    d.document_number().empty() ? "" : ")")},
      {Say("Xã", "Commune"), d.issuer()},
      {Say("Tính đến", "As of"),
       facts.as_of.empty() ? Say(absl::StrCat("hiện tại (", basis.log_size(), " sự kiện)"),
                                 absl::StrCat("now (", basis.log_size(), " events)"))
                           : facts.as_of},
      {Say("Ngày xét thời hạn", "Deadlines judged on"), FormatDate(basis.reference_date())},
      {Say("Bản ghi đã ký của nhật ký", "The log's signed head"),
       Say(absl::StrCat(facts.head.tree_size(), " sự kiện, gốc ",
                        absl::Base64Escape(facts.head.root_hash())),
           absl::StrCat(facts.head.tree_size(), " events, root ",
                        absl::Base64Escape(facts.head.root_hash())))},
  };
  if (facts.illustrative || basis.illustrative_data()) {
    rows.push_back({Say("Lưu ý", "Note"), IllustrativeDataNote()});
  }
  return rows;
}

Table DashboardTable(const v1::Dashboard& dashboard) {
  Table table;
  table.title = Say("Tiểu dự án", "Sub-projects");
  table.headers = {Say("Tiểu dự án", "Sub-project"),
                   Say("Tên", "Name"),
                   Say("Trạng thái", "State"),
                   Say("Kinh phí giao (đồng)", "Allocated (VND)"),
                   Say("Đã giải ngân (đồng)", "Disbursed (VND)"),
                   Say("Tỷ lệ", "Rate"),
                   Say("Thời hạn", "Deadline"),
                   Say("Quá hạn", "Overdue"),
                   Say("Chủ trì", "Leads"),
                   Say("Phối hợp", "Co-ordinating")};
  for (const v1::SubProjectStatus& s : dashboard.subprojects()) {
    table.rows.push_back({s.subproject_id(), s.name(), StateWord(s.state()),
                          s.money().allocated_dong(), s.money().disbursed_dong(),
                          FormatRateText(s.money().rate_text()), DateCell{s.deadline_date()},
                          s.overdue() ? Say("có", "yes") : Say("không", "no"),
                          UnitNames(s.lead_units()), UnitNames(s.coordinating_units())});
  }
  return table;
}

Table TimelineTable(const std::vector<v1::TimelineItem>& items) {
  Table table;
  table.title = Say("Dòng thời gian", "Timeline");
  table.headers = {Say("Vị trí", "Position"),
                   Say("Ghi nhận lúc (giờ Việt Nam)", "Recorded (Vietnam time)"),
                   Say("Ngày phát sinh", "Business date"),
                   Say("Người thực hiện", "Actor"),
                   Say("Sự kiện", "Event"),
                   Say("Loại sự kiện", "Event type"),
                   Say("Luồng", "Stream"),
                   Say("Minh họa", "Illustrative")};
  // Payload columns in the order they first appear.
  std::map<std::string, size_t> column_of;
  std::vector<std::vector<std::pair<std::string, Cell>>> payloads;
  for (const v1::TimelineItem& item : items) {
    const v1::EventRecord& r = item.event().record();
    std::vector<std::pair<std::string, Cell>>& fields = payloads.emplace_back();
    if (std::unique_ptr<pb::Message> payload = program::DecodeEventPayload(r)) {
      Flatten(*payload, "", fields);
    } else {
      fields.emplace_back(Say("nội dung", "payload"), PayloadJson(r));
    }
    for (const auto& [name, cell] : fields) {
      if (column_of.emplace(name, table.headers.size()).second) table.headers.push_back(name);
    }
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const v1::EventRecord& r = items[i].event().record();
    std::vector<Cell> row(table.headers.size(), std::string());
    row[0] = static_cast<int64_t>(r.position());
    row[1] = TimeCell{absl::FromUnixMicros(r.recorded_time_micros())};
    row[2] = DateCell{BusinessDate(r)};
    row[3] = r.actor();
    row[4] = EventTypeWord(r.event_type());
    row[5] = r.event_type();
    row[6] = r.stream();
    row[7] = IsIllustrativeEvent(r) ? Say("có", "yes") : std::string();
    for (auto& [name, cell] : payloads[i]) row[column_of.at(name)] = std::move(cell);
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string SheetName(const std::string& title) {
  std::string name;
  size_t shown = 0;
  for (size_t i = 0; i < title.size() && shown < LXW_SHEETNAME_MAX; ++shown) {
    // One UTF-8 code point: its lead byte and continuation bytes.
    size_t end = i + 1;
    while (end < title.size() && (static_cast<unsigned char>(title[end]) & 0xC0) == 0x80) ++end;
    const std::string point = title.substr(i, end - i);
    name += point.find_first_of("[]:*?/\\") == std::string::npos ? point : "-";
    i = end;
  }
  // Excel refuses a name that starts or ends with an apostrophe, and an empty one.
  if (name.empty()) name = "Sheet1";
  if (name.front() == '\'') name.front() = '-';
  if (name.back() == '\'') name.back() = '-';
  return name;
}

std::string ToCsv(const Table& table, char separator) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte-order mark
  auto line = [&out, separator](const std::vector<Cell>& cells) {
    absl::StrAppend(&out,
                    absl::StrJoin(cells, std::string(1, separator),
                                  [separator](std::string* o, const Cell& c) {
                                    o->append(CsvField(c, separator));
                                  }),
                    "\r\n");
  };
  for (const auto& [label, value] : table.about) line({label, value});
  if (!table.about.empty()) out += "\r\n";
  line(std::vector<Cell>(table.headers.begin(), table.headers.end()));
  for (const std::vector<Cell>& row : table.rows) line(row);
  return out;
}

absl::Status WriteTable(const Table& table, const std::string& path, char separator) {
  if (absl::EndsWith(path, ".xlsx")) return WriteXlsx(table, path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << ToCsv(table, separator);
  out.close();
  if (!out) {
    return absl::UnavailableError(
        absl::StrCat(Say("không ghi được ", "cannot write "), path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace minhbach::clients
