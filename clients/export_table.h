// Tables for the commune and district offices, which work in Excel: CSV in
// UTF-8 with a byte-order mark (so Excel shows Vietnamese text as written)
// and .xlsx workbooks through libxlsxwriter (Debian's libxlsxwriter-dev: a
// maintained writer of the OOXML format, which is not something to hand-roll).
#ifndef MINHBACH_CLIENTS_EXPORT_TABLE_H_
#define MINHBACH_CLIENTS_EXPORT_TABLE_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "minhbach/v1/program_service.pb.h"
#include "minhbach/v1/timeline_service.pb.h"

namespace minhbach::clients {

// A cell is text or a whole number (money in đồng, positions).
using Cell = std::variant<std::string, int64_t>;

struct Table {
  std::string title;                 // the sheet's name
  std::vector<std::string> headers;  // "Vietnamese (English)"
  std::vector<std::vector<Cell>> rows;
};

// The sub-projects of a dashboard, one row each.
Table DashboardTable(const v1::Dashboard& dashboard);

// Timeline items, one row each, the payload as JSON.
Table TimelineTable(const std::vector<v1::TimelineItem>& items);

// The table as RFC 4180 CSV after a UTF-8 byte-order mark.
std::string ToCsv(const Table& table);

// Writes `table` as CSV or, for a path ending in ".xlsx", as a workbook.
// Errors name the file and what to do.
absl::Status WriteTable(const Table& table, const std::string& path);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_EXPORT_TABLE_H_
