// The province's log of its communes' heads (clients/province_log.h) against
// a real minhbachd holding it, the communes' logs read from tlog-tiles
// exports: each advance recorded once and only once proven to extend the
// last; a commune that signs two histories caught by the follower (nothing
// written) and by a reader; a mirror behind, damaged or signed by another key
// never recorded; a reader proving a head through an exact entry, through a
// later one with a consistency proof, and against a witnessed province head;
// the province's signed root recomputed here from its entries; two followers
// at once recording one entry; and the command line doing the same in
// Vietnamese.
#include "clients/province_log.h"

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/tiles_export.h"
#include "clients/tiles_source.h"
#include "gtest/gtest.h"
#include "services/auth/token_file.h"
#include "services/auth/token_store.h"
#include "storage/checkpoint.h"
#include "tests/log_test_util.h"
#include "tests/rfc6962_reference.h"
#include "tests/shell_run.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using clients::FollowOutcome;
using clients::FollowResult;
using clients::ProvinceProof;

// A commune's log, its key and a tiles export of it.
struct Commune {
  std::unique_ptr<storage::EventLog> log;
  std::string mirror;

  void Grow(uint64_t size, const std::string& payload_prefix) {
    while (log->Size() < size) {
      storage::AppendRequest request =
          testing::MakeAppend("ext/notes", storage::ExpectedVersion::Any());
      request.events[0].payload = absl::StrCat(payload_prefix, " ", log->Size());
      ASSERT_TRUE(log->Append(std::move(request)).ok());
    }
  }
};

class ProvinceLogTest : public ::testing::Test {
 protected:
  ProvinceLogTest()
      : key_(storage::note::Signer::Generate("tinh.example/xa-a").value()),
        other_key_(storage::note::Signer::Generate("tinh.example/xa-b").value()),
        witness_(storage::note::Signer::Generate("mttq.tinh/w1", storage::note::kAlgCosignatureV1)
                     .value()),
        province_(ServerOptionsWithWitness()) {
    commune_ = MakeCommune("a");
    // The follower's token: a service whose stream prefix is communes/.
    follower_token_ = services::NewToken();
    services::TokenLine line;
    line.role = services::Role::kService;
    line.identity = "tinh";
    line.hash = services::HashToken(follower_token_);
    line.scopes = {std::string(clients::kCommuneStreamPrefix)};
    std::ofstream(province_.data_dir() + "/tokens", std::ios::app)
        << services::FormatTokenLine(line);
    events_ = v1::EventLog::NewStub(province_.Channel());
    audit_ = v1::Audit::NewStub(province_.Channel());
    // The server reads its token file again within a second.
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    v1::ReadStreamRequest probe;
    probe.set_stream("communes/probe");
    v1::ReadEventsResponse ignored;
    while (!events_->ReadStream(FollowerContext().get(), probe, &ignored).ok() &&
           absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(100));
    }
  }

  services::ServerOptions ServerOptionsWithWitness() {
    const std::string path = dir_.path() + "/witnesses";
    std::ofstream(path) << witness_.verifier().ToString() << "\n";
    services::ServerOptions options;
    options.witness_keys = path;
    options.log_name = "tinh.example/communes";
    return options;
  }

  Commune MakeCommune(const std::string& name) {
    Commune commune;
    commune.log = testing::OpenOrDie(absl::StrCat(dir_.path(), "/log-", name));
    commune.mirror = absl::StrCat(dir_.path(), "/mirror-", name);
    return commune;
  }

  // Grows `commune` to `size` events and exports them, signed by `key`.
  void Publish(Commune& commune, uint64_t size, const storage::note::Signer& key,
               const std::string& payload_prefix = "sự kiện") {
    commune.Grow(size, payload_prefix);
    ASSERT_TRUE(clients::ExportTiles(*commune.log, key, size, commune.mirror, nullptr).ok());
  }

  // The commune's head of `size` events, as it would hand it to a reader.
  std::string HeadOf(const Commune& commune, uint64_t size) {
    storage::Checkpoint head{"tinh.example/xa-a", size, commune.log->RootAt(size).value(), {}};
    return storage::SignCheckpoint(head, key_).value();
  }

  std::unique_ptr<grpc::ClientContext> FollowerContext() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + follower_token_);
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return context;
  }

  clients::ProvinceLog Province() {
    return {events_.get(), audit_.get(), [this] { return FollowerContext(); }};
  }

  absl::StatusOr<FollowResult> Follow(const std::string& mirror, const storage::note::Signer& key) {
    return clients::FollowCommune(clients::TilesSource(mirror), key.verifier(), Province());
  }

  absl::StatusOr<ProvinceProof> Prove(const std::string& head, const std::string& mirror = "",
                                      std::optional<storage::note::Verifier> cosigner = {}) {
    clients::ProvinceProofOptions options;
    options.require_cosigner = cosigner;
    if (!mirror.empty()) options.commune_mirror = clients::TilesSource(mirror);
    return clients::ProveHeadInProvince(
        head, key_.verifier(), province_.server().log_signer().verifier(), Province(), options);
  }

  static std::string Lines(const ProvinceProof& proof) {
    std::string text;
    for (const std::string& line : proof.lines) absl::StrAppend(&text, line, "\n");
    return text;
  }

  testing::TempDir dir_;
  storage::note::Signer key_, other_key_, witness_;
  testing::TestServer province_;
  Commune commune_;
  std::string follower_token_;
  std::unique_ptr<v1::EventLog::Stub> events_;
  std::unique_ptr<v1::Audit::Stub> audit_;
};

