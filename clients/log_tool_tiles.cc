#include "clients/log_tool_tiles.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/tiles_export.h"
#include "clients/tiles_source.h"
#include "storage/checkpoint.h"
#include "storage/event_log.h"
#include "storage/merkle.h"
#include "storage/status_macros.h"
#include "storage/tlog_tiles.h"

namespace minhbach::clients {
namespace {

using namespace ::minhbach::storage;

absl::StatusOr<Checkpoint> OpenSigned(const std::string& text, const note::Verifier& key,
                                      absl::string_view what) {
  absl::StatusOr<Checkpoint> checkpoint = OpenCheckpoint(text, key);
  if (!checkpoint.ok()) {
    return absl::Status(checkpoint.status().code(),
                        absl::StrCat(what, ": ", checkpoint.status().message()));
  }
  return checkpoint;
}

unsigned long long U(uint64_t n) { return static_cast<unsigned long long>(n); }

}  // namespace

absl::StatusOr<std::string> ReadToolFile(const std::string& path, absl::string_view what) {
  if (path.empty()) return absl::InvalidArgumentError(absl::StrCat("give ", what));
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", what, " from ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<int> ExportTilesCommand(const std::string& log_dir, const std::string& out_dir,
                                       const std::string& key_file) {
  if (out_dir.empty()) return absl::InvalidArgumentError("give the output directory: OUT_DIR");
  ASSIGN_OR_RETURN(std::string key_text, ReadToolFile(key_file, "--key (the log's signing key)"));
  ASSIGN_OR_RETURN(note::Signer key, note::Signer::Parse(absl::StripAsciiWhitespace(key_text)));
  LogOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  ASSIGN_OR_RETURN(std::unique_ptr<EventLog> log, EventLog::Open(log_dir, options));
  const uint64_t size = log->Size();
  ASSIGN_OR_RETURN(TilesExportReport report,
                   ExportTiles(*log, key, size, out_dir, [](uint64_t done, uint64_t total) {
                     if (done % (256 * 64) == 0 || done == total) {
                       std::fprintf(stderr, "exported %llu of %llu events\n", U(done), U(total));
                     }
                   }));
  std::printf(
      "OK: %s holds the log's %llu events as tlog-tiles (was %llu); %llu files written, "
      "%llu kept\n",
      out_dir.c_str(), U(report.size), U(report.previous_size), U(report.files_written),
      U(report.files_kept));
  return 0;
}

absl::StatusOr<int> VerifyTilesCommand(const std::string& source, const std::string& log_key_file,
                                       const std::string& older_checkpoint_file,
                                       std::optional<uint64_t> position) {
  ASSIGN_OR_RETURN(std::string key_text, ReadToolFile(log_key_file, "--log_key"));
  ASSIGN_OR_RETURN(note::Verifier key, note::Verifier::Parse(absl::StripAsciiWhitespace(key_text)));
  const tiles::Fetch fetch = TilesSource(source);
  ASSIGN_OR_RETURN(std::string head_text, fetch("checkpoint"));
  ASSIGN_OR_RETURN(Checkpoint head, OpenSigned(head_text, key, "the mirror's checkpoint"));

  if (older_checkpoint_file.empty() && !position.has_value()) {
    absl::StatusOr<tiles::RehashReport> rehashed =
        tiles::RehashTiledTree(fetch, head.size, [](uint64_t done, uint64_t total) {
          if (done % (256 * 64) == 0 || done == total) {
            std::fprintf(stderr, "re-hashed %llu of %llu entries\n", U(done), U(total));
          }
        });
    if (!rehashed.ok() && rehashed.status().code() == absl::StatusCode::kDataLoss) {
      std::printf("DAMAGED: %s\n", std::string(rehashed.status().message()).c_str());
      return 1;
    }
    if (!rehashed.ok() && rehashed.status().code() == absl::StatusCode::kNotFound) {
      std::printf(
          "INCOMPLETE: %s, which the checkpoint of %llu events needs; sync the mirror "
          "again (files before the checkpoint)\n",
          std::string(rehashed.status().message()).c_str(), U(head.size));
      return 1;
    }
    RETURN_IF_ERROR(rehashed.status());
    if (rehashed->root != head.root) {
      std::printf("DAMAGED: the tiles give root %s, the signed checkpoint says %s\n",
                  merkle::ToHex(rehashed->root).c_str(), merkle::ToHex(head.root).c_str());
      return 1;
    }
    std::printf(
        "OK: %llu entries and %llu tiles re-hashed to the root signed by %s for %llu "
        "events: %s\n",
        U(rehashed->entries), U(rehashed->tiles), key.name().c_str(), U(head.size),
        merkle::ToHex(head.root).c_str());
    return 0;
  }

  tiles::TileNodeReader nodes(fetch, head.size);
  if (!older_checkpoint_file.empty()) {
    ASSIGN_OR_RETURN(std::string older_text, ReadToolFile(older_checkpoint_file, "--checkpoint"));
    ASSIGN_OR_RETURN(Checkpoint older, OpenSigned(older_text, key, "--checkpoint"));
    absl::Status consistent;
    if (older.size > head.size) {
      consistent = absl::DataLossError(absl::StrCat("the mirror's head is for ", head.size,
                                                    " events, fewer than the ", older.size,
                                                    " of the saved one: it went back"));
    } else if (older.size == 0) {
      consistent = older.root == merkle::EmptyRoot()
                       ? absl::OkStatus()
                       : absl::DataLossError("the empty tree has another root");
    } else {
      ASSIGN_OR_RETURN(std::vector<merkle::Hash> proof,
                       merkle::ConsistencyProof(nodes, older.size, head.size));
      consistent = merkle::VerifyConsistency(older.size, head.size, older.root, head.root, proof);
    }
    if (!consistent.ok()) {
      std::printf("NOT CONSISTENT: %s\n", std::string(consistent.message()).c_str());
      return 1;
    }
    std::printf("OK: the mirror's head of %llu events extends the saved head of %llu unchanged\n",
                U(head.size), U(older.size));
  }
  if (position.has_value()) {
    if (*position >= head.size) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--position=", *position, " is not in the mirror's log of ", head.size, " events"));
    }
    const tiles::TileRef bundle{
        0, *position / tiles::kTileWidth,
        std::min<uint64_t>(tiles::kTileWidth,
                           head.size - *position / tiles::kTileWidth * tiles::kTileWidth)};
    ASSIGN_OR_RETURN(std::string bytes, fetch(tiles::EntriesPath(bundle)));
    ASSIGN_OR_RETURN(std::vector<std::string> entries,
                     tiles::DecodeEntryBundle(bytes, bundle.width));
    const std::string& entry = entries[*position % tiles::kTileWidth];
    ASSIGN_OR_RETURN(std::vector<merkle::Hash> proof,
                     merkle::InclusionProof(nodes, *position, head.size));
    absl::Status included =
        merkle::VerifyInclusion(merkle::HashLeaf(entry), *position, head.size, proof, head.root);
    if (!included.ok()) {
      std::printf("NOT INCLUDED: event %llu: %s\n", U(*position),
                  std::string(included.message()).c_str());
      return 1;
    }
    std::printf("OK: event %llu (%zu bytes) is included in the head of %llu events signed by %s\n",
                U(*position), entry.size(), U(head.size), key.name().c_str());
  }
  return 0;
}

}  // namespace minhbach::clients
