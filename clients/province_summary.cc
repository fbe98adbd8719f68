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
  // Each entry reaches the fold only once it is proven to be the log's: the
  // level-0 tiles are hashed to the signed root before any bundle is read.
  program::ProgramState state;
  uint64_t folded = 0;
  RETURN_IF_ERROR(tiles::ForEachVerifiedEntry(
      fetch, head->size, head->root,
      [&](uint64_t position, std::string entry) -> absl::Status {
        absl::StatusOr<storage::StoredEvent> event =
            storage::DecodeEventRecord(std::move(entry), position);
        if (!event.ok()) {
          return absl::DataLossError(
              absl::StrCat("the signed log's entry at position ", position,
                           " is not its event record: ", event.status().message()));
        }
        if (in_view(event->record)) {
          program::FoldRecordInPlace(state, event->record);
          ++folded;
        } else {
          ++state.position;  // offered to the fold, not taken: outside the view
        }
        return absl::OkStatus();
      },
      progress));
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
