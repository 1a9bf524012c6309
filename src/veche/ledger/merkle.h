// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// RFC 9162 Merkle tree hashing, the incremental (compact range) tree, and inclusion / consistency
// proofs: generation over any source of stored subtree hashes, and verification. Pure: no I/O.

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/crypto/sha256.h"

namespace veche::ledger {

using Hash = crypto::Sha256Digest;
constexpr size_t kHashSize = crypto::kSha256Size;

// SHA-256(0x00 || entry).
Hash LeafHash(ByteView entry);
// SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256(""): the root of the empty tree.
Hash EmptyRoot();
// Converts 32 bytes to a Hash; kInvalidArgument for any other length.
Result<Hash> HashFromBytes(ByteView bytes);

// The right edge of a tree: the roots of its maximal perfect subtrees, largest (leftmost) first.
// Appending costs O(1) amortised hashes; the root costs O(log n).
class CompactRange {
 public:
  CompactRange() = default;
  // Rebuilds from a stored edge. Contract-checked: kInvalidArgument unless
  // edge.size() == popcount(size).
  static Result<CompactRange> FromEdge(std::uint64_t size, std::vector<Hash> edge);

  // Called for every node the append completes (level 0 = the leaf itself), bottom-up.
  using NodeSink = std::function<void(int level, std::uint64_t index, const Hash& hash)>;
  void Append(const Hash& leaf_hash, const NodeSink& on_node = nullptr);

  std::uint64_t size() const { return size_; }
  const std::vector<Hash>& edge() const { return edge_; }
  Hash Root() const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Hash> edge_;
};

// Reads the hash of the perfect subtree at (level, index): leaves index*2^level ..
// (index+1)*2^level - 1. Errors propagate out of proof generation unchanged.
using SubtreeHashReader = std::function<Result<Hash>(int level, std::uint64_t index)>;

// MTH(D[begin:end]) for a range whose perfect-subtree decomposition is aligned (every range that
// RFC 9162 proofs use). Contract-checked: kInvalidArgument if begin >= end.
Result<Hash> RangeHash(std::uint64_t begin, std::uint64_t end, const SubtreeHashReader& read);

// RFC 9162 §2.1.3.1 PATH(index, D[0:size]). kInvalidArgument unless index < size.
Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t size, const SubtreeHashReader& read);
// RFC 9162 §2.1.4.1 PROOF(size1, D[0:size2]). kInvalidArgument unless 0 < size1 <= size2.
Result<std::vector<Hash>> ConsistencyProof(std::uint64_t size1, std::uint64_t size2, const SubtreeHashReader& read);

// RFC 9162 §2.1.3.2. OK if `proof` shows `leaf_hash` at `index` in the tree of `size` with `root`;
// otherwise kUnauthenticated (or kInvalidArgument for impossible parameters) saying why.
Status VerifyInclusion(std::uint64_t index, std::uint64_t size, ByteView leaf_hash, const std::vector<Bytes>& proof,
                       ByteView root);
// RFC 9162 §2.1.4.2. OK if the tree of size1/root1 is a prefix of the tree of size2/root2.
// Equal sizes need an empty proof and equal roots; size1 == 0 is refused (it proves nothing).
Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Bytes>& proof, ByteView root1,
                         ByteView root2);

// Convenience for callers holding Hash values.
std::vector<Bytes> ToBytesList(const std::vector<Hash>& hashes);

}  // namespace veche::ledger
