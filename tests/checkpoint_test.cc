// Tests for storage/checkpoint.h.
#include "storage/checkpoint.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/signed_note.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using ::absl::StatusCode;

// The example checkpoint body of c2sp.org/tlog-checkpoint.
constexpr absl::string_view kSpecBody =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
constexpr absl::string_view kOrigin = "example.com/behind-the-sofa";
// A fixed log key so that signed checkpoints are reproducible.
constexpr absl::string_view kLogSeedHex =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

merkle::Hash SpecRoot() {
  std::string raw;
  EXPECT_TRUE(absl::Base64Unescape("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", &raw));
  merkle::Hash root{};
  EXPECT_EQ(raw.size(), root.size());
  std::copy_n(raw.begin(), root.size(), root.begin());
  return root;
}

Checkpoint SpecCheckpoint() { return Checkpoint{std::string(kOrigin), 20852163, SpecRoot(), {}}; }

note::Signer LogSigner(absl::string_view name = kOrigin) {
  absl::StatusOr<note::Signer> s =
      note::Signer::FromEd25519Seed(name, absl::HexStringToBytes(kLogSeedHex));
  EXPECT_TRUE(s.ok()) << s.status();
  return *std::move(s);
}

// ------------------------------------------------------------ format/parse

TEST(CheckpointTextTest, ParsesSpecExample) {
  absl::StatusOr<Checkpoint> c = ParseCheckpoint(kSpecBody);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->origin, kOrigin);
  EXPECT_EQ(c->size, 20852163u);
  EXPECT_EQ(c->root, SpecRoot());
  EXPECT_TRUE(c->extensions.empty());
}

TEST(CheckpointTextTest, FormatsSpecExampleExactly) {
  absl::StatusOr<std::string> text = FormatCheckpoint(SpecCheckpoint());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, kSpecBody);
}

TEST(CheckpointTextTest, RoundTripsWithExtensionsAndExtremeSizes) {
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, uint64_t{10}, UINT64_MAX}) {
    Checkpoint c{"log.example/a", size, merkle::Hash{}, {"ext one", "\xE2\x80\x94 two"}};
    c.root[31] = 7;
    absl::StatusOr<std::string> text = FormatCheckpoint(c);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Checkpoint> parsed = ParseCheckpoint(*text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, c);
  }
}

TEST(CheckpointTextTest, FormatWritesZeroAndMaxSizesInDecimal) {
  Checkpoint c = SpecCheckpoint();
  c.size = 0;
  EXPECT_EQ(FormatCheckpoint(c)->substr(kOrigin.size() + 1, 2), "0\n");
  c.size = UINT64_MAX;
  EXPECT_EQ(FormatCheckpoint(c)->substr(kOrigin.size() + 1, 21), "18446744073709551615\n");
}

TEST(CheckpointTextTest, FormatRejectsBadOriginOrExtensionLines) {
  const std::vector<Checkpoint> bad = {
      {"", 1, {}, {}},
      {"a\nb", 1, {}, {}},
      {"a\rb", 1, {}, {}},
      {"a\xFF", 1, {}, {}},
      {"ok", 1, {}, {""}},
      {"ok", 1, {}, {"x", "a\nb"}},
      {"ok", 1, {}, {"tab\there"}},
  };
  for (const Checkpoint& c : bad) {
    EXPECT_EQ(FormatCheckpoint(c).status().code(), StatusCode::kInvalidArgument) << c.origin;
  }
}

