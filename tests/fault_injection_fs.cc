#include "tests/fault_injection_fs.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"

namespace minhbach::testing {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;
using FileState = FaultInjectionFileSystem::FileState;

IOStatus PowerOff() { return IOStatus::IOError("simulated power loss: the machine is off"); }

class TrackedWritableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  TrackedWritableFile(FaultInjectionFileSystem* fs, std::string path,
                      std::shared_ptr<FileState> state,
                      std::unique_ptr<rocksdb::FSWritableFile> file)
      : FSWritableFileOwnerWrapper(std::move(file)),
        fs_(fs),
        path_(std::move(path)),
        state_(std::move(state)) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* debug) override {
    IOStatus allowed = fs_->BeforeWrite(path_);
    if (!allowed.ok()) return allowed;
    IOStatus written = FSWritableFileOwnerWrapper::Append(data, options, debug);
    if (written.ok()) fs_->RecordAppend(state_, data.size());
    return written;
  }
  IOStatus Append(const Slice& data, const IOOptions& options, const rocksdb::DataVerificationInfo&,
                  IODebugContext* debug) override {
    return Append(data, options, debug);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* debug) override {
    IOStatus allowed = fs_->BeforeWrite(path_);
    if (!allowed.ok()) return allowed;
    IOStatus written = FSWritableFileOwnerWrapper::PositionedAppend(data, offset, options, debug);
    if (written.ok()) {
      absl::MutexLock lock(fs_->mu());
      state_->size = std::max(state_->size, offset + data.size());
    }
    return written;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo&, IODebugContext* debug) override {
    return PositionedAppend(data, offset, options, debug);
  }
  IOStatus Truncate(uint64_t size, const IOOptions& options, IODebugContext* debug) override {
    IOStatus allowed = fs_->BeforeWrite(path_);
    if (!allowed.ok()) return allowed;
    IOStatus truncated = FSWritableFileOwnerWrapper::Truncate(size, options, debug);
    if (truncated.ok()) {
      absl::MutexLock lock(fs_->mu());
      state_->size = size;
      state_->synced = std::min(state_->synced, size);
    }
    return truncated;
  }
  // Recorded, not performed: only DropUnsyncedData decides what a power loss keeps.
  IOStatus Sync(const IOOptions&, IODebugContext*) override { return RecordedSync(); }
  IOStatus Fsync(const IOOptions&, IODebugContext*) override { return RecordedSync(); }
  IOStatus RangeSync(uint64_t, uint64_t, const IOOptions&, IODebugContext*) override {
    return fs_->PowerCheck();  // not a durability point
  }

 private:
  IOStatus RecordedSync() {
    uint64_t covered = 0;
    {
      absl::MutexLock lock(fs_->mu());
      covered = state_->size;  // what was appended before the sync began
    }
    IOStatus allowed = fs_->BeforeSync(path_);
    if (!allowed.ok()) return allowed;
    fs_->RecordSync(state_, covered);
    return IOStatus::OK();
  }

  FaultInjectionFileSystem* const fs_;
  const std::string path_;
  const std::shared_ptr<FileState> state_;
};

class FaultySequentialFile final : public rocksdb::FSSequentialFileOwnerWrapper {
 public:
  FaultySequentialFile(const FaultInjectionFileSystem* fs, std::string path,
                       std::unique_ptr<rocksdb::FSSequentialFile> file)
      : FSSequentialFileOwnerWrapper(std::move(file)), fs_(fs), path_(std::move(path)) {}

  IOStatus Read(size_t n, const IOOptions& options, Slice* result, char* scratch,
                IODebugContext* debug) override {
    IOStatus allowed = fs_->BeforeRead(path_);
    if (!allowed.ok()) return allowed;
    return FSSequentialFileOwnerWrapper::Read(n, options, result, scratch, debug);
  }
  IOStatus PositionedRead(uint64_t offset, size_t n, const IOOptions& options, Slice* result,
                          char* scratch, IODebugContext* debug) override {
    IOStatus allowed = fs_->BeforeRead(path_);
    if (!allowed.ok()) return allowed;
    return FSSequentialFileOwnerWrapper::PositionedRead(offset, n, options, result, scratch, debug);
  }

 private:
  const FaultInjectionFileSystem* const fs_;
  const std::string path_;
};

class FaultyRandomAccessFile final : public rocksdb::FSRandomAccessFileOwnerWrapper {
 public:
  FaultyRandomAccessFile(const FaultInjectionFileSystem* fs, std::string path,
                         std::unique_ptr<rocksdb::FSRandomAccessFile> file)
      : FSRandomAccessFileOwnerWrapper(std::move(file)), fs_(fs), path_(std::move(path)) {}

