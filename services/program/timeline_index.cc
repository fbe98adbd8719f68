#include "services/program/timeline_index.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "rocksdb/write_batch.h"
#include "services/program/event_entities.h"
#include "storage/format.h"
#include "storage/log_search.h"
#include "storage/side_store.h"
#include "storage/status_macros.h"
#include "storage/zero_ended_prefix.h"

namespace minhbach::program {
namespace {

using storage::SideStore;
using storage::format::DecodeUint64;
using storage::format::EncodeUint64;

constexpr char kWhat[] = "the timeline index";
constexpr size_t kBatch = 1000;
// Events read from the log per MultiGet while answering a query.
constexpr size_t kReadChunk = 32;
constexpr char kPositionKey[] = "p";
constexpr char kRootKey[] = "r";  // Merkle root of the log's first p events
// What the keys mean. A store written under another version (or none: before
// version 2, events were indexed only under the ids they name themselves,
// and raw ext/ events under the ids their payload claimed) is rebuilt.
constexpr char kVersionKey[] = "v";
constexpr char kVersion[] = "2";
// How far ownership links are followed (finding -> subject is two steps from
// a recommendation's response); a bound, so that no cycle of links can loop.
constexpr int kMaxLinkDepth = 4;

std::string Name(absl::string_view name) { return absl::StrCat(name, absl::string_view("\0", 1)); }
std::string Prefix(char index, absl::string_view name) {
  return absl::StrCat(std::string(1, index), Name(name));
}
std::string EntityTypePrefix(absl::string_view entity, absl::string_view type) {
  return absl::StrCat("x", Name(entity), Name(type));
}

// One index's keys under `prefix`, in position order, from `from` on.
class Cursor {
 public:
  Cursor(const SideStore& db, std::string prefix, uint64_t from)
      : it_(db.NewCursor(prefix)), prefix_(std::move(prefix)) {
    it_.Seek(absl::StrCat(prefix_, EncodeUint64(from)));
  }
  // The position under the cursor; nullopt at the end of the index (the
  // cursor is bounded to the prefix's keys).
  std::optional<uint64_t> position() const {
    if (!it_.Valid()) return std::nullopt;
    return DecodeUint64(it_.key().substr(prefix_.size()));
  }
  void Next() { it_.Next(); }
  absl::Status status() const { return it_.status(); }

 private:
  SideStore::Cursor it_;
  std::string prefix_;
};

bool InRange(int64_t value, const std::optional<int64_t>& from, const std::optional<int64_t>& to) {
  return (!from || value >= *from) && (!to || value <= *to);
}

}  // namespace

TimelineIndex::TimelineIndex(storage::EventLog* log, std::unique_ptr<SideStore> db,
                             std::function<void(const absl::Status&)> failed)
    : log_(log),
      db_(std::move(db)),
      follower_(log, {[this]() -> absl::StatusOr<bool> {
                        absl::MutexLock step(&step_mu_);
                        return Step();
                      },
                      [this] { return position(); }, std::move(failed)}) {}

absl::StatusOr<std::unique_ptr<TimelineIndex>> TimelineIndex::Open(
    storage::EventLog* log, const std::string& path, bool rebuild,
    std::function<void(const absl::Status&)> failed) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (rebuild) RETURN_IF_ERROR(SideStore::Destroy(path, kWhat));
    storage::SideStoreOptions options;
    // The index a key belongs to (its first byte) and the first name in it
    // ("e" entity 0x00): what a query's cursor is always within, so the store
    // keeps a bloom filter of these and a query skips the table files (and
    // the memtable) holding nothing of its entity, actor or type. A log's
    // index spreads over more files as the log grows; without this, every
    // query would seek in each.
    options.prefix_extractor =
        std::make_shared<storage::ZeroEndedPrefix>("minhbach.timeline.IndexAndName", 1);
    ASSIGN_OR_RETURN(std::unique_ptr<SideStore> db, SideStore::Open(path, kWhat, options));
    ASSIGN_OR_RETURN(std::optional<std::string> position_bytes, db->Get(kPositionKey));
    ASSIGN_OR_RETURN(std::optional<std::string> root, db->Get(kRootKey));
    ASSIGN_OR_RETURN(std::optional<std::string> version, db->Get(kVersionKey));
    if (version != kVersion) {
      if (position_bytes.has_value() && !rebuild) {
        rebuild = true;  // indexed under other rules: index again from 0
        continue;
      }
      RETURN_IF_ERROR(db->Put(kVersionKey, kVersion));
    }
    uint64_t position = 0;
    if (position_bytes.has_value() && root.has_value()) {
      position = DecodeUint64(*position_bytes).value_or(UINT64_MAX);
      // An index of another log (a restored backup, another directory) is rebuilt.
      absl::StatusOr<storage::merkle::Hash> expected =
          position <= log->Size()
              ? log->RootAt(position)
              : absl::StatusOr<storage::merkle::Hash>(absl::OutOfRangeError(""));
      if (!expected.ok() || std::string(expected->begin(), expected->end()) != *root) {
        rebuild = true;
        continue;
      }
    }
    std::unique_ptr<TimelineIndex> index(new TimelineIndex(log, std::move(db), std::move(failed)));
    absl::MutexLock lock(&index->mu_);
    index->position_ = position;
    return index;
  }
  return absl::InternalError(absl::StrCat("the timeline index in ", path, " cannot be rebuilt"));
}

