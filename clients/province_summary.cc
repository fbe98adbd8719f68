#include "clients/province_summary.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/program/program_state.h"
#include "services/program/program_status.h"
#include "storage/checkpoint.h"
#include "storage/event_record.h"
#include "storage/status_macros.h"

namespace minhbach::clients {

namespace tiles = ::minhbach::storage::tiles;

absl::StatusOr<std::vector<CommuneSource>> ParseCommuneList(absl::string_view text) {
  std::vector<CommuneSource> communes;
  std::set<std::string> names;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = line.substr(0, line.find('#'));
    std::vector<std::string> words =
        absl::StrSplit(absl::StripAsciiWhitespace(line), absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (words.empty()) continue;
    if (words.size() != 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", number, ": give NAME SOURCE KEY_FILE (a mirror's URL or ",
                       "directory, then the commune's log.pub), got ", words.size(), " words"));
    }
    if (!names.insert(words[0]).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", number, ": commune ", words[0], " is already listed"));
    }
    communes.push_back({words[0], words[1], words[2]});
  }
  if (communes.empty()) return absl::InvalidArgumentError("the communes file lists no commune");
  return communes;
}

absl::StatusOr<CommuneSummary> SummarizeCommune(
    const tiles::Fetch& fetch, const storage::note::Verifier& key,
    const std::function<bool(const v1::EventRecord&)>& in_view, absl::string_view reference_date,
    const std::function<void(uint64_t done, uint64_t total)>& progress) {
  ASSIGN_OR_RETURN(std::string head_text, fetch("checkpoint"));
  absl::StatusOr<storage::Checkpoint> head = storage::OpenCheckpoint(head_text, key);
  if (!head.ok()) {
    return absl::Status(head.status().code(),
                        absl::StrCat("the mirror's checkpoint: ", head.status().message()));
  }
  // The re-hash reads each bundle once, in position order; the fold takes
  // its entries as they go by. Should the re-hash then find a bundle, a tile
  // or the root not to be the signed ones, everything folded is dropped.
  program::ProgramState state;
  uint64_t folded = 0;
  absl::Status fold_error;
  const tiles::Fetch folding = [&](const std::string& path) -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(std::string bytes, fetch(path));
    std::optional<tiles::ParsedTilePath> parsed = tiles::ParseTilePath(path);
    if (!parsed || !parsed->entries || !fold_error.ok()) return bytes;
    absl::StatusOr<std::vector<std::string>> entries =
        tiles::DecodeEntryBundle(bytes, parsed->tile.width);
    if (!entries.ok()) return bytes;  // the re-hash names the damaged bundle
    uint64_t position = parsed->tile.index * tiles::kTileWidth;
    for (std::string& entry : *entries) {
      absl::StatusOr<storage::StoredEvent> event =
          storage::DecodeEventRecord(std::move(entry), position);
      if (!event.ok()) {
        fold_error = absl::DataLossError(
            absl::StrCat(path, ": the entry at position ", position,
                         " is not the event record of that position: ", event.status().message()));
        return bytes;
      }
      if (state.position != position) {
        fold_error = absl::DataLossError(absl::StrCat(path, " was read out of order"));
        return bytes;
      }
      if (in_view(event->record)) {
        program::FoldRecord(state, std::move(event->record));
        ++folded;
      } else {
        ++state.position;  // offered to the fold, not taken: outside the view
      }
      ++position;
    }
    return bytes;
  };
  ASSIGN_OR_RETURN(tiles::RehashReport rehashed,
                   tiles::RehashTiledTree(folding, head->size, progress));
  if (rehashed.root != head->root) {
    return absl::DataLossError(
        absl::StrCat("the mirror's tiles do not give the root its signed checkpoint holds for ",
                     head->size, " events: the mirror is damaged or was changed"));
  }
  RETURN_IF_ERROR(fold_error);
  if (state.position != head->size) {
    return absl::DataLossError(absl::StrCat("the mirror's bundles hold ", state.position,
                                            " events, its checkpoint ", head->size));
  }
  CommuneSummary summary;
  summary.origin = head->origin;
  summary.log_size = head->size;
  summary.folded = folded;
  summary.dashboard = program::BuildDashboard(state, reference_date);
  summary.dashboard.mutable_basis()->set_position(state.position);
  summary.dashboard.mutable_basis()->set_log_size(head->size);
  summary.dashboard.mutable_basis()->set_reference_date(std::string(reference_date));
  summary.dashboard.mutable_basis()->set_illustrative_data(state.illustrative_data);
  return summary;
}

}  // namespace minhbach::clients
