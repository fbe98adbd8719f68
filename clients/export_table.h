// Tables for the commune and district offices, which work in Excel: CSV in
// UTF-8 with a byte-order mark (so Excel shows Vietnamese text as written),
// comma- or semicolon-separated (Excel in a Vietnamese locale expects ';'),
// and .xlsx workbooks through libxlsxwriter (Debian's libxlsxwriter-dev: a
// maintained writer of the OOXML format, which is not something to hand-roll).
// Every table starts with rows that say what it is: title, commune, as-of
// and reference dates, the signed head of the log it was read from.
#ifndef MINHBACH_CLIENTS_EXPORT_TABLE_H_
#define MINHBACH_CLIENTS_EXPORT_TABLE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "minhbach/v1/event_log_service.pb.h"
#include "minhbach/v1/program_service.pb.h"
#include "minhbach/v1/timeline_service.pb.h"

namespace minhbach::clients {

// A business date, "YYYY-MM-DD": a date cell in .xlsx (dd/mm/yyyy).
struct DateCell {
  std::string iso_date;
};
// A moment: a date-and-time cell in Vietnam time.
struct TimeCell {
  absl::Time at;
};
// A cell is text, a whole number (money in đồng, counts, positions: shown
// with a thousands separator in .xlsx), a date or a moment.
using Cell = std::variant<std::string, int64_t, DateCell, TimeCell>;

struct Table {
  std::string title;  // the sheet's name, e.g. "Tiểu dự án" (see SheetName)
  // Rows above the table: (label, value), e.g. ("Xã", "UBND xã Liên Chung").
  std::vector<std::pair<std::string, std::string>> about;
  std::vector<std::string> headers;
  std::vector<std::vector<Cell>> rows;
};

// What an export's leading rows say.
struct ExportFacts {
  std::string what;           // e.g. "Tiến độ các tiểu dự án"
  v1::Dashboard dashboard;    // the plan's title and issuer, the basis
  std::string as_of;          // the point in history asked for, for people; empty: now
  v1::SignedCheckpoint head;  // the log's signed head when the export was made
  bool illustrative = false;  // some exported event is illustrative demo data
};

// The leading rows of an export, in the current language.
std::vector<std::pair<std::string, std::string>> AboutRows(const ExportFacts& facts);

// The sub-projects of a dashboard, one row each.
Table DashboardTable(const v1::Dashboard& dashboard);

// Timeline items, one row each; each payload field is a column (nested
// fields as "a.b", repeated ones as "a[1]"), after the event's own columns.
Table TimelineTable(const std::vector<v1::TimelineItem>& items);

// A valid sheet name for `title`: diacritics kept, the characters Excel
// forbids ([ ] : * ? / \) replaced by '-', at most 31 characters.
std::string SheetName(const std::string& title);

// The table as RFC 4180 CSV after a UTF-8 byte-order mark, fields separated
// by `separator` (',' or ';'); dates as FormatDate writes them.
std::string ToCsv(const Table& table, char separator = ',');

// Writes `table` as CSV or, for a path ending in ".xlsx", as a workbook.
// Errors name the file and what to do.
absl::Status WriteTable(const Table& table, const std::string& path, char separator = ',');

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_EXPORT_TABLE_H_
