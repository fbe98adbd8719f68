// The province's summary of its communes (clients/province_summary.h, and
// `minhbach province`): two communes' random program logs exported as
// tlog-tiles, summed from the mirrors alone. Each commune's dashboard must be
// the one a fold of its log gives (now and as of a past date); a changed
// byte, another commune's key and a missing file must stop that commune
// from being summed, naming why.
#include "clients/province_summary.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/tiles_export.h"
#include "clients/tiles_source.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/program/program_state.h"
#include "services/program/program_status.h"
#include "tests/log_test_util.h"
#include "tests/program/random_program.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"

namespace minhbach {
namespace {

using clients::CommuneSummary;
using google::protobuf::util::MessageDifferencer;

constexpr char kReferenceDate[] = "2024-12-31";

struct Commune {
  std::unique_ptr<storage::EventLog> log;
  std::unique_ptr<storage::note::Signer> key;
  std::string mirror;
};

class ProvinceSummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int c = 0; c < 2; ++c) {
      Commune commune;
      commune.log = testing::OpenOrDie(absl::StrCat(dir_.path(), "/log-", c));
      testing::RandomProgram program(commune.log.get(), 7 + c);
      program.Setup();
      for (int i = 0; i < 150 + 1050 * c; ++i)
        program.Step();  // the second: all of 2024, two bundles
      commune.key = std::make_unique<storage::note::Signer>(
          storage::note::Signer::Generate(absl::StrCat("tinh.example/xa-", c)).value());
      commune.mirror = absl::StrCat(dir_.path(), "/mirror-", c);
      ASSERT_TRUE(clients::ExportTiles(*commune.log, *commune.key, commune.log->Size(),
                                       commune.mirror, nullptr)
                      .ok());
      communes_.push_back(std::move(commune));
    }
  }

  // The dashboard a fold of the whole log gives, the view taking `in_view`.
  v1::Dashboard FoldedDashboard(const storage::EventLog& log,
                                const std::function<bool(const v1::EventRecord&)>& in_view) {
    program::ProgramState state;
    const std::vector<storage::StoredEvent> events = log.ReadAll(0, log.Size()).value();
    for (const storage::StoredEvent& e : events) {
      if (in_view(e.record)) program::ApplyRecord(state, e.record);
    }
    return program::BuildDashboard(state, kReferenceDate);
  }

  absl::StatusOr<CommuneSummary> Summarize(
      const Commune& commune, const std::string& mirror,
      const std::function<bool(const v1::EventRecord&)>& in_view = [](const v1::EventRecord&) {
        return true;
      }) {
    return clients::SummarizeCommune(clients::TilesSource(mirror), commune.key->verifier(), in_view,
                                     kReferenceDate);
  }

  testing::TempDir dir_;
  std::vector<Commune> communes_;
};

TEST_F(ProvinceSummaryTest, EachCommuneIsWhatAFoldOfItsLogGives) {
  for (const Commune& commune : communes_) {
    absl::StatusOr<CommuneSummary> summary = Summarize(commune, commune.mirror);
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_EQ(summary->log_size, commune.log->Size());
    EXPECT_EQ(summary->folded, commune.log->Size());
    EXPECT_GT(summary->dashboard.money().allocated_dong(), 0);
    v1::Dashboard expected = FoldedDashboard(*commune.log, [](const auto&) { return true; });
    v1::Dashboard got = summary->dashboard;
    got.clear_basis();
    EXPECT_TRUE(MessageDifferencer::Equals(expected, got))
        << "from the mirror:\n"
        << got.DebugString() << "\nfrom the log:\n"
        << expected.DebugString();
  }
}

TEST_F(ProvinceSummaryTest, AsOfADateTakesWhatHadHappenedByThen) {
  const int64_t end =
      absl::ToUnixMicros(absl::FromCivil(absl::CivilDay(2024, 7, 1), absl::UTCTimeZone()));
  auto by_june = [end](const v1::EventRecord& r) { return r.business_time_micros() < end; };
  const Commune& commune = communes_[1];
  absl::StatusOr<CommuneSummary> summary = Summarize(commune, commune.mirror, by_june);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_GT(summary->folded, 0u);
  EXPECT_LT(summary->folded, commune.log->Size());  // the random run goes on past June
  v1::Dashboard got = summary->dashboard;
  got.clear_basis();
  EXPECT_TRUE(MessageDifferencer::Equals(FoldedDashboard(*commune.log, by_june), got))
      << got.DebugString();
}

