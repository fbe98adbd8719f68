// The timeline index: which events concern which entity, were appended by
// which actor, are of which type; kept in its own RocksDB beside the log
// (<data_dir>/timeline), folded from the log like a projection and
// rebuildable from position 0. A filtered timeline reads the index for the
// most selective filter it has and then only the events that index names,
// so it costs time in proportion to what it returns (and to what that one
// filter matches), never to the length of the log.
//
// Keys (numbers 8-byte big-endian; names end with 0x00):
//   "p"                              events indexed: [0, p)
//   "e" entity 0x00 pos              the events of an entity (event_entities.h)
//   "x" entity 0x00 type 0x00 pos    the same, by event type
//   "a" actor 0x00 pos               the events an actor appended
//   "k" type 0x00 pos                the events of a type
//   "o" child 0x00 owner             the child belongs to the owner
//                                    (event_entities.h: EntityLinks)
//   "v"                              the version of these rules ("2")
//
// An event is indexed under each entity it names and under everything those
// belong to, as the links recorded before it say: an AssignmentAccepted is
// also an event of the assignment's sub-project. Events of raw ext/ streams
// are indexed under their stream only.
//
// Thread-safe.
#ifndef MINHBACH_SERVICES_PROGRAM_TIMELINE_INDEX_H_
#define MINHBACH_SERVICES_PROGRAM_TIMELINE_INDEX_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "minhbach/v1/event_record.pb.h"
#include "services/program/log_follower.h"
#include "storage/event_log.h"
#include "storage/side_store.h"

namespace minhbach::program {

struct TimelineQuery {
  std::string entity;  // e.g. "DA3-TDA3", "CT-01", "thon-1", or a stream name
  std::string actor;
  // Event types, or words of them ("disbursement"), comma-separated: any of them.
  std::string kind;
  // Ranges, inclusive; unset: open.
  std::optional<int64_t> business_from_micros, business_to_micros;
  std::optional<int64_t> recorded_from_micros, recorded_to_micros;
  uint64_t from_position = 0;  // where the page starts
  size_t limit = 100;
  // Stops once the events found hold this many encoded bytes (at least one
  // event is always found), so a caller filling a response of bounded size
  // reads what fits in one call, not a worst-case handful at a time.
  size_t max_bytes = SIZE_MAX;
};

struct TimelinePage {
  std::vector<storage::StoredEvent> events;  // in log order
  std::optional<uint64_t> next_position;     // where the next page starts
  uint64_t indexed = 0;                      // the index covered [0, indexed)
};

class TimelineIndex {
 public:
  // Opens (creating, or with `rebuild` recreating) the index in `path`.
  static absl::StatusOr<std::unique_ptr<TimelineIndex>> Open(
      storage::EventLog* log, const std::string& path, bool rebuild,
      std::function<void(const absl::Status&)> failed);
  ~TimelineIndex() { follower_.Stop(); }

  void Start() { follower_.Start(); }
  void Stop() { follower_.Stop(); }
  // Indexes, on the calling thread, every event the log holds now.
  absl::Status CatchUp();
  uint64_t position() const;

  // The events matching every filter of `query`, from query.from_position
  // on, at most query.limit. InvalidArgument for a kind no event type
  // matches (the message lists them) or a range whose end is before its start;
  // NotFound for an entity no indexed event is about (with a hint), or an
  // actor who recorded none of them (naming those who did).
  absl::StatusOr<TimelinePage> Find(const TimelineQuery& query) const;

 private:
  TimelineIndex(storage::EventLog* log, std::unique_ptr<storage::SideStore> db,
                std::function<void(const absl::Status&)> failed);
  absl::StatusOr<bool> Step();
  // Owners recorded by events of this batch, not yet in the store, by child.
  using LinksInBatch = std::map<std::string, std::vector<std::string>>;
  // Owners the store held when this batch began, by child: read once per
  // child and batch, since the store changes only when the batch is written.
  using StoredLinks = absl::flat_hash_map<std::string, std::vector<std::string>>;
  // Who `entity` belongs to, directly: the store's links and `pending`.
  absl::StatusOr<std::vector<std::string>> Owners(const std::string& entity,
                                                  const LinksInBatch& pending,
                                                  StoredLinks* stored) const;
  // What `record` names and everything that belongs to, transitively.
  absl::StatusOr<std::vector<std::string>> EntitiesOf(const v1::EventRecord& record,
                                                      const LinksInBatch& pending,
                                                      StoredLinks* stored) const;
  // NotFound, naming it and the nearest known id, when no event is about `entity`.
  absl::Status CheckKnown(const std::string& entity, uint64_t indexed) const;
  // NotFound, naming who did record events, when `actor` recorded none.
  absl::Status CheckActorKnown(const std::string& actor, uint64_t indexed) const;

  storage::EventLog* const log_;
  std::unique_ptr<storage::SideStore> db_;
  absl::Mutex step_mu_;  // one indexer at a time: the follower or CatchUp
  // The records of the batch being indexed, parsed over batch after batch.
  std::vector<v1::EventRecord> batch_ ABSL_GUARDED_BY(step_mu_);
  mutable absl::Mutex mu_;
  uint64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  LogFollower follower_;
};

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_TIMELINE_INDEX_H_
