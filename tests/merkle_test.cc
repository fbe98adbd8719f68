// Tests for storage/merkle: RFC 6962 / RFC 9162 test vectors, exhaustive
// proofs over small trees checked by an independent verifier written here from
// the RFC, tamper detection, read counts, and CompactRange.
#include "storage/merkle.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

#ifndef MINHBACH_TESTDATA_DIR
#define MINHBACH_TESTDATA_DIR "tests/testdata"
#endif

namespace minhbach::storage::merkle {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

// ---------------------------------------------------------------------------
// Reference hashing, independent of the library (one-shot OpenSSL digest).

const EVP_MD* TestSha256Md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);  // fetched once: faster
  return md;
}

std::string TestSha256(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const bool ok = EVP_Digest(data.data(), data.size(), out, &length, TestSha256Md(), nullptr) == 1;
  EXPECT_TRUE(ok && length == 32);
  return std::string(reinterpret_cast<const char*>(out), 32);
}

Hash HashOfBytes(const std::string& bytes) {
  Hash hash{};
  EXPECT_EQ(bytes.size(), hash.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), hash.size()), hash.begin());
  return hash;
}

Hash RefLeaf(const std::string& data) {
  return HashOfBytes(TestSha256(std::string(1, '\0') + data));
}
Hash RefEmpty() { return HashOfBytes(TestSha256("")); }

// The hot path of the exhaustive tests, so no string building.
Hash RefNode(const Hash& l, const Hash& r) {
  uint8_t input[65] = {1};
  std::copy(l.begin(), l.end(), input + 1);
  std::copy(r.begin(), r.end(), input + 33);
  Hash out{};
  unsigned int length = 0;
  EXPECT_EQ(EVP_Digest(input, sizeof input, out.data(), &length, TestSha256Md(), nullptr), 1);
  return out;
}

std::string BytesFromHex(const std::string& hex) {
  auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string bytes;
  EXPECT_EQ(hex.size() % 2, 0u) << hex;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int high = digit(hex[i]);
    const int low = digit(hex[i + 1]);
    EXPECT_TRUE(high >= 0 && low >= 0) << hex;
    bytes.push_back(static_cast<char>(high << 4 | low));
  }
  return bytes;
}

Hash MustHash(const std::string& hex) {
  absl::StatusOr<Hash> hash = HashFromHex(hex);
  EXPECT_TRUE(hash.ok()) << hex << ": " << hash.status();
  return hash.ok() ? *hash : Hash{};
}

Hash Flipped(Hash hash, size_t bit) {
  hash[(bit / 8) % hash.size()] ^= static_cast<uint8_t>(1u << (bit % 8));
  return hash;
}

// ---------------------------------------------------------------------------
// The RFC 6962 definitions, run naively over a list of leaf hashes.

uint64_t Split(uint64_t n) {  // largest power of two < n, for n >= 2
  uint64_t k = 1;
  while (k < n - k) k *= 2;
  return k;
}

Hash RefMth(const std::vector<Hash>& d, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n == 0) return RefEmpty();
  if (n == 1) return d[begin];
  const size_t k = Split(n);
  return RefNode(RefMth(d, begin, begin + k), RefMth(d, begin + k, end));
}

std::vector<Hash> RefPath(const std::vector<Hash>& d, size_t m, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n <= 1) return {};
  const size_t k = Split(n);
  std::vector<Hash> path;
  if (m < k) {
    path = RefPath(d, m, begin, begin + k);
    path.push_back(RefMth(d, begin + k, end));
  } else {
    path = RefPath(d, m - k, begin + k, end);
    path.push_back(RefMth(d, begin, begin + k));
  }
  return path;
}

std::vector<Hash> RefSubproof(const std::vector<Hash>& d, size_t m, size_t begin, size_t end,
                              bool complete) {
  const size_t n = end - begin;
  if (m == n) return complete ? std::vector<Hash>() : std::vector<Hash>{RefMth(d, begin, end)};
  const size_t k = Split(n);
  std::vector<Hash> proof;
  if (m <= k) {
    proof = RefSubproof(d, m, begin, begin + k, complete);
    proof.push_back(RefMth(d, begin + k, end));
  } else {
    proof = RefSubproof(d, m - k, begin + k, end, false);
    proof.push_back(RefMth(d, begin, begin + k));
  }
  return proof;
}

// Which side of the path each inclusion-proof hash lies on (true: left),
// bottom-up, from the PATH recursion. A verifier's hashing is fixed by this
// shape, so a proof passes for every (index, size) of the same shape.
std::vector<bool> InclusionShape(uint64_t index, uint64_t size) {
  if (size <= 1) return {};
  const uint64_t k = Split(size);
  std::vector<bool> shape =
      index < k ? InclusionShape(index, k) : InclusionShape(index - k, size - k);
  shape.push_back(index >= k);
  return shape;
}

// The same for consistency proofs (SUBPROOF): whether the proof starts with an
// explicit seed hash, then the sides. None outside 0 < m <= n.
using ConsistencyShapeT = std::pair<bool, std::vector<bool>>;
ConsistencyShapeT SubproofShape(uint64_t m, uint64_t n, bool complete) {
  if (m == n) return {!complete, {}};
  const uint64_t k = Split(n);
  ConsistencyShapeT shape =
      m <= k ? SubproofShape(m, k, complete) : SubproofShape(m - k, n - k, false);
  shape.second.push_back(m > k);
  return shape;
}
std::optional<ConsistencyShapeT> ConsistencyShape(uint64_t m, uint64_t n) {
  if (m == 0 || m > n) return std::nullopt;
  return SubproofShape(m, n, true);
}

// ---------------------------------------------------------------------------
// Independent verifiers: RFC 9162 2.1.3.2 and 2.1.4.2 transcribed step by step,
// hashing with the reference functions above.

