// The text formats minhbach reads: token files, checkpoints, note keys,
// signed notes and UUIDs, each parsed from the same bytes. Invariants:
// errors have the documented codes; whatever parses formats back to text
// that parses to the same value (for checkpoints and UUIDs, to the very same
// text); a note opened with the fixed key below re-signs to a note that opens
// the same.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/auth/token_store.h"
#include "storage/checkpoint.h"
#include "storage/signed_note.h"
#include "storage/uuid.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace note = minhbach::storage::note;
using minhbach::services::TokenStore;
using minhbach::storage::Checkpoint;

// The known key of the signed notes and checkpoints in the corpus: seed bytes
// 0, 1, ..., 31 under this name (see make_corpus.py).
constexpr absl::string_view kKeyName = "fuzz.example/log";

const note::Verifier& KnownVerifier() {
  static const note::Verifier* const verifier = [] {
    std::string seed;
    for (int i = 0; i < 32; ++i) seed.push_back(static_cast<char>(i));
    absl::StatusOr<note::Signer> signer = note::Signer::FromEd25519Seed(kKeyName, seed);
    FUZZ_CHECK(signer.ok());
    return new note::Verifier(signer->verifier());
  }();
  return *verifier;
}

bool SameVerifier(const note::Verifier& a, const note::Verifier& b) {
  return a.name() == b.name() && a.key_id() == b.key_id() && a.public_key() == b.public_key();
}

void FuzzTokenStore(absl::string_view text) {
  absl::StatusOr<TokenStore> store = TokenStore::Parse(text);
  if (!store.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(store.status()));
    FUZZ_CHECK(absl::StartsWith(store.status().message(), "token file line "));
    return;
  }
  FUZZ_CHECK(store->size() <= static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  // The file twice holds every hash twice: it parses only if it has no tokens.
  absl::StatusOr<TokenStore> twice = TokenStore::Parse(absl::StrCat(text, "\n", text));
  FUZZ_CHECK(twice.ok() == (store->size() == 0));
}

void FuzzCheckpoint(absl::string_view text) {
  absl::StatusOr<Checkpoint> checkpoint = minhbach::storage::ParseCheckpoint(text);
  if (!checkpoint.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(checkpoint.status()));
    return;
  }
  absl::StatusOr<std::string> formatted = minhbach::storage::FormatCheckpoint(*checkpoint);
  FUZZ_CHECK(formatted.ok());
  FUZZ_CHECK(*formatted == text);  // the parser accepts only the formatter's output
  absl::StatusOr<Checkpoint> again = minhbach::storage::ParseCheckpoint(*formatted);
  FUZZ_CHECK(again.ok() && *again == *checkpoint);
}

void FuzzKeys(absl::string_view text) {
  absl::StatusOr<note::Verifier> verifier = note::Verifier::Parse(text);
  if (!verifier.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(verifier.status()));
  } else {
    FUZZ_CHECK(note::IsValidKeyName(verifier->name()));
    const std::string canonical = verifier->ToString();
    FUZZ_CHECK(canonical.size() == text.size());  // differs at most in the case of the hex id
    absl::StatusOr<note::Verifier> again = note::Verifier::Parse(canonical);
    FUZZ_CHECK(again.ok() && SameVerifier(*again, *verifier));
  }

  absl::StatusOr<note::Signer> signer = note::Signer::Parse(text);
  if (!signer.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(signer.status()));
    return;
  }
  const std::string canonical = signer->ToString();
  FUZZ_CHECK(canonical.size() == text.size());
  absl::StatusOr<note::Signer> again = note::Signer::Parse(canonical);
  FUZZ_CHECK(again.ok() && SameVerifier(again->verifier(), signer->verifier()));
  // The key signs, and its verifier key text opens what it signed.
  absl::StatusOr<note::Verifier> public_key = note::Verifier::Parse(signer->verifier().ToString());
  FUZZ_CHECK(public_key.ok() && SameVerifier(*public_key, signer->verifier()));
  absl::StatusOr<std::string> signed_note = note::Sign("fuzz\n", *signer);
  FUZZ_CHECK(signed_note.ok());
  absl::StatusOr<note::Note> opened = note::Open(*signed_note, {*public_key});
  FUZZ_CHECK(opened.ok() && opened->text == "fuzz\n" && opened->verified.size() == 1);
}

void FuzzSignedNote(absl::string_view text) {
  const note::Verifier& known = KnownVerifier();
  absl::StatusOr<note::Note> opened = note::Open(text, {known});
  if (!opened.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(opened.status()) ||
               absl::IsUnauthenticated(opened.status()));
  } else {
    FUZZ_CHECK(!opened->text.empty() && opened->text.back() == '\n');
    FUZZ_CHECK(absl::StartsWith(text, opened->text));
    FUZZ_CHECK(opened->verified.size() == 1);
    FUZZ_CHECK(opened->verified[0].name == known.name());
    FUZZ_CHECK(opened->verified[0].key_id == known.key_id());
    FUZZ_CHECK(known.Verify(opened->text, opened->verified[0].signature));
    // Its signature lines written out again (no new signer) open the same.
    absl::StatusOr<std::string> resigned = note::Sign(*opened, {});
    FUZZ_CHECK(resigned.ok());
    absl::StatusOr<note::Note> reopened = note::Open(*resigned, {known});
    FUZZ_CHECK(reopened.ok());
    FUZZ_CHECK(reopened->text == opened->text);
    FUZZ_CHECK(reopened->verified == opened->verified);
    FUZZ_CHECK(reopened->unverified == opened->unverified);
  }

  absl::StatusOr<Checkpoint> checkpoint = minhbach::storage::OpenCheckpoint(text, known);
  if (!checkpoint.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(checkpoint.status()) ||
               absl::IsUnauthenticated(checkpoint.status()));
    return;
  }
  FUZZ_CHECK(opened.ok());
  FUZZ_CHECK(checkpoint->origin == known.name());
  absl::StatusOr<Checkpoint> body = minhbach::storage::ParseCheckpoint(opened->text);
  FUZZ_CHECK(body.ok() && *body == *checkpoint);
}

void FuzzUuid(absl::string_view text) {
  absl::StatusOr<std::string> uuid = minhbach::storage::ParseUuid(text);
  if (!uuid.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(uuid.status()));
  } else {
    FUZZ_CHECK(uuid->size() == 16);
    FUZZ_CHECK(minhbach::storage::FormatUuid(*uuid) == absl::AsciiStrToLower(text));
  }
  // Any 16 bytes format to text that parses back to them.
  if (text.size() >= 16) {
    const absl::string_view bytes = text.substr(0, 16);
    absl::StatusOr<std::string> back =
        minhbach::storage::ParseUuid(minhbach::storage::FormatUuid(bytes));
    FUZZ_CHECK(back.ok() && *back == bytes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  FuzzTokenStore(text);
  FuzzCheckpoint(text);
  FuzzKeys(text);
  FuzzSignedNote(text);
  FuzzUuid(text);
  return 0;
}
