// Issue 16: minhbachd --serve_tiles serves the log as C2SP tlog-tiles, the
// very bytes `minhbach-log export-tiles` writes: every file of an export is
// fetched over HTTP and compared; what is beyond the log or malformed is 404;
// a reader re-hashes the whole tree from the server alone; without the flag
// nothing is served.
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "clients/log_audit.h"
#include "clients/tiles_export.h"
#include "clients/tiles_source.h"
#include "gtest/gtest.h"
#include "storage/checkpoint.h"
#include "storage/tlog_tiles.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

namespace fs = std::filesystem;
using ::minhbach::testing::TestServer;

services::ServerOptions WithTiles(bool serve_tiles) {
  services::ServerOptions options;
  options.http_listen = "127.0.0.1:0";
  options.serve_tiles = serve_tiles;
  return options;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(TilesHttpTest, ServedTilesAreTheExportedBytes) {
  TestServer server(WithTiles(true));
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(server.log()
                    .Append(testing::MakeAppend(absl::StrCat("s-", i),
                                                storage::ExpectedVersion::Any(), 100))
                    .ok());
  }
  const uint64_t size = server.log().Size();
  ASSERT_GE(size, 600u);  // (and whatever the server recorded at start)
  testing::TempDir out;
  absl::StatusOr<clients::TilesExportReport> exported =
      clients::ExportTiles(server.log(), server.server().log_signer(), size, out.path(), nullptr);
  ASSERT_TRUE(exported.ok()) << exported.status();

  httplib::Client http("127.0.0.1", server.server().http_port());
  int files = 0;
  for (const fs::directory_entry& file : fs::recursive_directory_iterator(out.path())) {
    if (!file.is_regular_file()) continue;
    const std::string path = fs::relative(file.path(), out.path()).string();
    httplib::Result got = http.Get("/tiles/" + path);
    ASSERT_TRUE(got) << path;
    EXPECT_EQ(got->status, 200) << path << ": " << got->body;
    EXPECT_EQ(got->body, ReadAll(file.path())) << path;
    EXPECT_EQ(got->get_header_value("Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(got->get_header_value("Cache-Control"),
              path == "checkpoint" ? "no-cache" : "public, max-age=31536000, immutable")
        << path;
    ++files;
  }
  EXPECT_GE(files, 8);  // checkpoint, 3 + 1 tiles, 3 bundles at least

  // A narrower partial tile is the prefix of the wider one; what the log does
  // not hold yet, or a path no export writes, is 404.
  const uint64_t last = size / 256, width = size % 256;
  const std::string full_width =
      ReadAll(out.path() + "/" + storage::tiles::TilePath({0, last, width}));
  httplib::Result narrow = http.Get("/tiles/" + storage::tiles::TilePath({0, last, 5}));
  ASSERT_TRUE(narrow);
  EXPECT_EQ(narrow->status, 200);
  EXPECT_EQ(narrow->body, full_width.substr(0, 5 * 32));
  for (const std::string& path :
       {storage::tiles::TilePath({0, last, width + 1}),
        storage::tiles::TilePath({0, last + 1, 256}), storage::tiles::EntriesPath({0, last, 256}),
        std::string("tile/0/00"), std::string("tile/1/000.p/0"),
        std::string("tile/entries/x000/001"), std::string("tile/0/../checkpoint")}) {
    httplib::Result got = http.Get("/tiles/" + path);
    ASSERT_TRUE(got) << path;
    EXPECT_EQ(got->status, 404) << path;
  }

  // A reader needs nothing but the server's tiles and the log's public key.
  const storage::tiles::Fetch fetch = clients::TilesSource(
      absl::StrCat("http://127.0.0.1:", server.server().http_port(), "/tiles"));
  absl::StatusOr<std::string> head_text = fetch("checkpoint");
  ASSERT_TRUE(head_text.ok());
  absl::StatusOr<storage::note::Verifier> key =
      storage::note::Verifier::Parse(server.server().verifier_key());
  ASSERT_TRUE(key.ok());
  absl::StatusOr<storage::Checkpoint> head = storage::OpenCheckpoint(*head_text, *key);
  ASSERT_TRUE(head.ok()) << head.status();
  absl::StatusOr<storage::tiles::RehashReport> rehashed =
      storage::tiles::RehashTiledTree(fetch, head->size);
  ASSERT_TRUE(rehashed.ok()) << rehashed.status();
  EXPECT_EQ(rehashed->root, head->root);
}

// `minhbach verify --tiles`: the auditor's checks read from the served tiles
// or an exported copy, a saved head carried over, a changed byte found.
TEST(TilesHttpTest, TheAuditorsChecksReadAMirror) {
  TestServer server(WithTiles(true));
  ASSERT_TRUE(
      server.log().Append(testing::MakeAppend("s", storage::ExpectedVersion::Any(), 300)).ok());
  absl::StatusOr<storage::note::Verifier> key =
      storage::note::Verifier::Parse(server.server().verifier_key());
  ASSERT_TRUE(key.ok());
  const std::string url = absl::StrCat("http://127.0.0.1:", server.server().http_port(), "/tiles");
  clients::AuditOptions options;
  options.all = true;
  absl::StatusOr<clients::AuditResult> first = clients::AuditTilesMirror(url, *key, options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->verified);

  ASSERT_TRUE(
      server.log().Append(testing::MakeAppend("s", storage::ExpectedVersion::Any(), 300)).ok());
  options.saved_head = first->new_head;
  options.all = false;
  absl::StatusOr<clients::AuditResult> sampled = clients::AuditTilesMirror(url, *key, options);
  ASSERT_TRUE(sampled.ok()) << sampled.status();
  EXPECT_TRUE(sampled->verified);
  ASSERT_GE(sampled->lines.size(), 3u);
  EXPECT_NE(sampled->lines[1].find("nhất quán"), std::string::npos) << sampled->lines[1];

  testing::TempDir out;
  ASSERT_TRUE(clients::ExportTiles(server.log(), server.server().log_signer(), server.log().Size(),
                                   out.path(), nullptr)
                  .ok());
  const std::string bundle = out.path() + "/tile/entries/001";
  std::string bytes = ReadAll(bundle);
  const size_t at = bytes.find("payload ");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'P';
  std::ofstream(bundle, std::ios::binary | std::ios::trunc) << bytes;
  options.all = true;
  absl::StatusOr<clients::AuditResult> tampered =
      clients::AuditTilesMirror(out.path(), *key, options);
  ASSERT_TRUE(tampered.ok()) << tampered.status();
  EXPECT_FALSE(tampered->verified);
  ASSERT_TRUE(tampered->bad_position.has_value());
  EXPECT_GE(*tampered->bad_position, 256u);
  EXPECT_LT(*tampered->bad_position, 512u);
  EXPECT_NE(tampered->lines.back().find("bản sao"), std::string::npos) << tampered->lines.back();
}

TEST(TilesHttpTest, NothingIsServedWithoutTheFlag) {
  TestServer server(WithTiles(false));
  ASSERT_TRUE(
      server.log().Append(testing::MakeAppend("s", storage::ExpectedVersion::Any(), 3)).ok());
  httplib::Client http("127.0.0.1", server.server().http_port());
  for (const char* path : {"/tiles/checkpoint", "/tiles/tile/0/000.p/3"}) {
    httplib::Result got = http.Get(path);
    ASSERT_TRUE(got) << path;
    EXPECT_FALSE(got->status == 200 && absl::StartsWith(got->body, "minhbach")) << path;
    EXPECT_EQ(got->body.find(server.server().verifier_key().substr(0, 10)), std::string::npos);
    EXPECT_NE(got->get_header_value("Content-Type"), "application/octet-stream") << path;
  }
}

}  // namespace
}  // namespace minhbach