bool RfcVerifyInclusion(const Hash& hash, uint64_t leaf_index, uint64_t tree_size,
                        const std::vector<Hash>& inclusion_path, const Hash& root_hash) {
  if (leaf_index >= tree_size) return false;     // 1
  uint64_t fn = leaf_index, sn = tree_size - 1;  // 2
  Hash r = hash;                                 // 3
  for (const Hash& p : inclusion_path) {         // 4
    if (sn == 0) return false;                   // 4a
    if ((fn & 1) == 1 || fn == sn) {             // 4b
      r = RefNode(p, r);                         // 4b i
      if ((fn & 1) == 0) {                       // 4b ii
        while (!((fn & 1) == 1 || fn == 0)) fn >>= 1, sn >>= 1;
      }
    } else {
      r = RefNode(r, p);
    }
    fn >>= 1, sn >>= 1;  // 4c
  }
  return sn == 0 && r == root_hash;  // 5
}

bool RfcVerifyConsistency(uint64_t first, uint64_t second, const Hash& first_hash,
                          const Hash& second_hash, std::vector<Hash> consistency_path) {
  // The RFC defines proofs for 0 < first < second; equal sizes need none.
  if (first == 0 || first > second) return false;
  if (first == second) return consistency_path.empty() && first_hash == second_hash;
  if (consistency_path.empty()) return false;  // 1
  if ((first & (first - 1)) == 0) {            // 2
    consistency_path.insert(consistency_path.begin(), first_hash);
  }
  uint64_t fn = first - 1, sn = second - 1;                 // 3
  while ((fn & 1) == 1) fn >>= 1, sn >>= 1;                 // 4
  Hash fr = consistency_path[0], sr = consistency_path[0];  // 5
  for (size_t i = 1; i < consistency_path.size(); ++i) {    // 6
    const Hash& c = consistency_path[i];
    if (sn == 0) return false;        // 6a
    if ((fn & 1) == 1 || fn == sn) {  // 6b
      fr = RefNode(c, fr);            // 6b i
      sr = RefNode(c, sr);
      if ((fn & 1) == 0) {  // 6b ii
        while (!((fn & 1) == 1 || fn == 0)) fn >>= 1, sn >>= 1;
      }
    } else {
      sr = RefNode(sr, c);
    }
    fn >>= 1, sn >>= 1;  // 6c
  }
  return fr == first_hash && sr == second_hash && sn == 0;  // 7
}

// Both verifiers must give `want`.
void ExpectInclusion(bool want, const Hash& leaf, uint64_t index, uint64_t size,
                     const std::vector<Hash>& proof, const Hash& root, const char* what) {
  const absl::Status status = VerifyInclusion(leaf, index, size, proof, root);
  EXPECT_EQ(status.ok(), want) << what << ": library, index " << index << " size " << size << " "
                               << status;
  EXPECT_EQ(RfcVerifyInclusion(leaf, index, size, proof, root), want)
      << what << ": independent verifier, index " << index << " size " << size;
}

void ExpectConsistency(bool want, uint64_t m, uint64_t n, const Hash& root1, const Hash& root2,
                       const std::vector<Hash>& proof, const char* what) {
  const absl::Status status = VerifyConsistency(m, n, root1, root2, proof);
  EXPECT_EQ(status.ok(), want) << what << ": library, sizes " << m << " -> " << n << " " << status;
  EXPECT_EQ(RfcVerifyConsistency(m, n, root1, root2, proof), want)
      << what << ": independent verifier, sizes " << m << " -> " << n;
}

// ---------------------------------------------------------------------------
// Node stores.

// In-memory node store filled from CompactRange's sink; counts reads.
class MemoryNodes : public NodeReader {
 public:
  absl::StatusOr<Hash> GetNode(int level, uint64_t index) override {
    ++reads_;
    distinct_.insert({level, index});
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) return absl::NotFoundError("node not stored");
    return it->second;
  }
  CompactRange::NodeSink Sink() {
    return [this](int level, uint64_t index, const Hash& hash) {
      EXPECT_TRUE(nodes_.emplace(std::make_pair(level, index), hash).second)
          << "node emitted twice: " << level << "," << index;
    };
  }
  void ResetCounts() { reads_ = 0, distinct_.clear(); }
  size_t reads() const { return reads_; }
  size_t distinct_reads() const { return distinct_.size(); }
  const std::map<std::pair<int, uint64_t>, Hash>& nodes() const { return nodes_; }

 private:
  std::map<std::pair<int, uint64_t>, Hash> nodes_;
  size_t reads_ = 0;
  std::set<std::pair<int, uint64_t>> distinct_;
};

// A virtual tree of any size whose leaves all hash alike, so node (level, i) is
// the same for every i and needs no storage. Counts reads.
class UniformNodes : public NodeReader {
 public:
  UniformNodes() {
    levels_[0] = HashLeaf("same");
    for (int level = 1; level < 64; ++level) {
      levels_[level] = HashChildren(levels_[level - 1], levels_[level - 1]);
    }
  }
  absl::StatusOr<Hash> GetNode(int level, uint64_t index) override {
    ++reads_;
    distinct_.insert({level, index});
    if (level < 0 || level > 63) return absl::InvalidArgumentError("bad level");
    if (level > 0 && index >> (64 - level) != 0) return absl::NotFoundError("beyond 2^64");
    return levels_[level];
  }
  void ResetCounts() { reads_ = 0, distinct_.clear(); }
  size_t reads() const { return reads_; }
  size_t distinct_reads() const { return distinct_.size(); }

 private:
  Hash levels_[64];
  size_t reads_ = 0;
  std::set<std::pair<int, uint64_t>> distinct_;
};

class FailingNodes : public NodeReader {
 public:
  absl::StatusOr<Hash> GetNode(int, uint64_t) override {
    return absl::UnavailableError("disk on fire");
  }
};

// ---------------------------------------------------------------------------
// A tree of 300 random leaves, shared by the randomised tests.

constexpr uint64_t kRandomLeaves = 300;

// The tamper tests try every (index or old size, size) pair up to 128 leaves,
// then every 5th, to keep the suite quick under sanitizers.
bool Sampled(uint64_t x, uint64_t n) { return n <= 128 || (x + n) % 5 == 0; }

