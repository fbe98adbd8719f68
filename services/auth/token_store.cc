#include "services/auth/token_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/rpc/log_line.h"
#include "storage/status_macros.h"

namespace minhbach::services {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  const int error = errno;
  const std::string message = absl::StrCat(what, " ", path, ": ", strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES || error == EPERM) return absl::PermissionDeniedError(message);
  return absl::UnavailableError(message);
}

struct Entry {
  Identity identity;
  std::string id;
  bool revoked = false;
  std::string revoked_at;
};

// One parse of the file, never changed: calls in flight keep the table they
// started with while a reload swaps in the next.
struct Table {
  absl::flat_hash_map<std::string, Entry> by_hash;  // hex SHA-256 -> entry
  size_t in_force = 0;
};

absl::StatusOr<std::shared_ptr<const Table>> MakeTable(absl::string_view text) {
  ASSIGN_OR_RETURN(std::vector<TokenLine> lines, ParseTokenFile(text));
  auto table = std::make_shared<Table>();
  for (TokenLine& line : lines) {
    Entry entry;
    entry.identity.name = ActorOf(line);
    entry.identity.role = line.role;
    entry.identity.scopes = line.scopes;
    // A named holder's actor is "<unit>/<person>", no longer the unit itself
    // (program_access.h): the unit must stay the token's scope.
    if (entry.identity.scopes.empty() && !line.person.empty()) {
      entry.identity.scopes = {line.identity};
    }
    entry.id = TokenId(line.hash);
    entry.revoked = line.revoked;
    entry.revoked_at = std::move(line.revoked_at);
    if (!entry.revoked) ++table->in_force;
    table->by_hash.emplace(std::move(line.hash), std::move(entry));
  }
  return table;
}

// What says the file changed: a rename (new inode), a write (size, times).
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = -1;
  int64_t modified_ns = 0, changed_ns = 0;
};

bool operator==(const FileStamp& a, const FileStamp& b) {
  return a.device == b.device && a.inode == b.inode && a.size == b.size &&
         a.modified_ns == b.modified_ns && a.changed_ns == b.changed_ns;
}

struct FileText {
  FileStamp stamp;
  std::string text;
};

// The file's text and the stamp of exactly that text (read from one open).
absl::StatusOr<FileText> ReadStamped(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot read the token file", path);
  FileText file;
  struct stat info;
  if (fstat(fd, &info) != 0) {
    absl::Status error = ErrnoError("cannot stat the token file", path);
    close(fd);
    return error;
  }
  file.stamp = {info.st_dev, info.st_ino, info.st_size,
                info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec,
                info.st_ctim.tv_sec * 1000000000LL + info.st_ctim.tv_nsec};
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      absl::Status error = ErrnoError("cannot read the token file", path);
      close(fd);
      return error;
    }
    if (got == 0) break;
    file.text.append(buffer, got);
  }
  close(fd);
  return file;
}

absl::StatusOr<FileStamp> StampOf(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return ErrnoError("cannot stat the token file", path);
  return FileStamp{info.st_dev, info.st_ino, info.st_size,
                   info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec,
                   info.st_ctim.tv_sec * 1000000000LL + info.st_ctim.tv_nsec};
}

}  // namespace

struct TokenStore::State {
  std::string path;  // empty: parsed from text, never reloads
  absl::Duration reload_interval;
  mutable absl::Mutex mutex;
  std::shared_ptr<const Table> table ABSL_GUARDED_BY(mutex);
  FileStamp stamp ABSL_GUARDED_BY(mutex);  // of the last file looked at, loaded or not
  absl::Time last_check ABSL_GUARDED_BY(mutex);

