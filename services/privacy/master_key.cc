#include "services/privacy/master_key.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace minhbach::privacy {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxKeyFileSize = 128;  // the longest accepted form is 45 or 65 bytes

absl::Status Refuse(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat("master key file ", path, ": ", why));
}

// Whether `path` is `dir` or lies below it, after resolving symlinks and "..".
bool IsInside(const std::string& path, const std::string& dir) {
  std::error_code error;
  const fs::path file = fs::weakly_canonical(fs::absolute(path, error), error);
  const fs::path root = fs::weakly_canonical(fs::absolute(dir, error), error);
  if (error) return false;
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f) {
    if (r->empty()) continue;  // a trailing separator
    if (f == file.end() || *f != *r) return false;
  }
  return true;
}

// The 32 key bytes of a file's content in one of the accepted forms.
absl::StatusOr<std::string> DecodeForms(std::string& content) {
  if (content.size() == 32) return content;
  if (!content.empty() && content.back() == '\n') content.pop_back();
  if (content.size() == 64) {
    for (char c : content) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
        return absl::InvalidArgumentError("64 characters but not hex digits");
      }
    }
    return absl::HexStringToBytes(content);
  }
  std::string raw;
  if (content.size() == 44 && absl::Base64Unescape(content, &raw) && raw.size() == 32) return raw;
  OPENSSL_cleanse(raw.data(), raw.size());
  return absl::InvalidArgumentError(
      "wrong length: give 32 random bytes (head -c 32 /dev/urandom), 64 hex digits or 44 "
      "characters of base64");
}

absl::StatusOr<std::string> Decode(std::string content) {
  absl::StatusOr<std::string> raw = DecodeForms(content);
  OPENSSL_cleanse(content.data(), content.size());
  return raw;
}

}  // namespace

MasterKey::~MasterKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }

absl::StatusOr<MasterKey> MasterKey::FromBytes(absl::string_view raw) {
  if (raw.size() != 32) return absl::InvalidArgumentError("a master key is exactly 32 bytes");
  MasterKey key;
  std::memcpy(key.bytes.data(), raw.data(), raw.size());
  return key;
}

absl::StatusOr<MasterKey> MasterKey::FromFile(const std::string& path,
                                              const std::string& data_dir) {
  if (!data_dir.empty() && IsInside(path, data_dir)) {
    return Refuse(path, absl::StrCat("is inside the data directory ", data_dir,
                                     "; keep it elsewhere (a copy of the data must not carry "
                                     "its key)"));
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Refuse(path, absl::StrCat("cannot open: ", std::strerror(errno)));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Refuse(path, "is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    close(fd);
    return Refuse(path, "is readable or writable by group or others; run chmod 600 on it");
  }
  std::string content(kMaxKeyFileSize + 1, '\0');
  size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = read(fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      close(fd);
      OPENSSL_cleanse(content.data(), content.size());
      return Refuse(path, absl::StrCat("cannot read: ", std::strerror(saved)));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  // The unused tail holds zeros; wipe the whole buffer after decoding.
  absl::StatusOr<std::string> raw = Decode(content.substr(0, got));
  OPENSSL_cleanse(content.data(), content.size());
  if (!raw.ok()) return Refuse(path, raw.status().message());
  absl::StatusOr<MasterKey> key = FromBytes(*raw);
  OPENSSL_cleanse(raw->data(), raw->size());
  return key;
}

absl::StatusOr<MasterKey> MasterKey::FromSystemdCredential(const std::string& data_dir) {
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  if (dir == nullptr || *dir == '\0') {
    return absl::NotFoundError("no systemd credentials ($CREDENTIALS_DIRECTORY is not set)");
  }
  const std::string path = absl::StrCat(dir, "/", kMasterKeyCredential);
  std::error_code error;
  if (!fs::exists(path, error)) {
    return absl::NotFoundError(absl::StrCat("no systemd credential ", kMasterKeyCredential));
  }
  return FromFile(path, data_dir);
}

}  // namespace minhbach::privacy
