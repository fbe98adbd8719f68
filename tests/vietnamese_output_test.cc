// Issue 12, "Vietnamese first", through the client a commune officer runs:
// the dashboard, timelines and exports speak Vietnamese by default (English
// with --lang=en), name units and states in the plan's words, carry a header
// in exports, write .xlsx that Excel reads as numbers and dates, take ';' for
// CSV, and say "minh họa" wherever illustrative demo data shows.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::Shell;
using ::minhbach::testing::ShellRun;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One part of an .xlsx (a zip of XML), read back with unzip.
std::string XlsxPart(const std::string& path, const std::string& part) {
  return Shell(absl::StrCat("unzip -p ", path, " ", part)).output;
}

// One server for the suite: the seed plan and the illustrative demo activity,
// imported through the client as deploy/run.sh does.
class VietnameseOutputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    // Checked by each test's SetUp: a failure here would only skip them.
    const ShellRun import =
        Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server_->address(),
                           " --client_tokens=", server_->data_dir(), "/client-tokens import ",
                           MINHBACH_SEED_PLAN, " ", MINHBACH_SEED_DEMO));
    import_exit_code_ = import.exit_code;
    import_output_ = new std::string(import.output);
    // Read our own writes: wait until the projections hold all 89 events.
    if (import.exit_code == 0) import_exit_code_ = Client("status --min-position=89").exit_code;
  }
  void SetUp() override { ASSERT_EQ(import_exit_code_, 0) << *import_output_; }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete import_output_;
    import_output_ = nullptr;
  }

  static ShellRun Client(const std::string& arguments) {
    return Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server_->address(),
                              " --role=district --client_tokens=", server_->data_dir(),
                              "/client-tokens --log_key=", server_->data_dir(), "/log.pub ",
                              arguments));
  }

  static TestServer* server_;
  static std::string* import_output_;  // what `minhbach import` printed
  static int import_exit_code_;
  TempDir dir_;
};

TestServer* VietnameseOutputTest::server_ = nullptr;
std::string* VietnameseOutputTest::import_output_ = nullptr;
int VietnameseOutputTest::import_exit_code_ = -1;

TEST_F(VietnameseOutputTest, Issue12_OutputSpeaksEnglish) {
  const ShellRun status = Client("status --reference_date=2024-11-30");
  ASSERT_EQ(status.exit_code, 0) << status.output;
  const std::string& out = status.output;
  // Amounts, rates and dates as read in Việt Nam; states, units in words.
  EXPECT_TRUE(absl::StrContains(out, "263.500.000 đ trên 510.000.000 đ = 51,7 %")) << out;
  EXPECT_TRUE(absl::StrContains(out, "hạn được xét vào ngày 30/11/2024")) << out;
  EXPECT_TRUE(absl::StrContains(out, "đang thực hiện")) << out;
  EXPECT_TRUE(absl::StrContains(out, "QUÁ HẠN DA7-TDA2-01")) << out;
  EXPECT_TRUE(absl::StrContains(out, "Cán bộ LĐ-TB&XH, Cán bộ Khuyến nông, Công chức VH-XH"))
      << out;
  EXPECT_FALSE(absl::StrContains(out, "ldtbxh")) << out;
  EXPECT_FALSE(absl::StrContains(out, "Disbursed")) << out;
  EXPECT_FALSE(absl::StrContains(out, "in progress")) << out;

  // Timelines name the events in Vietnamese and show dates as dd/mm/yyyy.
  const ShellRun timeline = Client("finance DA3-TDA3");
  ASSERT_EQ(timeline.exit_code, 0) << timeline.output;
  EXPECT_TRUE(absl::StrContains(timeline.output, "Ghi nhận giải ngân")) << timeline.output;
  EXPECT_TRUE(absl::StrContains(timeline.output, "25/04/2024")) << timeline.output;
  EXPECT_TRUE(absl::StrContains(timeline.output, "NGƯỜI THỰC HIỆN")) << timeline.output;

  // One target: the direction and the states in words.
  const ShellRun target = Client("report disbursement");
  ASSERT_EQ(target.exit_code, 0) << target.output;
  EXPECT_TRUE(absl::StrContains(target.output, "Chỉ tiêu:")) << target.output;
  EXPECT_FALSE(absl::StrContains(target.output, "at-least")) << target.output;

  // --lang=en switches all of it; JSON does not depend on the language.
  const ShellRun english = Client("status --reference_date=2024-11-30 --lang=en");
  EXPECT_TRUE(absl::StrContains(english.output, "263,500,000 VND of 510,000,000 VND = 51.7 %"))
      << english.output;
  EXPECT_TRUE(absl::StrContains(english.output, "Labour, Invalids & Social Affairs officer"))
      << english.output;
  EXPECT_EQ(Client("status --reference_date=2024-11-30 --json").output,
            Client("status --reference_date=2024-11-30 --json --lang=en").output);
}

TEST_F(VietnameseOutputTest, Issue12_VerifyResultLinesSpeakEnglish) {
  const ShellRun verify = Client(absl::StrCat("verify --trusted=", dir_.path(), "/head.txt"));
  ASSERT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_TRUE(absl::StrContains(verify.output, "ĐÃ XÁC MINH; đầu mới được lưu vào"))
      << verify.output;
  EXPECT_TRUE(absl::StrContains(verify.output, "sự kiện, ký bởi")) << verify.output;
  const ShellRun consistency =
      Client(absl::StrCat("consistency --trusted=", dir_.path(), "/head.txt"));
  EXPECT_TRUE(absl::StrContains(consistency.output, "ĐẠT: nhật ký")) << consistency.output;
}

