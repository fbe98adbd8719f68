// Issue 14: erasure keeps every proof valid. Through a real server with a
// vault: households registered with personal data (a generated, illustrative
// review), a checkpoint taken, one household erased; then every event's
// inclusion proof and the consistency proof from the earlier checkpoint
// verify, both with the project's verifier (storage/merkle.h) and with an
// RFC 6962 / RFC 9162 recomputation written here (SHA-256 over the raw
// records read back), `minhbach verify --all` passes, and every read says
// the data is erased ("đã xoá").
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/program_import.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/household_service.grpc.pb.h"
#include "services/domain/poverty_standard.h"
#include "storage/merkle.h"
#include "tests/rfc6962_reference.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"
#include "tests/tools/households_scenario.h"

namespace minhbach {
namespace {

using ::minhbach::testing::Shell;
using namespace ::minhbach::testing::rfc6962;
namespace merkle = ::minhbach::storage::merkle;

merkle::Hash AsHash(const std::string& b) {
  merkle::Hash h{};
  if (b.size() == h.size()) std::copy(b.begin(), b.end(), h.begin());
  return h;
}
std::vector<merkle::Hash> AsHashes(const google::protobuf::RepeatedPtrField<std::string>& in) {
  std::vector<merkle::Hash> out;
  for (const std::string& b : in) out.push_back(AsHash(b));
  return out;
}

v1::PovertyStandardPublished SeedStandard() {
  std::ifstream in(MINHBACH_POVERTY_STANDARD);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<v1::PovertyStandardPublished> standard = domain::ParseStandardJson(text.str());
  EXPECT_TRUE(standard.ok()) << standard.status();
  return standard.ok() ? *standard : v1::PovertyStandardPublished();
}

services::ServerOptions WithMasterKey(const std::string& key_file) {
  std::ofstream(key_file, std::ios::binary) << std::string(32, 'k');
  chmod(key_file.c_str(), 0600);
  services::ServerOptions options;
  options.master_key_file = key_file;
  options.metrics_listen = "";
  options.http_listen = "";
  return options;
}

class HouseholdsErasureTest : public ::testing::Test {
 protected:
  HouseholdsErasureTest()
      : server_(WithMasterKey(key_dir_.Sub("master-key"))),
        scenario_(testing::MakeHouseholdsScenario(SeedStandard(), 12, 20251003)) {}

  testing::ShellRun Client(const std::string& role, const std::string& arguments) {
    return Shell(absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", server_.address(),
                              " --role=", role, " --client_tokens=", server_.data_dir(),
                              "/client-tokens --log_key=", server_.data_dir(), "/log.pub ",
                              arguments));
  }

  v1::SignedCheckpoint Checkpoint() {
    v1::SignedCheckpoint head;
    EXPECT_TRUE(v1::Audit::NewStub(server_.Channel())
                    ->GetCheckpoint(server_.Context("supervisor").get(), {}, &head)
                    .ok());
    return head;
  }