struct RandomTree {
  std::vector<Hash> leaves;          // leaf hashes
  MemoryNodes nodes;                 // every node emitted while appending them
  std::vector<CompactRange> ranges;  // ranges[n]: the range after n appends
  std::vector<Hash> roots;           // roots[n]: naive MTH of the first n leaves
};

RandomTree& Random300() {
  static RandomTree* tree = [] {
    auto* t = new RandomTree;
    std::mt19937_64 rng(6962);
    t->ranges.emplace_back();
    t->roots.push_back(RefEmpty());
    for (uint64_t i = 0; i < kRandomLeaves; ++i) {
      std::string data(rng() % 41, '\0');
      for (char& c : data) c = static_cast<char>(rng());
      t->leaves.push_back(HashLeaf(data));
      CompactRange next = t->ranges.back();
      next.Append(t->leaves.back(), t->nodes.Sink());
      t->ranges.push_back(next);
      t->roots.push_back(RefMth(t->leaves, 0, t->leaves.size()));
    }
    return t;
  }();
  return *tree;
}

std::vector<Hash> MustInclusionProof(NodeReader& nodes, uint64_t index, uint64_t size) {
  absl::StatusOr<std::vector<Hash>> proof = InclusionProof(nodes, index, size);
  EXPECT_TRUE(proof.ok()) << index << "/" << size << ": " << proof.status();
  return proof.ok() ? *proof : std::vector<Hash>();
}

std::vector<Hash> MustConsistencyProof(NodeReader& nodes, uint64_t m, uint64_t n) {
  absl::StatusOr<std::vector<Hash>> proof = ConsistencyProof(nodes, m, n);
  EXPECT_TRUE(proof.ok()) << m << "->" << n << ": " << proof.status();
  return proof.ok() ? *proof : std::vector<Hash>();
}

// ---------------------------------------------------------------------------
// Hashing and hex.

TEST(MerkleHash, HashLeafIsSha256OfZeroByteThenData) {
  for (const std::string& data : {std::string(), std::string("a"), std::string(1000, 'x')}) {
    EXPECT_EQ(HashLeaf(data), RefLeaf(data));
  }
  EXPECT_EQ(HashLeaf(std::string("\0\1", 2)), RefLeaf(std::string("\0\1", 2)));
}

TEST(MerkleHash, HashChildrenIsSha256OfOneByteThenLeftThenRight) {
  const Hash left = HashLeaf("left");
  const Hash right = HashLeaf("right");
  EXPECT_EQ(HashChildren(left, right), RefNode(left, right));
  EXPECT_NE(HashChildren(left, right), HashChildren(right, left));
}

TEST(MerkleHash, EmptyRootIsSha256OfNothing) {
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleHex, ToHexAndHashFromHexRoundTrip) {
  const Hash hash = HashLeaf("round trip");
  const std::string hex = ToHex(hash);
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(MustHash(hex), hash);
  std::string upper = hex;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(MustHash(upper), hash);
}

