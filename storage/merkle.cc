#include "storage/merkle.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <utility>

#include "storage/status_macros.h"

namespace minhbach::storage::merkle {
namespace {

constexpr uint64_t kMaxSize = ~uint64_t{0};

absl::string_view AsBytes(const Hash& hash) {
  return absl::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

// The contract gives hashing no error channel, and OpenSSL fails here only on
// allocation failure or a broken provider setup. A made-up hash would silently
// corrupt a tamper-evident log, so stop instead.
[[noreturn]] void DieOnOpenSslFailure() {
  std::fputs("minhbach merkle: OpenSSL SHA-256 failed\n", stderr);
  std::abort();
}

const EVP_MD* Sha256Md() {
  // Fetched once: an implicit fetch on every digest is measurably slow in OpenSSL 3.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md;
}

// SHA-256 of the concatenation of `parts`.
Hash Sha256(std::initializer_list<absl::string_view> parts) {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           &EVP_MD_CTX_free);
  const EVP_MD* md = Sha256Md();
  bool ok = md != nullptr && ctx != nullptr && EVP_DigestInit_ex(ctx.get(), md, nullptr) == 1;
  for (absl::string_view part : parts) {
    ok = ok && (part.empty() || EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1);
  }
  Hash out;
  unsigned int length = 0;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), out.data(), &length) == 1 && length == out.size();
  if (!ok) DieOnOpenSslFailure();
  return out;
}

int BitLength(uint64_t x) { return x == 0 ? 0 : 64 - __builtin_clzll(x); }
int PopCount(uint64_t x) { return __builtin_popcountll(x); }
bool IsPowerOfTwo(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

// RFC 6962's split point k: the largest power of two strictly below n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return uint64_t{1} << (BitLength(n - 1) - 1); }

// MTH of a list of perfect subtrees, largest (leftmost) first: they nest to the right.
Hash FoldPeaks(const std::vector<Hash>& peaks) {
  if (peaks.empty()) return EmptyRoot();
  Hash root = peaks.back();
  for (size_t i = peaks.size() - 1; i-- > 0;) root = HashChildren(peaks[i], root);
  return root;
}

// Reads the perfect subtrees that make up leaves [begin, begin + count), largest
// first. begin must be a multiple of count's highest power of two, which holds
// for every range the RFC recursion produces; then each subtree is one stored node.
absl::StatusOr<std::vector<Hash>> ReadPeaks(NodeReader& nodes, uint64_t begin, uint64_t count) {
  std::vector<Hash> peaks;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((count & width) == 0) continue;
    ASSIGN_OR_RETURN(Hash peak, nodes.GetNode(level, begin >> level));
    peaks.push_back(peak);
    begin += width;  // stays <= the range's end, so cannot overflow
  }
  return peaks;
}

// MTH(D[begin : begin + count]), count >= 1, with begin aligned as for ReadPeaks.
absl::StatusOr<Hash> RangeHash(NodeReader& nodes, uint64_t begin, uint64_t count) {
  ASSIGN_OR_RETURN(std::vector<Hash> peaks, ReadPeaks(nodes, begin, count));
  return FoldPeaks(peaks);
}

// Number of hashes in the inclusion proof of leaf index < size: the levels below
// the point where the paths to `index` and `size - 1` part ("inner"), plus one
// per left sibling above it on the right border.
uint64_t InclusionProofLength(uint64_t index, uint64_t size) {
  const int inner = BitLength(index ^ (size - 1));
  const int border = inner >= 64 ? 0 : PopCount(index >> inner);
  return static_cast<uint64_t>(inner) + static_cast<uint64_t>(border);
}

// Number of hashes in the consistency proof for 0 < old_size < new_size: the
// inclusion proof of leaf old_size - 1 without the levels inside old_size's
// last perfect subtree, plus that subtree's hash unless it is the whole old tree.
uint64_t ConsistencyProofLength(uint64_t old_size, uint64_t new_size) {
  const int shift = __builtin_ctzll(old_size);
  const uint64_t seed = IsPowerOfTwo(old_size) ? 0 : 1;
  return seed + InclusionProofLength(old_size - 1, new_size) - static_cast<uint64_t>(shift);
}

