#include "storage/signed_note.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "storage/status_macros.h"
#include "storage/utf8.h"

namespace minhbach::storage::note {
namespace {

// U+2014 EM DASH, then a space.
constexpr absl::string_view kSigPrefix = "\xE2\x80\x94 ";
constexpr absl::string_view kPrivateKeyPrefix = "PRIVATE+KEY+";
constexpr size_t kKeyIdSize = 4;
constexpr size_t kTimestampSize = 8;  // of a cosignature/v1

// What a cosignature/v1 signs (c2sp.org/tlog-cosignature).
std::string CosignedMessage(absl::string_view text, uint64_t timestamp) {
  return absl::StrCat("cosignature/v1\ntime ", timestamp, "\n", text);
}

absl::Status Malformed(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("malformed note: ", why));
}

// Decodes the code point at the start of `s`, which must be non-empty valid
// UTF-8 (see IsValidUtf8), and returns its length in bytes.
size_t DecodeValidUtf8(absl::string_view s, uint32_t* code_point) {
  const uint8_t lead = static_cast<uint8_t>(s[0]);
  const size_t size = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  uint32_t cp = size == 1 ? lead : lead & (0x7F >> size);
  for (size_t i = 1; i < size; ++i) cp = (cp << 6) | (static_cast<uint8_t>(s[i]) & 0x3F);
  *code_point = cp;
  return size;
}

// Unicode White_Space, as Go's unicode.IsSpace.
bool IsUnicodeSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Splits `s` at the first `sep`: returns the part before it and leaves the
// rest in *s. Without `sep`, returns all of `s` and leaves *s empty (Go's chop).
absl::string_view Chop(absl::string_view* s, char sep) {
  const size_t at = s->find(sep);
  absl::string_view before = s->substr(0, at);
  s->remove_prefix(at == absl::string_view::npos ? s->size() : at + 1);
  return before;
}

// Parses exactly 8 hex digits (either case).
bool ParseKeyIdHex(absl::string_view hex, uint32_t* id) {
  if (hex.size() != 8) return false;
  uint32_t value = 0;
  for (char c : hex) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return false;
    }
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  *id = value;
  return true;
}

std::string KeyLabel(absl::string_view name, uint32_t key_id) {
  return absl::StrFormat("%s+%08x", name, key_id);
}

std::string KeyIdBytes(uint32_t key_id) {
  const char bytes[kKeyIdSize] = {static_cast<char>(key_id >> 24), static_cast<char>(key_id >> 16),
                                  static_cast<char>(key_id >> 8), static_cast<char>(key_id)};
  return std::string(bytes, kKeyIdSize);
}

uint32_t ReadKeyId(absl::string_view bytes) {
  const auto byte = [&bytes](size_t i) {
    return static_cast<uint32_t>(static_cast<uint8_t>(bytes[i]));
  };
  return (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
}

// The fields of a key text after any "PRIVATE+KEY+" prefix.
struct KeyFields {
  std::string name;
  uint32_t key_id = 0;
  std::string key;  // decoded: algorithm byte, then key material
};

// Parses "<name>+<8 hex id>+<base64>", checking the name, the id syntax and
// the Ed25519 algorithm and size. `kind` names the key in messages.
absl::StatusOr<KeyFields> ParseKeyFields(absl::string_view text, absl::string_view kind) {
  KeyFields fields;
  fields.name = std::string(Chop(&text, '+'));
  const absl::string_view hex = Chop(&text, '+');
  if (!IsValidKeyName(fields.name)) {
    return absl::InvalidArgumentError(absl::StrCat("malformed ", kind, " key: invalid key name"));
  }
  if (!ParseKeyIdHex(hex, &fields.key_id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed ", kind, " key: key id is not 8 hex digits"));
  }
  absl::StatusOr<std::string> key = DecodeBase64Strict(text);
  if (!key.ok() || key->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("malformed ", kind, " key: bad base64 key"));
  }
  fields.key = *std::move(key);
  if (static_cast<uint8_t>(fields.key[0]) != kAlgEd25519 &&
      static_cast<uint8_t>(fields.key[0]) != kAlgCosignatureV1) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported ", kind, " key algorithm ", static_cast<uint8_t>(fields.key[0])));
  }
  if (fields.key.size() != 1 + 32) {
    return absl::InvalidArgumentError(absl::StrCat("malformed ", kind, " key: Ed25519 key is ",
                                                   fields.key.size() - 1, " bytes, want 32"));
  }
  return fields;
}