TEST(CheckpointTextTest, ParseRejectsBadTreeSizes) {
  for (absl::string_view size :
       {"", "01", "00", "+1", "-1", " 1", "1 ", "0x1", "1a", "1.0", "18446744073709551616",
        "99999999999999999999", "\xEF\xBC\x91"}) {  // FULLWIDTH DIGIT ONE
    const std::string text =
        absl::StrCat("o\n", size, "\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    EXPECT_EQ(ParseCheckpoint(text).status().code(), StatusCode::kInvalidArgument) << size;
  }
}

TEST(CheckpointTextTest, ParseRejectsBadRootHashes) {
  for (absl::string_view root : {
           "",
           "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I",    // unpadded
           "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=",   // non-zero trailing bits
           "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I= ",  // trailing space
           "CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=",   // URL alphabet
           "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==",   // 31 bytes
           "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2IA",   // 33 bytes
           "Cs UYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",  // inner space
       }) {
    const std::string text = absl::StrCat("o\n1\n", root, "\n");
    EXPECT_EQ(ParseCheckpoint(text).status().code(), StatusCode::kInvalidArgument) << root;
  }
}

TEST(CheckpointTextTest, ParseRejectsBadStructure) {
  const std::string body(kSpecBody);
  const std::string bad[] = {
      std::string(""),
      std::string("\n"),
      body.substr(0, body.size() - 1),                               // no final newline
      std::string("o\n1\n"),                                         // two lines
      "\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",  // empty origin
      body + "\n",                                                   // empty extension line
      body + "ext\n\n",                                              // empty extension line
      body + "ext",                                                  // extension without newline
      "o\r\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",      // CR
      body + "e\xFF\n",                                              // invalid UTF-8
  };
  for (const std::string& text : bad) {
    EXPECT_EQ(ParseCheckpoint(text).status().code(), StatusCode::kInvalidArgument) << text;
  }
}

// ------------------------------------------------------------ sign/open

TEST(SignedCheckpointTest, SignThenOpenRoundTrips) {
  const note::Signer log = LogSigner();
  Checkpoint c = SpecCheckpoint();
  c.extensions = {"some extension"};
  absl::StatusOr<std::string> signed_text = SignCheckpoint(c, log);
  ASSERT_TRUE(signed_text.ok()) << signed_text.status();
  EXPECT_EQ(signed_text->rfind(
                absl::StrCat(kSpecBody, "some extension\n\n\xE2\x80\x94 ", kOrigin, " "), 0),
            0u);
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(*signed_text, log.verifier());
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, c);
}

TEST(SignedCheckpointTest, SignatureIsDeterministicAndOpensWithParsedVerifierKey) {
  const note::Signer log = LogSigner();
  absl::StatusOr<std::string> a = SignCheckpoint(SpecCheckpoint(), log);
  absl::StatusOr<std::string> b = SignCheckpoint(SpecCheckpoint(), LogSigner());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  absl::StatusOr<note::Verifier> v = note::Verifier::Parse(VerifierKeyText(log));
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(OpenCheckpoint(*a, *v).ok());
}

TEST(SignedCheckpointTest, SignRejectsSignerNotNamedAfterOrigin) {
  EXPECT_EQ(SignCheckpoint(SpecCheckpoint(), LogSigner("other.example/log")).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SignedCheckpointTest, SignRejectsUnformattableCheckpoint) {
  Checkpoint c = SpecCheckpoint();
  c.extensions = {""};
  EXPECT_EQ(SignCheckpoint(c, LogSigner()).status().code(), StatusCode::kInvalidArgument);
}

// Changes one byte of `signed_text` at the first occurrence of `from`.
std::string ChangeOnce(std::string signed_text, const std::string& from, const std::string& to) {
  const size_t at = signed_text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) signed_text.replace(at, from.size(), to);
  return signed_text;
}

TEST(SignedCheckpointTest, TamperedOriginSizeOrRootIsUnauthenticated) {
  const note::Signer log = LogSigner();
  absl::StatusOr<std::string> signed_text = SignCheckpoint(SpecCheckpoint(), log);
  ASSERT_TRUE(signed_text.ok());
  const std::string tampered[] = {
      ChangeOnce(*signed_text, "behind", "behinD"),             // origin
      ChangeOnce(*signed_text, "20852163", "20852164"),         // size
      ChangeOnce(*signed_text, "CsUYapGG", "CsUYapGH"),         // root
      ChangeOnce(*signed_text, "q2I=\n", "q2I=\nextension\n"),  // added extension
  };
  for (const std::string& text : tampered) {
    absl::StatusOr<Checkpoint> c = OpenCheckpoint(text, log.verifier());
    EXPECT_EQ(c.status().code(), StatusCode::kUnauthenticated) << text;
  }
}