TEST(MerkleHex, HashFromHexRejectsWrongLengthAndNonHexDigits) {
  const std::string good = ToHex(HashLeaf("x"));
  for (const std::string& bad :
       {std::string(), good.substr(1), good + "0", good.substr(2), "g" + good.substr(1),
        good.substr(0, 63) + " ", good.substr(0, 31) + std::string(1, '\0') + good.substr(32)}) {
    EXPECT_EQ(HashFromHex(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

// ---------------------------------------------------------------------------
// RFC 6962 test vectors (tests/testdata/rfc6962-vectors.json).

const Value& Field(const Struct& s, const std::string& key) {
  static const Value* const kMissing = new Value;
  auto it = s.fields().find(key);
  if (it == s.fields().end()) {
    ADD_FAILURE() << "vectors lack field " << key;
    return *kMissing;
  }
  return it->second;
}

// JSON numbers arrive as doubles. The one above 2^53 in the file is 2^64 - 1
// (the Go table's 0-based "index - 1" underflow), which rounds up to 2^64.
uint64_t U64(const Value& v) {
  const double d = v.number_value();
  EXPECT_EQ(v.kind_case(), Value::kNumberValue);
  if (d >= 18446744073709551616.0) return kMax;
  EXPECT_TRUE(d >= 0 && d <= 9007199254740992.0 &&
              d == static_cast<double>(static_cast<uint64_t>(d)))
      << d;
  return d >= 0 && d <= 9007199254740992.0 ? static_cast<uint64_t>(d) : 0;
}

std::vector<Hash> Hashes(const Value& list) {
  std::vector<Hash> hashes;
  for (const Value& v : list.list_value().values()) hashes.push_back(MustHash(v.string_value()));
  return hashes;
}

// Golden probes carry some "hashes" that are not 32 bytes ("", or the 12 bytes
// of "don't care 1"). Hash cannot hold them: HashFromHex must refuse them. The
// reference (Go) verifier checks a leaf hash's length, so a probe with a bad one
// must fail, as it does here at HashFromHex. Roots and proof hashes it only
// compares or hashes as bytes, so those stand in as SHA-256(0xff || bytes):
// equal iff the bytes are, and equal to no tree hash, which all hash a leading
// 0x00 or 0x01 byte, or nothing.
bool IsWellFormedHash(const Value& v) { return BytesFromHex(v.string_value()).size() == 32; }

Hash ProbeHash(const Value& v) {
  const std::string bytes = BytesFromHex(v.string_value());
  if (bytes.size() == 32) return MustHash(v.string_value());
  EXPECT_EQ(HashFromHex(v.string_value()).status().code(), absl::StatusCode::kInvalidArgument);
  return HashOfBytes(TestSha256("\xff" + bytes));
}

std::vector<Hash> ProbeHashes(const Value& list) {
  std::vector<Hash> hashes;
  for (const Value& v : list.list_value().values()) hashes.push_back(ProbeHash(v));
  return hashes;
}

class Rfc6962Vectors : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = std::string(MINHBACH_TESTDATA_DIR) + "/rfc6962-vectors.json";
    std::ifstream in(path);
    ASSERT_TRUE(in) << "cannot open " << path;
    std::stringstream json;
    json << in.rdbuf();
    const auto status = google::protobuf::util::JsonStringToMessage(json.str(), &vectors_);
    ASSERT_TRUE(status.ok()) << status.ToString();
    for (const Value& hex : Field(vectors_, "leaves_hex").list_value().values()) {
      leaves_.push_back(HashLeaf(BytesFromHex(hex.string_value())));
      range_.Append(leaves_.back(), nodes_.Sink());
    }
    ASSERT_EQ(leaves_.size(), 8u);
  }

  const Value& List(const std::string& key) { return Field(vectors_, key); }
  Hash RootOfSize(uint64_t size) {
    return MustHash(Field(Field(vectors_, "roots_by_size").struct_value(), std::to_string(size))
                        .string_value());
  }

  Struct vectors_;
  std::vector<Hash> leaves_;
  MemoryNodes nodes_;
  CompactRange range_;
};

TEST_F(Rfc6962Vectors, HasherMatchesVectors) {
  int checked = 0;
  for (const Value& v : List("hasher").list_value().values()) {
    const Struct& c = v.struct_value();
    SCOPED_TRACE(Field(c, "desc").string_value());
    const std::string kind = Field(c, "kind").string_value();
    const std::string want = Field(c, "want").string_value();
    if (kind == "empty") {
      EXPECT_EQ(ToHex(EmptyRoot()), want);
    } else if (kind == "leaf") {
      EXPECT_EQ(ToHex(HashLeaf(Field(c, "data_ascii").string_value())), want);
    } else {
      // Node inputs here are short ASCII strings, which Hash cannot hold: check
      // the reference node hash against the vector; HashChildren is checked
      // against the reference in HashChildrenIsSha256OfOneByteThenLeftThenRight.
      ASSERT_EQ(kind, "node");
      const std::string input =
          "\x01" + Field(c, "left_ascii").string_value() + Field(c, "right_ascii").string_value();
      EXPECT_EQ(ToHex(HashOfBytes(TestSha256(input))), want);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4);
  EXPECT_EQ(ToHex(EmptyRoot()), List("empty_root").string_value());
}

TEST_F(Rfc6962Vectors, AppendingReferenceLeavesEmitsExactlyTheReferenceNodes) {
  size_t expected = 0;
  int level = 0;
  for (const Value& row : List("node_hashes_by_level").list_value().values()) {
    uint64_t index = 0;
    for (const Value& hex : row.list_value().values()) {
      auto it = nodes_.nodes().find({level, index++});
      ASSERT_NE(it, nodes_.nodes().end()) << level << "," << index - 1;
      EXPECT_EQ(ToHex(it->second), hex.string_value()) << level << "," << index - 1;
      ++expected;
    }
    ++level;
  }
  EXPECT_EQ(nodes_.nodes().size(), expected);
}

TEST_F(Rfc6962Vectors, RootsOfEveryPrefixMatchVectors) {
  EXPECT_EQ(MustHash(List("empty_root").string_value()), *RootAt(nodes_, 0));
  CompactRange range;
  for (uint64_t size = 1; size <= 8; ++size) {
    range.Append(leaves_[size - 1], nullptr);
    absl::StatusOr<Hash> root = RootAt(nodes_, size);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(*root, RootOfSize(size)) << size;
    EXPECT_EQ(range.Root(), RootOfSize(size)) << size;
  }
}

TEST_F(Rfc6962Vectors, InclusionProofsMatchVectorsAndVerify) {
  int checked = 0;
  for (const Value& v : List("inclusion_proofs").list_value().values()) {
    const Struct& c = v.struct_value();
    const uint64_t index = U64(Field(c, "index"));
    const uint64_t size = U64(Field(c, "tree_size"));
    const std::vector<Hash> want = Hashes(Field(c, "proof"));
    EXPECT_EQ(MustInclusionProof(nodes_, index, size), want) << index << "/" << size;
    ExpectInclusion(true, leaves_[index], index, size, want, RootOfSize(size), "vector");
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}

TEST_F(Rfc6962Vectors, InclusionProofRejectsInvalidParamsFromVectors) {
  for (const Value& v : List("inclusion_proofs_invalid_params").list_value().values()) {
    const Struct& c = v.struct_value();
    // 1-based leaf 0 is 0-based index -1, which wraps.
    const uint64_t index = U64(Field(c, "leaf_1based")) - 1;
    const uint64_t size = U64(Field(c, "tree_size"));
    EXPECT_EQ(InclusionProof(nodes_, index, size).status().code(),
              absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(InclusionProof(nodes_, index + 1, size).status().code(),
              absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(VerifyInclusion(leaves_[0], index, size, {}, EmptyRoot()).code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST_F(Rfc6962Vectors, ConsistencyProofsMatchVectorsAndVerify) {
  int checked = 0;
  for (const Value& v : List("consistency_proofs").list_value().values()) {
    const Struct& c = v.struct_value();
    const uint64_t m = U64(Field(c, "size1"));
    const uint64_t n = U64(Field(c, "size2"));
    const std::vector<Hash> want = Hashes(Field(c, "proof"));
    EXPECT_EQ(MustConsistencyProof(nodes_, m, n), want) << m << "->" << n;
    ExpectConsistency(true, m, n, RootOfSize(m), RootOfSize(n), want, "vector");
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST_F(Rfc6962Vectors, GoldenInclusionProbesPassOrFailAsExpected) {
  int probes = 0;
  for (const Value& v : List("golden_inclusion_probes").list_value().values()) {
    const Struct& p = v.struct_value();
    SCOPED_TRACE(Field(p, "file").string_value());
    ++probes;
    const bool want_ok = Field(p, "want_ok").bool_value();
    if (!IsWellFormedHash(Field(p, "leaf_hash"))) {
      EXPECT_FALSE(want_ok);
      EXPECT_FALSE(HashFromHex(Field(p, "leaf_hash").string_value()).ok());
      continue;
    }
    ExpectInclusion(want_ok, MustHash(Field(p, "leaf_hash").string_value()), U64(Field(p, "index")),
                    U64(Field(p, "tree_size")), ProbeHashes(Field(p, "proof")),
                    ProbeHash(Field(p, "root")), "golden probe");
  }
  EXPECT_EQ(probes, 98);
}

TEST_F(Rfc6962Vectors, GoldenConsistencyProbesPassOrFailAsExpected) {
  int probes = 0;
  for (const Value& v : List("golden_consistency_probes").list_value().values()) {
    const Struct& p = v.struct_value();
    SCOPED_TRACE(Field(p, "file").string_value());
    ExpectConsistency(Field(p, "want_ok").bool_value(), U64(Field(p, "size1")),
                      U64(Field(p, "size2")), ProbeHash(Field(p, "root1")),
                      ProbeHash(Field(p, "root2")), ProbeHashes(Field(p, "proof")), "golden probe");
    ++probes;
  }
  EXPECT_EQ(probes, 98);
}

// ---------------------------------------------------------------------------
// Exhaustive proofs over random trees of 1..300 leaves.

TEST(MerkleRandom, RootAtMatchesNaiveMthForEverySize) {
  RandomTree& t = Random300();
  for (uint64_t n = 0; n <= kRandomLeaves; ++n) {
    absl::StatusOr<Hash> root = RootAt(t.nodes, n);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(*root, t.roots[n]) << n;
  }
}

TEST(MerkleRandom, InclusionProofsEqualNaivePathForSmallTrees) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= 64; ++n) {
    const std::vector<Hash> prefix(t.leaves.begin(), t.leaves.begin() + n);
    for (uint64_t i = 0; i < n; ++i) {
      EXPECT_EQ(MustInclusionProof(t.nodes, i, n), RefPath(prefix, i, 0, n)) << i << "/" << n;
    }
  }
}

TEST(MerkleRandom, ConsistencyProofsEqualNaiveProofForSmallTrees) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= 64; ++n) {
    const std::vector<Hash> prefix(t.leaves.begin(), t.leaves.begin() + n);
    for (uint64_t m = 1; m <= n; ++m) {
      EXPECT_EQ(MustConsistencyProof(t.nodes, m, n), RefSubproof(prefix, m, 0, n, true))
          << m << "->" << n;
    }
  }
}

TEST(MerkleRandom, EveryInclusionProofVerifiesWithBothVerifiers) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      const std::vector<Hash> proof = MustInclusionProof(t.nodes, i, n);
      EXPECT_EQ(proof.size(), InclusionShape(i, n).size());
      ExpectInclusion(true, t.leaves[i], i, n, proof, t.roots[n], "valid");
    }
  }
}

TEST(MerkleRandom, EveryConsistencyProofVerifiesWithBothVerifiers) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      const std::vector<Hash> proof = MustConsistencyProof(t.nodes, m, n);
      ExpectConsistency(true, m, n, t.roots[m], t.roots[n], proof, "valid");
    }
  }
}

TEST(MerkleRandom, InclusionProofFailsWhenAnyElementAltered) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      if (!Sampled(i, n)) continue;
      const std::vector<Hash> proof = MustInclusionProof(t.nodes, i, n);
      for (size_t j = 0; j < proof.size(); ++j) {
        std::vector<Hash> bad = proof;
        bad[j] = Flipped(bad[j], j * 37 + i);
        ExpectInclusion(false, t.leaves[i], i, n, bad, t.roots[n], "element altered");
      }
    }
  }
}

