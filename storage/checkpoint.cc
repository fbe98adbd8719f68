#include "storage/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/status_macros.h"

namespace minhbach::storage {
namespace {

constexpr size_t kMaxKeyFileSize = 4096;

absl::Status Malformed(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("malformed checkpoint: ", why));
}

// InvalidArgument unless `line` can be an origin or extension line.
absl::Status CheckLine(absl::string_view line, absl::string_view what) {
  if (line.empty()) return Malformed(absl::StrCat(what, " is empty"));
  if (line.find('\n') != absl::string_view::npos) {
    return Malformed(absl::StrCat(what, " contains a newline"));
  }
  if (!note::IsWellFormedText(line)) {
    return Malformed(absl::StrCat(what, " has invalid UTF-8 or control characters"));
  }
  return absl::OkStatus();
}

// Strict decimal: digits only, no leading zero except "0", at most 2^64 - 1.
absl::StatusOr<uint64_t> ParseTreeSize(absl::string_view text) {
  if (text.empty()) return Malformed("tree size is empty");
  if (text.size() > 1 && text[0] == '0') return Malformed("tree size has a leading zero");
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Malformed("tree size is not a decimal number");
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return Malformed("tree size does not fit in 64 bits");
    value = value * 10 + digit;
  }
  return value;
}

absl::StatusOr<merkle::Hash> ParseRootHash(absl::string_view text) {
  absl::StatusOr<std::string> bytes = note::DecodeBase64Strict(text);
  if (!bytes.ok()) return Malformed("root hash is not canonical base64");
  merkle::Hash root;
  if (bytes->size() != root.size()) {
    return Malformed(absl::StrCat("root hash is ", bytes->size(), " bytes, want 32"));
  }
  std::memcpy(root.data(), bytes->data(), root.size());
  return root;
}

// Best-effort erasure of secret key text before its memory is released.
void Wipe(std::string* secret) { OPENSSL_cleanse(secret->data(), secret->size()); }

absl::Status FileError(absl::string_view what, const std::string& path) {
  return absl::ErrnoToStatus(errno, absl::StrCat(what, " ", path));
}

// Closes a file descriptor on scope exit.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) close(fd_);
  }
  // Closes now, reporting the result (0 or -1 with errno).
  int Close() {
    const int rc = close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Reads the whole file (at most kMaxKeyFileSize bytes) into *contents. The
// returned status carries the errno-derived code: NotFound for a missing file.
absl::Status ReadKeyFile(const std::string& path, std::string* contents) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return FileError("cannot open key file", path);
  FdCloser closer(fd);
  // Read straight into *contents (one byte more than allowed, to detect
  // oversized files) so that no other copy of the secret is left behind.
  contents->assign(kMaxKeyFileSize + 1, '\0');
  size_t size = 0;
  while (size < contents->size()) {
    const ssize_t n = read(fd, contents->data() + size, contents->size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileError("cannot read key file", path);
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  if (size > kMaxKeyFileSize) {
    return absl::InvalidArgumentError(absl::StrCat("key file ", path, " is too large"));
  }
  contents->resize(size);
  return absl::OkStatus();
}

absl::StatusOr<note::Signer> LoadSignerKeyFile(const std::string& path,
                                               absl::string_view key_name) {
  std::string contents;
  const absl::Status read = ReadKeyFile(path, &contents);
  if (!read.ok()) {
    Wipe(&contents);
    return read;
  }
  absl::StatusOr<note::Signer> signer =
      note::Signer::Parse(absl::StripTrailingAsciiWhitespace(contents));
  Wipe(&contents);
  if (!signer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, " holds no valid signer key: ", signer.status().message()));
  }
  if (signer->name() != key_name) {
    return absl::FailedPreconditionError(absl::StrCat(
        "key file ", path, " holds a key named \"", signer->name(), "\", want \"", key_name, "\""));
  }
  return signer;
}

