#include "services/privacy/log_erasures.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::privacy {
namespace {

// Hand-made wire format: tag (field << 3 | wire type), then the value.
std::string LengthDelimited(int field, const std::string& value) {
  std::string out;
  out.push_back(static_cast<char>(field << 3 | 2));
  out.push_back(static_cast<char>(value.size()));  // < 128 in these tests
  return out + value;
}

// PersonalDataErased{household_id = 1, legal_basis = 2, requested_by_role = 3}.
std::string ErasedPayload(const std::string& household_id) {
  return LengthDelimited(1, household_id) + LengthDelimited(2, "Điều 16, Luật BVDLCN") +
         LengthDelimited(3, "coordinator");
}

TEST(LogErasuresTest, ReadsFieldOneOfAHandMadePayload) {
  EXPECT_EQ(ErasedHouseholdOfPayload(ErasedPayload("v1/H-0001")), "v1/H-0001");
  // Field order does not matter; unknown fields (a varint, field 9) are skipped.
  EXPECT_EQ(ErasedHouseholdOfPayload(std::string("\x48\x05", 2) + LengthDelimited(3, "x") +
                                     LengthDelimited(1, "v2/H-0002")),
            "v2/H-0002");
  // The last occurrence wins, as protobuf parses it.
  EXPECT_EQ(ErasedHouseholdOfPayload(LengthDelimited(1, "a") + LengthDelimited(1, "b")), "b");
}

TEST(LogErasuresTest, MalformedOrEmptyPayloadsNameNoHousehold) {
  EXPECT_EQ(ErasedHouseholdOfPayload(""), std::nullopt);
  EXPECT_EQ(ErasedHouseholdOfPayload(LengthDelimited(2, "only the basis")), std::nullopt);
  EXPECT_EQ(ErasedHouseholdOfPayload(LengthDelimited(1, "")), std::nullopt);
  const std::string good = ErasedPayload("v1/H-0001");
  for (size_t n = 1; n < good.size(); ++n) {
    // A cut inside a field is malformed; a cut between fields is a shorter message.
    const std::optional<std::string> id = ErasedHouseholdOfPayload(good.substr(0, n));
    if (id.has_value()) {
      EXPECT_EQ(*id, "v1/H-0001") << n;
    }
  }
  EXPECT_EQ(ErasedHouseholdOfPayload(good.substr(0, 5)), std::nullopt);
  EXPECT_EQ(ErasedHouseholdOfPayload(std::string("\x08\x01", 2)), std::nullopt);  // varint id
  EXPECT_EQ(ErasedHouseholdOfPayload(std::string("\x00", 1)), std::nullopt);      // field 0
  EXPECT_EQ(ErasedHouseholdOfPayload(std::string("\x0a\xff\xff\xff\xff\x0f", 6)), std::nullopt);
}

TEST(LogErasuresTest, ScansTheLogForErasuresOnTheHouseholdsOwnStream) {
  testing::TempDir dir;
  auto log = testing::OpenOrDie(dir.Sub("log"));
  ASSERT_NE(log, nullptr);
  auto append = [&](const std::string& stream, const std::string& type,
                    const std::string& payload) {
    storage::AppendRequest request;
    request.stream = stream;
    request.actor = "test";
    request.events.push_back(testing::MakeEvent(type, payload));
    ASSERT_TRUE(log->Append(std::move(request)).ok());
  };
  append("program/household/v1/H-0001", "HouseholdRegistered", "x");
  append("program/household/v1/H-0001", "PersonalDataErased", ErasedPayload("v1/H-0001"));
  append("program/household/v1/H-0002", "PersonalDataAccessed", ErasedPayload("v1/H-0002"));
  // Named on another household's stream, or elsewhere: erases nothing.
  append("program/household/v1/H-0003", "PersonalDataErased", ErasedPayload("v1/H-0004"));
  append("somewhere/else", "PersonalDataErased", ErasedPayload("v1/H-0005"));
  append("program/household/v1/H-0006", "PersonalDataErased", ErasedPayload("v1/H-0006"));
  append("program/household/v1/H-0001", "PersonalDataErased", ErasedPayload("v1/H-0001"));
  absl::StatusOr<std::vector<std::string>> erased = ErasedHouseholdsInLog(*log);
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(*erased, (std::vector<std::string>{"v1/H-0001", "v1/H-0006"}));
}

}  // namespace
}  // namespace minhbach::privacy
