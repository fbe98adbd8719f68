// The codec between the folded program (ProgramState) and its protobuf
// snapshot (program_snapshot.proto), which the projection store persists so
// a restart or an as-of answer folds from a snapshot instead of from the
// start of the log. Maps are written in key order and the bytes are
// serialized deterministically, so equal states give equal bytes.
//
// Thread safety: pure functions.
#ifndef MINHBACH_SERVICES_PROGRAM_SNAPSHOT_CODEC_H_
#define MINHBACH_SERVICES_PROGRAM_SNAPSHOT_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/program_snapshot.pb.h"
#include "services/program/program_state.h"

namespace minhbach::program {

// Every field of `state` except the aggregates' applied_event_ids, which a
// folded state never holds. A map entry's id field is written from its map
// key (the aggregate's stream id), which the snapshot has no other place for.
v1::snapshot::ProgramSnapshot ToSnapshot(const ProgramState& state);

// The inverse of ToSnapshot. DataLoss naming the entity when an enum field
// holds a value the domain does not know, or when two entries of one map
// have the same key.
[[nodiscard]] absl::StatusOr<ProgramState> FromSnapshot(
    const v1::snapshot::ProgramSnapshot& snapshot);

// One aggregate of `state`, named by its program stream, as a snapshot that
// holds only it; empty when the state has no such aggregate. Snapshots of
// distinct aggregates merge (MergeFrom) into a snapshot of them all, so the
// projection store can keep each aggregate's versions apart.
v1::snapshot::ProgramSnapshot AggregateSnapshot(const ProgramState& state,
                                                absl::string_view stream);

// The part of ToSnapshot(state) that is not an aggregate: position, largest
// business time, skipped positions.
v1::snapshot::ProgramSnapshot HeaderSnapshot(const ProgramState& state);

// `message` serialized deterministically.
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

// ToSnapshot(state), serialized deterministically: equal states, equal bytes.
std::string SerializeState(const ProgramState& state);

// The inverse of SerializeState: DataLoss when `bytes` do not parse as a
// snapshot, else as FromSnapshot.
[[nodiscard]] absl::StatusOr<ProgramState> ParseState(absl::string_view bytes);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_SNAPSHOT_CODEC_H_