TEST(MerkleRandom, InclusionProofFailsWhenElementAddedOrRemoved) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      if (!Sampled(i, n)) continue;
      const std::vector<Hash> proof = MustInclusionProof(t.nodes, i, n);
      std::vector<Hash> longer = proof;
      longer.push_back(t.roots[n]);
      ExpectInclusion(false, t.leaves[i], i, n, longer, t.roots[n], "element appended");
      longer = proof;
      longer.insert(longer.begin(), t.leaves[i]);
      ExpectInclusion(false, t.leaves[i], i, n, longer, t.roots[n], "element prepended");
      if (proof.empty()) continue;
      ExpectInclusion(false, t.leaves[i], i, n, {proof.begin() + 1, proof.end()}, t.roots[n],
                      "first element removed");
      ExpectInclusion(false, t.leaves[i], i, n, {proof.begin(), proof.end() - 1}, t.roots[n],
                      "last element removed");
    }
  }
}

TEST(MerkleRandom, InclusionProofFailsWhenRootOrLeafAltered) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      if (!Sampled(i, n)) continue;
      const std::vector<Hash> proof = MustInclusionProof(t.nodes, i, n);
      ExpectInclusion(false, t.leaves[i], i, n, proof, Flipped(t.roots[n], i), "root altered");
      ExpectInclusion(false, Flipped(t.leaves[i], n), i, n, proof, t.roots[n], "leaf altered");
    }
  }
}

TEST(MerkleRandom, InclusionProofFailsWhenIndexAltered) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      if (!Sampled(i, n)) continue;
      const std::vector<Hash> proof = MustInclusionProof(t.nodes, i, n);
      for (uint64_t other : {i + 1, i - 1, i ^ 1, i ^ 2, i ^ 4, n, n + i, kMax}) {
        if (other == i) continue;
        // Another leaf of the same tree always has another path.
        if (other < n) {
          ASSERT_NE(InclusionShape(other, n), InclusionShape(i, n));
        }
        ExpectInclusion(false, t.leaves[i], other, n, proof, t.roots[n], "index altered");
      }
    }
  }
}

// An inclusion proof fixes the tree size only as far as it fixes the path's
// shape: e.g. leaf 0's proof in a tree of 5 leaves (siblings 1, [2,4), 4)
// hashes exactly like one in a tree of 6 (siblings 1, [2,4), [4,6)).
TEST(MerkleRandom, InclusionProofFailsWhenSizeAlteredUnlessPathShapeUnchanged) {
  RandomTree& t = Random300();
  size_t rejected = 0;
  size_t same_shape = 0;
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      if (!Sampled(i, n)) continue;
      const std::vector<Hash> proof = MustInclusionProof(t.nodes, i, n);
      for (uint64_t other : {n + 1, n - 1, n * 2, n / 2, n + 2, uint64_t{0}, kMax}) {
        const bool passes = i < other && InclusionShape(i, other) == InclusionShape(i, n);
        ExpectInclusion(passes, t.leaves[i], i, other, proof, t.roots[n], "size altered");
        ++(passes ? same_shape : rejected);
      }
    }
  }
  // Both outcomes are well represented (most indices sit in the big left
  // subtree, whose shape a small size change leaves alone).
  EXPECT_GT(rejected, 10000u);
  EXPECT_GT(same_shape, 10000u);
}