// RFC 9162 2.1.3.2 steps 2-5, for a proof already known to have the right length.
absl::Status CheckInclusionPath(const Hash& leaf_hash, uint64_t index, uint64_t size,
                                const std::vector<Hash>& proof, const Hash& root) {
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return absl::DataLossError("inclusion proof is longer than the path");
    if ((fn & 1) != 0 || fn == sn) {
      r = HashChildren(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return absl::DataLossError("inclusion proof is shorter than the path");
  if (r != root) return absl::DataLossError("inclusion proof does not lead to the root");
  return absl::OkStatus();
}

// RFC 9162 2.1.4.2 steps 2-7 for 0 < old_size < new_size, for a proof already
// known to have the right length. Step 2's prepended old_root is `seed`.
absl::Status CheckConsistencyPath(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                                  const Hash& new_root, const std::vector<Hash>& proof) {
  const bool implicit_seed = IsPowerOfTwo(old_size);
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = implicit_seed ? old_root : proof[0];
  Hash sr = fr;
  for (size_t i = implicit_seed ? 0 : 1; i < proof.size(); ++i) {
    const Hash& c = proof[i];
    if (sn == 0) return absl::DataLossError("consistency proof is longer than the path");
    if ((fn & 1) != 0 || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return absl::DataLossError("consistency proof is shorter than the path");
  if (fr != old_root) return absl::DataLossError("consistency proof does not lead to old root");
  if (sr != new_root) return absl::DataLossError("consistency proof does not lead to new root");
  return absl::OkStatus();
}

// Consistency of equal sizes needs no proof: the roots must simply agree, and
// the empty tree has only one root.
absl::Status CheckSameSize(uint64_t size, const Hash& old_root, const Hash& new_root,
                           const std::vector<Hash>& proof) {
  if (!proof.empty()) return absl::InvalidArgumentError("proof between equal sizes must be empty");
  if (old_root != new_root) return absl::DataLossError("roots of equal sizes differ");
  if (size == 0 && old_root != EmptyRoot()) {
    return absl::DataLossError("root of the empty tree is not EmptyRoot()");
  }
  return absl::OkStatus();
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Hash HashLeaf(absl::string_view leaf_bytes) {
  return Sha256({absl::string_view("\x00", 1), leaf_bytes});
}

Hash HashChildren(const Hash& left, const Hash& right) {
  return Sha256({absl::string_view("\x01", 1), AsBytes(left), AsBytes(right)});
}

Hash EmptyRoot() { return Sha256({}); }

std::string ToHex(const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * hash.size());
  for (uint8_t byte : hash) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xf]);
  }
  return hex;
}

absl::StatusOr<Hash> HashFromHex(absl::string_view hex) {
  Hash hash;
  if (hex.size() != 2 * hash.size()) {
    return absl::InvalidArgumentError("a hash is 64 hex digits");
  }
  for (size_t i = 0; i < hash.size(); ++i) {
    const int high = HexDigit(hex[2 * i]);
    const int low = HexDigit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return absl::InvalidArgumentError("not a hex digit in hash");
    hash[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return hash;
}

absl::StatusOr<Hash> RootAt(NodeReader& nodes, uint64_t size) {
  if (size == 0) return EmptyRoot();
  return RangeHash(nodes, 0, size);
}

// RFC 9162 2.1.3.1 PATH, unrolled: walk down from the root, noting the sibling
// of the subtree holding the leaf at each split; the proof lists them bottom-up.
// Reads: only the sibling at the first left turn can be a non-perfect range
// (it ends at `size`); below it every subtree is perfect, and going right the
// sibling is always the perfect left half. So each sibling is one node except
// that one (a node per set bit), the siblings are disjoint, and no node is read
// twice: at most 64 + 64 reads, with nothing to memoise.
absl::StatusOr<std::vector<Hash>> InclusionProof(NodeReader& nodes, uint64_t index, uint64_t size) {
  if (index >= size) return absl::InvalidArgumentError("inclusion proof index >= tree size");
  std::vector<Hash> proof;
  uint64_t begin = 0;  // the current subtree is leaves [begin, begin + count)
  uint64_t count = size;
  while (count > 1) {
    const uint64_t k = SplitPoint(count);
    const bool go_left = index - begin < k;
    const uint64_t sibling_begin = go_left ? begin + k : begin;
    ASSIGN_OR_RETURN(Hash sibling, RangeHash(nodes, sibling_begin, go_left ? count - k : k));
    proof.push_back(sibling);
    if (!go_left) begin += k;
    count = go_left ? k : count - k;
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

// RFC 9162 2.1.4.1 SUBPROOF, unrolled like InclusionProof (and reading like
// it, plus one node). The recursion ends at a perfect subtree of exactly
// old_size's remaining leaves; its hash leads the proof unless that subtree is
// the whole old tree (the verifier has its root).
absl::StatusOr<std::vector<Hash>> ConsistencyProof(NodeReader& nodes, uint64_t old_size,
                                                   uint64_t new_size) {
  if (old_size > new_size) return absl::InvalidArgumentError("consistency old_size > new_size");
  if (old_size == 0 || old_size == new_size) return std::vector<Hash>();
  std::vector<Hash> top_down;
  uint64_t begin = 0;
  uint64_t count = new_size;
  uint64_t m = old_size;  // old leaves within the current subtree
  while (m != count) {
    const uint64_t k = SplitPoint(count);
    const bool go_left = m <= k;
    const uint64_t sibling_begin = go_left ? begin + k : begin;
    ASSIGN_OR_RETURN(Hash sibling, RangeHash(nodes, sibling_begin, go_left ? count - k : k));
    top_down.push_back(sibling);
    if (!go_left) {
      begin += k;
      m -= k;
    }
    count = go_left ? k : count - k;
  }
  std::vector<Hash> proof;
  if (begin != 0) {  // went right at least once: the old tree is not this subtree
    ASSIGN_OR_RETURN(Hash seed, RangeHash(nodes, begin, count));
    proof.push_back(seed);
  }
  proof.insert(proof.end(), top_down.rbegin(), top_down.rend());
  return proof;
}

absl::Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                             const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return absl::InvalidArgumentError("inclusion index >= tree size");
  if (proof.size() != InclusionProofLength(index, size)) {
    return absl::InvalidArgumentError("inclusion proof has the wrong length for index and size");
  }
  return CheckInclusionPath(leaf_hash, index, size, proof, root);
}

// Consistency from the empty tree is rejected, as RFC 9162 defines consistency
// proofs only for 0 < old_size: it proves nothing; compare old_root with
// EmptyRoot() instead.
absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, const std::vector<Hash>& proof) {
  if (old_size > new_size) return absl::InvalidArgumentError("consistency old_size > new_size");
  if (old_size == new_size) return CheckSameSize(old_size, old_root, new_root, proof);
  if (old_size == 0) return absl::InvalidArgumentError("consistency from the empty tree");
  if (proof.size() != ConsistencyProofLength(old_size, new_size)) {
    return absl::InvalidArgumentError("consistency proof has the wrong length for the sizes");
  }
  return CheckConsistencyPath(old_size, new_size, old_root, new_root, proof);
}

absl::StatusOr<CompactRange> CompactRange::Load(NodeReader& nodes, uint64_t size) {
  CompactRange range;
  ASSIGN_OR_RETURN(range.peaks_, ReadPeaks(nodes, 0, size));
  range.size_ = size;
  return range;
}

// Like binary increment: each trailing 1 bit of size_ is a peak as wide as the
// new node, so the two merge into their parent, which carries on upwards.
void CompactRange::Append(const Hash& leaf_hash, const NodeSink& sink) {
  // 2^64 - 1 leaves is the most a uint64_t size can count; the next leaf has
  // no index. Unreachable in practice, and the contract has no error channel.
  if (size_ == kMaxSize) return;
  Hash node = leaf_hash;
  uint64_t index = size_;
  int level = 0;
  if (sink) sink(level, index, node);
  while ((index & 1) != 0) {
    node = HashChildren(peaks_.back(), node);
    peaks_.pop_back();
    index >>= 1;
    ++level;
    if (sink) sink(level, index, node);
  }
  peaks_.push_back(node);
  ++size_;
}

Hash CompactRange::Root() const { return FoldPeaks(peaks_); }

}  // namespace minhbach::storage::merkle
