// Offline verification of a log directory: recomputes every Merkle leaf from
// the stored event bytes and every tree node from the leaves, and compares
// them with what is stored, without modifying anything.
//
//   ASSIGN_OR_RETURN(VerifyReport report, VerifyLogDirectory("./data", {}));
//   if (!report.ok) printf("damaged at position %llu: %s\n", ...);
#ifndef MINHBACH_STORAGE_LOG_VERIFIER_H_
#define MINHBACH_STORAGE_LOG_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/checkpoint.h"

namespace minhbach::storage {

struct VerifyOptions {
  // Checkpoints (already authenticated by the caller) whose roots the events
  // must still reproduce: this catches a rewrite that also rewrote the tree.
  std::vector<Checkpoint> trusted_checkpoints;
  // Called every `progress_every` events with (verified, stored).
  std::function<void(uint64_t, uint64_t)> progress;
  uint64_t progress_every = 100000;
};

struct VerifyReport {
  uint64_t stored_events = 0;  // positions found in the log
  uint64_t verified = 0;       // positions whose event, leaf and nodes all agree
  merkle::Hash root{};         // recomputed root of the verified prefix
  bool ok = false;             // every position and every checkpoint verified
  // When !ok: the first position where stored and recomputed data disagree
  // (for a checkpoint the events no longer reproduce: the last position it
  // covers, the damage being at or before it), and what disagrees, in words
  // a person can act on.
  uint64_t first_bad_position = 0;
  std::string problem;
};

// Opens the log at `path` read-only and verifies it. Damage is reported in
// the VerifyReport; an error status means the directory could not be read as
// a log at all (NotFound, FailedPrecondition, Unavailable).
absl::StatusOr<VerifyReport> VerifyLogDirectory(const std::string& path,
                                                const VerifyOptions& options);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_LOG_VERIFIER_H_