TEST_F(ProvinceLogTest, EachAdvanceIsRecordedOnceAndEveryHeadIsProven) {
  Publish(commune_, 10, key_);
  absl::StatusOr<FollowResult> first = Follow(commune_.mirror, key_);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->outcome, FollowOutcome::kRecorded);
  EXPECT_EQ(first->mirror_size, 10u);
  absl::StatusOr<FollowResult> again = Follow(commune_.mirror, key_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome, FollowOutcome::kUnchanged);
  EXPECT_EQ(province_.log().Size(), 1u);

  Publish(commune_, 300, key_);  // past a full tile
  absl::StatusOr<FollowResult> grown = Follow(commune_.mirror, key_);
  ASSERT_TRUE(grown.ok()) << grown.status();
  EXPECT_EQ(grown->outcome, FollowOutcome::kRecorded);
  EXPECT_EQ(grown->recorded_size, 10u);
  EXPECT_EQ(grown->position, 1u);
  EXPECT_EQ(province_.log().Size(), 2u);

  // A head the province recorded: proven through its own entry.
  absl::StatusOr<ProvinceProof> exact = Prove(HeadOf(commune_, 300));
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_TRUE(exact->proven) << Lines(*exact);
  EXPECT_EQ(exact->position, 1u);
  // One it never saw, between two it did: through the later one, with the
  // commune's mirror to show the prefix; without the mirror, not proven.
  absl::StatusOr<ProvinceProof> between = Prove(HeadOf(commune_, 150));
  ASSERT_TRUE(between.ok()) << between.status();
  EXPECT_FALSE(between->proven);
  EXPECT_TRUE(absl::StrContains(Lines(*between), "commune_tiles")) << Lines(*between);
  between = Prove(HeadOf(commune_, 150), commune_.mirror);
  ASSERT_TRUE(between.ok()) << between.status();
  EXPECT_TRUE(between->proven) << Lines(*between);
  EXPECT_FALSE(between->forked);
  EXPECT_EQ(between->position, 1u);
  // One the province has not reached: not proven, not a fork.
  Publish(commune_, 400, key_);
  absl::StatusOr<ProvinceProof> ahead = Prove(HeadOf(commune_, 400), commune_.mirror);
  ASSERT_TRUE(ahead.ok()) << ahead.status();
  EXPECT_FALSE(ahead->proven);
  EXPECT_FALSE(ahead->forked) << Lines(*ahead);

  // The province's signed root is its entries' root, recomputed here by the
  // reference RFC 6962 code; each entry is a head the commune signed.
  std::vector<testing::rfc6962::Bytes> leaves;
  for (uint64_t p = 0; p < province_.log().Size(); ++p) {
    v1::GetEventRequest request;
    request.set_position(p);
    v1::Event event;
    ASSERT_TRUE(events_->GetEvent(FollowerContext().get(), request, &event).ok());
    leaves.push_back(testing::rfc6962::Leaf(event.raw_record()));
    EXPECT_EQ(event.record().stream(), "communes/tinh.example/xa-a");
    EXPECT_TRUE(storage::OpenCheckpoint(event.record().payload(), key_.verifier()).ok());
  }
  v1::SignedCheckpoint head;
  ASSERT_TRUE(audit_->GetCheckpoint(FollowerContext().get(), {}, &head).ok());
  EXPECT_EQ(testing::rfc6962::TreeHash(leaves, 0, leaves.size()), head.root_hash());
}

