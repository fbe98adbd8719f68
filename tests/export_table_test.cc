// Issue 12, exports for Excel: CSV quoting with either separator, sheet
// names that keep their diacritics within Excel's rules, header rows.
#include "clients/export_table.h"

#include <string>

#include "absl/strings/match.h"
#include "clients/text/language.h"
#include "gtest/gtest.h"

namespace minhbach::clients {
namespace {

TEST(ExportTableTest, Issue12_CsvQuotesForEitherSeparator) {
  Table table;
  table.about = {{"Xã", "UBND xã Liên Chung"}};
  table.headers = {"a", "b", "c"};
  table.rows = {{std::string("x;y"), std::string("p,q"), int64_t{263500000}},
                {std::string("say \"hi\""), std::string("two\nlines"), DateCell{"2024-11-30"}}};
  const std::string semicolons = ToCsv(table, ';');
  EXPECT_TRUE(absl::StartsWith(semicolons, "\xEF\xBB\xBFXã;UBND xã Liên Chung\r\n\r\na;b;c\r\n"))
      << semicolons;
  EXPECT_TRUE(absl::StrContains(semicolons, "\"x;y\";p,q;263500000\r\n")) << semicolons;
  EXPECT_TRUE(absl::StrContains(semicolons, "\"say \"\"hi\"\"\";\"two\nlines\";30/11/2024\r\n"))
      << semicolons;
  EXPECT_TRUE(absl::StrContains(ToCsv(table, ','), "x;y,\"p,q\",263500000\r\n"));
}

TEST(ExportTableTest, Issue12_SheetNamesLoseDiacritics) {
  EXPECT_EQ(SheetName("Tiểu dự án"), "Tiểu dự án");
  EXPECT_EQ(SheetName("Thu/chi [2024]: tổng?"), "Thu-chi -2024-- tổng-");
  EXPECT_EQ(SheetName("'quoted'"), "-quoted-");
  EXPECT_EQ(SheetName(""), "Sheet1");
  // 31 characters, counted as letters, not bytes.
  EXPECT_EQ(SheetName("Dòng thời gian của tiểu dự án DA3-TDA3 năm 2024"),
            "Dòng thời gian của tiểu dự án D");
}

}  // namespace
}  // namespace minhbach::clients