uint64_t TimelineIndex::position() const {
  absl::MutexLock lock(&mu_);
  return position_;
}

absl::Status TimelineIndex::CatchUp() {
  const uint64_t end = log_->Size();
  absl::MutexLock step(&step_mu_);
  while (position() < end) {
    ASSIGN_OR_RETURN(bool indexed, Step());
    if (!indexed) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> TimelineIndex::Owners(const std::string& entity,
                                                               const LinksInBatch& pending,
                                                               StoredLinks* stored) const {
  auto [known, first] = stored->try_emplace(entity);
  if (first) {
    const std::string prefix = Prefix('o', entity);
    SideStore::Cursor it = db_->NewCursor(prefix);
    for (it.Seek(prefix); it.Valid(); it.Next()) {  // bounded to the prefix's keys
      known->second.emplace_back(it.key().substr(prefix.size()));
    }
    if (absl::Status read = it.status(); !read.ok()) {
      stored->erase(known);
      return read;
    }
  }
  std::vector<std::string> owners = known->second;
  if (auto found = pending.find(entity); found != pending.end()) {
    owners.insert(owners.end(), found->second.begin(), found->second.end());
  }
  return owners;
}

absl::StatusOr<std::vector<std::string>> TimelineIndex::EntitiesOf(const v1::EventRecord& record,
                                                                   const LinksInBatch& pending,
                                                                   StoredLinks* stored) const {
  std::vector<std::string> entities = EventEntities(record);
  // Breadth first: what the event names, then what those belong to...
  size_t from = 0;
  for (int depth = 0; depth < kMaxLinkDepth && from < entities.size(); ++depth) {
    const size_t to = entities.size();
    for (size_t i = from; i < to; ++i) {
      ASSIGN_OR_RETURN(std::vector<std::string> owners, Owners(entities[i], pending, stored));
      for (std::string& owner : owners) {
        if (std::find(entities.begin(), entities.end(), owner) == entities.end()) {
          entities.push_back(std::move(owner));
        }
      }
    }
    from = to;
  }
  return entities;
}

absl::StatusOr<bool> TimelineIndex::Step() {
  const uint64_t from = position();
  RETURN_IF_ERROR(log_->ReadRecordsInto(from, kBatch, batch_));
  if (batch_.empty()) return false;
  rocksdb::WriteBatch batch;
  LinksInBatch pending;  // links of this batch, not yet in the store
  StoredLinks stored;
  for (const v1::EventRecord& r : batch_) {
    const std::string position = EncodeUint64(r.position());
    for (EntityLink& link : EntityLinks(r)) {
      batch.Put(absl::StrCat(Prefix('o', link.child), link.owner), "");
      pending[link.child].push_back(std::move(link.owner));
    }
    ASSIGN_OR_RETURN(std::vector<std::string> entities, EntitiesOf(r, pending, &stored));
    for (const std::string& entity : entities) {
      batch.Put(absl::StrCat(Prefix('e', entity), position), "");
      batch.Put(absl::StrCat(EntityTypePrefix(entity, r.event_type()), position), "");
    }
    batch.Put(absl::StrCat(Prefix('a', r.actor()), position), "");
    batch.Put(absl::StrCat(Prefix('k', r.event_type()), position), "");
  }
  const uint64_t end = batch_.back().position() + 1;
  ASSIGN_OR_RETURN(storage::merkle::Hash root, log_->RootAt(end));
  batch.Put(kPositionKey, EncodeUint64(end));
  batch.Put(kRootKey, std::string(root.begin(), root.end()));
  // Not synced: after a crash the index is a consistent prefix of its
  // writes and indexes the rest again.
  RETURN_IF_ERROR(db_->Write(batch));
  absl::MutexLock lock(&mu_);
  position_ = end;
  return true;
}

absl::Status TimelineIndex::CheckKnown(const std::string& entity, uint64_t indexed) const {
  const std::string prefix = Prefix('e', entity);
  SideStore::Cursor it = db_->NewCursor();
  it.Seek(prefix);
  if (it.Valid() && absl::StartsWith(it.key(), prefix)) return absl::OkStatus();
  RETURN_IF_ERROR(it.status());
  // The nearest id that is known, in key order from where `entity` would be,
  // as a guess at a typing slip ("DA3-TDA" -> "DA3-TDA1").
  std::string hint;
  if (it.Valid() && it.key().size() > 1 && it.key()[0] == 'e') {
    const absl::string_view next = it.key().substr(1);
    const absl::string_view name = next.substr(0, next.find('\0'));
    if (!entity.empty() && !name.empty() && name[0] == entity[0]) {
      hint = absl::StrCat("; did you mean \"", name, "\"?");
    }
  }
  return absl::NotFoundError(absl::StrCat(
      "no sub-project, assignment, allocation, disbursement, supervision, finding "
      "(SUPERVISION/FINDING, e.g. GS-2024-01/F-02), village, period or stream has id \"",
      entity, "\" in the first ", indexed,
      " events of the log; `minhbach status` lists the program's ids", hint));
}

absl::Status TimelineIndex::CheckActorKnown(const std::string& actor, uint64_t indexed) const {
  const std::string prefix = Prefix('a', actor);
  {
    SideStore::Cursor it = db_->NewCursor(prefix);
    it.Seek(prefix);
    if (it.Valid()) return absl::OkStatus();
    RETURN_IF_ERROR(it.status());
  }
  // Who did record events, one seek each (a commune has tens of them): those
  // whose name holds what was typed first ("coordinator" ->
  // "local-coordinator"), then the rest in order.
  constexpr size_t kScanned = 200, kNamed = 8;
  std::vector<std::string> close, others;
  const std::string typed = absl::AsciiStrToLower(actor);
  SideStore::Cursor it = db_->NewCursor();
  for (it.Seek("a"); it.Valid() && it.key()[0] == 'a' && close.size() + others.size() < kScanned;) {
    const absl::string_view rest = it.key().substr(1);
    const std::string name(rest.substr(0, rest.find('\0')));
    (absl::StrContains(absl::AsciiStrToLower(name), typed) ? close : others).push_back(name);
    it.Seek(absl::StrCat("a", name, absl::string_view("\x01", 1)));
  }
  RETURN_IF_ERROR(it.status());
  close.insert(close.end(), others.begin(), others.end());
  if (close.size() > kNamed) close.resize(kNamed);
  std::string named =
      close.empty() ? "none" : absl::StrCat("\"", absl::StrJoin(close, "\", \""), "\"");
  return absl::NotFoundError(absl::StrCat("no event in the first ", indexed,
                                          " events of the log was recorded by \"", actor,
                                          "\"; those who recorded events include ", named));
}

absl::StatusOr<TimelinePage> TimelineIndex::Find(const TimelineQuery& q) const {
  for (const auto& [from, to, name] :
       {std::tuple(q.business_from_micros, q.business_to_micros, "business time"),
        std::tuple(q.recorded_from_micros, q.recorded_to_micros, "recorded time")}) {
    if (from && to && *to < *from) {
      return absl::InvalidArgumentError(absl::StrCat("the ", name, " range ends before it starts"));
    }
  }
  TimelinePage page;
  page.indexed = position();
  uint64_t low = q.from_position, high = page.indexed;
  if (q.recorded_from_micros) {
    ASSIGN_OR_RETURN(uint64_t first,
                     storage::FirstRecordedAfter(*log_, *q.recorded_from_micros - 1, high));
    low = std::max(low, first);
  }
  if (q.recorded_to_micros) {
    ASSIGN_OR_RETURN(high, storage::FirstRecordedAfter(*log_, *q.recorded_to_micros, high));
  }
  // Kinds, comma-separated: the union of the event types each stands for.
  std::vector<std::string> types;
  for (absl::string_view kind : absl::StrSplit(q.kind, ',', absl::SkipEmpty())) {
    std::vector<std::string> of_kind = EventTypesOfKind(kind);
    if (of_kind.empty()) of_kind = {std::string(kind)};  // a type outside the program's
    for (std::string& type : of_kind) {
      if (std::find(types.begin(), types.end(), type) == types.end()) {
        types.push_back(std::move(type));
      }
    }
  }
  // The most selective index the query has drives; the other filters are
  // checked on the events it names.
  std::vector<Cursor> cursors;
  bool types_checked = false, actor_checked = false;
  if (!q.entity.empty()) {
    if (types.empty()) cursors.emplace_back(*db_, Prefix('e', q.entity), low);
    for (const std::string& type : types) {
      cursors.emplace_back(*db_, EntityTypePrefix(q.entity, type), low);
    }
    types_checked = true;
  } else if (!q.actor.empty()) {
    cursors.emplace_back(*db_, Prefix('a', q.actor), low);
    actor_checked = true;
  } else if (!types.empty()) {
    for (const std::string& type : types) cursors.emplace_back(*db_, Prefix('k', type), low);
    types_checked = true;
  }
  const bool indexed = !cursors.empty();
  uint64_t next = low;  // the whole-log walk's next position
  size_t bytes = 0;     // encoded bytes of the events found
  // The next candidate: the smallest position under any cursor.
  auto next_candidate = [&]() -> std::optional<uint64_t> {
    if (!indexed) return next < high ? std::optional<uint64_t>(next++) : std::nullopt;
    std::optional<uint64_t> candidate;
    Cursor* from = nullptr;
    for (Cursor& cursor : cursors) {
      std::optional<uint64_t> p = cursor.position();
      if (p && *p < high && (!candidate || *p < *candidate)) candidate = p, from = &cursor;
    }
    if (candidate) from->Next();
    return candidate;
  };
  // Candidates are read from the log a few at a time, in one MultiGet: a read
  // each would cost more once the log lies in table files on several levels,
  // so the cost would follow the log's size rather than the answer's. The
  // read stops once it passes what the page has room for, so no more is read
  // than one at a time would (what fits, and one event more); candidates left
  // unread are read next.
  std::vector<uint64_t> pending;
  bool full = false;
  while (!full && page.events.size() <= q.limit) {
    const size_t want = std::min<size_t>(kReadChunk, q.limit + 1 - page.events.size());
    while (pending.size() < want) {
      std::optional<uint64_t> candidate = next_candidate();
      if (!candidate) break;
      pending.push_back(*candidate);
    }
    if (pending.empty()) break;
    if (!page.events.empty() && bytes >= q.max_bytes) {
      page.next_position = pending.front();
      break;
    }
    const size_t room = q.max_bytes > bytes ? q.max_bytes - bytes : 0;
    ASSIGN_OR_RETURN(std::vector<storage::StoredEvent> events, log_->GetEvents(pending, room));
    pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(events.size()));
    for (storage::StoredEvent& event : events) {
      if (!page.events.empty() && bytes >= q.max_bytes) {
        page.next_position = event.record.position();
        full = true;
        break;
      }
      const v1::EventRecord& r = event.record;
      if (!actor_checked && !q.actor.empty() && r.actor() != q.actor) continue;
      if (!types_checked && !types.empty() &&
          std::find(types.begin(), types.end(), r.event_type()) == types.end()) {
        continue;
      }
      if (!InRange(r.business_time_micros(), q.business_from_micros, q.business_to_micros)) {
        continue;
      }
      bytes += r.ByteSizeLong();
      page.events.push_back(std::move(event));
    }
  }
  for (const Cursor& cursor : cursors) RETURN_IF_ERROR(cursor.status());
  // An entity with events found is known; only an empty answer costs the
  // index another seek, to tell an unknown id (NotFound, with a hint) from a
  // known one with nothing in the range asked.
  if (!q.entity.empty() && page.events.empty()) {
    RETURN_IF_ERROR(CheckKnown(q.entity, page.indexed));
  }
  if (!q.actor.empty() && page.events.empty()) {
    RETURN_IF_ERROR(CheckActorKnown(q.actor, page.indexed));
  }
  if (page.events.size() > q.limit) {
    page.next_position = page.events.back().record.position();
    page.events.pop_back();
  }
  return page;
}

}  // namespace minhbach::program
