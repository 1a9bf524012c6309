// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/merkle.h"

#include <bit>
#include <cstring>
#include <string>

namespace veche::ledger {
namespace {

// Largest power of two strictly less than n. Contract: n > 1.
std::uint64_t SplitPoint(std::uint64_t n) {
  return std::bit_floor(n - 1);
}

thread_local crypto::Sha256 tls_hasher;

Status ProofError(std::string message) {
  return UnauthenticatedError(std::move(message));
}

Result<Hash> ProofHash(const Bytes& b, size_t i) {
  if (b.size() != kHashSize) {
    return InvalidArgumentError("proof hash " + std::to_string(i) + " is " + std::to_string(b.size()) +
                                " bytes, expected 32");
  }
  Hash h;
  std::memcpy(h.data(), b.data(), kHashSize);
  return h;
}

bool SameBytes(const Hash& h, ByteView b) {
  return Equal(h, b);
}

// One step of RFC 9162's proof walk (§2.1.3.2 step 3, §2.1.4.2 step 6) over the node indices fn
// and sn: returns whether the next proof hash is a left sibling, and moves fn and sn past the
// levels that hash covers.
bool WalkStep(std::uint64_t& fn, std::uint64_t& sn) {
  bool left = (fn & 1) || fn == sn;
  if (left) {
    while (!(fn & 1) && fn != 0) {
      fn >>= 1;
      sn >>= 1;
    }
  }
  fn >>= 1;
  sn >>= 1;
  return left;
}

}  // namespace

Hash LeafHash(ByteView entry) {
  return tls_hasher.Update(std::uint8_t{0x00}).Update(entry).Finish();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  return tls_hasher.Update(std::uint8_t{0x01}).Update(left).Update(right).Finish();
}

Hash EmptyRoot() {
  return crypto::Sha256Of({});
}

Result<Hash> HashFromBytes(ByteView bytes) {
  if (bytes.size() != kHashSize) {
    return InvalidArgumentError("a hash must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  Hash h;
  std::memcpy(h.data(), bytes.data(), kHashSize);
  return h;
}

Result<CompactRange> CompactRange::FromEdge(std::uint64_t size, std::vector<Hash> edge) {
  if (edge.size() != static_cast<size_t>(std::popcount(size))) {
    return InvalidArgumentError("a tree of size " + std::to_string(size) + " has " +
                                std::to_string(std::popcount(size)) + " edge hashes, got " +
                                std::to_string(edge.size()));
  }
  CompactRange range;
  range.size_ = size;
  range.edge_ = std::move(edge);
  return range;
}

void CompactRange::Append(const Hash& leaf_hash, const NodeSink& on_node) {
  Hash node = leaf_hash;
  std::uint64_t index = size_;
  int level = 0;
  if (on_node) on_node(0, index, node);
  // Each trailing 1 bit of the old size is a perfect subtree of the same height to merge with.
  for (std::uint64_t s = size_; s & 1; s >>= 1) {
    node = NodeHash(edge_.back(), node);
    edge_.pop_back();
    ++level;
    index >>= 1;
    if (on_node) on_node(level, index, node);
  }
  edge_.push_back(node);
  ++size_;
}

Hash CompactRange::Root() const {
  if (edge_.empty()) return EmptyRoot();
  Hash root = edge_.back();
  for (size_t i = edge_.size() - 1; i-- > 0;) root = NodeHash(edge_[i], root);
  return root;
}

Result<Hash> RangeHash(std::uint64_t begin, std::uint64_t end, const SubtreeHashReader& read) {
  if (begin >= end) return InvalidArgumentError("empty range");
  // Decompose into perfect subtrees, largest first, then fold from the right (RFC 9162's split
  // always puts the largest power of two on the left).
  std::vector<Hash> parts;
  std::uint64_t pos = begin;
  while (pos < end) {
    std::uint64_t size = std::bit_floor(end - pos);
    while (pos % size != 0) size >>= 1;  // stay aligned
    int level = std::countr_zero(size);
    VECHE_ASSIGN_OR_RETURN(Hash h, read(level, pos >> level));
    parts.push_back(h);
    pos += size;
  }
  Hash acc = parts.back();
  for (size_t i = parts.size() - 1; i-- > 0;) acc = NodeHash(parts[i], acc);
  return acc;
}

Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t size, const SubtreeHashReader& read) {
  if (index >= size) {
    return InvalidArgumentError("leaf index " + std::to_string(index) + " is not below tree size " +
                                std::to_string(size));
  }
  // Walk from the root down to the leaf, collecting the sibling of each step; emit leaf-first.
  std::vector<Hash> reversed;
  std::uint64_t lo = 0, hi = size;
  while (hi - lo > 1) {
    std::uint64_t k = SplitPoint(hi - lo);
    if (index < lo + k) {
      VECHE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo + k, hi, read));
      reversed.push_back(h);
      hi = lo + k;
    } else {
      VECHE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo, lo + k, read));
      reversed.push_back(h);
      lo += k;
    }
  }
  return std::vector<Hash>(reversed.rbegin(), reversed.rend());
}

