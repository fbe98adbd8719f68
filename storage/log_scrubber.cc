#include "storage/log_scrubber.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/merkle.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

constexpr size_t kPage = 256;

std::string Advice() {
  return "stored bytes were changed or damaged; run `minhbach-log verify` on the log directory "
         "and restore the latest good backup";
}

// The event's own position and leaf, or what is wrong with them.
std::optional<std::string> LeafProblem(const EventLog& log, const StoredEvent& event,
                                       uint64_t position, merkle::Hash* leaf) {
  if (event.record.position() != position) {
    return absl::StrCat("the record stored at position ", position, " says it is position ",
                        event.record.position());
  }
  *leaf = merkle::HashLeaf(event.raw);
  absl::StatusOr<merkle::Hash> stored = log.TreeNode(0, position);
  if (!stored.ok()) {
    return absl::StrCat("the leaf of position ", position,
                        " cannot be read: ", stored.status().message());
  }
  if (*stored != *leaf) {
    return absl::StrCat("the event at position ", position, " no longer hashes to its Merkle leaf");
  }
  return std::nullopt;
}

}  // namespace

absl::Status CheckTail(const EventLog& log, uint64_t count) {
  const uint64_t size = log.Size();
  uint64_t position = size - std::min(size, count);
  while (position < size) {
    ASSIGN_OR_RETURN(std::vector<StoredEvent> page, log.ReadAll(position, kPage));
    if (page.empty()) break;
    for (const StoredEvent& event : page) {
      merkle::Hash leaf;
      if (std::optional<std::string> problem = LeafProblem(log, event, position, &leaf)) {
        return absl::DataLossError(absl::StrCat(*problem, ": ", Advice()));
      }
      ++position;
    }
  }
  return absl::OkStatus();
}

LogScrubber::LogScrubber(const EventLog* log, Options options)
    : log_(log), options_(std::move(options)), thread_([this] { Run(); }) {}

LogScrubber::~LogScrubber() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

uint64_t LogScrubber::position() const {
  absl::MutexLock lock(&mu_);
  return position_;
}

uint64_t LogScrubber::passes() const {
  absl::MutexLock lock(&mu_);
  return passes_;
}

std::optional<ScrubMismatch> LogScrubber::mismatch() const {
  absl::MutexLock lock(&mu_);
  return mismatch_;
}

bool LogScrubber::WaitUntil(absl::Time until) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(&stopping_), until);
  return !stopping_;
}

void LogScrubber::Run() {
  for (;;) {
    std::optional<ScrubMismatch> found = Pass();
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      ++passes_;
      mismatch_ = found;
    }
    if (found.has_value() && options_.on_mismatch) options_.on_mismatch(*found);
    if (!WaitUntil(absl::Now() + options_.rest)) return;
  }
}

std::optional<ScrubMismatch> LogScrubber::Pass() {
  const uint64_t end = log_->Size();
  const absl::Time start = absl::Now();
  uint64_t bytes = 0;
  merkle::CompactRange range;
  std::optional<ScrubMismatch> found;
  // Every node a leaf completes is compared with the stored one: a changed
  // leaf is caught at level 0, a changed interior node where it is completed.
  auto compare = [this, &found](int level, uint64_t index, const merkle::Hash& hash) {
    if (found.has_value() || level == 0) return;
    absl::StatusOr<merkle::Hash> stored = log_->TreeNode(level, index);
    if (!stored.ok() || *stored != hash) {
      const uint64_t first = index << level;
      found = ScrubMismatch{
          first, absl::StrCat("the stored tree node (level ", level, ", index ", index,
                              ") over positions ", first, " to ", ((index + 1) << level) - 1,
                              " does not match the events: ", Advice())};
    }
  };
  uint64_t position = 0;
  while (position < end) {
    absl::StatusOr<std::vector<StoredEvent>> page =
        log_->ReadAll(position, std::min<uint64_t>(kPage, end - position));
    if (!page.ok() || page->empty()) {
      return ScrubMismatch{position, absl::StrCat("position ", position, " cannot be read (",
                                                  page.status().message(), "): ", Advice())};
    }
    for (const StoredEvent& event : *page) {
      merkle::Hash leaf;
      if (std::optional<std::string> problem = LeafProblem(*log_, event, position, &leaf)) {
        return ScrubMismatch{position, absl::StrCat(*problem, ": ", Advice())};
      }
      range.Append(leaf, compare);
      if (found.has_value()) return found;
      bytes += event.raw.size();
      ++position;
    }
    {
      absl::MutexLock lock(&mu_);
      position_ = position;
    }
    // At most bytes_per_second: the pass may not be ahead of its schedule.
    const absl::Time due =
        start + absl::Seconds(static_cast<double>(bytes) / options_.bytes_per_second);
    if (!WaitUntil(due)) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace minhbach::storage
