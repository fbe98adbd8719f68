// Tests for storage/ed25519.h and storage/signed_note.h.
//
// Known-answer vectors: RFC 8032 section 7.1 (TEST 1 and 2) for Ed25519, and
// golang.org/x/mod/sumdb/note's note_test.go ("PeterNeumann", "EnochRoot") for
// the key, signature and note encodings.
#include "storage/signed_note.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "storage/ed25519.h"

namespace minhbach::storage::note {
namespace {

using ::absl::StatusCode;

// From Go's note_test.go.
constexpr absl::string_view kPeterSignerKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr absl::string_view kPeterVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr absl::string_view kEnochVerifierKey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr absl::string_view kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr absl::string_view kPeterSigB64 =
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
constexpr absl::string_view kEnochSigB64 =
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";

std::string PeterSigLine() {
  return absl::StrCat("\xE2\x80\x94 PeterNeumann ", kPeterSigB64, "\n");
}
std::string EnochSigLine() { return absl::StrCat("\xE2\x80\x94 EnochRoot ", kEnochSigB64, "\n"); }

// A Signature from a signature line's base64 (key id || signature).
Signature SigFromB64(absl::string_view name, absl::string_view b64) {
  std::string raw;
  EXPECT_TRUE(absl::Base64Unescape(b64, &raw));
  EXPECT_GE(raw.size(), 5u);
  Signature sig;
  sig.name = std::string(name);
  sig.key_id = (uint32_t{static_cast<uint8_t>(raw[0])} << 24) |
               (uint32_t{static_cast<uint8_t>(raw[1])} << 16) |
               (uint32_t{static_cast<uint8_t>(raw[2])} << 8) |
               uint32_t{static_cast<uint8_t>(raw[3])};
  sig.signature = raw.substr(4);
  return sig;
}

Verifier MustVerifier(absl::string_view key) {
  absl::StatusOr<Verifier> v = Verifier::Parse(key);
  EXPECT_TRUE(v.ok()) << v.status();
  return *v;
}

template <size_t N>
std::array<uint8_t, N> FromHex(absl::string_view hex) {
  const std::string bytes = absl::HexStringToBytes(hex);
  EXPECT_EQ(bytes.size(), N);
  std::array<uint8_t, N> out{};
  std::copy_n(bytes.begin(), std::min(N, bytes.size()), out.begin());
  return out;
}

// ------------------------------------------------------------------ Ed25519

struct Rfc8032Vector {
  const char* seed;
  std::string message;
  const char* public_key;
  const char* signature;
};

const Rfc8032Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "\x72",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

TEST(Ed25519Test, Rfc8032VectorsGiveExpectedPublicKeyAndSignature) {
  for (const Rfc8032Vector& v : kRfc8032) {
    const Ed25519Seed seed = FromHex<32>(v.seed);
    absl::StatusOr<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeed(AsStringView(seed));
    ASSERT_TRUE(key.ok()) << key.status();
    EXPECT_EQ(key->public_key(), FromHex<32>(v.public_key));
    EXPECT_EQ(key->seed(), seed);
    absl::StatusOr<Ed25519Signature> sig = key->Sign(v.message);
    ASSERT_TRUE(sig.ok()) << sig.status();
    EXPECT_EQ(*sig, FromHex<64>(v.signature));
    EXPECT_TRUE(VerifyEd25519(key->public_key(), v.message, AsStringView(*sig)));
  }
}

TEST(Ed25519Test, VerifyRejectsTamperedSignatureMessageOrKey) {
  const Rfc8032Vector& v = kRfc8032[1];
  const Ed25519PublicKey public_key = FromHex<32>(v.public_key);
  Ed25519Signature sig = FromHex<64>(v.signature);
  ASSERT_TRUE(VerifyEd25519(public_key, v.message, AsStringView(sig)));
  EXPECT_FALSE(VerifyEd25519(public_key, "\x73", AsStringView(sig)));
  Ed25519PublicKey other_key = public_key;
  other_key[0] ^= 1;
  EXPECT_FALSE(VerifyEd25519(other_key, v.message, AsStringView(sig)));
  sig[10] ^= 1;
  EXPECT_FALSE(VerifyEd25519(public_key, v.message, AsStringView(sig)));
}

TEST(Ed25519Test, VerifyReturnsFalseForWrongLengthSignature) {
  const Rfc8032Vector& v = kRfc8032[0];
  const std::string sig = absl::HexStringToBytes(v.signature);
  const Ed25519PublicKey public_key = FromHex<32>(v.public_key);
  EXPECT_FALSE(VerifyEd25519(public_key, "", ""));
  EXPECT_FALSE(VerifyEd25519(public_key, "", sig.substr(0, 63)));
  EXPECT_FALSE(VerifyEd25519(public_key, "", sig + "x"));
}

TEST(Ed25519Test, FromSeedRejectsWrongSize) {
  EXPECT_EQ(Ed25519PrivateKey::FromSeed("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519PrivateKey::FromSeed(std::string(31, 'a')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519PrivateKey::FromSeed(std::string(33, 'a')).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(Ed25519Test, GenerateGivesDistinctWorkingKeys) {
  absl::StatusOr<Ed25519PrivateKey> a = Ed25519PrivateKey::Generate();
  absl::StatusOr<Ed25519PrivateKey> b = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->public_key(), b->public_key());
  absl::StatusOr<Ed25519Signature> sig = a->Sign("hello");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyEd25519(a->public_key(), "hello", AsStringView(*sig)));
  EXPECT_FALSE(VerifyEd25519(b->public_key(), "hello", AsStringView(*sig)));
}

TEST(Ed25519Test, MovedFromKeyFailsToSignInsteadOfCrashing) {
  absl::StatusOr<Ed25519PrivateKey> a = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(a.ok());
  Ed25519PrivateKey b = *std::move(a);
  EXPECT_TRUE(b.Sign("x").ok());
  // NOLINTNEXTLINE(bugprone-use-after-move): testing the moved-from state.
  EXPECT_EQ(a->Sign("x").status().code(), StatusCode::kFailedPrecondition);
}

// ------------------------------------------------------------ key names

TEST(KeyNameTest, FollowsGoIsValidName) {
  for (absl::string_view good : {"PeterNeumann", "example.com/log42", "h\xC3\xA9llo", "\x7F"}) {
    EXPECT_TRUE(IsValidKeyName(good)) << good;
  }
  for (absl::string_view bad : {
           "", "a+b", "a b", "a\tb", "a\nb", "a\v",
           "a\xC2\x85",      // U+0085 NEL
           "a\xC2\xA0",      // U+00A0 NO-BREAK SPACE
           "a\xE1\x9A\x80",  // U+1680 OGHAM SPACE MARK
           "a\xE2\x80\x83",  // U+2003 EM SPACE
           "a\xE2\x80\xA8",  // U+2028 LINE SEPARATOR
           "a\xE2\x80\xAF",  // U+202F NARROW NO-BREAK SPACE
           "a\xE2\x81\x9F",  // U+205F MEDIUM MATHEMATICAL SPACE
           "a\xE3\x80\x80",  // U+3000 IDEOGRAPHIC SPACE
           "a\xFF",          // invalid UTF-8
           "a\xC0\xAF",      // overlong '/'
           "a\xED\xA0\x80",  // UTF-16 surrogate
           "a\xE2\x80",      // truncated
       }) {
    EXPECT_FALSE(IsValidKeyName(bad)) << bad;
  }
}

TEST(WellFormedTextTest, AllowsNewlineButNoOtherControlCharacters) {
  EXPECT_TRUE(IsWellFormedText(""));
  EXPECT_TRUE(IsWellFormedText("a\n\nb\n\x7F \xE2\x80\x94"));
  EXPECT_FALSE(IsWellFormedText("a\rb"));
  EXPECT_FALSE(IsWellFormedText("a\tb"));
  EXPECT_FALSE(IsWellFormedText(absl::string_view("a\0b", 3)));
  EXPECT_FALSE(IsWellFormedText("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Base64Test, DecodeStrictAcceptsOnlyCanonicalPaddedEncoding) {
  EXPECT_EQ(*DecodeBase64Strict("aGk="), "hi");
  EXPECT_EQ(*DecodeBase64Strict(""), "");
  EXPECT_FALSE(DecodeBase64Strict("aGk").ok());     // unpadded
  EXPECT_FALSE(DecodeBase64Strict("aGl=").ok());    // non-zero trailing bits
  EXPECT_FALSE(DecodeBase64Strict("aG k=").ok());   // white space
  EXPECT_FALSE(DecodeBase64Strict("aGk=\n").ok());  // trailing newline
  EXPECT_FALSE(DecodeBase64Strict("aG-_").ok());    // URL alphabet
}

// ------------------------------------------------------------ keys

TEST(VerifierTest, ParsesGoVectorAndFormatsItBack) {
  absl::StatusOr<Verifier> v = Verifier::Parse(kPeterVerifierKey);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->name(), "PeterNeumann");
  EXPECT_EQ(v->key_id(), 0xc74f20a3u);
  EXPECT_EQ(v->ToString(), kPeterVerifierKey);
  EXPECT_EQ(Ed25519KeyId("PeterNeumann", v->public_key()), 0xc74f20a3u);
}

TEST(VerifierTest, AcceptsUpperCaseHexKeyIdLikeGo) {
  absl::StatusOr<Verifier> v =
      Verifier::Parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->ToString(), kPeterVerifierKey);
}

TEST(VerifierTest, RejectsEverySubstringAndEveryIncrementedByte) {
  const std::string key(kPeterVerifierKey);
  for (size_t i = 0; i <= key.size(); ++i) {
    for (size_t j = i + 1; j <= key.size(); ++j) {
      if (i == 0 && j == key.size()) continue;
      EXPECT_EQ(Verifier::Parse(key.substr(i, j - i)).status().code(), StatusCode::kInvalidArgument)
          << key.substr(i, j - i);
    }
  }
  for (size_t i = 0; i < key.size(); ++i) {
    std::string bad = key;
    ++bad[i];
    EXPECT_EQ(Verifier::Parse(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(VerifierTest, RejectsWrongKeyLengthAndUnknownAlgorithmEvenWithMatchingId) {
  // From Go's note_test.go: the key ids are adjusted to match the bad keys.
  EXPECT_EQ(Verifier::Parse("PeterNeumann+cc469956+"
                            "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Verifier::Parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(VerifierTest, FromEd25519MatchesParsedKeyAndRejectsBadName) {
  const Verifier peter = MustVerifier(kPeterVerifierKey);
  absl::StatusOr<Verifier> v = Verifier::FromEd25519("PeterNeumann", peter.public_key());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToString(), kPeterVerifierKey);
  EXPECT_EQ(Verifier::FromEd25519("Peter Neumann", peter.public_key()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SignerTest, ParsesGoVectorWhoseVerifierIsTheGoVerifierKey) {
  absl::StatusOr<Signer> s = Signer::Parse(kPeterSignerKey);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name(), "PeterNeumann");
  EXPECT_EQ(s->key_id(), 0xc74f20a3u);
  EXPECT_EQ(s->verifier().ToString(), kPeterVerifierKey);
  EXPECT_EQ(s->ToString(), kPeterSignerKey);
}

TEST(SignerTest, RejectsEverySubstringAndEveryIncrementedByte) {
  const std::string key(kPeterSignerKey);
  for (size_t i = 0; i <= key.size(); ++i) {
    for (size_t j = i + 1; j <= key.size(); ++j) {
      if (i == 0 && j == key.size()) continue;
      EXPECT_EQ(Signer::Parse(key.substr(i, j - i)).status().code(), StatusCode::kInvalidArgument)
          << key.substr(i, j - i);
    }
  }
  for (size_t i = 0; i < key.size(); ++i) {
    std::string bad = key;
    ++bad[i];
    EXPECT_EQ(Signer::Parse(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SignerTest, GeneratedKeyRoundTripsThroughItsText) {
  absl::StatusOr<Signer> s = Signer::Generate("EnochRoot");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name(), "EnochRoot");
  absl::StatusOr<Signer> again = Signer::Parse(s->ToString());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ToString(), s->ToString());
  EXPECT_EQ(again->verifier().ToString(), s->verifier().ToString());
  const Verifier v = MustVerifier(s->verifier().ToString());
  absl::StatusOr<std::string> sig = again->Sign("hi");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), kEd25519SignatureSize);
  EXPECT_TRUE(v.Verify("hi", *sig));
  EXPECT_FALSE(v.Verify("hj", *sig));
}

TEST(SignerTest, GenerateAndFromSeedRejectInvalidNames) {
  EXPECT_EQ(Signer::Generate("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Signer::Generate("a+b").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Signer::FromEd25519Seed("a b", std::string(32, 'x')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Signer::FromEd25519Seed("ab", std::string(31, 'x')).status().code(),
            StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------ Sign

TEST(SignTest, ReproducesGoSignedNoteExactly) {
  absl::StatusOr<Signer> peter = Signer::Parse(kPeterSignerKey);
  ASSERT_TRUE(peter.ok());
  absl::StatusOr<std::string> msg = Sign(kText, *peter);
  ASSERT_TRUE(msg.ok()) << msg.status();
  EXPECT_EQ(*msg, absl::StrCat(kText, "\n", PeterSigLine()));
}

TEST(SignTest, ReplacesExistingSignatureBySameKey) {
  absl::StatusOr<Signer> peter = Signer::Parse(kPeterSignerKey);
  ASSERT_TRUE(peter.ok());
  Note note;
  note.text = std::string(kText);
  note.verified.push_back(Signature{"PeterNeumann", 0xc74f20a3, "BADSIGN"});
  const Signer* signers[] = {&*peter};
  absl::StatusOr<std::string> msg = Sign(note, signers);
  ASSERT_TRUE(msg.ok()) << msg.status();
  EXPECT_EQ(*msg, absl::StrCat(kText, "\n", PeterSigLine()));
}

TEST(SignTest, KeepsExistingSignaturesBeforeNewOnes) {
  absl::StatusOr<Signer> witness = Signer::Generate("witness.example/w1");
  ASSERT_TRUE(witness.ok());
  Note note;
  note.text = std::string(kText);
  note.verified.push_back(SigFromB64("PeterNeumann", kPeterSigB64));
  note.unverified.push_back(SigFromB64("EnochRoot", kEnochSigB64));
  const Signer* signers[] = {&*witness};
  absl::StatusOr<std::string> msg = Sign(note, signers);
  ASSERT_TRUE(msg.ok()) << msg.status();
  EXPECT_EQ(msg->rfind(absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine()), 0), 0u);

  const Verifier known[] = {MustVerifier(kPeterVerifierKey), MustVerifier(kEnochVerifierKey),
                            witness->verifier()};
  absl::StatusOr<Note> opened = Open(*msg, known);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->verified.size(), 3u);
  EXPECT_TRUE(opened->unverified.empty());
}

TEST(SignTest, RejectsMalformedTextWithInvalidArgument) {
  absl::StatusOr<Signer> peter = Signer::Parse(kPeterSignerKey);
  ASSERT_TRUE(peter.ok());
  for (absl::string_view bad : {"", "abc", "abc\r\n", "a\tb\n", "\xFF\n", "abc\n\x01"}) {
    EXPECT_EQ(Sign(bad, *peter).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SignTest, RejectsBadExistingSignatureOrNoSignatureAtAll) {
  Note note;
  note.text = std::string(kText);
  EXPECT_EQ(Sign(note, {}).status().code(), StatusCode::kInvalidArgument);
  note.unverified.push_back(Signature{"a+b", 1, "ABCD"});
  EXPECT_EQ(Sign(note, {}).status().code(), StatusCode::kInvalidArgument);
  note.unverified = {Signature{"ok", 1, ""}};
  EXPECT_EQ(Sign(note, {}).status().code(), StatusCode::kInvalidArgument);
}

TEST(SignTest, TextWithBlankLinesRoundTrips) {
  absl::StatusOr<Signer> s = Signer::Generate("quasimodo.example/salvatore");
  ASSERT_TRUE(s.ok());
  const std::string text = "Ognuno sta solo\n\ned \xC3\xA8 subito sera.\n\n";
  absl::StatusOr<std::string> msg = Sign(text, *s);
  ASSERT_TRUE(msg.ok()) << msg.status();
  const Verifier known[] = {s->verifier()};
  absl::StatusOr<Note> opened = Open(*msg, known);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->text, text);
}

// ------------------------------------------------------------ Open

TEST(OpenTest, VerifiesKnownSignatureAndKeepsUnknownOne) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine()), known);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->text, kText);
  ASSERT_EQ(n->verified.size(), 1u);
  EXPECT_EQ(n->verified[0], SigFromB64("PeterNeumann", kPeterSigB64));
  EXPECT_EQ(n->verified[0].key_id, 0xc74f20a3u);
  ASSERT_EQ(n->unverified.size(), 1u);
  EXPECT_EQ(n->unverified[0], SigFromB64("EnochRoot", kEnochSigB64));
  EXPECT_EQ(n->unverified[0].key_id, 0xaf0cfe78u);
  EXPECT_EQ(n->unverified[0].signature.size(), 64u);
}

TEST(OpenTest, VerifiesBothWhenBothKnown) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey), MustVerifier(kEnochVerifierKey)};
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine()), known);
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->verified.size(), 2u);
  EXPECT_EQ(n->verified[0].name, "PeterNeumann");
  EXPECT_EQ(n->verified[1].name, "EnochRoot");
  EXPECT_TRUE(n->unverified.empty());
}

