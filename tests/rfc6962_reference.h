// RFC 6962 section 2.1 by its definitions, independently of
// storage/merkle.cc: what tests recompute a tree, its proofs and its tiles
// with. Slow (recursive, one-shot SHA-256) and meant to be obviously right.
#ifndef MINHBACH_TESTS_RFC6962_REFERENCE_H_
#define MINHBACH_TESTS_RFC6962_REFERENCE_H_

#include <openssl/sha.h>

#include <cstdint>
#include <string>
#include <vector>

namespace minhbach::testing::rfc6962 {

using Bytes = std::string;  // a 32-byte hash

inline Bytes Sha256(const std::string& data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return Bytes(reinterpret_cast<char*>(out), sizeof out);
}
inline Bytes Leaf(const std::string& raw) { return Sha256(std::string(1, '\0') + raw); }
inline Bytes Node(const Bytes& l, const Bytes& r) { return Sha256(std::string(1, '\1') + l + r); }

// MTH(D[lo:hi]) by the definition: split at the largest power of two < n.
inline Bytes TreeHash(const std::vector<Bytes>& leaves, uint64_t lo, uint64_t hi) {
  const uint64_t n = hi - lo;
  if (n == 0) return Sha256("");
  if (n == 1) return leaves[lo];
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return Node(TreeHash(leaves, lo, lo + k), TreeHash(leaves, lo + k, hi));
}

// PATH(m, D[lo:hi]) by the definition (section 2.1.1).
inline std::vector<Bytes> Path(const std::vector<Bytes>& leaves, uint64_t m, uint64_t lo,
                               uint64_t hi) {
  const uint64_t n = hi - lo;
  if (n <= 1) return {};
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  std::vector<Bytes> path;
  if (m < k) {
    path = Path(leaves, m, lo, lo + k);
    path.push_back(TreeHash(leaves, lo + k, hi));
  } else {
    path = Path(leaves, m - k, lo + k, hi);
    path.push_back(TreeHash(leaves, lo, lo + k));
  }
  return path;
}

// SUBPROOF(m, D[lo:hi], b) by the definition (section 2.1.2).
inline std::vector<Bytes> SubProof(const std::vector<Bytes>& leaves, uint64_t m, uint64_t lo,
                                   uint64_t hi, bool b) {
  const uint64_t n = hi - lo;
  if (m == n) return b ? std::vector<Bytes>{} : std::vector<Bytes>{TreeHash(leaves, lo, hi)};
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  std::vector<Bytes> proof;
  if (m <= k) {
    proof = SubProof(leaves, m, lo, lo + k, b);
    proof.push_back(TreeHash(leaves, lo + k, hi));
  } else {
    proof = SubProof(leaves, m - k, lo + k, hi, false);
    proof.push_back(TreeHash(leaves, lo, lo + k));
  }
  return proof;
}

}  // namespace minhbach::testing::rfc6962

#endif  // MINHBACH_TESTS_RFC6962_REFERENCE_H_