TEST(SignedCheckpointTest, WrongKeyIsUnauthenticated) {
  absl::StatusOr<std::string> signed_text = SignCheckpoint(SpecCheckpoint(), LogSigner());
  ASSERT_TRUE(signed_text.ok());
  // Same name, different key (so a different key id): no known signer.
  absl::StatusOr<note::Signer> other = note::Signer::Generate(kOrigin);
  ASSERT_TRUE(other.ok());
  absl::StatusOr<Checkpoint> c = OpenCheckpoint(*signed_text, other->verifier());
  EXPECT_EQ(c.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(c.status().message().find("no signature by a known key"), absl::string_view::npos)
      << c.status();
}

TEST(SignedCheckpointTest, ForgedSignatureUnderLogKeyIdIsUnauthenticated) {
  const note::Signer log = LogSigner();
  absl::StatusOr<std::string> signed_text = SignCheckpoint(SpecCheckpoint(), log);
  ASSERT_TRUE(signed_text.ok());
  // Keep the log's name and key id, replace the 64 signature bytes.
  note::Signature forged{std::string(kOrigin), log.key_id(), std::string(64, 'x')};
  absl::StatusOr<std::string> body = FormatCheckpoint(SpecCheckpoint());
  ASSERT_TRUE(body.ok());
  note::Note n{*body, {forged}, {}};
  absl::StatusOr<std::string> forged_text = note::Sign(n, {});
  ASSERT_TRUE(forged_text.ok()) << forged_text.status();
  absl::StatusOr<Checkpoint> c = OpenCheckpoint(*forged_text, log.verifier());
  EXPECT_EQ(c.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(c.status().message().find("invalid signature"), absl::string_view::npos);
}

TEST(SignedCheckpointTest, CheckpointForAnotherOriginIsUnauthenticated) {
  const note::Signer log = LogSigner();
  Checkpoint c = SpecCheckpoint();
  c.origin = "other.example/log";
  absl::StatusOr<std::string> body = FormatCheckpoint(c);
  ASSERT_TRUE(body.ok());
  absl::StatusOr<std::string> signed_text = note::Sign(*body, log);  // bypasses SignCheckpoint
  ASSERT_TRUE(signed_text.ok());
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(*signed_text, log.verifier());
  EXPECT_EQ(opened.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(opened.status().message().find("origin"), absl::string_view::npos);
}

TEST(SignedCheckpointTest, MalformedBodyUnderValidSignatureIsInvalidArgument) {
  const note::Signer log = LogSigner();
  absl::StatusOr<std::string> signed_text = note::Sign(
      absl::StrCat(kOrigin, "\n020852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"), log);
  ASSERT_TRUE(signed_text.ok());
  EXPECT_EQ(OpenCheckpoint(*signed_text, log.verifier()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SignedCheckpointTest, MalformedNoteIsInvalidArgument) {
  const note::Signer log = LogSigner();
  EXPECT_EQ(OpenCheckpoint("", log.verifier()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenCheckpoint(kSpecBody, log.verifier()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(SignedCheckpointTest, WitnessCosignatureIsIgnoredByOpenAndPreservedByNoteOpen) {
  const note::Signer log = LogSigner();
  absl::StatusOr<std::string> signed_text = SignCheckpoint(SpecCheckpoint(), log);
  ASSERT_TRUE(signed_text.ok());
  const note::Verifier log_only[] = {log.verifier()};
  absl::StatusOr<note::Note> n = note::Open(*signed_text, log_only);
  ASSERT_TRUE(n.ok()) << n.status();
  absl::StatusOr<note::Signer> witness = note::Signer::Generate("witness.example/w");
  ASSERT_TRUE(witness.ok());
  const note::Signer* signers[] = {&*witness};
  absl::StatusOr<std::string> cosigned = note::Sign(*n, signers);
  ASSERT_TRUE(cosigned.ok()) << cosigned.status();

  absl::StatusOr<Checkpoint> c = OpenCheckpoint(*cosigned, log.verifier());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(*c, SpecCheckpoint());

  absl::StatusOr<note::Note> reopened = note::Open(*cosigned, log_only);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  ASSERT_EQ(reopened->unverified.size(), 1u);
  EXPECT_EQ(reopened->unverified[0].name, "witness.example/w");
  EXPECT_EQ(reopened->unverified[0].key_id, witness->key_id());
  EXPECT_EQ(reopened->unverified[0].signature.size(), 64u);
}

// ------------------------------------------------------------ key files

class KeyFileTest : public ::testing::Test {
 protected:
  KeyFileTest() : path_(dir_.Sub("log.key")) {}

  std::vector<std::string> ListDir() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  static void WriteFile(const std::string& path, absl::string_view contents) {
    std::ofstream out(path, std::ios::binary);
    out << contents;
  }

  minhbach::testing::TempDir dir_;
  std::string path_;
};

TEST_F(KeyFileTest, CreatesKeyFileWithMode0600AndReloadsItIdentically) {
  absl::StatusOr<SignerKeyFile> created = LoadOrCreateSignerKeyFile(path_, kOrigin);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->signer.name(), kOrigin);

  struct stat st;
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(ReadFile(path_), created->signer.ToString() + "\n");
  EXPECT_EQ(ListDir(), std::vector<std::string>{"log.key"});  // no temporary left behind

  absl::StatusOr<SignerKeyFile> loaded = LoadOrCreateSignerKeyFile(path_, kOrigin);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->created);
  EXPECT_EQ(loaded->signer.ToString(), created->signer.ToString());
  EXPECT_EQ(VerifierKeyText(loaded->signer), VerifierKeyText(created->signer));
}

TEST_F(KeyFileTest, LoadsExistingGoKeyFileWithTrailingWhitespace) {
  WriteFile(path_,
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\r\n");
  absl::StatusOr<SignerKeyFile> loaded = LoadOrCreateSignerKeyFile(path_, "PeterNeumann");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->created);
  EXPECT_EQ(VerifierKeyText(loaded->signer),
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
}

TEST_F(KeyFileTest, KeyFileForAnotherNameIsFailedPrecondition) {
  ASSERT_TRUE(LoadOrCreateSignerKeyFile(path_, "a.example/log").ok());
  EXPECT_EQ(LoadOrCreateSignerKeyFile(path_, "b.example/log").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(KeyFileTest, GarbageKeyFileIsInvalidArgumentAndLeftAlone) {
  for (absl::string_view garbage :
       {"", "\n", "not a key",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"}) {
    WriteFile(path_, garbage);
    EXPECT_EQ(LoadOrCreateSignerKeyFile(path_, "PeterNeumann").status().code(),
              StatusCode::kInvalidArgument)
        << garbage;
    EXPECT_EQ(ReadFile(path_), garbage);
  }
  WriteFile(path_, std::string(100000, 'A'));
  EXPECT_EQ(LoadOrCreateSignerKeyFile(path_, "PeterNeumann").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(KeyFileTest, InvalidKeyNameIsInvalidArgumentAndCreatesNothing) {
  EXPECT_EQ(LoadOrCreateSignerKeyFile(path_, "bad name").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadOrCreateSignerKeyFile(path_, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ListDir().empty());
}

TEST_F(KeyFileTest, MissingDirectoryIsAnErrorNotACrash) {
  absl::StatusOr<SignerKeyFile> r = LoadOrCreateSignerKeyFile(dir_.Sub("no/such/dir/log.key"), "x");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status();
}

TEST_F(KeyFileTest, PathThatIsADirectoryIsAnError) {
  EXPECT_FALSE(LoadOrCreateSignerKeyFile(dir_.path(), "x").ok());
}

TEST_F(KeyFileTest, ConcurrentCreatorsAllGetTheSameKeyAndExactlyOneCreatesIt) {
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<SignerKeyFile>> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back(
        [this, i, &results] { results[i] = LoadOrCreateSignerKeyFile(path_, kOrigin); });
  }
  for (std::thread& t : threads) t.join();
  int created = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    created += r->created ? 1 : 0;
    EXPECT_EQ(r->signer.ToString(), results[0]->signer.ToString());
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ListDir(), std::vector<std::string>{"log.key"});
}

}  // namespace
}  // namespace minhbach::storage
