// Merkle proof verification (storage/merkle.h).
//
// 1. Sizes, index, roots, leaf and proof hashes taken from the bytes go to
//    VerifyInclusion and VerifyConsistency, which must answer OK,
//    InvalidArgument or DataLoss, and OK exactly when an independent
//    recursive verifier written here from RFC 9162 section 2.1 says so.
// 2. A real tree of up to 300 leaves from the bytes (CompactRange, nodes kept
//    in memory): RootAt agrees with the range's root at every size, a genuine
//    inclusion and consistency proof verify, and changing one byte of any
//    proof element (or of a root or the leaf) makes them fail.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "storage/merkle.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using minhbach::storage::merkle::CompactRange;
using minhbach::storage::merkle::Hash;
using minhbach::storage::merkle::HashChildren;
using minhbach::storage::merkle::HashLeaf;
using minhbach::storage::merkle::NodeReader;
namespace merkle = minhbach::storage::merkle;

class MemoryNodes : public NodeReader {
 public:
  absl::StatusOr<Hash> GetNode(int level, uint64_t index) override {
    auto found = nodes_.find({level, index});
    if (found == nodes_.end()) return absl::NotFoundError("no such node");
    return found->second;
  }
  void Put(int level, uint64_t index, const Hash& hash) { nodes_[{level, index}] = hash; }

 private:
  std::map<std::pair<int, uint64_t>, Hash> nodes_;
};

// The largest power of two strictly below n (n >= 2).
uint64_t Split(uint64_t n) {
  uint64_t k = 1;
  while (k < n - k) k <<= 1;
  return k;
}

// RFC 9162 2.1.3.1 PATH(m, D[n]) read backwards: the proof is the path of the
// subtree holding leaf m, then the sibling at this level. Consumes proof
// elements from the back; nullopt when the proof is too short or too long.
std::optional<Hash> RootFromPath(const Hash& leaf, uint64_t m, uint64_t n,
                                 const std::vector<Hash>& proof, size_t count) {
  if (n == 1) return count == 0 ? std::optional<Hash>(leaf) : std::nullopt;
  if (count == 0) return std::nullopt;
  const Hash& sibling = proof[count - 1];
  const uint64_t k = Split(n);
  if (m < k) {
    std::optional<Hash> left = RootFromPath(leaf, m, k, proof, count - 1);
    if (!left) return std::nullopt;
    return HashChildren(*left, sibling);
  }
  std::optional<Hash> right = RootFromPath(leaf, m - k, n - k, proof, count - 1);
  if (!right) return std::nullopt;
  return HashChildren(sibling, *right);
}

bool ReferenceInclusion(const Hash& leaf, uint64_t index, uint64_t size,
                        const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return false;
  std::optional<Hash> computed = RootFromPath(leaf, index, size, proof, proof.size());
  return computed && *computed == root;
}

// RFC 9162 2.1.4.1 SUBPROOF(m, D[n], b) read backwards: returns the
// (old subtree, new subtree) hashes the proof implies.
std::optional<std::pair<Hash, Hash>> SubproofRoots(uint64_t m, uint64_t n, bool b,
                                                   const Hash& old_root,
                                                   const std::vector<Hash>& proof, size_t count) {
  if (m == n) {
    if (b) return count == 0 ? std::optional(std::make_pair(old_root, old_root)) : std::nullopt;
    return count == 1 ? std::optional(std::make_pair(proof[0], proof[0])) : std::nullopt;
  }
  if (count == 0) return std::nullopt;
  const Hash& sibling = proof[count - 1];
  const uint64_t k = Split(n);
  if (m <= k) {
    auto left = SubproofRoots(m, k, b, old_root, proof, count - 1);
    if (!left) return std::nullopt;
    return std::make_pair(left->first, HashChildren(left->second, sibling));
  }
  auto right = SubproofRoots(m - k, n - k, false, old_root, proof, count - 1);
  if (!right) return std::nullopt;
  return std::make_pair(HashChildren(sibling, right->first), HashChildren(sibling, right->second));
}

bool ReferenceConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                          const Hash& new_root, const std::vector<Hash>& proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) {
    return proof.empty() && old_root == new_root &&
           (old_size > 0 || old_root == merkle::EmptyRoot());
  }
  if (old_size == 0) return false;
  auto roots = SubproofRoots(old_size, new_size, true, old_root, proof, proof.size());
  return roots && roots->first == old_root && roots->second == new_root;
}

bool Answered(const absl::Status& status) {
  return status.ok() || absl::IsInvalidArgument(status) || absl::IsDataLoss(status);
}

Hash ConsumeHash(FuzzedDataProvider& in) {
  Hash hash{};
  const std::vector<uint8_t> bytes = in.ConsumeBytes<uint8_t>(hash.size());
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

// Small numbers most of the time: they are where the tree has its shapes.
uint64_t ConsumeSize(FuzzedDataProvider& in) {
  return in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 70)
                          : in.ConsumeIntegral<uint64_t>();
}

void FuzzArbitraryProofs(FuzzedDataProvider& in) {
  const uint64_t index = ConsumeSize(in);
  const uint64_t size = ConsumeSize(in);
  const uint64_t old_size = ConsumeSize(in);
  const uint64_t new_size = ConsumeSize(in);
  const Hash leaf = ConsumeHash(in);
  const Hash root = ConsumeHash(in);
  const Hash old_root = ConsumeHash(in);
  std::vector<Hash> proof(in.ConsumeIntegralInRange<size_t>(0, 130));
  for (Hash& hash : proof) hash = ConsumeHash(in);

  const absl::Status inclusion = merkle::VerifyInclusion(leaf, index, size, proof, root);
  FUZZ_CHECK(Answered(inclusion));
  FUZZ_CHECK(inclusion.ok() == ReferenceInclusion(leaf, index, size, proof, root));
  if (index >= size) FUZZ_CHECK(absl::IsInvalidArgument(inclusion));

  const absl::Status consistency =
      merkle::VerifyConsistency(old_size, new_size, old_root, root, proof);
  FUZZ_CHECK(Answered(consistency));
  FUZZ_CHECK(consistency.ok() == ReferenceConsistency(old_size, new_size, old_root, root, proof));
  if (old_size > new_size) FUZZ_CHECK(absl::IsInvalidArgument(consistency));
}

