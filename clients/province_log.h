// The province's log of its communes' heads. It is an ordinary minhbachd log,
// with its own origin, key, tokens and witnesses; its entries are the
// communes' signed checkpoints, verbatim, one stream per commune
// ("communes/<the commune's origin>"), appended by a service token whose
// stream prefix is "communes/".
//
// FollowCommune records a commune's head only once it is proven, from the
// commune's tiles mirror, to extend the head recorded last for that commune,
// so each stream is one consistent history. The province's signed head
// (cosigned by the province's Front) then commits to every commune's history
// at once, and ProveHeadInProvince shows a reader that the head a commune gave
// them lies on it: a commune cannot show two readers two histories unless the
// province records both, and a province log is checked like any other.
//
// Nothing here trusts the province: every recorded head is opened with the
// commune's own key, and every inclusion is proven against the province's
// signed head.
#ifndef MINHBACH_CLIENTS_PROVINCE_LOG_H_
#define MINHBACH_CLIENTS_PROVINCE_LOG_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/client_context.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/checkpoint.h"
#include "storage/signed_note.h"
#include "storage/tlog_tiles.h"

namespace minhbach::clients {

inline constexpr absl::string_view kCommuneStreamPrefix = "communes/";
inline constexpr absl::string_view kCommuneHeadEvent = "CommuneHeadRecorded";

// The start of the message of every error the province log's server gave
// (as opposed to a commune's mirror): "the province log (reading): ...".
inline constexpr absl::string_view kProvinceLogProblem = "the province log";

// "communes/<origin>": where the province keeps that commune's heads.
std::string CommuneStream(absl::string_view origin);

// The province log's server: its services and how to make a call's context
// (token, deadline).
struct ProvinceLog {
  v1::EventLog::StubInterface* events = nullptr;
  v1::Audit::StubInterface* audit = nullptr;
  std::function<std::unique_ptr<grpc::ClientContext>()> context;
};

enum class FollowOutcome {
  kRecorded,      // a newer head, proven to extend the one recorded last, appended
  kUnchanged,     // the mirror's head is the one recorded last
  kMirrorBehind,  // the mirror shows an older head than the one recorded: nothing written
  kForked,        // the commune signed two histories: nothing written, both heads in `evidence`
};

struct FollowResult {
  FollowOutcome outcome = FollowOutcome::kUnchanged;
  std::string origin;
  uint64_t recorded_size = 0;  // the head recorded last before this step (0: none)
  uint64_t mirror_size = 0;    // the head the mirror shows
  uint64_t position = 0;       // kRecorded: where the province log holds it
  std::string evidence;        // kForked: both signed heads, one after the other
};

// One step of following the commune whose mirror is `fetch` and whose log
// key is `key`: reads the mirror's checkpoint (Unauthenticated when `key`
// did not sign it), the head the province recorded last for it (FailedPrecondition
// when that one does not open with `key`: another commune's key in the
// communes file), and appends the mirror's head when it is newer and a
// consistency proof from the mirror's tiles shows it extends the recorded
// one. The append expects the stream's version it read, so two followers
// never interleave (Aborted: try the step again).
absl::StatusOr<FollowResult> FollowCommune(const storage::tiles::Fetch& fetch,
                                           const storage::note::Verifier& key,
                                           const ProvinceLog& province);

struct ProvinceProofOptions {
  // When set, the province head proven against is the newest one this
  // witness cosigned, and its cosignature must verify.
  std::optional<storage::note::Verifier> require_cosigner;
  // The commune's tiles mirror: needed only when the province recorded a
  // later head than the one being proven (its prefix is shown from it).
  storage::tiles::Fetch commune_mirror;
};

struct ProvinceProof {
  bool proven = false;
  bool forked = false;             // the province recorded another history for the commune
  std::vector<std::string> lines;  // what was checked, in the reader's language
  uint64_t province_size = 0;
  uint64_t position = 0;      // the province entry the head was proven through
  std::string province_head;  // the province's signed head proven against
};

// Proves that `commune_head` (a checkpoint signed with `commune_key`) is part
// of the province log whose key is `province_key`: the first head the
// province recorded for that commune at or past its size either is it (same
// root) or extends it (a consistency proof from the commune's mirror), and
// that entry is included in the province's signed head (an inclusion proof).
// A status error only when something cannot be read (the connection, a head
// that does not open with its key, a refused call); a head that cannot be
// proven is an OK status with proven = false, saying why.
absl::StatusOr<ProvinceProof> ProveHeadInProvince(absl::string_view commune_head,
                                                  const storage::note::Verifier& commune_key,
                                                  const storage::note::Verifier& province_key,
                                                  const ProvinceLog& province,
                                                  const ProvinceProofOptions& options);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_PROVINCE_LOG_H_