TEST_F(ProvinceSummaryTest, AChangedMirrorOrAnotherKeyIsNotSummed) {
  const Commune& commune = communes_[1];
  // A changed byte in an entry: the re-hash names the bundle.
  const std::string changed = dir_.path() + "/changed";
  std::filesystem::copy(commune.mirror, changed, std::filesystem::copy_options::recursive);
  {
    const std::string bundle = changed + "/tile/entries/000";  // a full bundle
    ASSERT_TRUE(std::filesystem::exists(bundle));
    std::fstream file(bundle, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(300);
    file.put('\x7f');
  }
  absl::StatusOr<CommuneSummary> summary = Summarize(commune, changed);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(summary.status().message().find("tile/entries/000"), absl::string_view::npos)
      << summary.status();

  // Another commune's mirror under this commune's key.
  summary = Summarize(commune, communes_[0].mirror);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kUnauthenticated) << summary.status();

  // A hash tile missing from the mirror.
  const std::string partial = dir_.path() + "/partial";
  std::filesystem::copy(commune.mirror, partial, std::filesystem::copy_options::recursive);
  ASSERT_TRUE(std::filesystem::remove(partial + "/tile/0/000"));
  summary = Summarize(commune, partial);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("tile/0/000"), absl::string_view::npos)
      << summary.status();
}

TEST(CommuneListTest, ParsesLinesAndRefusesWhatIsNotOne) {
  absl::StatusOr<std::vector<clients::CommuneSource>> list = clients::ParseCommuneList(
      "# tỉnh\nxa-a  http://m.example/a  a.pub\n\n\txa-b /srv/b b.pub # xã B\n");
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].name, "xa-b");
  EXPECT_EQ((*list)[1].source, "/srv/b");
  EXPECT_EQ((*list)[1].key_file, "b.pub");
  EXPECT_NE(clients::ParseCommuneList("xa-a http://m\n").status().message().find("line 1"),
            absl::string_view::npos);
  EXPECT_NE(clients::ParseCommuneList("a s k\na t k\n").status().message().find("already listed"),
            absl::string_view::npos);
  EXPECT_FALSE(clients::ParseCommuneList("# nothing\n").ok());
}

// The command a province's officer runs, in Vietnamese: every commune's
// row, the total of the verified ones, and exit status 1 when one did not
// verify.
TEST_F(ProvinceSummaryTest, TheProvinceCommandSumsTheVerifiedCommunes) {
  std::string list;
  int64_t allocated = 0, disbursed = 0;
  for (size_t c = 0; c < communes_.size(); ++c) {
    const std::string pub = absl::StrCat(dir_.path(), "/xa-", c, ".pub");
    std::ofstream(pub) << communes_[c].key->verifier().ToString() << "\n";
    absl::StrAppend(&list, "xa-", c, " ", communes_[c].mirror, " ", pub, "\n");
    v1::Dashboard d = FoldedDashboard(*communes_[c].log, [](const auto&) { return true; });
    allocated += d.money().allocated_dong();
    disbursed += d.money().disbursed_dong();
  }
  const std::string file = dir_.path() + "/communes.txt";
  std::ofstream(file) << list;
  const std::string command = absl::StrCat(MINHBACH_CLIENT_PATH, " province --communes=", file,
                                           " --reference_date=", kReferenceDate);
  testing::ShellRun run = testing::Shell(command);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("Tổng (2/2 xã)"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("băm lại đúng gốc Merkle"), std::string::npos) << run.output;

  testing::ShellRun json = testing::Shell(command + " --json");
  EXPECT_EQ(json.exit_code, 0) << json.output;
  EXPECT_NE(json.output.find(absl::StrCat("\"allocated_dong\":\"", allocated, "\"")),
            std::string::npos)
      << json.output;
  EXPECT_NE(json.output.find(absl::StrCat("\"disbursed_dong\":\"", disbursed, "\"")),
            std::string::npos)
      << json.output;

  // One commune's mirror swapped for another's: it is named and not summed.
  std::ofstream(file) << list << "xa-x " << communes_[0].mirror << " " << dir_.path()
                      << "/xa-1.pub\n";
  testing::ShellRun bad = testing::Shell(command);
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("xa-x"), std::string::npos);
  EXPECT_NE(bad.output.find("KHÔNG XÁC MINH ĐƯỢC"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("Tổng (2/3 xã)"), std::string::npos) << bad.output;

  // One commune listed twice (two mirrors of one log): summed once, and not
  // called unverified.
  std::ofstream(file) << list << "xa-0-copy " << communes_[0].mirror << " " << dir_.path()
                      << "/xa-0.pub\n";
  testing::ShellRun twice = testing::Shell(command + " --json");
  EXPECT_EQ(twice.exit_code, 0) << twice.output;
  EXPECT_NE(twice.output.find(absl::StrCat("\"allocated_dong\":\"", allocated, "\"")),
            std::string::npos)
      << twice.output;
  EXPECT_NE(twice.output.find("\"duplicate_of\":\"xa-0\""), std::string::npos) << twice.output;
  testing::ShellRun twice_text = testing::Shell(command);
  EXPECT_NE(twice_text.output.find("cùng sổ cái (cùng khóa) với xã xa-0"), std::string::npos)
      << twice_text.output;
  EXPECT_EQ(twice_text.output.find("KHÔNG XÁC MINH"), std::string::npos) << twice_text.output;
}

}  // namespace
}  // namespace minhbach