TEST(MerkleRandom, InclusionProofCannotDetectSizeChangeThatKeepsPathShape) {
  RandomTree& t = Random300();
  const std::vector<Hash> proof = MustInclusionProof(t.nodes, 0, 5);
  ExpectInclusion(true, t.leaves[0], 0, 6, proof, t.roots[5], "5 -> 6 keeps leaf 0's shape");
  ExpectInclusion(false, t.leaves[0], 0, 6, proof, t.roots[6], "but not the size-6 root");
}

TEST(MerkleRandom, ConsistencyProofFailsWhenAnyElementAltered) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      if (!Sampled(m, n)) continue;
      const std::vector<Hash> proof = MustConsistencyProof(t.nodes, m, n);
      for (size_t j = 0; j < proof.size(); ++j) {
        std::vector<Hash> bad = proof;
        bad[j] = Flipped(bad[j], j * 41 + m);
        ExpectConsistency(false, m, n, t.roots[m], t.roots[n], bad, "element altered");
      }
    }
  }
}

TEST(MerkleRandom, ConsistencyProofFailsWhenElementAddedOrRemoved) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      if (!Sampled(m, n)) continue;
      const std::vector<Hash> proof = MustConsistencyProof(t.nodes, m, n);
      std::vector<Hash> longer = proof;
      longer.push_back(t.roots[n]);
      ExpectConsistency(false, m, n, t.roots[m], t.roots[n], longer, "element appended");
      longer = proof;
      longer.insert(longer.begin(), t.roots[m]);
      ExpectConsistency(false, m, n, t.roots[m], t.roots[n], longer, "old root prepended");
      if (proof.empty()) continue;
      ExpectConsistency(false, m, n, t.roots[m], t.roots[n], {proof.begin() + 1, proof.end()},
                        "first element removed");
      ExpectConsistency(false, m, n, t.roots[m], t.roots[n], {proof.begin(), proof.end() - 1},
                        "last element removed");
    }
  }
}

TEST(MerkleRandom, ConsistencyProofFailsWhenEitherRootAltered) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      if (!Sampled(m, n)) continue;
      const std::vector<Hash> proof = MustConsistencyProof(t.nodes, m, n);
      const Hash& old_root = t.roots[m];
      const Hash& new_root = t.roots[n];
      ExpectConsistency(false, m, n, Flipped(old_root, n), new_root, proof, "old root altered");
      ExpectConsistency(false, m, n, old_root, Flipped(new_root, m), proof, "new root altered");
      if (m != n) ExpectConsistency(false, m, n, new_root, old_root, proof, "roots swapped");
    }
  }
}

// As for inclusion, sizes are bound only as far as they change the proof's shape.
TEST(MerkleRandom, ConsistencyProofFailsWhenASizeAlteredUnlessShapeUnchanged) {
  RandomTree& t = Random300();
  size_t rejected = 0;
  size_t same_shape = 0;
  auto check = [&](uint64_t m, uint64_t n, uint64_t m2, uint64_t n2, const std::vector<Hash>& p) {
    const auto shape = ConsistencyShape(m2, n2);
    const bool passes = shape.has_value() && *shape == *ConsistencyShape(m, n);
    ExpectConsistency(passes, m2, n2, t.roots[m], t.roots[n], p, "size altered");
    ++(passes ? same_shape : rejected);
  };
  for (uint64_t n = 1; n <= kRandomLeaves; ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      if (!Sampled(m, n)) continue;
      const std::vector<Hash> proof = MustConsistencyProof(t.nodes, m, n);
      for (uint64_t other : {m + 1, m - 1, m * 2, m / 2, m ^ 2, uint64_t{0}, kMax}) {
        if (other != m) check(m, n, other, n, proof);
      }
      for (uint64_t other : {n + 1, n - 1, n * 2, n / 2, n ^ 2, uint64_t{0}, kMax}) {
        if (other != n) check(m, n, m, other, proof);
      }
    }
  }
  EXPECT_GT(rejected, 10000u);
  EXPECT_GT(same_shape, 10000u);
}

// ---------------------------------------------------------------------------
// Node reads.

TEST(MerkleReads, RootAtReadsOneNodePerSetBitOfSize) {
  UniformNodes nodes;
  for (uint64_t size : {uint64_t{1}, uint64_t{6}, uint64_t{1} << 20, (uint64_t{1} << 20) + 12345,
                        kMax / 3, kMax - 1, kMax}) {
    nodes.ResetCounts();
    ASSERT_TRUE(RootAt(nodes, size).ok());
    EXPECT_EQ(nodes.reads(), static_cast<size_t>(__builtin_popcountll(size))) << size;
  }
}