  // Reloads when the file's stamp differs from the last one seen. Errors
  // are logged once per change of the file, and leave the table as it was.
  absl::Status CheckFile() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex) {
    last_check = absl::Now();
    absl::StatusOr<FileStamp> now = StampOf(path);
    FileStamp seen = now.ok() ? *now : FileStamp{};
    if (seen == stamp) return now.status();
    stamp = seen;
    absl::Status error = now.status();
    if (error.ok()) {
      absl::StatusOr<FileText> file = ReadStamped(path);
      if (file.ok()) {
        stamp = file->stamp;
        absl::StatusOr<std::shared_ptr<const Table>> next = MakeTable(file->text);
        if (next.ok()) {
          table = *std::move(next);
          LogLine("info", "reloaded the token file",
                  {{"token_file", path}, {"tokens", std::to_string(table->in_force)}});
          return absl::OkStatus();
        }
        error = absl::InvalidArgumentError(absl::StrCat(path, ": ", next.status().message()));
      } else {
        error = file.status();
      }
    }
    LogLine("error",
            "the token file changed but cannot be loaded; the previous tokens stay in force "
            "until it is fixed",
            {{"token_file", path}, {"problem", std::string(error.message())}});
    return error;
  }

  std::shared_ptr<const Table> Current() {
    absl::MutexLock lock(&mutex);
    if (!path.empty() && absl::Now() - last_check >= reload_interval) {
      CheckFile().IgnoreError();  // logged there
    }
    return table;
  }
};

TokenStore::TokenStore(std::unique_ptr<State> state) : state_(std::move(state)) {}
TokenStore::TokenStore(TokenStore&&) = default;
TokenStore& TokenStore::operator=(TokenStore&&) = default;
TokenStore::~TokenStore() = default;

std::string HashToken(absl::string_view token) {
  unsigned char digest[32];
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), length));
}

std::string NewToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // no entropy: nothing safe to do
  return absl::StrCat(
      "mbt_", absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<char*>(bytes), 32)));
}

absl::StatusOr<TokenStore> TokenStore::Parse(absl::string_view text) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Table> table, MakeTable(text));
  auto state = std::make_unique<State>();
  absl::MutexLock lock(&state->mutex);
  state->table = std::move(table);
  return TokenStore(std::move(state));
}

absl::StatusOr<TokenStore> TokenStore::Load(const std::string& path,
                                            absl::Duration reload_interval) {
  ASSIGN_OR_RETURN(FileText file, ReadStamped(path));
  absl::StatusOr<std::shared_ptr<const Table>> table = MakeTable(file.text);
  if (!table.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", table.status().message()));
  }
  auto state = std::make_unique<State>();
  state->path = path;
  state->reload_interval = reload_interval;
  absl::MutexLock lock(&state->mutex);
  state->table = *std::move(table);
  state->stamp = file.stamp;
  state->last_check = absl::Now();
  return TokenStore(std::move(state));
}

absl::StatusOr<Identity> TokenStore::Authenticate(absl::string_view token) const {
  const std::shared_ptr<const Table> table = state_->Current();
  auto found = table->by_hash.find(HashToken(token));
  if (found == table->by_hash.end()) {
    return absl::UnauthenticatedError("unknown token; ask the operator for a valid one");
  }
  const Entry& entry = found->second;
  if (entry.revoked) {
    return absl::UnauthenticatedError(
        absl::StrCat("token ", entry.id, " was revoked",
                     entry.revoked_at.empty() ? "" : absl::StrCat(" at ", entry.revoked_at),
                     "; ask the operator for a new one (minhbach-admin token issue)"));
  }
  return entry.identity;
}

size_t TokenStore::size() const { return state_->Current()->in_force; }

absl::Status TokenStore::ReloadIfChanged() const {
  if (state_->path.empty()) return absl::OkStatus();
  absl::MutexLock lock(&state_->mutex);
  return state_->CheckFile();
}

absl::Status WritePrivateFile(const std::string& path, absl::string_view text) {
  const std::string temporary = absl::StrCat(path, ".tmp");
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return ErrnoError("cannot create", temporary);
  const bool written =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  if (!written || rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status error = ErrnoError("cannot write", path);
    unlink(temporary.c_str());
    return error;
  }
  return absl::OkStatus();
}

}  // namespace minhbach::services
