// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed tree
// head of the log, as a signed note (storage/signed_note.h) whose text is
//
//   <origin>\n
//   <tree size, decimal, no leading zeros>\n
//   <root hash, standard base64 of 32 bytes>\n
//   [<extension line>\n]...
//
// The log signs with a note key whose name is the origin (as Tessera does),
// and clients open checkpoints with that key's verifier.
//
// Error codes: InvalidArgument for malformed input; Unauthenticated when the
// log's signature is missing or does not verify, or the checkpoint is for
// another origin; FailedPrecondition for a key file holding another key;
// errno-derived codes (e.g. PermissionDenied) for file I/O errors.
//
// Thread safety: all functions are thread-safe (LoadOrCreateSignerKeyFile is
// safe even against other processes creating the same file).
#ifndef MINHBACH_STORAGE_CHECKPOINT_H_
#define MINHBACH_STORAGE_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/merkle.h"
#include "storage/signed_note.h"

namespace minhbach::storage {

// The body of a checkpoint: the log's identity and its tree head.
struct Checkpoint {
  std::string origin;                   // non-empty, one line
  uint64_t size = 0;                    // number of leaves
  merkle::Hash root{};                  // RFC 6962 root of the first `size` leaves
  std::vector<std::string> extensions;  // optional opaque lines, each non-empty
};

bool operator==(const Checkpoint& a, const Checkpoint& b);
inline bool operator!=(const Checkpoint& a, const Checkpoint& b) { return !(a == b); }

// Returns the checkpoint's note text. InvalidArgument if the origin or an
// extension line is empty, contains a newline or is not note::IsWellFormedText
// (valid UTF-8, no control characters).
absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& checkpoint);

// Parses checkpoint note text, accepting exactly what FormatCheckpoint
// produces: origin and extension lines as above, a decimal size with no sign
// or leading zeros ("0" alone for the empty tree) that fits in 64 bits, and a
// canonically padded standard base64 root of exactly 32 bytes, each line
// ending in "\n". InvalidArgument otherwise.
absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text);

// Returns the checkpoint as a note signed by `log_key`. InvalidArgument if the
// checkpoint cannot be formatted or log_key's name is not the origin;
// Internal if signing fails.
absl::StatusOr<std::string> SignCheckpoint(const Checkpoint& checkpoint,
                                           const note::Signer& log_key);

// Opens a signed checkpoint and returns its body once log_key's signature on
// it verifies. Other signatures (e.g. witness cosignatures) are ignored; use
// note::Open to get them. InvalidArgument for a malformed note or body;
// Unauthenticated if log_key did not sign it, its signature does not verify,
// or the origin is not log_key's name.
absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view signed_checkpoint,
                                          const note::Verifier& log_key);

// A log's signer key, loaded from or created in a key file.
struct SignerKeyFile {
  note::Signer signer;
  bool created = false;  // true iff this call generated the key and wrote the file
};

// Returns the signer key held in the file at `path`: one signer key text
// ("PRIVATE+KEY+..."), optionally followed by white space. If there is no
// such file, generates a key named `key_name`, writes it there with mode 0600
// (temporary file, fsync, atomic link into place, directory fsync; a file
// created meanwhile by another process wins and is loaded instead) and sets
// `created`. Errors: InvalidArgument for an invalid key_name or a malformed
// key file; FailedPrecondition if the file holds a key with another name;
// errno-derived codes for I/O failures; Internal if OpenSSL fails.
absl::StatusOr<SignerKeyFile> LoadOrCreateSignerKeyFile(const std::string& path,
                                                        absl::string_view key_name);

// The public verifier key text for `signer`, to give to clients and witnesses.
std::string VerifierKeyText(const note::Signer& signer);

}  // namespace minhbach::storage

#endif  // MINHBACH_STORAGE_CHECKPOINT_H_