TEST_F(VietnameseOutputTest, Issue12_DemoDataUnmarked) {
  ASSERT_NE(import_output_, nullptr);
  EXPECT_TRUE(absl::StrContains(*import_output_, "demo-activity.json: 67 bước (dữ liệu minh họa)"))
      << *import_output_;
  const ShellRun status = Client("status");
  EXPECT_TRUE(absl::StrContains(status.output, "DỮ LIỆU MINH HỌA")) << status.output;
  const ShellRun timeline = Client("timeline --entity=DA3-TDA3");
  EXPECT_TRUE(absl::StrContains(timeline.output, "DỮ LIỆU MINH HỌA")) << timeline.output;
  EXPECT_TRUE(absl::StrContains(timeline.output, "[minh họa]")) << timeline.output;
  const ShellRun english = Client("timeline --entity=DA3-TDA3 --lang=en");
  EXPECT_TRUE(absl::StrContains(english.output, "ILLUSTRATIVE DATA")) << english.output;
  const std::string csv = dir_.path() + "/timeline.csv";
  ASSERT_EQ(Client(absl::StrCat("export timeline --entity=DA3-TDA3 --out=", csv)).exit_code, 0);
  EXPECT_TRUE(absl::StrContains(ReadAll(csv), "DỮ LIỆU MINH HỌA")) << ReadAll(csv);

  // A log holding only the plan's own facts carries no such note.
  TestServer plan_only;
  const std::string client =
      absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", plan_only.address(),
                   " --client_tokens=", plan_only.data_dir(), "/client-tokens ");
  ASSERT_EQ(Shell(absl::StrCat(client, "import ", MINHBACH_SEED_PLAN)).exit_code, 0);
  const ShellRun plan = Shell(absl::StrCat(client, "--role=district status --min-position=22"));
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_FALSE(absl::StrContains(plan.output, "MINH HỌA")) << plan.output;
}

TEST_F(VietnameseOutputTest, Issue12_ExportsHaveNoHeader) {
  const std::string csv = dir_.path() + "/status.csv";
  ASSERT_EQ(Client(absl::StrCat("export status --as-of=2024-06-30 --out=", csv)).exit_code, 0);
  const std::string text = ReadAll(csv);
  EXPECT_TRUE(absl::StrContains(text, "Xã,UBND xã Liên Chung\r\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Tính đến,ngày 30/06/2024 (ngày phát sinh)\r\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Bản ghi đã ký của nhật ký,\"89 sự kiện, gốc ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Ngày xét thời hạn,")) << text;
}

TEST_F(VietnameseOutputTest, Issue12_CsvNeedsSemicolon) {
  const std::string csv = dir_.path() + "/status.csv";
  const ShellRun run = Client(absl::StrCat("export status --separator=';' --out=", csv));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string text = ReadAll(csv);
  // The units' list holds commas: unquoted with ';', and ';' itself is quoted.
  EXPECT_TRUE(absl::StrContains(text, "DA7-TDA2;Giám sát, đánh giá;")) << text;
  EXPECT_TRUE(absl::StrContains(text, ";Cán bộ LĐ-TB&XH, Cán bộ Khuyến nông, Công chức VH-XH;"))
      << text;
  EXPECT_NE(Client(absl::StrCat("export status --separator=tab --out=", csv)).exit_code, 0);
}

TEST_F(VietnameseOutputTest, Issue12_XlsxAmountsAreText) {
  const std::string xlsx = dir_.path() + "/finance.xlsx";
  const ShellRun run =
      Client(absl::StrCat("export timeline --entity=DA3-TDA3 --kind=disbursement --out=", xlsx));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string sheet = XlsxPart(xlsx, "xl/worksheets/sheet1.xml");
  const std::string strings = XlsxPart(xlsx, "xl/sharedStrings.xml");
  const std::string styles = XlsxPart(xlsx, "xl/styles.xml");
  // The payload is columns, not a JSON blob; the amount a number.
  EXPECT_TRUE(absl::StrContains(strings, "<t>amount_dong</t>")) << strings;
  EXPECT_FALSE(absl::StrContains(strings, "\"amount_dong\"")) << strings;
  EXPECT_TRUE(absl::StrContains(sheet, "<v>35000000</v>")) << sheet;
  // Numbers with a thousands format, dates as dates in dd/mm/yyyy (the
  // date paid is no longer a string).
  EXPECT_TRUE(absl::StrContains(styles, "formatCode=\"#,##0\"")) << styles;
  EXPECT_TRUE(absl::StrContains(styles, "formatCode=\"dd/mm/yyyy\"")) << styles;
  EXPECT_FALSE(absl::StrContains(strings, "<t>2024-04-25</t>")) << strings;
  // The header rows, then the sheet named with its diacritics.
  EXPECT_TRUE(absl::StrContains(strings, "<t>UBND xã Liên Chung</t>")) << strings;
  EXPECT_TRUE(absl::StrContains(XlsxPart(xlsx, "xl/workbook.xml"), "name=\"Dòng thời gian\""));
}

}  // namespace
}  // namespace minhbach