TEST(OpenTest, NoKnownSignerIsUnauthenticatedAndNamesTheSigners) {
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine()), {});
  EXPECT_EQ(n.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(n.status().message().find("PeterNeumann+c74f20a3"), absl::string_view::npos);
  EXPECT_NE(n.status().message().find("EnochRoot+af0cfe78"), absl::string_view::npos);
}

TEST(OpenTest, KnownNameWithOtherKeyIdIsTreatedAsUnknown) {
  absl::StatusOr<Signer> impostor = Signer::Generate("PeterNeumann");
  ASSERT_TRUE(impostor.ok());
  absl::StatusOr<std::string> msg = Sign(kText, *impostor);
  ASSERT_TRUE(msg.ok());
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  EXPECT_EQ(Open(*msg, known).status().code(), StatusCode::kUnauthenticated);
}

TEST(OpenTest, IdenticalDuplicateKnownKeysAreAccepted) {
  const Verifier peter = MustVerifier(kPeterVerifierKey);
  const Verifier enoch = MustVerifier(kEnochVerifierKey);
  const Verifier known[] = {enoch, peter, enoch, peter};
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine()), known);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->verified.size(), 2u);
}

TEST(OpenTest, MoreThanMaxSignaturesIsInvalidArgument) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  std::string sigs;
  for (int i = 0; i < kMaxSignatures; ++i) sigs += PeterSigLine();
  EXPECT_TRUE(Open(absl::StrCat(kText, "\n", sigs), known).ok());
  sigs += PeterSigLine();
  EXPECT_EQ(Open(absl::StrCat(kText, "\n", sigs), known).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Open(absl::StrCat(kText, "\n", sigs), {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(OpenTest, BadSignatureFromKnownKeyIsUnauthenticated) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  std::string bad = PeterSigLine();
  bad.insert(60, "ABCD");  // as in Go's test: still base64, wrong signature
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", bad), known);
  EXPECT_EQ(n.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(n.status().message().find("invalid signature for key PeterNeumann+c74f20a3"),
            absl::string_view::npos);
  // One good and one bad signature by the same known key: rejected too.
  EXPECT_EQ(Open(absl::StrCat(kText, "\n", PeterSigLine(), bad), known).status().code(),
            StatusCode::kUnauthenticated);
}

TEST(OpenTest, TamperedTextIsUnauthenticated) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  std::string text(kText);
  for (size_t i : {size_t{0}, text.size() / 2, text.size() - 2}) {
    std::string tampered = text;
    tampered[i] = tampered[i] == 'x' ? 'y' : 'x';
    EXPECT_EQ(Open(absl::StrCat(tampered, "\n", PeterSigLine()), known).status().code(),
              StatusCode::kUnauthenticated)
        << i;
  }
}

TEST(OpenTest, DropsDuplicateSignaturesAndKeepsDistinctUnknownOnes) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  std::string enoch_abcd = EnochSigLine();
  enoch_abcd.insert(60, "ABCD");
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", PeterSigLine(), PeterSigLine(),
                                             EnochSigLine(), EnochSigLine(), enoch_abcd),
                                known);
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->verified.size(), 1u);
  EXPECT_EQ(n->verified[0], SigFromB64("PeterNeumann", kPeterSigB64));
  ASSERT_EQ(n->unverified.size(), 2u);
  EXPECT_EQ(n->unverified[0], SigFromB64("EnochRoot", kEnochSigB64));
  EXPECT_EQ(n->unverified[1], SigFromB64("EnochRoot",
                                         "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5nABCD"
                                         "2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="));
}

