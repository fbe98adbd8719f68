// Issue 16: the log as C2SP tlog-tiles. The independent tree of
// ../shared/testdata/tlog-tiles (copied to tests/testdata) is read and verified; trees of every
// partial width around a tile boundary are built and re-hashed, their tiles checked against an RFC
// 6962 recomputation written from the definitions (tests/rfc6962_reference.h); a log exported to a
// directory holds exactly those bytes, grows incrementally and refuses what would publish a fork.
#include "storage/tlog_tiles.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clients/tiles_export.h"
#include "clients/tiles_source.h"
#include "gtest/gtest.h"
#include "storage/checkpoint.h"
#include "tests/log_test_util.h"
#include "tests/rfc6962_reference.h"
#include "tests/temp_dir.h"

namespace minhbach {
namespace {

namespace fs = std::filesystem;
namespace tiles = ::minhbach::storage::tiles;
namespace merkle = ::minhbach::storage::merkle;
using namespace ::minhbach::testing::rfc6962;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string AsString(const merkle::Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

// The hash of node (level, index) by the definition: MTH of its leaves.
Bytes ReferenceNode(const std::vector<Bytes>& leaves, int level, uint64_t index) {
  return TreeHash(leaves, index << level, (index + 1) << level);
}

// The files of the tiled tree over `entries`, built with the project's tile
// code from the reference's node hashes.
std::map<std::string, std::string> TiledTree(const std::vector<std::string>& entries) {
  std::vector<Bytes> leaves;
  for (const std::string& e : entries) leaves.push_back(Leaf(e));
  std::map<std::string, std::string> files;
  for (const tiles::TileRef& tile : tiles::TilesOf(entries.size())) {
    std::string bytes;
    for (uint64_t j = 0; j < tile.width; ++j) {
      bytes += ReferenceNode(leaves, tile.level * 8, tile.index * 256 + j);
    }
    files[tiles::TilePath(tile)] = bytes;
    if (tile.level == 0) {
      std::vector<std::string> bundle(entries.begin() + tile.index * 256,
                                      entries.begin() + tile.index * 256 + tile.width);
      absl::StatusOr<std::string> encoded = tiles::EncodeEntryBundle(bundle);
      EXPECT_TRUE(encoded.ok());
      files[tiles::EntriesPath(tile)] = *encoded;
    }
  }
  return files;
}

tiles::Fetch FromMap(const std::map<std::string, std::string>& files) {
  return [&files](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return absl::NotFoundError(path);
    return it->second;
  };
}

TEST(TlogTilesTest, PathsFollowTheSpecification) {
  EXPECT_EQ(tiles::TilePath({0, 0, 256}), "tile/0/000");
  EXPECT_EQ(tiles::TilePath({1, 0, 2}), "tile/1/000.p/2");
  EXPECT_EQ(tiles::TilePath({0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(tiles::TilePath({2, 1000, 255}), "tile/2/x001/000.p/255");
  EXPECT_EQ(tiles::EntriesPath({0, 2, 5}), "tile/entries/002.p/5");
  EXPECT_EQ(tiles::EntriesPath({0, 999, 256}), "tile/entries/999");
}

TEST(TlogTilesTest, PathsReadBackStrictly) {
  for (const tiles::TileRef& tile :
       {tiles::TileRef{0, 0, 256}, tiles::TileRef{1, 0, 2}, tiles::TileRef{0, 1234067, 256},
        tiles::TileRef{63, 999, 255}, tiles::TileRef{2, 1000, 1},
        tiles::TileRef{0, UINT64_MAX, 256}}) {
    std::optional<tiles::ParsedTilePath> parsed = tiles::ParseTilePath(tiles::TilePath(tile));
    ASSERT_TRUE(parsed.has_value()) << tiles::TilePath(tile);
    EXPECT_FALSE(parsed->entries);
    EXPECT_TRUE(parsed->tile == tile) << tiles::TilePath(tile);
    parsed = tiles::ParseTilePath(tiles::EntriesPath(tile));
    ASSERT_TRUE(parsed.has_value()) << tiles::EntriesPath(tile);
    EXPECT_TRUE(parsed->entries);
    EXPECT_EQ(parsed->tile.index, tile.index);
    EXPECT_EQ(parsed->tile.width, tile.width);
  }
  for (const char* bad :
       {"tile/0/67", "tile/0/0670", "tile/00/000", "tile/64/000", "tile/0/000.p/0",
        "tile/0/000.p/256", "tile/0/x000/001", "tile/0/001/002", "tile/0/000.p/05",
        "tile/entries/000.p", "tile/x/000", "tile/0", "tiles/0/000", "tile/0/000/", "tile//000",
        "tile/0/x999/x999/x999/x999/x999/x999/x999/999", "tile/0/+12", "tile/entries/000.p/5/1"}) {
    EXPECT_FALSE(tiles::ParseTilePath(bad).has_value()) << bad;
  }
}

TEST(TlogTilesTest, TheIndependentTreeInTestdataVerifies) {
  const std::string dir = std::string(MINHBACH_TESTDATA_DIR) + "/tlog-tiles";
  const std::string vectors = ReadAll(dir + "/vectors.json");
  ASSERT_FALSE(vectors.empty()) << dir;
  auto field = [&vectors](const std::string& name) {
    const size_t at = vectors.find("\"" + name + "\"");
    const size_t open = vectors.find('"', vectors.find(':', at) + 1);
    return vectors.substr(open + 1, vectors.find('"', open + 1) - open - 1);
  };
  absl::StatusOr<storage::note::Verifier> key =
      storage::note::Verifier::Parse(field("verifier_key"));
  ASSERT_TRUE(key.ok()) << key.status();
  const tiles::Fetch fetch = clients::TilesSource(dir);
  absl::StatusOr<std::string> text = fetch("checkpoint");
  ASSERT_TRUE(text.ok());
  absl::StatusOr<storage::Checkpoint> head = storage::OpenCheckpoint(*text, *key);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, 517u);
  EXPECT_EQ(merkle::ToHex(head->root), field("root_hex"));

  absl::StatusOr<tiles::RehashReport> rehashed = tiles::RehashTiledTree(fetch, head->size);
  ASSERT_TRUE(rehashed.ok()) << rehashed.status();
  EXPECT_EQ(rehashed->entries, 517u);
  EXPECT_EQ(rehashed->tiles, 4u);  // 0/000, 0/001, 0/002.p/5, 1/000.p/2
  EXPECT_EQ(rehashed->root, head->root);

  // The entries are what vectors.json says, and the reference gives the root.
  std::vector<std::string> entries;
  for (uint64_t n = 0; n < 3; ++n) {
    const uint64_t width = n < 2 ? 256 : 5;
    absl::StatusOr<std::string> bundle = fetch(tiles::EntriesPath({0, n, width}));
    ASSERT_TRUE(bundle.ok());
    absl::StatusOr<std::vector<std::string>> decoded = tiles::DecodeEntryBundle(*bundle, width);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    entries.insert(entries.end(), decoded->begin(), decoded->end());
  }
  EXPECT_EQ(entries[0], "entry 0: sự kiện thứ 0");
  EXPECT_EQ(entries[516], "entry 516: sự kiện thứ 516");
  std::vector<Bytes> leaves;
  for (const std::string& e : entries) leaves.push_back(Leaf(e));
  EXPECT_EQ(TreeHash(leaves, 0, leaves.size()), AsString(head->root));
  // Every file of the testdata is what the project's tile code would write.
  for (const auto& [path, bytes] : TiledTree(entries)) {
    EXPECT_EQ(ReadAll(dir + "/" + path), bytes) << path;
  }

  // Light-client reads from the tiles: an inclusion proof and a consistency
  // proof from an older size, against the signed root.
  tiles::TileNodeReader nodes(fetch, head->size);
  for (uint64_t i : {0u, 255u, 256u, 511u, 512u, 516u}) {
    absl::StatusOr<std::vector<merkle::Hash>> proof = merkle::InclusionProof(nodes, i, head->size);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(
        merkle::VerifyInclusion(merkle::HashLeaf(entries[i]), i, head->size, *proof, head->root)
            .ok())
        << i;
  }
  absl::StatusOr<std::vector<merkle::Hash>> consistency =
      merkle::ConsistencyProof(nodes, 300, head->size);
  ASSERT_TRUE(consistency.ok());
  merkle::Hash old_root;
  const Bytes reference_old = TreeHash(leaves, 0, 300);
  std::copy(reference_old.begin(), reference_old.end(), old_root.begin());
  EXPECT_TRUE(merkle::VerifyConsistency(300, head->size, old_root, head->root, *consistency).ok());
}

// Trees of 256 + w entries for every w: a full tile, a partial one of width
// w, a level-1 tile of width 1; and 1..255 entries alone. Each re-hashes to
// the reference root; a changed byte anywhere is found.
TEST(TlogTilesTest, EveryPartialWidthAroundATileBoundaryRehashes) {
  std::vector<std::string> all;
  for (int i = 0; i < 512; ++i) all.push_back(absl::StrCat("sự kiện ", i, std::string(i % 7, '.')));
  std::vector<Bytes> leaves;
  for (const std::string& e : all) leaves.push_back(Leaf(e));
  for (uint64_t size = 1; size < 512; ++size) {
    const std::vector<std::string> entries(all.begin(), all.begin() + size);
    std::map<std::string, std::string> files = TiledTree(entries);
    if (size % 256 != 0) {
      ASSERT_EQ(files.count(tiles::TilePath({0, size / 256, size % 256})), 1u) << size;
    }
    absl::StatusOr<tiles::RehashReport> rehashed = tiles::RehashTiledTree(FromMap(files), size);
    ASSERT_TRUE(rehashed.ok()) << size << ": " << rehashed.status();
    ASSERT_EQ(AsString(rehashed->root), TreeHash(leaves, 0, size)) << size;
    if (size % 64 == 1) {
      for (auto& [path, bytes] : files) {
        bytes[bytes.size() / 2] ^= 1;
        EXPECT_EQ(tiles::RehashTiledTree(FromMap(files), size).status().code(),
                  absl::StatusCode::kDataLoss)
            << size << " " << path;
        bytes[bytes.size() / 2] ^= 1;
      }
    }
  }
}

TEST(TlogTilesTest, EntryBundlesAreStrict) {
  absl::StatusOr<std::string> two = tiles::EncodeEntryBundle({"ab", ""});
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, std::string("\0\2ab\0\0", 6));
  EXPECT_TRUE(tiles::DecodeEntryBundle(*two, 2).ok());
  EXPECT_EQ(tiles::DecodeEntryBundle(*two, 3).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(tiles::DecodeEntryBundle(*two, 1).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(tiles::DecodeEntryBundle(two->substr(0, 3), 2).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(tiles::DecodeEntryBundle(std::string("\0", 1), 1).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_TRUE(tiles::EncodeEntryBundle({std::string(65535, 'x')}).ok());
  absl::Status too_long = tiles::EncodeEntryBundle({"a", std::string(65536, 'x')}).status();
  EXPECT_EQ(too_long.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_long.message().find("entry 1"), absl::string_view::npos) << too_long;
}

class TilesExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = testing::OpenOrDie(dir_.path() + "/log");
    absl::StatusOr<storage::note::Signer> key = storage::note::Signer::Generate("example.test/c");
    ASSERT_TRUE(key.ok());
    key_ = std::make_unique<storage::note::Signer>(*std::move(key));
  }
  void Append(int count) {
    ASSERT_TRUE(
        log_->Append(testing::MakeAppend("s", storage::ExpectedVersion::Any(), count)).ok());
  }
  absl::StatusOr<clients::TilesExportReport> Export(const std::string& out,
                                                    const storage::note::Signer& key) {
    return clients::ExportTiles(*log_, key, log_->Size(), out, nullptr);
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::EventLog> log_;
  std::unique_ptr<storage::note::Signer> key_;
};

TEST_F(TilesExportTest, AnExportIsTheReferenceTreeGrowsIncrementallyAndRefusesAFork) {
  Append(300);
  const std::string out = dir_.path() + "/mirror";
  absl::StatusOr<clients::TilesExportReport> first = Export(out, *key_);
  ASSERT_TRUE(first.ok()) << first.status();
  // tile/0/000, tile/0/001.p/44, tile/1/000.p/1 and the two entry bundles.
  EXPECT_EQ(first->files_written, 5u);
  const std::string checkpoint_300 = ReadAll(out + "/checkpoint");

  // Exactly the reference's bytes, from the raw records read back.
  absl::StatusOr<std::vector<storage::StoredEvent>> events = log_->ReadAll(0, 1000);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> raws;
  for (const storage::StoredEvent& e : *events) raws.push_back(e.raw);
  for (const auto& [path, bytes] : TiledTree(raws)) {
    EXPECT_EQ(ReadAll(out + "/" + path), bytes) << path;
  }

  // More events: only new files; old ones untouched; the head extends the old.
  const auto full_tile_time = fs::last_write_time(out + "/tile/0/000");
  Append(250);
  absl::StatusOr<clients::TilesExportReport> second = Export(out, *key_);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->previous_size, 300u);
  EXPECT_GT(second->files_kept, 0u);
  EXPECT_EQ(fs::last_write_time(out + "/tile/0/000"), full_tile_time);
  absl::StatusOr<storage::note::Verifier> verifier =
      storage::note::Verifier::Parse(storage::VerifierKeyText(*key_));
  ASSERT_TRUE(verifier.ok());
  absl::StatusOr<storage::Checkpoint> head =
      storage::OpenCheckpoint(ReadAll(out + "/checkpoint"), *verifier);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 550u);
  absl::StatusOr<tiles::RehashReport> rehashed =
      tiles::RehashTiledTree(clients::TilesSource(out), head->size);
  ASSERT_TRUE(rehashed.ok()) << rehashed.status();
  EXPECT_EQ(rehashed->root, head->root);

  // Another key's mirror, a mirror ahead of the log, another history with the
  // same key: refused, the mirror left as it was.
  const std::string checkpoint_550 = ReadAll(out + "/checkpoint");
  absl::StatusOr<storage::note::Signer> other = storage::note::Signer::Generate("example.test/c");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Export(out, *other).status().code(), absl::StatusCode::kFailedPrecondition);
  auto small = testing::OpenOrDie(dir_.path() + "/small");
  ASSERT_TRUE(small->Append(testing::MakeAppend("s", storage::ExpectedVersion::Any(), 10)).ok());
  absl::Status ahead = clients::ExportTiles(*small, *key_, small->Size(), out, nullptr).status();
  EXPECT_EQ(ahead.code(), absl::StatusCode::kFailedPrecondition) << ahead;
  // Same key, a longer log, another history: its first 550 events give another root.
  auto fork = testing::OpenOrDie(dir_.path() + "/fork");
  ASSERT_TRUE(fork->Append(testing::MakeAppend("s", storage::ExpectedVersion::Any(), 600)).ok());
  absl::Status forked = clients::ExportTiles(*fork, *key_, fork->Size(), out, nullptr).status();
  EXPECT_EQ(forked.code(), absl::StatusCode::kFailedPrecondition) << forked;
  EXPECT_NE(forked.message().find("another history"), absl::string_view::npos) << forked;
  EXPECT_EQ(ReadAll(out + "/checkpoint"), checkpoint_550);
  EXPECT_NE(checkpoint_550, checkpoint_300);
}

TEST_F(TilesExportTest, AnEventLargerThanATilesEntryIsNamed) {
  Append(3);
  storage::AppendRequest big = testing::MakeAppend("s", storage::ExpectedVersion::Any(), 0);
  big.events.push_back(testing::MakeEvent("Big", std::string(70'000, 'x')));
  ASSERT_TRUE(log_->Append(std::move(big)).ok());
  absl::Status refused = Export(dir_.path() + "/mirror", *key_).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("event 3 is"), absl::string_view::npos) << refused;
  EXPECT_FALSE(fs::exists(dir_.path() + "/mirror/checkpoint"));
}

}  // namespace
}  // namespace minhbach

namespace minhbach {
namespace {

// A mirror that serves `first` the first time a path is asked for and
// `later` after that: a hostile mirror answering two reads differently.
tiles::Fetch Switching(const std::map<std::string, std::string>& first,
                       const std::map<std::string, std::string>& later,
                       std::map<std::string, int>& reads) {
  return [&first, &later, &reads](const std::string& path) -> absl::StatusOr<std::string> {
    const auto& files = reads[path]++ == 0 ? first : later;
    auto it = files.find(path);
    if (it == files.end()) return absl::NotFoundError(path);
    return it->second;
  };
}

TEST(TlogTilesTest, AMirrorAnsweringTwoReadsDifferentlyCannotPassAForgedEntry) {
  std::vector<std::string> genuine, forged;
  for (int i = 0; i < 300; ++i) genuine.push_back(absl::StrCat("sự kiện ", i));
  forged = genuine;
  forged[5] = "sự kiện 5, sửa lại";
  const std::map<std::string, std::string> g = TiledTree(genuine), f = TiledTree(forged);
  absl::StatusOr<tiles::RehashReport> signed_tree = tiles::RehashTiledTree(FromMap(g), 300);
  ASSERT_TRUE(signed_tree.ok()) << signed_tree.status();
  const storage::merkle::Hash root = signed_tree->root;

  // The whole re-hash reads every file once: forged first means a forged root.
  std::map<std::string, int> reads;
  absl::StatusOr<tiles::RehashReport> fooled = tiles::RehashTiledTree(Switching(f, g, reads), 300);
  ASSERT_TRUE(fooled.ok()) << fooled.status();
  EXPECT_NE(fooled->root, root);
  for (const auto& [path, count] : reads) EXPECT_EQ(count, 1) << path;

  // Entries reach the visitor only once proven: forged first, forged
  // throughout, or genuine first and forged at the second read.
  std::vector<std::string> visited;
  auto visit = [&visited](uint64_t position, std::string entry) {
    EXPECT_EQ(position, visited.size());
    visited.push_back(std::move(entry));
    return absl::OkStatus();
  };
  reads.clear();
  absl::Status first_forged = tiles::ForEachVerifiedEntry(Switching(f, g, reads), 300, root, visit);
  EXPECT_EQ(first_forged.code(), absl::StatusCode::kDataLoss) << first_forged;
  EXPECT_TRUE(visited.empty());
  absl::Status all_forged = tiles::ForEachVerifiedEntry(FromMap(f), 300, root, visit);
  EXPECT_EQ(all_forged.code(), absl::StatusCode::kDataLoss) << all_forged;
  EXPECT_TRUE(visited.empty());
  reads.clear();
  absl::Status later_forged = tiles::ForEachVerifiedEntry(Switching(g, f, reads), 300, root, visit);
  EXPECT_EQ(later_forged.code(), absl::StatusCode::kDataLoss) << later_forged;
  EXPECT_NE(later_forged.message().find("changed between two reads"), absl::string_view::npos)
      << later_forged;
  EXPECT_TRUE(visited.empty());  // tile 0, the first one read again, is the changed one

  // The genuine mirror: every entry, in order, as the log holds it.
  int progress_calls = 0;
  absl::Status ok = tiles::ForEachVerifiedEntry(
      FromMap(g), 300, root, visit, [&progress_calls](uint64_t, uint64_t) { ++progress_calls; });
  ASSERT_TRUE(ok.ok()) << ok;
  EXPECT_EQ(visited, genuine);
  EXPECT_EQ(progress_calls, 2);
  // A signed size far beyond what the mirror holds: it stops at the first
  // missing tile, having allocated nothing for the size.
  const uint64_t huge = uint64_t{1} << 62;
  EXPECT_EQ(tiles::RehashTiledTree(FromMap(g), huge).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(tiles::ForEachVerifiedEntry(FromMap(g), huge, root, visit).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(visited, genuine);  // nothing more visited
  // A visitor's error stops the walk and comes back as it is.
  visited.clear();
  absl::Status stopped = tiles::ForEachVerifiedEntry(
      FromMap(g), 300, root, [](uint64_t, std::string) { return absl::CancelledError("enough"); });
  EXPECT_EQ(stopped.code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace minhbach