TEST_F(ProvinceLogTest, ACommuneThatSignsTwoHistoriesIsCaughtAndNothingIsWritten) {
  Publish(commune_, 10, key_);
  ASSERT_EQ(Follow(commune_.mirror, key_)->outcome, FollowOutcome::kRecorded);
  // The same key signs another history: same size, then longer.
  Commune fork = MakeCommune("fork");
  Publish(fork, 10, key_, "sự kiện khác");
  absl::StatusOr<FollowResult> same_size = Follow(fork.mirror, key_);
  ASSERT_TRUE(same_size.ok()) << same_size.status();
  EXPECT_EQ(same_size->outcome, FollowOutcome::kForked);
  EXPECT_TRUE(absl::StrContains(same_size->evidence, HeadOf(commune_, 10)));
  Publish(fork, 20, key_, "sự kiện khác");
  absl::StatusOr<FollowResult> longer = Follow(fork.mirror, key_);
  ASSERT_TRUE(longer.ok()) << longer.status();
  EXPECT_EQ(longer->outcome, FollowOutcome::kForked);
  EXPECT_EQ(province_.log().Size(), 1u);

  // A reader handed the other history: caught at the same size, and past it
  // (against the recorded head) with the commune's mirror.
  storage::Checkpoint other{"tinh.example/xa-a", 10, fork.log->RootAt(10).value(), {}};
  absl::StatusOr<ProvinceProof> caught = Prove(storage::SignCheckpoint(other, key_).value());
  ASSERT_TRUE(caught.ok()) << caught.status();
  EXPECT_FALSE(caught->proven);
  EXPECT_TRUE(caught->forked) << Lines(*caught);
  other = {"tinh.example/xa-a", 20, fork.log->RootAt(20).value(), {}};
  caught = Prove(storage::SignCheckpoint(other, key_).value(), fork.mirror);
  ASSERT_TRUE(caught.ok()) << caught.status();
  EXPECT_FALSE(caught->proven);
  EXPECT_TRUE(caught->forked) << Lines(*caught);
  // An honest head read with the forked mirror: the mirror's history does
  // not extend what the province recorded, which is a fork too.
  Publish(commune_, 15, key_);
  caught = Prove(HeadOf(commune_, 5), fork.mirror);
  ASSERT_TRUE(caught.ok()) << caught.status();
  EXPECT_TRUE(caught->forked) << Lines(*caught);
  EXPECT_TRUE(Prove(HeadOf(commune_, 5), commune_.mirror)->proven);
}

TEST_F(ProvinceLogTest, AMirrorBehindDamagedOrSignedByAnotherKeyIsNeverRecorded) {
  Publish(commune_, 10, key_);
  const std::string older = dir_.path() + "/older";
  std::filesystem::copy(commune_.mirror, older, std::filesystem::copy_options::recursive);
  Publish(commune_, 40, key_);
  ASSERT_EQ(Follow(commune_.mirror, key_)->outcome, FollowOutcome::kRecorded);
  absl::StatusOr<FollowResult> behind = Follow(older, key_);
  ASSERT_TRUE(behind.ok()) << behind.status();
  EXPECT_EQ(behind->outcome, FollowOutcome::kMirrorBehind);

  Publish(commune_, 60, key_);
  const std::string tile = commune_.mirror + "/tile/0/000.p/60";
  ASSERT_TRUE(std::filesystem::exists(tile));
  {
    std::fstream file(tile, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(45 * 32);
    file.put('\x5a');
  }
  absl::StatusOr<FollowResult> damaged = Follow(commune_.mirror, key_);
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kDataLoss) << damaged.status();

  absl::StatusOr<FollowResult> unsigned_head = Follow(older, other_key_);
  EXPECT_EQ(unsigned_head.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(province_.log().Size(), 1u);

  // The quick start's service token writes under ext/ only.
  clients::ProvinceLog quick_start = Province();
  quick_start.context = [this] { return province_.Context("service"); };
  Commune b = MakeCommune("b");
  Publish(b, 3, other_key_);
  absl::StatusOr<FollowResult> refused =
      clients::FollowCommune(clients::TilesSource(b.mirror), other_key_.verifier(), quick_start);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied) << refused.status();
  EXPECT_EQ(province_.log().Size(), 1u);
}