TEST(OpenTest, MalformedNotesAreInvalidArgument) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  const std::string text(kText);
  const std::string peter = PeterSigLine();
  const std::string peter_b64(kPeterSigB64);
  const std::string bad_msgs[] = {
      // From Go's note_test.go.
      text,
      text + "\n",
      text + "\n" + peter.substr(0, peter.size() - 1),
      "\x01" + text + "\n" + peter,
      "\xff" + text + "\n" + peter,
      text + "\n" + "\xE2\x80\x94 Bad Name " + peter_b64,
      text + "\n" + peter + "Unexpected line.\n",
      // More.
      "",
      "\n\n",
      text + "\n" + peter + "\n",
      text + "\r\n" + peter,
      text + "\n" + "- PeterNeumann " + peter_b64 + "\n",
      text + "\n" + "\xE2\x80\x94PeterNeumann " + peter_b64 + "\n",
      text + "\n" + "\xE2\x80\x94  " + peter_b64 + "\n",
      text + "\n" + "\xE2\x80\x94 PeterNeumann\n",
      text + "\n" + "\xE2\x80\x94 PeterNeumann \n",
      text + "\n" + "\xE2\x80\x94 PeterNeumann " + peter_b64 + " \n",
      text + "\n" + "\xE2\x80\x94 PeterNeumann " + peter_b64.substr(0, peter_b64.size() - 1) + "\n",
      text + "\n" + "\xE2\x80\x94 PeterNeumann AAAAAA==\n",  // only 4 bytes: no signature
      text + "\n" + "\xE2\x80\x94 Peter\xC2\xA0Neumann " + peter_b64 + "\n",
      text + "\n" + "\xE2\x80\x94 Peter+Neumann " + peter_b64 + "\n",
  };
  for (const std::string& msg : bad_msgs) {
    EXPECT_EQ(Open(msg, known).status().code(), StatusCode::kInvalidArgument) << msg;
  }
}