TEST(MerkleReads, ProofsInHugeTreesReadFewDistinctNodesEachOnceAndVerify) {
  UniformNodes nodes;
  std::mt19937_64 rng(20);
  const uint64_t sizes[] = {(uint64_t{1} << 20) + 12345,
                            uint64_t{1} << 20,
                            (uint64_t{1} << 20) - 1,
                            (uint64_t{1} << 40) + 7,
                            uint64_t{1} << 63,
                            kMax - 1,
                            kMax};
  size_t most = 0;
  for (uint64_t n : sizes) {
    const Hash root = *RootAt(nodes, n);
    for (uint64_t i : {uint64_t{0}, uint64_t{1}, n / 2, n / 3, n - 2, n - 1, rng() % n}) {
      nodes.ResetCounts();
      const std::vector<Hash> proof = MustInclusionProof(nodes, i, n);
      EXPECT_LE(nodes.distinct_reads(), 2u * 64) << i << "/" << n;
      EXPECT_EQ(nodes.reads(), nodes.distinct_reads()) << "read twice: " << i << "/" << n;
      most = std::max(most, nodes.distinct_reads());
      ExpectInclusion(true, nodes.GetNode(0, i).value(), i, n, proof, root, "huge tree");
    }
    for (uint64_t m : {uint64_t{1}, uint64_t{2}, uint64_t{3}, n / 2, n / 3, n - 1, rng() % n + 1}) {
      nodes.ResetCounts();
      const std::vector<Hash> proof = MustConsistencyProof(nodes, m, n);
      EXPECT_LE(nodes.distinct_reads(), 2u * 64) << m << "->" << n;
      EXPECT_EQ(nodes.reads(), nodes.distinct_reads()) << "read twice: " << m << "->" << n;
      most = std::max(most, nodes.distinct_reads());
      ExpectConsistency(true, m, n, *RootAt(nodes, m), root, proof, "huge tree");
    }
  }
  RecordProperty("most_distinct_reads", static_cast<int>(most));
}

TEST(MerkleReads, ProofsInRandomTreeReadEachNodeOnce) {
  RandomTree& t = Random300();
  for (uint64_t n = 1; n <= kRandomLeaves; n += 7) {
    for (uint64_t i = 0; i < n; i += 3) {
      t.nodes.ResetCounts();
      MustInclusionProof(t.nodes, i, n);
      EXPECT_EQ(t.nodes.reads(), t.nodes.distinct_reads()) << i << "/" << n;
      t.nodes.ResetCounts();
      MustConsistencyProof(t.nodes, i + 1, n);
      EXPECT_EQ(t.nodes.reads(), t.nodes.distinct_reads()) << i + 1 << "->" << n;
    }
  }
}

// ---------------------------------------------------------------------------
// Bad parameters and failing stores: errors, never crashes.