TEST_F(ProvinceLogTest, AReaderCanDemandTheFrontsCosignatureOnTheProvinceHead) {
  Publish(commune_, 10, key_);
  ASSERT_EQ(Follow(commune_.mirror, key_)->outcome, FollowOutcome::kRecorded);
  // Not cosigned yet: nothing to prove against.
  absl::StatusOr<ProvinceProof> uncosigned = Prove(HeadOf(commune_, 10), "", witness_.verifier());
  EXPECT_FALSE(uncosigned.ok() && uncosigned->proven);
  // The Front cosigns the province's head.
  v1::SignedCheckpoint head;
  ASSERT_TRUE(audit_->GetCheckpoint(province_.Context("supervisor").get(), {}, &head).ok());
  storage::note::Note note =
      storage::note::Open(head.signed_note(), {province_.server().log_signer().verifier()}).value();
  v1::AddCosignatureRequest cosign;
  cosign.set_signed_note(storage::note::Sign(note, {&witness_}).value());
  v1::SignedCheckpoint kept;
  ASSERT_TRUE(audit_->AddCosignature(province_.Context("supervisor").get(), cosign, &kept).ok());
  absl::StatusOr<ProvinceProof> witnessed = Prove(HeadOf(commune_, 10), "", witness_.verifier());
  ASSERT_TRUE(witnessed.ok()) << witnessed.status();
  EXPECT_TRUE(witnessed->proven) << Lines(*witnessed);
  EXPECT_TRUE(absl::StrContains(Lines(*witnessed), "mttq.tinh/w1")) << Lines(*witnessed);
  // Another witness's key finds no cosignature of its own.
  auto rogue =
      storage::note::Signer::Generate("rogue.example/w", storage::note::kAlgCosignatureV1).value();
  absl::StatusOr<ProvinceProof> rogue_proof = Prove(HeadOf(commune_, 10), "", rogue.verifier());
  EXPECT_FALSE(rogue_proof.ok() && rogue_proof->proven);
}

TEST_F(ProvinceLogTest, TwoFollowersAtOnceRecordOneEntry) {
  Publish(commune_, 30, key_);
  std::vector<absl::StatusOr<FollowResult>> results(4, absl::UnknownError("not run"));
  std::vector<std::thread> followers;
  for (size_t i = 0; i < results.size(); ++i) {
    followers.emplace_back([&, i] { results[i] = Follow(commune_.mirror, key_); });
  }
  for (std::thread& follower : followers) follower.join();
  for (const auto& result : results) {
    // Each either recorded (or found its own identical append already
    // there), saw it unchanged, or lost the race on the stream's version.
    EXPECT_TRUE(result.ok() || result.status().code() == absl::StatusCode::kAborted)
        << result.status();
  }
  EXPECT_EQ(province_.log().Size(), 1u);
}

TEST_F(ProvinceLogTest, TheCommandLineFollowsAndProvesInVietnamese) {
  Publish(commune_, 12, key_);
  const std::string communes = dir_.path() + "/communes.txt";
  const std::string key_file = dir_.path() + "/xa-a.pub";
  std::ofstream(key_file) << key_.verifier().ToString() << "\n";
  std::ofstream(communes) << "# xã  bản sao  khóa\nxa-a " << commune_.mirror << " " << key_file
                          << "\n";
  const std::string client = absl::StrCat(MINHBACH_CLIENT_PATH, " --server=", province_.address());
  // The quick start's service token writes under ext/ only: said once,
  // with what to issue instead.
  testing::ShellRun refused = testing::Shell(
      absl::StrCat(client, " --client_tokens=", province_.data_dir(),
                   "/client-tokens --role=service province follow --communes=", communes));
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_TRUE(absl::StrContains(refused.output, "SỔ CÁI TỈNH TỪ CHỐI, vòng này dừng"))
      << refused.output;
  EXPECT_TRUE(absl::StrContains(refused.output, "--streams=communes/")) << refused.output;

  testing::ShellRun follow = testing::Shell(
      absl::StrCat(client, " --token=", follower_token_, " province follow --communes=", communes));
  EXPECT_EQ(follow.exit_code, 0) << follow.output;
  EXPECT_TRUE(absl::StrContains(follow.output, "xa-a: đã ghi đầu sổ 0 → 12 sự kiện ở vị trí 0"))
      << follow.output;
  EXPECT_TRUE(absl::StrContains(follow.output, "1 xã có đầu sổ mới đã ghi")) << follow.output;

  const std::string head = dir_.path() + "/head.txt";
  std::ofstream(head) << HeadOf(commune_, 12);
  const std::string verify =
      absl::StrCat(client, " --role=district --client_tokens=", province_.data_dir(),
                   "/client-tokens --log_key=", province_.data_dir(),
                   "/log.pub verify --commune_head=", head, " --commune_key=", key_file);
  testing::ShellRun proven = testing::Shell(verify);
  EXPECT_EQ(proven.exit_code, 0) << proven.output;
  EXPECT_TRUE(absl::StrContains(proven.output, "ĐÃ CHỨNG MINH")) << proven.output;

  // The province's key where the commune's should be: said, not proven.
  testing::ShellRun wrong_key = testing::Shell(absl::StrCat(
      client, " --role=district --client_tokens=", province_.data_dir(),
      "/client-tokens --log_key=", province_.data_dir(), "/log.pub verify --commune_head=", head,
      " --commune_key=", province_.data_dir(), "/log.pub"));
  EXPECT_EQ(wrong_key.exit_code, 2) << wrong_key.output;
  EXPECT_TRUE(absl::StrContains(wrong_key.output, "--commune_key là khóa của xã"))
      << wrong_key.output;
}

}  // namespace
}  // namespace minhbach