absl::Status WriteAll(int fd, absl::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileError("cannot write", path);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// The directory holding `path` ("." for a bare file name).
std::string DirName(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status SyncDirectory(const std::string& dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return FileError("cannot open directory", dir);
  FdCloser closer(fd);
  if (fsync(fd) != 0) return FileError("cannot fsync directory", dir);
  return absl::OkStatus();
}

// Writes `contents` to a new mode-0600 temporary file next to `path`, syncs it
// and stores its name in *temp_path.
absl::Status WriteTempFile(const std::string& path, absl::string_view contents,
                           std::string* temp_path) {
  std::string name = path + ".tmp.XXXXXX";
  const int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return FileError("cannot create temporary file for", path);
  *temp_path = name;
  FdCloser closer(fd);
  if (fchmod(fd, 0600) != 0) return FileError("cannot chmod", name);
  RETURN_IF_ERROR(WriteAll(fd, contents, name));
  if (fsync(fd) != 0) return FileError("cannot fsync", name);
  if (closer.Close() != 0) return FileError("cannot close", name);
  return absl::OkStatus();
}

// Publishes `contents` at `path` atomically, never replacing an existing file.
// Returns AlreadyExists if `path` exists.
absl::Status PublishNewFile(const std::string& path, absl::string_view contents) {
  std::string temp_path;
  absl::Status status = WriteTempFile(path, contents, &temp_path);
  if (status.ok() && link(temp_path.c_str(), path.c_str()) != 0) {
    status = FileError("cannot link key file into place at", path);
  }
  if (!temp_path.empty()) unlink(temp_path.c_str());
  RETURN_IF_ERROR(status);
  return SyncDirectory(DirName(path));
}

}  // namespace

bool operator==(const Checkpoint& a, const Checkpoint& b) {
  return a.origin == b.origin && a.size == b.size && a.root == b.root &&
         a.extensions == b.extensions;
}

absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& checkpoint) {
  RETURN_IF_ERROR(CheckLine(checkpoint.origin, "origin"));
  for (const std::string& line : checkpoint.extensions) {
    RETURN_IF_ERROR(CheckLine(line, "extension line"));
  }
  std::string text = absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                                  absl::Base64Escape(AsStringView(checkpoint.root)), "\n");
  for (const std::string& line : checkpoint.extensions) absl::StrAppend(&text, line, "\n");
  return text;
}

absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text) {
  if (text.empty() || text.back() != '\n') return Malformed("text must end in a newline");
  text.remove_suffix(1);
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() < 3) return Malformed("fewer than 3 lines");
  Checkpoint checkpoint;
  RETURN_IF_ERROR(CheckLine(lines[0], "origin"));
  checkpoint.origin = std::string(lines[0]);
  ASSIGN_OR_RETURN(checkpoint.size, ParseTreeSize(lines[1]));
  ASSIGN_OR_RETURN(checkpoint.root, ParseRootHash(lines[2]));
  for (size_t i = 3; i < lines.size(); ++i) {
    RETURN_IF_ERROR(CheckLine(lines[i], "extension line"));
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

absl::StatusOr<std::string> SignCheckpoint(const Checkpoint& checkpoint,
                                           const note::Signer& log_key) {
  if (log_key.name() != checkpoint.origin) {
    return absl::InvalidArgumentError(absl::StrCat("signer key name \"", log_key.name(),
                                                   "\" is not the checkpoint origin \"",
                                                   checkpoint.origin, "\""));
  }
  ASSIGN_OR_RETURN(std::string text, FormatCheckpoint(checkpoint));
  return note::Sign(text, log_key);
}

absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view signed_checkpoint,
                                          const note::Verifier& log_key) {
  absl::StatusOr<note::Note> note = note::Open(signed_checkpoint, {log_key});
  if (!note.ok()) {
    return absl::Status(note.status().code(),
                        absl::StrCat("checkpoint: ", note.status().message()));
  }
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpoint(note->text));
  if (checkpoint.origin != log_key.name()) {
    return absl::UnauthenticatedError(absl::StrCat("checkpoint origin \"", checkpoint.origin,
                                                   "\" is not the log's key name \"",
                                                   log_key.name(), "\""));
  }
  return checkpoint;
}

absl::StatusOr<SignerKeyFile> LoadOrCreateSignerKeyFile(const std::string& path,
                                                        absl::string_view key_name) {
  if (!note::IsValidKeyName(key_name)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid key name \"", key_name, "\""));
  }
  absl::StatusOr<note::Signer> existing = LoadSignerKeyFile(path, key_name);
  if (existing.ok()) return SignerKeyFile{*std::move(existing), false};
  if (!absl::IsNotFound(existing.status())) return existing.status();

  ASSIGN_OR_RETURN(note::Signer signer, note::Signer::Generate(key_name));
  std::string contents = absl::StrCat(signer.ToString(), "\n");
  absl::Status published = PublishNewFile(path, contents);
  Wipe(&contents);
  if (absl::IsAlreadyExists(published)) {
    // Another process created the file first: use its key.
    ASSIGN_OR_RETURN(note::Signer theirs, LoadSignerKeyFile(path, key_name));
    return SignerKeyFile{std::move(theirs), false};
  }
  RETURN_IF_ERROR(published);
  return SignerKeyFile{std::move(signer), true};
}

std::string VerifierKeyText(const note::Signer& signer) { return signer.verifier().ToString(); }

}  // namespace minhbach::storage
