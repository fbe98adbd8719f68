// RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.
//
// Pure code: no I/O. Tree nodes are read through a NodeReader, so the same
// proof code serves the RocksDB-backed log and in-memory trees in tests.
//
// Node addressing: node (level, index) is the root of the perfect subtree that
// covers leaves [index << level, (index + 1) << level). Level 0 nodes are leaf
// hashes. Only such perfect-subtree nodes are ever stored; the hash of any other
// range is recomputed from O(log n) of them.
//
// Thread safety: free functions are thread-safe; a CompactRange is not (one owner).
#ifndef MINHBACH_STORAGE_MERKLE_H_
#define MINHBACH_STORAGE_MERKLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::storage::merkle {

using Hash = std::array<uint8_t, 32>;

// SHA-256(0x00 || leaf_bytes).
Hash HashLeaf(absl::string_view leaf_bytes);
// SHA-256(0x01 || left || right).
Hash HashChildren(const Hash& left, const Hash& right);
// SHA-256 of the empty string: the root of the tree of size 0.
Hash EmptyRoot();

// Lower-case hex, and its inverse (InvalidArgument on bad input).
std::string ToHex(const Hash& hash);
absl::StatusOr<Hash> HashFromHex(absl::string_view hex);

// Read access to stored perfect-subtree nodes.
class NodeReader {
 public:
  virtual ~NodeReader() = default;
  // Returns the hash of node (level, index), NotFound if it is not stored, or
  // another error if the store fails.
  virtual absl::StatusOr<Hash> GetNode(int level, uint64_t index) = 0;
};

// Root hash of the tree over leaves [0, size). Reads O(log size) nodes.
// size must not exceed the number of leaves whose nodes the reader holds.
absl::StatusOr<Hash> RootAt(NodeReader& nodes, uint64_t size);

// RFC 9162 2.1.3.1 inclusion proof (audit path) of leaf `index` in the tree of
// `size` leaves. InvalidArgument when index >= size. O(log size) node reads.
absl::StatusOr<std::vector<Hash>> InclusionProof(NodeReader& nodes, uint64_t index, uint64_t size);

// RFC 9162 2.1.4.1 consistency proof between the trees of old_size and
// new_size leaves. InvalidArgument when old_size > new_size. Empty when
// old_size == 0 or old_size == new_size. O(log new_size) node reads.
absl::StatusOr<std::vector<Hash>> ConsistencyProof(NodeReader& nodes, uint64_t old_size,
                                                   uint64_t new_size);

// RFC 9162 2.1.3.2: OK when `proof` shows that `leaf_hash` is leaf `index` of
// the tree of `size` leaves with root `root`; otherwise an error saying why
// (InvalidArgument for impossible parameters or a proof of the wrong length,
// DataLoss for a hash mismatch). The proof binds the index and size only
// through the path's shape: trust `size` and `root` together, as a signed
// checkpoint gives them.
absl::Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                             const std::vector<Hash>& proof, const Hash& root);

// RFC 9162 2.1.4.2: OK when `proof` shows that the tree of old_size leaves with
// root old_root is a prefix of the tree of new_size leaves with root new_root.
// Same error codes as VerifyInclusion. RFC 9162 defines no proof from the
// empty tree: old_size 0 with new_size > 0 is InvalidArgument (every tree
// extends the empty one; check old_root == EmptyRoot() instead).
absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, const std::vector<Hash>& proof);

// The right edge of a growing tree: the roots of the perfect subtrees that
// make up [0, size), largest first (at most 64). Appending a leaf needs no reads.
class CompactRange {
 public:
  // Called for every node an append completes: the leaf itself at level 0,
  // then each perfect parent it closes.
  using NodeSink = std::function<void(int level, uint64_t index, const Hash& hash)>;

  CompactRange() = default;  // the empty tree

  // Rebuilds the range of a tree of `size` leaves from its stored nodes.
  static absl::StatusOr<CompactRange> Load(NodeReader& nodes, uint64_t size);

  // Adds leaf number size() with hash `leaf_hash`, reporting new nodes to `sink`.
  void Append(const Hash& leaf_hash, const NodeSink& sink);

  uint64_t size() const { return size_; }
  // Root of the tree of size() leaves (EmptyRoot() when empty).
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> peaks_;  // one per set bit of size_, highest bit first
};

}  // namespace minhbach::storage::merkle

#endif  // MINHBACH_STORAGE_MERKLE_H_