  IOStatus Read(uint64_t offset, size_t n, const IOOptions& options, Slice* result, char* scratch,
                IODebugContext* debug) const override {
    IOStatus allowed = fs_->BeforeRead(path_);
    if (!allowed.ok()) return allowed;
    return FSRandomAccessFileOwnerWrapper::Read(offset, n, options, result, scratch, debug);
  }
  IOStatus MultiRead(rocksdb::FSReadRequest* requests, size_t count, const IOOptions& options,
                     IODebugContext* debug) override {
    IOStatus allowed = fs_->BeforeRead(path_);
    if (!allowed.ok()) return allowed;
    return FSRandomAccessFileOwnerWrapper::MultiRead(requests, count, options, debug);
  }

 private:
  const FaultInjectionFileSystem* const fs_;
  const std::string path_;
};

}  // namespace

FaultInjectionFileSystem::FaultInjectionFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(std::move(base)) {}

void FaultInjectionFileSystem::SetFault(Op op, IOStatus error, std::string suffix) {
  absl::MutexLock lock(&mu_);
  faults_[op] = Fault{std::move(error), std::move(suffix)};
}

void FaultInjectionFileSystem::ClearFaults() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

void FaultInjectionFileSystem::HoldSyncs() {
  absl::MutexLock lock(&mu_);
  hold_syncs_ = true;
}

void FaultInjectionFileSystem::ReleaseSyncs() {
  absl::MutexLock lock(&mu_);
  hold_syncs_ = false;
}

void FaultInjectionFileSystem::AwaitHeldSyncs(int count) const {
  absl::MutexLock lock(&mu_);
  auto enough = [this, count]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return held_syncs_ >= count; };
  mu_.Await(absl::Condition(&enough));
}

void FaultInjectionFileSystem::CutPower() {
  absl::MutexLock lock(&mu_);
  power_off_ = true;
  hold_syncs_ = false;  // held syncs wake up and fail: the machine is off
}

uint64_t FaultInjectionFileSystem::DropUnsyncedData() {
  absl::MutexLock lock(&mu_);
  uint64_t dropped = 0;
  for (auto& [path, state] : files_) {
    if (state->synced >= state->size) continue;
    // truncate(2) itself: RocksDB's POSIX file system does not implement Truncate.
    if (::truncate(path.c_str(), static_cast<off_t>(state->synced)) == 0) {
      dropped += state->size - state->synced;
    }
    state->size = state->synced;
  }
  return dropped;
}

IOStatus FaultInjectionFileSystem::FaultFor(Op op, const std::string& path) const {
  auto fault = faults_.find(op);
  if (fault == faults_.end() || !absl::EndsWith(path, fault->second.suffix)) return IOStatus::OK();
  return fault->second.error;
}

IOStatus FaultInjectionFileSystem::PowerCheck() const {
  absl::MutexLock lock(&mu_);
  return power_off_ ? PowerOff() : IOStatus::OK();
}

IOStatus FaultInjectionFileSystem::BeforeWrite(const std::string& path) const {
  absl::MutexLock lock(&mu_);
  if (power_off_) return PowerOff();
  return FaultFor(Op::kWrite, path);
}

IOStatus FaultInjectionFileSystem::BeforeRead(const std::string& path) const {
  absl::MutexLock lock(&mu_);
  return FaultFor(Op::kRead, path);
}

IOStatus FaultInjectionFileSystem::BeforeSync(const std::string& path) {
  absl::MutexLock lock(&mu_);
  if (hold_syncs_) {
    ++held_syncs_;
    auto released = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return !hold_syncs_; };
    mu_.Await(absl::Condition(&released));
    --held_syncs_;
  }
  if (power_off_) return PowerOff();
  return FaultFor(Op::kSync, path);
}

void FaultInjectionFileSystem::RecordAppend(const std::shared_ptr<FileState>& file,
                                            uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  file->size += bytes;
}

void FaultInjectionFileSystem::RecordSync(const std::shared_ptr<FileState>& file,
                                          uint64_t synced_size) {
  absl::MutexLock lock(&mu_);
  file->synced = std::max(file->synced, std::min(synced_size, file->size));
}

std::unique_ptr<rocksdb::FSWritableFile> FaultInjectionFileSystem::Track(
    const std::string& path, std::unique_ptr<rocksdb::FSWritableFile> file,
    uint64_t existing_size) {
  auto state = std::make_shared<FileState>();
  state->size = existing_size;
  state->synced = existing_size;
  {
    absl::MutexLock lock(&mu_);
    files_[path] = state;
  }
  return std::make_unique<TrackedWritableFile>(this, path, std::move(state), std::move(file));
}

