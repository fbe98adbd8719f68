// Calendar-date validation.
#include "services/domain/dates.h"

#include "gtest/gtest.h"

namespace minhbach::domain {
namespace {

TEST(DatesTest, RealDaysInYYYYMMDDAreValid) {
  for (const char* date : {"2024-01-01", "2024-02-29", "2024-06-30", "2024-12-31", "2000-02-29"}) {
    EXPECT_TRUE(IsValidDate(date)) << date;
  }
}

TEST(DatesTest, DaysThatDoNotExistAreInvalid) {
  for (const char* date : {"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                           "2024-01-00", "2024-01-32"}) {
    EXPECT_FALSE(IsValidDate(date)) << date;
  }
}

TEST(DatesTest, OtherSpellingsAreInvalid) {
  for (const char* date :
       {"", "2024-1-05", "2024-01-5", "24-01-05", "2024/01/05", "05-01-2024", "2024-01-05 ",
        " 2024-01-05", "2024-01-05T00:00:00Z", "+024-01-05", "2024-0a-05", "20240105"}) {
    EXPECT_FALSE(IsValidDate(date)) << date;
  }
}

TEST(DatesTest, ValidateDateNamesTheField) {
  EXPECT_TRUE(ValidateDate("due_date", "2024-10-31").ok());
  absl::Status status = ValidateDate("due_date", "31/10/2024");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "due_date must be a date YYYY-MM-DD, got \"31/10/2024\"");
}

}  // namespace
}  // namespace minhbach::domain