// InvalidArgument unless `text` can be the text of a signed note.
absl::Status CheckNoteText(absl::string_view text) {
  if (text.empty() || text.back() != '\n') return Malformed("text must end in a newline");
  if (!IsWellFormedText(text)) return Malformed("text has invalid UTF-8 or control characters");
  return absl::OkStatus();
}

void AppendSignatureLine(absl::string_view name, absl::string_view id_and_signature,
                         std::string* out) {
  absl::StrAppend(out, kSigPrefix, name, " ", absl::Base64Escape(id_and_signature), "\n");
}

// Parses one signature line (without its final newline).
absl::StatusOr<Signature> ParseSignatureLine(absl::string_view line) {
  if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
    return Malformed("signature line does not start with an em dash and a space");
  }
  line.remove_prefix(kSigPrefix.size());
  Signature sig;
  sig.name = std::string(Chop(&line, ' '));
  if (!IsValidKeyName(sig.name)) return Malformed("invalid key name in signature line");
  absl::StatusOr<std::string> raw = DecodeBase64Strict(line);
  if (!raw.ok() || raw->size() <= kKeyIdSize) return Malformed("bad base64 signature");
  sig.key_id = ReadKeyId(*raw);
  sig.signature = raw->substr(kKeyIdSize);
  return sig;
}

// InvalidArgument if two different keys in `known` share a name and key id.
absl::Status CheckNotAmbiguous(absl::Span<const Verifier> known) {
  for (size_t i = 0; i < known.size(); ++i) {
    for (size_t j = i + 1; j < known.size(); ++j) {
      if (known[i].name() == known[j].name() && known[i].key_id() == known[j].key_id() &&
          known[i].public_key() != known[j].public_key()) {
        return absl::InvalidArgumentError(
            absl::StrCat("ambiguous known keys: two different keys are ",
                         KeyLabel(known[i].name(), known[i].key_id())));
      }
    }
  }
  return absl::OkStatus();
}

const Verifier* FindVerifier(absl::Span<const Verifier> known, const Signature& sig) {
  for (const Verifier& v : known) {
    if (v.name() == sig.name && v.key_id() == sig.key_id) return &v;
  }
  return nullptr;
}

bool HasKey(const std::vector<Signature>& sigs, const Signature& sig) {
  return std::any_of(sigs.begin(), sigs.end(), [&sig](const Signature& s) {
    return s.name == sig.name && s.key_id == sig.key_id;
  });
}

// Records `sig` in `note`, verifying it against `known` if its key is known.
absl::Status AddSignature(absl::Span<const Verifier> known, Signature sig, Note* note) {
  const Verifier* verifier = FindVerifier(known, sig);
  if (verifier == nullptr) {
    if (std::find(note->unverified.begin(), note->unverified.end(), sig) ==
        note->unverified.end()) {
      note->unverified.push_back(std::move(sig));
    }
    return absl::OkStatus();
  }
  if (!verifier->Verify(note->text, sig.signature)) {
    return absl::UnauthenticatedError(absl::StrCat("invalid signature for key ", sig.KeyLabel()));
  }
  if (!HasKey(note->verified, sig)) note->verified.push_back(std::move(sig));
  return absl::OkStatus();
}

absl::Status NoKnownSigner(const Note& note) {
  std::vector<std::string> labels;
  for (const Signature& sig : note.unverified) labels.push_back(sig.KeyLabel());
  return absl::UnauthenticatedError(absl::StrCat(
      "note has no signature by a known key (signed only by ", absl::StrJoin(labels, ", "), ")"));
}

}  // namespace

bool IsValidKeyName(absl::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) return false;
  while (!name.empty()) {
    uint32_t cp;
    name.remove_prefix(DecodeValidUtf8(name, &cp));
    if (cp == '+' || IsUnicodeSpace(cp)) return false;
  }
  return true;
}

bool IsWellFormedText(absl::string_view text) {
  // In valid UTF-8, bytes below 0x20 only ever encode those ASCII characters.
  return IsValidUtf8(text) && std::none_of(text.begin(), text.end(), [](char c) {
           return static_cast<uint8_t>(c) < 0x20 && c != '\n';
         });
}

uint32_t Ed25519KeyId(absl::string_view name, const Ed25519PublicKey& public_key, uint8_t type) {
  std::string input = absl::StrCat(name, "\n");
  input.push_back(static_cast<char>(type));
  absl::StrAppend(&input, AsStringView(public_key));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return ReadKeyId(absl::string_view(reinterpret_cast<const char*>(digest), kKeyIdSize));
}