IOStatus FaultInjectionFileSystem::NewWritableFile(const std::string& path,
                                                   const rocksdb::FileOptions& options,
                                                   std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                   IODebugContext* debug) {
  IOStatus allowed = PowerCheck();
  if (!allowed.ok()) return allowed;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus opened = target()->NewWritableFile(path, options, &file, debug);
  if (opened.ok()) *result = Track(path, std::move(file), 0);
  return opened;
}

IOStatus FaultInjectionFileSystem::ReopenWritableFile(
    const std::string& path, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* debug) {
  IOStatus allowed = PowerCheck();
  if (!allowed.ok()) return allowed;
  uint64_t existing = 0;
  if (!target()->GetFileSize(path, IOOptions(), &existing, debug).ok()) existing = 0;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus opened = target()->ReopenWritableFile(path, options, &file, debug);
  if (opened.ok()) *result = Track(path, std::move(file), existing);
  return opened;
}

IOStatus FaultInjectionFileSystem::ReuseWritableFile(
    const std::string& path, const std::string& old_path, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* debug) {
  IOStatus allowed = PowerCheck();
  if (!allowed.ok()) return allowed;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus opened = target()->ReuseWritableFile(path, old_path, options, &file, debug);
  if (!opened.ok()) return opened;
  {
    absl::MutexLock lock(&mu_);
    files_.erase(old_path);
  }
  *result = Track(path, std::move(file), 0);
  return opened;
}

IOStatus FaultInjectionFileSystem::NewSequentialFile(
    const std::string& path, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSSequentialFile>* result, IODebugContext* debug) {
  IOStatus allowed = BeforeRead(path);
  if (!allowed.ok()) return allowed;
  std::unique_ptr<rocksdb::FSSequentialFile> file;
  IOStatus opened = target()->NewSequentialFile(path, options, &file, debug);
  if (opened.ok()) *result = std::make_unique<FaultySequentialFile>(this, path, std::move(file));
  return opened;
}

IOStatus FaultInjectionFileSystem::NewRandomAccessFile(
    const std::string& path, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSRandomAccessFile>* result, IODebugContext* debug) {
  IOStatus allowed = BeforeRead(path);
  if (!allowed.ok()) return allowed;
  std::unique_ptr<rocksdb::FSRandomAccessFile> file;
  IOStatus opened = target()->NewRandomAccessFile(path, options, &file, debug);
  if (opened.ok()) *result = std::make_unique<FaultyRandomAccessFile>(this, path, std::move(file));
  return opened;
}

IOStatus FaultInjectionFileSystem::RenameFile(const std::string& from, const std::string& to,
                                              const IOOptions& options, IODebugContext* debug) {
  {
    absl::MutexLock lock(&mu_);
    if (power_off_) return PowerOff();
  }
  IOStatus renamed = target()->RenameFile(from, to, options, debug);
  if (renamed.ok()) {
    absl::MutexLock lock(&mu_);
    auto moved = files_.find(from);
    if (moved != files_.end()) {
      files_[to] = moved->second;
      files_.erase(moved);
    } else {
      files_.erase(to);
    }
  }
  return renamed;
}

IOStatus FaultInjectionFileSystem::DeleteFile(const std::string& path, const IOOptions& options,
                                              IODebugContext* debug) {
  {
    absl::MutexLock lock(&mu_);
    if (power_off_) return PowerOff();
  }
  IOStatus deleted = target()->DeleteFile(path, options, debug);
  if (deleted.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(path);
  }
  return deleted;
}

IOStatus FaultInjectionFileSystem::LinkFile(const std::string& from, const std::string& to,
                                            const IOOptions& options, IODebugContext* debug) {
  {
    absl::MutexLock lock(&mu_);
    if (power_off_) return PowerOff();
  }
  return target()->LinkFile(from, to, options, debug);
}

IOStatus FaultInjectionFileSystem::Truncate(const std::string& path, size_t size,
                                            const IOOptions& options, IODebugContext* debug) {
  IOStatus allowed = BeforeWrite(path);
  if (!allowed.ok()) return allowed;
  IOStatus truncated = target()->Truncate(path, size, options, debug);
  if (truncated.ok()) {
    absl::MutexLock lock(&mu_);
    auto file = files_.find(path);
    if (file != files_.end()) {
      file->second->size = size;
      file->second->synced = std::min<uint64_t>(file->second->synced, size);
    }
  }
  return truncated;
}

}  // namespace minhbach::testing
