// The operator's master key: 32 bytes that wrap every household's data key.
// It never lives in the data directory (a copy of the data directory must not
// carry the means to read it) and is never logged.
#ifndef MINHBACH_SERVICES_PRIVACY_MASTER_KEY_H_
#define MINHBACH_SERVICES_PRIVACY_MASTER_KEY_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::privacy {

// The systemd credential name: LoadCredential=minhbach-master-key:/etc/minhbach/master-key
// makes it $CREDENTIALS_DIRECTORY/minhbach-master-key.
inline constexpr char kMasterKeyCredential[] = "minhbach-master-key";

struct MasterKey {
  std::array<uint8_t, 32> bytes{};

  MasterKey() = default;
  MasterKey(const MasterKey&) = default;
  MasterKey& operator=(const MasterKey&) = default;
  ~MasterKey();  // wipes the bytes (OPENSSL_cleanse)

  // Exactly 32 raw bytes; InvalidArgument otherwise.
  static absl::StatusOr<MasterKey> FromBytes(absl::string_view raw);

  // Reads a key file: 32 raw bytes, or 64 hex digits, or 44 characters of
  // base64, each optionally followed by one newline. FailedPrecondition when
  // the file is missing, not a regular file, readable or writable by group or
  // others (chmod 600 or 400), inside `data_dir` (when not empty), or not one
  // of those lengths. Messages name the file, never its content.
  static absl::StatusOr<MasterKey> FromFile(const std::string& path, const std::string& data_dir);

  // $CREDENTIALS_DIRECTORY/minhbach-master-key when systemd passes that
  // credential, with FromFile's rules: NotFound when there is none.
  static absl::StatusOr<MasterKey> FromSystemdCredential(const std::string& data_dir);
};

}  // namespace minhbach::privacy

#endif  // MINHBACH_SERVICES_PRIVACY_MASTER_KEY_H_