  ::minhbach::testing::TempDir key_dir_;
  ::minhbach::testing::TestServer server_;
  testing::HouseholdsScenario scenario_;
};

TEST_F(HouseholdsErasureTest, EveryProofStillVerifiesAndEveryViewSaysErased) {
  std::map<std::string, std::string> tokens;
  for (const char* role : {"coordinator", "village", "supervisor", "district"}) {
    tokens[role] = server_.Token(role);
  }
  absl::StatusOr<clients::ImportSummary> summary = clients::ImportProgram(
      scenario_.file, server_.Channel(), tokens, 30, [](const clients::ImportedStep&) {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  const std::string trusted = key_dir_.Sub("head.txt");
  testing::ShellRun first = Client("supervisor", "--lang=en verify --all --trusted=" + trusted);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const v1::SignedCheckpoint before = Checkpoint();
  ASSERT_GT(before.tree_size(), 12u);

  const testing::ScenarioHousehold& erased = scenario_.households[2];
  auto stub = v1::Households::NewStub(server_.Channel());
  v1::ErasePersonalDataRequest erase;
  erase.mutable_meta()->set_event_id(std::string(16, 'x'));
  erase.mutable_body()->set_household_id(erased.household_id);
  erase.mutable_body()->set_legal_basis("Yêu cầu của chủ thể dữ liệu (minh họa)");
  v1::CommandResult result;
  grpc::Status status =
      stub->ErasePersonalData(server_.Context("coordinator").get(), erase, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // One more read after the erasure, of a household that keeps its data.
  v1::HouseholdPersonalDataRequest read;
  read.set_household_id(scenario_.households[3].household_id);
  read.set_purpose("Kiểm tra sau khi xoá (minh họa)");
  v1::HouseholdPersonalDataView kept;
  ASSERT_TRUE(
      stub->GetHouseholdPersonalData(server_.Context("coordinator").get(), read, &kept).ok());
  EXPECT_EQ(kept.personal().head_name(), scenario_.households[3].head_name);

  const v1::SignedCheckpoint after = Checkpoint();
  ASSERT_EQ(after.tree_size(), before.tree_size() + 2);
  absl::StatusOr<std::vector<storage::StoredEvent>> events =
      server_.log().ReadAll(0, static_cast<uint32_t>(after.tree_size()));
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), after.tree_size());
  std::vector<Bytes> leaves;
  for (const storage::StoredEvent& e : *events) leaves.push_back(Leaf(e.raw));
  // The roots recomputed here from the raw records are the signed ones.
  EXPECT_EQ(TreeHash(leaves, 0, before.tree_size()), before.root_hash());
  EXPECT_EQ(TreeHash(leaves, 0, after.tree_size()), after.root_hash());

  auto audit = v1::Audit::NewStub(server_.Channel());
  for (uint64_t i = 0; i < after.tree_size(); ++i) {
    SCOPED_TRACE(i);
    v1::GetInclusionProofRequest request;
    request.set_position(i);
    request.set_tree_size(after.tree_size());
    v1::InclusionProof proof;
    ASSERT_TRUE(
        audit->GetInclusionProof(server_.Context("supervisor").get(), request, &proof).ok());
    EXPECT_TRUE(merkle::VerifyInclusion(merkle::HashLeaf((*events)[i].raw), i, after.tree_size(),
                                        AsHashes(proof.hashes()), AsHash(after.root_hash()))
                    .ok());
    const std::vector<Bytes> expected = Path(leaves, i, 0, after.tree_size());
    ASSERT_EQ(proof.hashes_size(), static_cast<int>(expected.size()));
    for (size_t j = 0; j < expected.size(); ++j) EXPECT_EQ(proof.hashes(j), expected[j]);
  }
  v1::GetConsistencyProofRequest request;
  request.set_old_size(before.tree_size());
  request.set_new_size(after.tree_size());
  v1::ConsistencyProof consistency;
  ASSERT_TRUE(
      audit->GetConsistencyProof(server_.Context("supervisor").get(), request, &consistency).ok());
  EXPECT_TRUE(merkle::VerifyConsistency(before.tree_size(), after.tree_size(),
                                        AsHash(before.root_hash()), AsHash(after.root_hash()),
                                        AsHashes(consistency.hashes()))
                  .ok());
  const std::vector<Bytes> expected =
      SubProof(leaves, before.tree_size(), 0, after.tree_size(), true);
  ASSERT_EQ(consistency.hashes_size(), static_cast<int>(expected.size()));
  for (size_t j = 0; j < expected.size(); ++j) EXPECT_EQ(consistency.hashes(j), expected[j]);

  // The auditor's client re-hashes everything and extends its saved head.
  testing::ShellRun verified = Client("supervisor", "--lang=en verify --all --trusted=" + trusted);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_TRUE(absl::StrContains(verified.output, "extends the saved head")) << verified.output;

  // Every view says the data is erased.
  v1::HouseholdPersonalDataView view;
  read.set_household_id(erased.household_id);
  ASSERT_TRUE(
      stub->GetHouseholdPersonalData(server_.Context("coordinator").get(), read, &view).ok());
  EXPECT_TRUE(view.erased());
  EXPECT_FALSE(view.has_personal());
  v1::PostingListRequest posting;
  posting.set_review_id(scenario_.review_id);
  posting.set_village_id(scenario_.village_id);
  posting.set_as_of_date(scenario_.posted_on);
  v1::PostingList list;
  ASSERT_TRUE(stub->GetPostingList(server_.Context("supervisor").get(), posting, &list).ok());
  ASSERT_EQ(list.entries_size(), 12);
  EXPECT_EQ(list.entries(2).household_id(), erased.household_id);
  EXPECT_EQ(list.entries(2).head_name(), "đã xoá");
  EXPECT_TRUE(list.entries(2).erased());
  testing::ShellRun shown =
      Client("coordinator", "household show " + erased.household_id + " --purpose=Kiểm-tra");
  EXPECT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_TRUE(absl::StrContains(shown.output, "Chủ hộ: đã xoá")) << shown.output;
  EXPECT_FALSE(absl::StrContains(shown.output, erased.head_name)) << shown.output;
  testing::ShellRun listed =
      Client("supervisor", absl::StrCat("review posting-list ", scenario_.review_id,
                                        " --village=", scenario_.village_id,
                                        " --as-of-date=", scenario_.posted_on));
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_TRUE(absl::StrContains(listed.output, "đã xoá")) << listed.output;
  EXPECT_FALSE(absl::StrContains(listed.output, erased.head_name)) << listed.output;
  EXPECT_TRUE(absl::StrContains(listed.output, scenario_.households[3].head_name)) << listed.output;
}

// The CLI's reads of personal data: shown to the coordinator in Vietnamese,
// refused to an auditor, the posting list refused once its window closed,
// and exported with exactly its public columns.
TEST_F(HouseholdsErasureTest, CliShowsPersonalDataAndThePostingListAsTheRolesMay) {
  std::map<std::string, std::string> tokens;
  for (const char* role : {"coordinator", "village", "supervisor", "district"}) {
    tokens[role] = server_.Token(role);
  }
  ASSERT_TRUE(clients::ImportProgram(scenario_.file, server_.Channel(), tokens, 30,
                                     [](const clients::ImportedStep&) {})
                  .ok());
  const testing::ScenarioHousehold& h = scenario_.households[0];
  testing::ShellRun shown =
      Client("coordinator", "household show " + h.household_id + " --purpose=\"Xác minh\"");
  EXPECT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_TRUE(absl::StrContains(shown.output, "Chủ hộ: " + h.head_name)) << shown.output;
  EXPECT_TRUE(absl::StrContains(shown.output, "đã được ghi vào sổ")) << shown.output;
  testing::ShellRun refused =
      Client("supervisor", "household show " + h.household_id + " --purpose=\"Xác minh\"");
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_FALSE(absl::StrContains(refused.output, h.head_name)) << refused.output;
  testing::ShellRun closed = Client(
      "supervisor", absl::StrCat("review posting-list ", scenario_.review_id,
                                 " --village=", scenario_.village_id, " --as-of-date=2025-10-10"));
  EXPECT_NE(closed.exit_code, 0) << closed.output;
  EXPECT_TRUE(absl::StrContains(closed.output, "danh sách đã hết thời gian niêm yết"))
      << closed.output;
  EXPECT_FALSE(absl::StrContains(closed.output, h.head_name)) << closed.output;
  const std::string csv = key_dir_.Sub("niem-yet.csv");
  testing::ShellRun exported =
      Client("supervisor", absl::StrCat("review posting-list ", scenario_.review_id,
                                        " --village=", scenario_.village_id,
                                        " --as-of-date=", scenario_.posted_on, " --out=", csv));
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::ifstream in(csv);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(absl::StrContains(text.str(), "Mã hộ,Chủ hộ,Thôn,Phân loại")) << text.str();
  for (const testing::ScenarioHousehold& s : scenario_.households) {
    EXPECT_TRUE(absl::StrContains(text.str(), s.head_name)) << s.household_id;
    EXPECT_FALSE(absl::StrContains(text.str(), s.head_id_number)) << s.household_id;
  }
}

}  // namespace
}  // namespace minhbach
