#include "services/privacy/envelope.h"

#include <cstring>
#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace minhbach::privacy {
namespace {

const std::string kNonce(12, 'n');

TEST(EnvelopeTest, HeaderRoundTrip) {
  for (uint32_t generation : {1u, 127u, 128u, 300u, 0xffffffffu}) {
    const std::string header = EncodeEnvelopeHeader(generation, kNonce);
    const std::string bytes = header + std::string(16, 't');
    absl::StatusOr<EnvelopeView> view = DecodeEnvelope(bytes);
    ASSERT_TRUE(view.ok()) << generation << " " << view.status();
    EXPECT_EQ(view->generation, generation);
    EXPECT_EQ(view->header, header);
    EXPECT_EQ(view->nonce, kNonce);
    EXPECT_EQ(view->ciphertext_and_tag, std::string(16, 't'));
  }
}

TEST(EnvelopeTest, StrictParsing) {
  auto code = [](const std::string& bytes) { return DecodeEnvelope(bytes).status().code(); };
  const std::string tail = kNonce + std::string(16, 't');
  EXPECT_EQ(code(std::string("MBPD\x01\x01", 6) + tail), absl::StatusCode::kOk);
  EXPECT_EQ(code(""), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code("MBPD"), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code(std::string("MBPX\x01\x01", 6) + tail), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code(std::string("MBPD\x02\x01", 6) + tail), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code(std::string("MBPD\x01\x00", 6) + tail), absl::StatusCode::kDataLoss);  // gen 0
  EXPECT_EQ(code(std::string("MBPD\x01\x81\x00", 7) + tail), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code(std::string("MBPD\x01\xff\xff\xff\xff\x1f", 10) + tail),
            absl::StatusCode::kDataLoss);  // over 32 bits
  EXPECT_EQ(code(std::string("MBPD\x01\x80\x80\x80\x80\x80\x01", 11) + tail),
            absl::StatusCode::kDataLoss);                                        // too long
  EXPECT_EQ(code(std::string("MBPD\x01\x80", 6)), absl::StatusCode::kDataLoss);  // truncated
  EXPECT_EQ(code(std::string("MBPD\x01\x01", 6) + tail.substr(1)), absl::StatusCode::kDataLoss);
}

TEST(EnvelopeTest, NeverReadsPastTheEnd) {
  // Every prefix of a valid envelope, each in its own exact-size heap buffer,
  // so AddressSanitizer catches a read past it.
  const std::string full = EncodeEnvelopeHeader(300, kNonce) + std::string(20, 'c');
  for (size_t n = 0; n <= full.size(); ++n) {
    std::unique_ptr<char[]> buffer(new char[n == 0 ? 1 : n]);
    std::memcpy(buffer.get(), full.data(), n);
    absl::StatusOr<EnvelopeView> view = DecodeEnvelope(absl::string_view(buffer.get(), n));
    EXPECT_EQ(view.ok(), n >= full.size() - 4) << n;  // a 16-byte tag needs 16 of the 20
  }
}

TEST(EnvelopeTest, AadBindsHouseholdAndHeader) {
  EXPECT_NE(EnvelopeAad("a", "bc"), EnvelopeAad("ab", "c"));
  EXPECT_NE(EnvelopeAad("v1/H-0001", "h"), EnvelopeAad("v1/H-0002", "h"));
}

}  // namespace
}  // namespace minhbach::privacy
