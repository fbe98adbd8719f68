// Issue 12, "Vietnamese first": amounts, rates, dates and times as commune
// staff read them, and the English switch.
#include <cstdint>
#include <limits>

#include "absl/time/civil_time.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "gtest/gtest.h"

namespace minhbach::clients {
namespace {

class FormatsTest : public ::testing::Test {
 protected:
  void TearDown() override { SetLanguage(Language::kVietnamese); }
};

TEST_F(FormatsTest, Issue12_AmountsReadAsInVietnam) {
  EXPECT_EQ(FormatDong(263500000), "263.500.000 đ");
  EXPECT_EQ(FormatDong(0), "0 đ");
  EXPECT_EQ(FormatDong(999), "999 đ");
  EXPECT_EQ(FormatDong(-1000), "-1.000 đ");
  EXPECT_EQ(FormatInteger(std::numeric_limits<int64_t>::min()), "-9.223.372.036.854.775.808");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(FormatDong(263500000), "263,500,000 VND");
}

TEST_F(FormatsTest, Issue12_RatesUseADecimalComma) {
  EXPECT_EQ(FormatPermille(517), "51,7 %");
  EXPECT_EQ(FormatPermille(1000), "100,0 %");
  EXPECT_EQ(FormatPermille(5), "0,5 %");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(FormatPermille(517), "51.7 %");
}

TEST_F(FormatsTest, Issue12_DatesAreDayMonthYear) {
  EXPECT_EQ(FormatDate("2024-11-30"), "30/11/2024");
  EXPECT_EQ(FormatDate("2024-03"), "03/2024");
  EXPECT_EQ(FormatDate(""), "—");
  EXPECT_EQ(FormatDate("not a date"), "not a date");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(FormatDate("2024-11-30"), "2024-11-30");
}

TEST_F(FormatsTest, Issue12_TimesAreVietnamTime) {
  // 17:30 UTC on 30 June is 00:30 on 1 July in Việt Nam.
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2024, 6, 30, 17, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(FormatVietnamTime(t), "01/07/2024 00:30:00");
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(FormatVietnamTime(t), "2024-07-01 00:30:00 +07");
}

TEST_F(FormatsTest, Issue12_LanguageSwitch) {
  EXPECT_EQ(Say("Đã ghi", "Recorded"), "Đã ghi");
  ASSERT_TRUE(SetLanguageFrom("en").ok());
  EXPECT_EQ(Say("Đã ghi", "Recorded"), "Recorded");
  ASSERT_TRUE(SetLanguageFrom("vi-VN").ok());
  EXPECT_EQ(Say("Đã ghi", "Recorded"), "Đã ghi");
  EXPECT_FALSE(SetLanguageFrom("fr").ok());
}

}  // namespace
}  // namespace minhbach::clients