TEST(OpenTest, NonCanonicalBase64SignatureIsInvalidArgument) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  // Same bytes as Go's vector, but with non-zero padding bits ("AM=" -> "AN=").
  std::string b64(kPeterSigB64);
  ASSERT_EQ(b64.substr(b64.size() - 3), "AM=");
  b64[b64.size() - 2] = 'N';
  EXPECT_EQ(
      Open(absl::StrCat(kText, "\n\xE2\x80\x94 PeterNeumann ", b64, "\n"), known).status().code(),
      StatusCode::kInvalidArgument);
}

TEST(OpenTest, EveryTruncationAndByteCorruptionFailsWithoutCrashing) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  const std::string msg = absl::StrCat(kText, "\n", PeterSigLine());
  ASSERT_TRUE(Open(msg, known).ok());
  for (size_t len = 0; len < msg.size(); ++len) {
    EXPECT_FALSE(Open(msg.substr(0, len), known).ok()) << len;
  }
  for (size_t i = 0; i < msg.size(); ++i) {
    for (char c : {'\0', '\n', ' ', '+', '=', 'A', '\x80', '\xE2', '\xFF'}) {
      if (msg[i] == c) continue;
      std::string bad = msg;
      bad[i] = c;
      absl::StatusOr<Note> n = Open(bad, known);
      EXPECT_FALSE(n.ok()) << "offset " << i << " byte " << int{c};
      if (!n.ok()) {
        EXPECT_TRUE(n.status().code() == StatusCode::kInvalidArgument ||
                    n.status().code() == StatusCode::kUnauthenticated)
            << n.status();
      }
    }
  }
}