absl::StatusOr<std::string> DecodeBase64Strict(absl::string_view encoded) {
  std::string decoded;
  if (!absl::Base64Unescape(encoded, &decoded) || absl::Base64Escape(decoded) != encoded) {
    return absl::InvalidArgumentError("not canonical standard base64");
  }
  return decoded;
}

// ---------------------------------------------------------------- Verifier

Verifier::Verifier(std::string name, const Ed25519PublicKey& public_key, uint8_t type)
    : name_(std::move(name)),
      type_(type),
      key_id_(Ed25519KeyId(name_, public_key, type)),
      public_key_(public_key) {}

absl::StatusOr<Verifier> Verifier::Parse(absl::string_view verifier_key) {
  ASSIGN_OR_RETURN(KeyFields fields, ParseKeyFields(verifier_key, "verifier"));
  Ed25519PublicKey public_key;
  std::memcpy(public_key.data(), fields.key.data() + 1, public_key.size());
  Verifier verifier(std::move(fields.name), public_key, static_cast<uint8_t>(fields.key[0]));
  if (verifier.key_id() != fields.key_id) {
    return absl::InvalidArgumentError("verifier key id does not match the key");
  }
  return verifier;
}

absl::StatusOr<Verifier> Verifier::FromEd25519(absl::string_view name,
                                               const Ed25519PublicKey& public_key, uint8_t type) {
  if (!IsValidKeyName(name)) return absl::InvalidArgumentError("invalid key name");
  if (type != kAlgEd25519 && type != kAlgCosignatureV1) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported signature type ", type));
  }
  return Verifier(std::string(name), public_key, type);
}

std::string Verifier::ToString() const {
  std::string key(1, static_cast<char>(type_));
  absl::StrAppend(&key, AsStringView(public_key_));
  return absl::StrCat(KeyLabel(name_, key_id_), "+", absl::Base64Escape(key));
}

bool Verifier::Verify(absl::string_view text, absl::string_view signature) const {
  if (type_ == kAlgEd25519) return VerifyEd25519(public_key_, text, signature);
  // cosignature/v1: the time, then the signature of the cosigned message.
  if (signature.size() != kTimestampSize + kEd25519SignatureSize) return false;
  uint64_t timestamp = 0;
  for (size_t i = 0; i < kTimestampSize; ++i) {
    timestamp = (timestamp << 8) | static_cast<uint8_t>(signature[i]);
  }
  if (timestamp > static_cast<uint64_t>(INT64_MAX)) return false;
  return VerifyEd25519(public_key_, CosignedMessage(text, timestamp),
                       signature.substr(kTimestampSize));
}

// ------------------------------------------------------------------ Signer

Signer::Signer(Ed25519PrivateKey key, Verifier verifier)
    : key_(std::move(key)), verifier_(std::move(verifier)) {}

absl::StatusOr<Signer> Signer::Parse(absl::string_view signer_key) {
  if (signer_key.substr(0, kPrivateKeyPrefix.size()) != kPrivateKeyPrefix) {
    return absl::InvalidArgumentError("malformed signer key: missing PRIVATE+KEY+ prefix");
  }
  signer_key.remove_prefix(kPrivateKeyPrefix.size());
  ASSIGN_OR_RETURN(KeyFields fields, ParseKeyFields(signer_key, "signer"));
  ASSIGN_OR_RETURN(Signer signer,
                   FromEd25519Seed(fields.name, absl::string_view(fields.key).substr(1),
                                   static_cast<uint8_t>(fields.key[0])));
  OPENSSL_cleanse(fields.key.data(), fields.key.size());  // wipe the seed copy
  if (signer.key_id() != fields.key_id) {
    return absl::InvalidArgumentError("signer key id does not match the key");
  }
  return signer;
}

absl::StatusOr<Signer> Signer::Generate(absl::string_view name, uint8_t type) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSIGN_OR_RETURN(Verifier verifier, Verifier::FromEd25519(name, key.public_key(), type));
  return Signer(std::move(key), std::move(verifier));
}

absl::StatusOr<Signer> Signer::FromEd25519Seed(absl::string_view name, absl::string_view seed,
                                               uint8_t type) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::FromSeed(seed));
  ASSIGN_OR_RETURN(Verifier verifier, Verifier::FromEd25519(name, key.public_key(), type));
  return Signer(std::move(key), std::move(verifier));
}

