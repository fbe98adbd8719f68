// The province's read-only view of its communes: each commune's log read
// from a tlog-tiles mirror (an export, a static web server, or a
// `minhbachd --serve_tiles`), checked against the commune's signed head with
// its key, and folded into the program's state in the same pass, so a
// province sums what every commune's signed log says without calling any
// commune's server and without trusting the mirror.
//
// One commune at a time, one bundle at a time: memory is the fold's state.
#ifndef MINHBACH_CLIENTS_PROVINCE_SUMMARY_H_
#define MINHBACH_CLIENTS_PROVINCE_SUMMARY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/event_record.pb.h"
#include "minhbach/v1/program_service.pb.h"
#include "storage/signed_note.h"
#include "storage/tlog_tiles.h"

namespace minhbach::clients {

// One line of a communes file: "NAME SOURCE KEY_FILE", where SOURCE is a
// mirror's URL or directory and KEY_FILE the commune's log.pub.
struct CommuneSource {
  std::string name;
  std::string source;
  std::string key_file;
};

// The lines of a communes file; '#' starts a comment, blank lines are
// skipped. InvalidArgument naming the line for anything else, or for a name
// given twice.
absl::StatusOr<std::vector<CommuneSource>> ParseCommuneList(absl::string_view text);

struct CommuneSummary {
  std::string origin;     // the signed head's origin line: which log this is
  uint64_t log_size = 0;  // events in the commune's signed head
  uint64_t folded = 0;    // of them, in the view
  v1::Dashboard dashboard;
};

// Reads the mirror behind `fetch`: its checkpoint opened with `key`, its
// level-0 tiles hashed to the signed root, then each bundle checked against
// its tile (storage::tiles::ForEachVerifiedEntry; DataLoss naming the first
// file that disagrees), and each entry the view takes (`in_view`) folded, so
// nothing a mirror forged ever reaches the fold. The dashboard's deadlines are judged on
// `reference_date`. `progress` (may be null) sees entries read so far.
absl::StatusOr<CommuneSummary> SummarizeCommune(
    const storage::tiles::Fetch& fetch, const storage::note::Verifier& key,
    const std::function<bool(const v1::EventRecord&)>& in_view, absl::string_view reference_date,
    const std::function<void(uint64_t done, uint64_t total)>& progress = nullptr);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_PROVINCE_SUMMARY_H_
