// C2SP signed notes (https://c2sp.org/signed-note), byte-compatible with Go's
// golang.org/x/mod/sumdb/note, Ed25519 keys only.
//
// A signed note is a text ending in "\n", a blank line, then one or more
// signature lines "— <key name> <base64(key id || signature)>\n" (U+2014 EM
// DASH, space). The signature is over the text bytes, final newline included.
//
// Keys are written as Go writes them:
//   verifier (public): "<name>+<8 hex key id>+<base64(type || 32-byte public key)>"
//   signer (secret):   "PRIVATE+KEY+<name>+<8 hex key id>+<base64(type || 32-byte seed)>"
// with key id = big-endian SHA-256(name || "\n" || type || public key)[:4].
// Two signature types, both Ed25519:
//   0x01  plain note signatures (the log's own key);
//   0x04  cosignature/v1 (c2sp.org/tlog-cosignature), a witness's: the
//         signature is an 8-byte big-endian POSIX time followed by the
//         Ed25519 signature of "cosignature/v1\ntime <time>\n" || text.
//
// Error codes used throughout:
//   InvalidArgument  malformed input: a key text, a note, a name or a text that
//                    breaks the format rules, or too many signatures.
//   Unauthenticated  well-formed, but a signature from a known key does not
//                    verify, or no known key signed the note.
//   Internal         OpenSSL failed.
//
// Base64 is always RFC 4648 standard encoding with canonical padding; this is
// stricter than Go, which also accepts non-zero trailing bits.
//
// Thread safety: free functions are thread-safe; Verifier and Signer are
// immutable after construction, so their const methods are thread-safe too.
#ifndef MINHBACH_STORAGE_SIGNED_NOTE_H_
#define MINHBACH_STORAGE_SIGNED_NOTE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "storage/ed25519.h"

namespace minhbach::storage::note {

// Signature type bytes: Ed25519 note signatures, and Ed25519 cosignature/v1.
inline constexpr uint8_t kAlgEd25519 = 0x01;
inline constexpr uint8_t kAlgCosignatureV1 = 0x04;
// Open rejects notes with more signature lines than this (as Go does; the
// spec requires accepting at least 16).
inline constexpr int kMaxSignatures = 100;

// True iff `name` is a valid key name: non-empty valid UTF-8 with no '+' and
// no Unicode white space (Go's isValidName).
bool IsValidKeyName(absl::string_view name);

// True iff `text` is valid UTF-8 with no ASCII control character (below
// U+0020) other than '\n': the character rule of signed notes.
bool IsWellFormedText(absl::string_view text);

// The key id of an Ed25519 key: big-endian SHA-256(name || 0x0A || type ||
// public_key)[:4]. Does not validate `name`.
uint32_t Ed25519KeyId(absl::string_view name, const Ed25519PublicKey& public_key,
                      uint8_t type = kAlgEd25519);

// Decodes RFC 4648 standard base64 and accepts only the canonical encoding
// (padded, zero trailing bits, no white space). InvalidArgument otherwise.
absl::StatusOr<std::string> DecodeBase64Strict(absl::string_view encoded);

// A public key that can check signatures on notes.
// Thread safety: immutable; all const methods are thread-safe.
class Verifier {
 public:
  // Parses a verifier key "<name>+<8 hex id>+<base64(0x01 || key)>". Hex may be
  // either case. InvalidArgument on any syntax error, a bad name, an unknown
  // algorithm, a key of the wrong length or an id that does not match the key.
  static absl::StatusOr<Verifier> Parse(absl::string_view verifier_key);

  // The verifier for an Ed25519 public key under `name`. InvalidArgument if the
  // name is not valid.
  static absl::StatusOr<Verifier> FromEd25519(absl::string_view name,
                                              const Ed25519PublicKey& public_key,
                                              uint8_t type = kAlgEd25519);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  uint8_t type() const { return type_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // The verifier key text, the inverse of Parse (hex in lower case).
  std::string ToString() const;

  // True iff `signature` (without the key id) is this key's signature of `text`.
  bool Verify(absl::string_view text, absl::string_view signature) const;

 private:
  friend class Signer;
  // `name` must be valid.
  Verifier(std::string name, const Ed25519PublicKey& public_key, uint8_t type);

  std::string name_;
  uint8_t type_ = kAlgEd25519;
  uint32_t key_id_ = 0;
  Ed25519PublicKey public_key_{};
};

// A named private key that signs notes. Move-only.
// Thread safety: immutable after construction; const methods are thread-safe.
class Signer {
 public:
  // Parses a signer key "PRIVATE+KEY+<name>+<8 hex id>+<base64(0x01 || seed)>".
  // InvalidArgument on any syntax error, a bad name, an unknown algorithm, a
  // seed of the wrong length or an id that does not match the derived public
  // key; Internal if OpenSSL fails.
  static absl::StatusOr<Signer> Parse(absl::string_view signer_key);