Result<std::vector<Hash>> ConsistencyProof(std::uint64_t size1, std::uint64_t size2, const SubtreeHashReader& read) {
  if (size1 == 0 || size1 > size2) {
    return InvalidArgumentError("consistency proof needs 0 < size1 <= size2, got " + std::to_string(size1) + " and " +
                                std::to_string(size2));
  }
  // SUBPROOF(m, D[lo:hi], b), unrolled: each step descends into one half and records the other.
  std::vector<Hash> reversed;
  std::uint64_t lo = 0, hi = size2, m = size1;
  bool complete = true;  // b in RFC 9162: whether D[lo:lo+m] is the old tree itself
  while (m != hi - lo) {
    std::uint64_t k = SplitPoint(hi - lo);
    if (m <= k) {
      VECHE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo + k, hi, read));
      reversed.push_back(h);
      hi = lo + k;
    } else {
      VECHE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo, lo + k, read));
      reversed.push_back(h);
      lo += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) {
    VECHE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo, hi, read));
    reversed.push_back(h);
  }
  return std::vector<Hash>(reversed.rbegin(), reversed.rend());
}

Status VerifyInclusion(std::uint64_t index, std::uint64_t size, ByteView leaf_hash, const std::vector<Bytes>& proof,
                       ByteView root) {
  if (index >= size) {
    return InvalidArgumentError("leaf index " + std::to_string(index) + " is not below tree size " +
                                std::to_string(size));
  }
  VECHE_ASSIGN_OR_RETURN(Hash r, HashFromBytes(leaf_hash));
  std::uint64_t fn = index, sn = size - 1;
  for (size_t i = 0; i < proof.size(); ++i) {
    if (sn == 0) return ProofError("inclusion proof is longer than the tree is deep");
    VECHE_ASSIGN_OR_RETURN(Hash p, ProofHash(proof[i], i));
    r = WalkStep(fn, sn) ? NodeHash(p, r) : NodeHash(r, p);
  }
  if (sn != 0) return ProofError("inclusion proof is shorter than the tree is deep");
  if (!SameBytes(r, root)) return ProofError("inclusion proof does not lead to the root");
  return OkStatus();
}

Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, const std::vector<Bytes>& proof, ByteView root1,
                         ByteView root2) {
  if (size2 < size1) {
    return InvalidArgumentError("size2 " + std::to_string(size2) + " is below size1 " + std::to_string(size1));
  }
  if (size1 == 0) return InvalidArgumentError("consistency with the empty tree proves nothing");
  if (size1 == size2) {
    if (!proof.empty()) return ProofError("trees of equal size need an empty consistency proof");
    if (!Equal(root1, root2)) return ProofError("trees of equal size have different roots");
    return OkStatus();
  }
  if (proof.empty()) return ProofError("empty consistency proof");
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  // When size1 is a power of two the old root is itself a node of the new tree and is implied.
  if (std::has_single_bit(size1)) {
    VECHE_ASSIGN_OR_RETURN(Hash first, HashFromBytes(root1));
    path.push_back(first);
  }
  for (size_t i = 0; i < proof.size(); ++i) {
    VECHE_ASSIGN_OR_RETURN(Hash p, ProofHash(proof[i], i));
    path.push_back(p);
  }
  std::uint64_t fn = size1 - 1, sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return ProofError("consistency proof is longer than the tree is deep");
    const Hash& c = path[i];
    if (WalkStep(fn, sn)) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
    } else {
      sr = NodeHash(sr, c);
    }
  }
  if (sn != 0) return ProofError("consistency proof is shorter than the tree is deep");
  if (!SameBytes(fr, root1)) return ProofError("consistency proof does not lead to the old root");
  if (!SameBytes(sr, root2)) return ProofError("consistency proof does not lead to the new root");
  return OkStatus();
}

std::vector<Bytes> ToBytesList(const std::vector<Hash>& hashes) {
  std::vector<Bytes> out;
  out.reserve(hashes.size());
  for (const Hash& h : hashes) out.emplace_back(h.begin(), h.end());
  return out;
}

}  // namespace veche::ledger