std::string Signer::ToString() const {
  std::string key(1, static_cast<char>(verifier_.type()));
  absl::StrAppend(&key, AsStringView(key_.seed()));
  std::string text =
      absl::StrCat(kPrivateKeyPrefix, KeyLabel(name(), key_id()), "+", absl::Base64Escape(key));
  OPENSSL_cleanse(key.data(), key.size());
  return text;
}

absl::StatusOr<std::string> Signer::Sign(absl::string_view text) const {
  if (verifier_.type() == kAlgCosignatureV1) {
    return CosignAt(text, static_cast<uint64_t>(absl::ToUnixSeconds(absl::Now())));
  }
  ASSIGN_OR_RETURN(Ed25519Signature signature, key_.Sign(text));
  return std::string(AsStringView(signature));
}

absl::StatusOr<std::string> Signer::CosignAt(absl::string_view text, uint64_t unix_seconds) const {
  if (verifier_.type() != kAlgCosignatureV1) {
    return absl::FailedPreconditionError(
        absl::StrCat("key ", name(), " is not a cosigner's (signature type 0x04)"));
  }
  if (unix_seconds > static_cast<uint64_t>(INT64_MAX)) {
    return absl::InvalidArgumentError("a cosignature time must be below 2^63");
  }
  ASSIGN_OR_RETURN(Ed25519Signature signature, key_.Sign(CosignedMessage(text, unix_seconds)));
  std::string out(kTimestampSize, '\0');
  for (size_t i = 0; i < kTimestampSize; ++i) {
    out[i] = static_cast<char>(unix_seconds >> (8 * (kTimestampSize - 1 - i)));
  }
  return out + std::string(AsStringView(signature));
}

// ------------------------------------------------------------ notes

std::string Signature::KeyLabel() const { return note::KeyLabel(name, key_id); }

bool operator==(const Signature& a, const Signature& b) {
  return a.name == b.name && a.key_id == b.key_id && a.signature == b.signature;
}

absl::StatusOr<std::string> Sign(const Note& note, absl::Span<const Signer* const> signers) {
  RETURN_IF_ERROR(CheckNoteText(note.text));
  std::string out = absl::StrCat(note.text, "\n");
  size_t lines = 0;
  for (const auto* list : {&note.verified, &note.unverified}) {
    for (const Signature& sig : *list) {
      if (!IsValidKeyName(sig.name) || sig.signature.empty()) {
        return Malformed(absl::StrCat("bad existing signature by ", sig.KeyLabel()));
      }
      const bool replaced = std::any_of(signers.begin(), signers.end(), [&sig](const Signer* s) {
        return s != nullptr && s->name() == sig.name && s->key_id() == sig.key_id;
      });
      if (replaced) continue;
      AppendSignatureLine(sig.name, KeyIdBytes(sig.key_id) + sig.signature, &out);
      ++lines;
    }
  }
  for (const Signer* signer : signers) {
    if (signer == nullptr) return absl::InvalidArgumentError("null signer");
    ASSIGN_OR_RETURN(std::string sig, signer->Sign(note.text));
    AppendSignatureLine(signer->name(), KeyIdBytes(signer->key_id()) + sig, &out);
    ++lines;
  }
  if (lines == 0) return absl::InvalidArgumentError("a signed note needs at least one signature");
  return out;
}

absl::StatusOr<std::string> Sign(absl::string_view text, const Signer& signer) {
  Note note;
  note.text = std::string(text);
  const Signer* signers[] = {&signer};
  return Sign(note, signers);
}

absl::StatusOr<Note> Open(absl::string_view signed_note, absl::Span<const Verifier> known) {
  RETURN_IF_ERROR(CheckNotAmbiguous(known));
  if (!IsWellFormedText(signed_note)) return Malformed("invalid UTF-8 or control characters");
  const size_t split = signed_note.rfind("\n\n");
  if (split == absl::string_view::npos) return Malformed("no blank line before the signatures");
  absl::string_view sigs = signed_note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return Malformed("signatures must end in a newline");

  Note note;
  note.text = std::string(signed_note.substr(0, split + 1));
  int count = 0;
  while (!sigs.empty()) {
    const absl::string_view line = Chop(&sigs, '\n');
    if (++count > kMaxSignatures) {
      return Malformed(absl::StrCat("more than ", kMaxSignatures, " signatures"));
    }
    ASSIGN_OR_RETURN(Signature sig, ParseSignatureLine(line));
    RETURN_IF_ERROR(AddSignature(known, std::move(sig), &note));
  }
  if (note.verified.empty()) return NoKnownSigner(note);
  return note;
}

}  // namespace minhbach::storage::note