  // A fresh random key under `name`, of signature type `type`.
  // InvalidArgument for an invalid name or type; Internal if OpenSSL fails.
  static absl::StatusOr<Signer> Generate(absl::string_view name, uint8_t type = kAlgEd25519);

  // The signer for the 32-byte Ed25519 `seed` under `name`. InvalidArgument for
  // an invalid name or type or a seed of the wrong size; Internal if OpenSSL fails.
  static absl::StatusOr<Signer> FromEd25519Seed(absl::string_view name, absl::string_view seed,
                                                uint8_t type = kAlgEd25519);

  const std::string& name() const { return verifier_.name(); }
  uint32_t key_id() const { return verifier_.key_id(); }
  // The matching public verifier (give verifier().ToString() to clients).
  const Verifier& verifier() const { return verifier_; }

  // The secret signer key text, the inverse of Parse. Keep it secret.
  std::string ToString() const;

  // This key's signature of `text`, as it goes in a signature line: 64 bytes
  // for type 0x01; for a cosigner (0x04), the current time and 64 bytes.
  // Internal if OpenSSL fails.
  absl::StatusOr<std::string> Sign(absl::string_view text) const;
  // A cosigner's signature of `text` at `unix_seconds`; FailedPrecondition
  // for a key that is not a cosigner's.
  absl::StatusOr<std::string> CosignAt(absl::string_view text, uint64_t unix_seconds) const;

 private:
  Signer(Ed25519PrivateKey key, Verifier verifier);

  Ed25519PrivateKey key_;
  Verifier verifier_;
};

// One signature line of a note.
struct Signature {
  std::string name;       // key name
  uint32_t key_id = 0;    // key id (the first 4 decoded bytes of the line)
  std::string signature;  // the remaining decoded bytes: the raw signature

  // "<name>+<8 hex id>", for messages.
  std::string KeyLabel() const;
};

bool operator==(const Signature& a, const Signature& b);
inline bool operator!=(const Signature& a, const Signature& b) { return !(a == b); }

// An opened note: its text and its signatures, in the order they appear.
struct Note {
  std::string text;                   // ends in "\n"
  std::vector<Signature> verified;    // by known keys, each checked, one per key
  std::vector<Signature> unverified;  // by unknown keys, unchecked, exact duplicates dropped
};

// Returns the signed note: note.text, a blank line, then the signature lines
// of note.verified and note.unverified (kept as they are, except that one by
// the same name and key id as a new signer is dropped), then one new line per
// signer, in order. The text must be non-empty, end in "\n" and be
// IsWellFormedText; it may contain blank lines (the spec allows them: Open
// splits at the last blank line). InvalidArgument for a bad text, a kept
// signature with an invalid name or an empty signature, a null signer, or no
// signature at all; Internal if signing fails.
absl::StatusOr<std::string> Sign(const Note& note, absl::Span<const Signer* const> signers);

// Sign(Note{text}, {&signer}): `text` signed by one key.
absl::StatusOr<std::string> Sign(absl::string_view text, const Signer& signer);

// Parses `signed_note` and checks every signature by a key in `known` (matched
// by name and key id). On success the result holds the text, the verified
// signatures (at least one) and the unknown ones (so a caller can carry
// cosignatures on). Every signature line by a known key is checked, repeats
// included (Go checks only the first per key). Errors:
//   InvalidArgument  malformed note (bad UTF-8, control characters, no blank
//                    line before the signatures, a bad signature line, more
//                    than kMaxSignatures lines) or `known` holds two different
//                    keys with the same name and key id.
//   Unauthenticated  a signature by a known key does not verify (the whole
//                    note is rejected), or no known key signed the note.
absl::StatusOr<Note> Open(absl::string_view signed_note, absl::Span<const Verifier> known);

}  // namespace minhbach::storage::note

#endif  // MINHBACH_STORAGE_SIGNED_NOTE_H_