// Flips bits of one byte (chosen by `in`) of `hash`.
void Tamper(FuzzedDataProvider& in, Hash& hash) {
  hash[in.ConsumeIntegralInRange<size_t>(0, hash.size() - 1)] ^=
      in.ConsumeIntegralInRange<uint8_t>(1, 255);
}

void FuzzRealTree(FuzzedDataProvider& in) {
  const uint64_t n = in.ConsumeIntegralInRange<uint64_t>(1, 300);
  MemoryNodes nodes;
  CompactRange range;
  std::vector<Hash> leaves;
  std::vector<Hash> roots = {range.Root()};  // roots[s]: root of the first s leaves
  FUZZ_CHECK(roots[0] == merkle::EmptyRoot());
  const auto sink = [&nodes](int level, uint64_t index, const Hash& hash) {
    nodes.Put(level, index, hash);
  };
  for (uint64_t i = 0; i < n; ++i) {
    // Leaves repeat often (few distinct bytes): proofs must hold even then.
    leaves.push_back(HashLeaf(in.ConsumeBytesAsString(in.ConsumeIntegralInRange<size_t>(0, 2))));
    range.Append(leaves.back(), sink);
    FUZZ_CHECK(range.size() == i + 1);
    roots.push_back(range.Root());
  }
  const uint64_t probe = in.ConsumeIntegralInRange<uint64_t>(0, n);
  absl::StatusOr<Hash> root_at = merkle::RootAt(nodes, probe);
  FUZZ_CHECK(root_at.ok() && *root_at == roots[probe]);
  absl::StatusOr<CompactRange> loaded = CompactRange::Load(nodes, probe);
  FUZZ_CHECK(loaded.ok() && loaded->size() == probe && loaded->Root() == roots[probe]);

  // Inclusion of leaf `index` in the tree of `size` leaves.
  const uint64_t size = in.ConsumeIntegralInRange<uint64_t>(1, n);
  const uint64_t index = in.ConsumeIntegralInRange<uint64_t>(0, size - 1);
  absl::StatusOr<std::vector<Hash>> inclusion = merkle::InclusionProof(nodes, index, size);
  FUZZ_CHECK(inclusion.ok());
  FUZZ_CHECK(merkle::VerifyInclusion(leaves[index], index, size, *inclusion, roots[size]).ok());
  FUZZ_CHECK(ReferenceInclusion(leaves[index], index, size, *inclusion, roots[size]));
  for (size_t i = 0; i < inclusion->size(); ++i) {
    std::vector<Hash> bad = *inclusion;
    Tamper(in, bad[i]);
    const absl::Status status =
        merkle::VerifyInclusion(leaves[index], index, size, bad, roots[size]);
    FUZZ_CHECK(absl::IsDataLoss(status));
  }
  Hash bad_leaf = leaves[index];
  Tamper(in, bad_leaf);
  FUZZ_CHECK(!merkle::VerifyInclusion(bad_leaf, index, size, *inclusion, roots[size]).ok());
  Hash bad_root = roots[size];
  Tamper(in, bad_root);
  FUZZ_CHECK(!merkle::VerifyInclusion(leaves[index], index, size, *inclusion, bad_root).ok());

  // Consistency between the trees of old_size <= new_size leaves.
  const uint64_t new_size = in.ConsumeIntegralInRange<uint64_t>(0, n);
  const uint64_t old_size = in.ConsumeIntegralInRange<uint64_t>(0, new_size);
  absl::StatusOr<std::vector<Hash>> consistency =
      merkle::ConsistencyProof(nodes, old_size, new_size);
  FUZZ_CHECK(consistency.ok());
  const absl::Status verified =
      merkle::VerifyConsistency(old_size, new_size, roots[old_size], roots[new_size], *consistency);
  if (old_size == 0 && new_size > 0) {
    FUZZ_CHECK(absl::IsInvalidArgument(verified));  // RFC 9162 has no proof from the empty tree
    return;
  }
  FUZZ_CHECK(verified.ok());
  FUZZ_CHECK(
      ReferenceConsistency(old_size, new_size, roots[old_size], roots[new_size], *consistency));
  FUZZ_CHECK(consistency->empty() == (old_size == new_size));
  for (size_t i = 0; i < consistency->size(); ++i) {
    std::vector<Hash> bad = *consistency;
    Tamper(in, bad[i]);
    const absl::Status status =
        merkle::VerifyConsistency(old_size, new_size, roots[old_size], roots[new_size], bad);
    FUZZ_CHECK(absl::IsDataLoss(status));
  }
  Hash bad_old = roots[old_size];
  Tamper(in, bad_old);
  FUZZ_CHECK(
      !merkle::VerifyConsistency(old_size, new_size, bad_old, roots[new_size], *consistency).ok());
  Hash bad_new = roots[new_size];
  Tamper(in, bad_new);
  FUZZ_CHECK(
      !merkle::VerifyConsistency(old_size, new_size, roots[old_size], bad_new, *consistency).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  // The last byte (FuzzedDataProvider takes integers from the end) chooses
  // arbitrary proofs or a real tree.
  if (in.ConsumeBool()) {
    FuzzArbitraryProofs(in);
  } else {
    FuzzRealTree(in);
  }
  return 0;
}