TEST(MerkleErrors, InclusionProofRejectsIndexAtOrBeyondSize) {
  RandomTree& t = Random300();
  const std::pair<uint64_t, uint64_t> cases[] = {{0, 0}, {5, 5}, {6, 5}, {kMax, 1}, {kMax, kMax}};
  for (const auto& [index, size] : cases) {
    EXPECT_EQ(InclusionProof(t.nodes, index, size).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(MerkleErrors, ConsistencyProofRejectsOldSizeAboveNewSize) {
  RandomTree& t = Random300();
  EXPECT_EQ(ConsistencyProof(t.nodes, 2, 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(t.nodes, kMax, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MerkleErrors, ConsistencyProofIsEmptyFromEmptyTreeOrToSameSize) {
  RandomTree& t = Random300();
  t.nodes.ResetCounts();
  for (const auto& [m, n] :
       {std::pair<uint64_t, uint64_t>{0, 0}, {0, 7}, {7, 7}, {0, kMax}, {kMax, kMax}}) {
    EXPECT_TRUE(MustConsistencyProof(t.nodes, m, n).empty()) << m << "->" << n;
  }
  EXPECT_EQ(t.nodes.reads(), 0u);
}

TEST(MerkleErrors, SizesBeyondStoredNodesGiveNotFound) {
  RandomTree& t = Random300();
  EXPECT_EQ(RootAt(t.nodes, kRandomLeaves + 1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(RootAt(t.nodes, kMax).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(InclusionProof(t.nodes, 0, kMax).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(InclusionProof(t.nodes, kMax - 1, kMax).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ConsistencyProof(t.nodes, 1, kMax).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ConsistencyProof(t.nodes, kMax - 1, kMax).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CompactRange::Load(t.nodes, kRandomLeaves + 1).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(MerkleErrors, StoreErrorsPropagate) {
  FailingNodes nodes;
  EXPECT_EQ(RootAt(nodes, 3).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(InclusionProof(nodes, 1, 3).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ConsistencyProof(nodes, 1, 3).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CompactRange::Load(nodes, 3).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(CompactRange::Load(nodes, 0).ok());  // needs no reads
}

TEST(MerkleErrors, VerifyInclusionSaysInvalidArgumentForImpossibleParamsAndDataLossForMismatch) {
  RandomTree& t = Random300();
  const std::vector<Hash> proof = MustInclusionProof(t.nodes, 3, 10);
  const Hash& leaf = t.leaves[3];
  const Hash& root = t.roots[10];
  EXPECT_EQ(VerifyInclusion(leaf, 10, 10, proof, root).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(leaf, 0, 0, {}, EmptyRoot()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(leaf, 3, 10, {proof.begin(), proof.end() - 1}, root).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(leaf, 3, 10, proof, t.roots[9]).code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(VerifyInclusion(leaf, 3, 10, proof, root).ok());
}

TEST(MerkleErrors, VerifyConsistencySaysInvalidArgumentForImpossibleParamsAndDataLossForMismatch) {
  RandomTree& t = Random300();
  const std::vector<Hash> proof = MustConsistencyProof(t.nodes, 3, 10);
  const Hash& r3 = t.roots[3];
  const Hash& r10 = t.roots[10];
  EXPECT_EQ(VerifyConsistency(10, 3, r10, r3, proof).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(0, 10, EmptyRoot(), r10, {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(3, 3, r3, r3, proof).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(3, 10, r3, r10, {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(3, 10, r3, r10, {proof.begin(), proof.end() - 1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(3, 10, r3, t.roots[9], proof).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyConsistency(3, 10, t.roots[2], r10, proof).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyConsistency(3, 3, r3, r10, {}).code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(VerifyConsistency(3, 10, r3, r10, proof).ok());
  EXPECT_TRUE(VerifyConsistency(3, 3, r3, r3, {}).ok());
}

TEST(MerkleErrors, EmptyTreeIsConsistentOnlyWithItselfUnderEmptyRoot) {
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}).ok());
  const Hash other = HashLeaf("not empty");
  EXPECT_EQ(VerifyConsistency(0, 0, other, other, {}).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {other}).code(),
            absl::StatusCode::kInvalidArgument);
}

// Random and extreme parameters with random proofs: every verdict is a
// rejection, and nothing crashes or trips the sanitizers.
TEST(MerkleErrors, VerifiersRejectGarbageWithoutCrashing) {
  std::mt19937_64 rng(9162);
  const uint64_t specials[] = {0, 1, 2, 3, kMax / 2, (kMax / 2) + 1, kMax - 1, kMax};
  auto pick = [&]() { return rng() % 3 == 0 ? specials[rng() % 8] : rng() >> (rng() % 64); };
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<Hash> proof(rng() % 130);
    for (Hash& h : proof) h = HashLeaf(std::to_string(rng()));
    const Hash a = HashLeaf(std::to_string(rng()));
    const Hash b = HashLeaf(std::to_string(rng()));
    const uint64_t x = pick();
    const uint64_t y = pick();
    EXPECT_FALSE(VerifyInclusion(a, x, y, proof, b).ok()) << x << "/" << y;
    EXPECT_FALSE(VerifyConsistency(x, y, a, b, proof).ok()) << x << "->" << y;
  }
}

// ---------------------------------------------------------------------------
// CompactRange.

TEST(MerkleCompactRange, EmptyRangeHasEmptyRoot) {
  CompactRange range;
  EXPECT_EQ(range.size(), 0u);
  EXPECT_EQ(range.Root(), EmptyRoot());
}

TEST(MerkleCompactRange, RootEqualsRootAtOverEmittedNodesAfterEveryAppend) {
  RandomTree& t = Random300();
  for (uint64_t n = 0; n <= kRandomLeaves; ++n) {
    EXPECT_EQ(t.ranges[n].size(), n);
    EXPECT_EQ(t.ranges[n].Root(), t.roots[n]) << n;
    EXPECT_EQ(*RootAt(t.nodes, n), t.ranges[n].Root()) << n;
  }
}

TEST(MerkleCompactRange, AppendEmitsLeafThenEachParentItCompletesOnce) {
  RandomTree& t = Random300();
  CompactRange range;
  std::set<std::pair<int, uint64_t>> seen;
  for (uint64_t i = 0; i < kRandomLeaves; ++i) {
    std::vector<std::pair<int, uint64_t>> emitted;
    range.Append(t.leaves[i], [&](int level, uint64_t index, const Hash& hash) {
      emitted.push_back({level, index});
      EXPECT_TRUE(seen.insert({level, index}).second);
      const uint64_t begin = index << level;
      EXPECT_EQ(hash, RefMth(t.leaves, begin, begin + (uint64_t{1} << level)));
    });
    ASSERT_FALSE(emitted.empty());
    EXPECT_EQ(emitted[0], std::make_pair(0, i));
    for (size_t j = 1; j < emitted.size(); ++j) {
      EXPECT_EQ(emitted[j], std::make_pair(static_cast<int>(j), i >> j));
    }
    // The parents it closes are those of the trailing 1 bits of i.
    EXPECT_EQ(emitted.size(), static_cast<size_t>(1 + __builtin_ctzll(~i)));
  }
  EXPECT_EQ(seen.size(), 2 * kRandomLeaves - __builtin_popcountll(kRandomLeaves));
  EXPECT_EQ(seen.size(), t.nodes.nodes().size());
}

TEST(MerkleCompactRange, AppendWithoutSinkStillGrows) {
  CompactRange range;
  range.Append(HashLeaf("a"), nullptr);
  range.Append(HashLeaf("b"), CompactRange::NodeSink());
  EXPECT_EQ(range.size(), 2u);
  EXPECT_EQ(range.Root(), HashChildren(HashLeaf("a"), HashLeaf("b")));
}

TEST(MerkleCompactRange, LoadReadsOneNodePerSetBitAndContinuesIdentically) {
  RandomTree& t = Random300();
  for (uint64_t n = 0; n <= kRandomLeaves; ++n) {
    t.nodes.ResetCounts();
    absl::StatusOr<CompactRange> loaded = CompactRange::Load(t.nodes, n);
    ASSERT_TRUE(loaded.ok()) << n << ": " << loaded.status();
    EXPECT_EQ(t.nodes.reads(), static_cast<size_t>(__builtin_popcountll(n)));
    EXPECT_EQ(loaded->size(), n);
    EXPECT_EQ(loaded->Root(), t.roots[n]);
    CompactRange live = t.ranges[n];
    for (uint64_t i = n; i < std::min(n + 40, kRandomLeaves); ++i) {
      std::vector<std::tuple<int, uint64_t, Hash>> from_loaded, from_live;
      loaded->Append(t.leaves[i],
                     [&](int l, uint64_t x, const Hash& h) { from_loaded.emplace_back(l, x, h); });
      live.Append(t.leaves[i],
                  [&](int l, uint64_t x, const Hash& h) { from_live.emplace_back(l, x, h); });
      EXPECT_EQ(from_loaded, from_live) << n << " + " << i - n;
      EXPECT_EQ(loaded->Root(), t.roots[i + 1]);
    }
  }
}

TEST(MerkleCompactRange, LoadOfHugeSizeReadsOneNodePerSetBit) {
  UniformNodes nodes;
  for (uint64_t size : {(uint64_t{1} << 40) + 3, kMax - 1}) {
    nodes.ResetCounts();
    absl::StatusOr<CompactRange> range = CompactRange::Load(nodes, size);
    ASSERT_TRUE(range.ok()) << range.status();
    EXPECT_EQ(nodes.reads(), static_cast<size_t>(__builtin_popcountll(size)));
    EXPECT_EQ(range->Root(), *RootAt(nodes, size));
    std::vector<int> levels;
    range->Append(HashLeaf("same"),
                  [&](int level, uint64_t, const Hash&) { levels.push_back(level); });
    EXPECT_EQ(range->size(), size + 1);
    EXPECT_EQ(range->Root(), *RootAt(nodes, size + 1));
    EXPECT_EQ(levels.size(), static_cast<size_t>(1 + __builtin_ctzll(~size)));
  }
}

}  // namespace
}  // namespace minhbach::storage::merkle