TEST(OpenTest, OpenedNoteCanBeCosignedPreservingOriginalLines) {
  const Verifier known[] = {MustVerifier(kPeterVerifierKey)};
  absl::StatusOr<Note> n = Open(absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine()), known);
  ASSERT_TRUE(n.ok()) << n.status();
  absl::StatusOr<Signer> me = Signer::Generate("witness.example");
  ASSERT_TRUE(me.ok());
  const Signer* signers[] = {&*me};
  absl::StatusOr<std::string> cosigned = Sign(*n, signers);
  ASSERT_TRUE(cosigned.ok()) << cosigned.status();
  const std::string prefix = absl::StrCat(kText, "\n", PeterSigLine(), EnochSigLine());
  EXPECT_EQ(cosigned->substr(0, prefix.size()), prefix);
  const Verifier witness[] = {me->verifier()};
  absl::StatusOr<Note> by_witness = Open(*cosigned, witness);
  ASSERT_TRUE(by_witness.ok()) << by_witness.status();
  EXPECT_EQ(by_witness->unverified.size(), 2u);
}

}  // namespace
}  // namespace minhbach::storage::note

namespace minhbach::storage::note {
namespace {

// A log's checkpoint body, as the witness sees it.
constexpr absl::string_view kCheckpointText =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

TEST(CosignatureTest, AWitnessKeyRoundTripsAsType4) {
  absl::StatusOr<Signer> witness = Signer::Generate("witness.example/w1", kAlgCosignatureV1);
  ASSERT_TRUE(witness.ok()) << witness.status();
  EXPECT_EQ(witness->verifier().type(), kAlgCosignatureV1);
  EXPECT_EQ(witness->key_id(), Ed25519KeyId("witness.example/w1", witness->verifier().public_key(),
                                            kAlgCosignatureV1));
  EXPECT_NE(witness->key_id(),
            Ed25519KeyId("witness.example/w1", witness->verifier().public_key()));
  absl::StatusOr<Verifier> parsed = Verifier::Parse(witness->verifier().ToString());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->type(), kAlgCosignatureV1);
  EXPECT_EQ(parsed->key_id(), witness->key_id());
  absl::StatusOr<Signer> reparsed = Signer::Parse(witness->ToString());
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  EXPECT_EQ(reparsed->verifier().ToString(), witness->verifier().ToString());
}

TEST(CosignatureTest, ACosignatureSignsTheTimeAndTheTextAndVerifiesBesideTheLogsSignature) {
  Signer log = Signer::Generate("example.com/behind-the-sofa").value();
  Signer witness = Signer::Generate("witness.example/w1", kAlgCosignatureV1).value();
  const std::string signature = witness.CosignAt(kCheckpointText, 1679315147).value();
  ASSERT_EQ(signature.size(), 8u + 64u);
  EXPECT_EQ(signature.substr(0, 8), std::string("\0\0\0\0\x64\x18\x50\xCB", 8));  // big-endian
  EXPECT_TRUE(witness.verifier().Verify(kCheckpointText, signature));
  EXPECT_FALSE(witness.verifier().Verify("another text\n", signature));
  std::string later = signature;
  later[7] ^= 1;  // another time: the signature no longer covers it
  EXPECT_FALSE(witness.verifier().Verify(kCheckpointText, later));

  // The log signs, the witness adds its line; both verify when opened.
  const std::string signed_by_log = Sign(kCheckpointText, log).value();
  const Note opened = Open(signed_by_log, {log.verifier()}).value();
  const std::string cosigned = Sign(opened, {&witness}).value();
  absl::StatusOr<Note> both = Open(cosigned, {log.verifier(), witness.verifier()});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->verified.size(), 2u);
  // A changed byte in the cosignature line rejects the note.
  std::string forged = cosigned;
  forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Open(forged, {log.verifier(), witness.verifier()}).status().code(),
            absl::StatusCode::kUnauthenticated);
  // A plain key cannot cosign.
  EXPECT_EQ(log.CosignAt(kCheckpointText, 1).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace minhbach::storage::note
