// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"
#include "veche/ledger/merkle.h"
#include "veche/ledger/test_paths.h"

namespace veche::ledger {
namespace {

namespace fs = std::filesystem;

// Naive RFC 9162 MTH straight from the definition, to check the optimised code against.
Hash NaiveRoot(const std::vector<Hash>& leaves, std::uint64_t lo, std::uint64_t hi) {
  if (hi == lo) return EmptyRoot();
  if (hi - lo == 1) return leaves[lo];
  std::uint64_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return NodeHash(NaiveRoot(leaves, lo, lo + k), NaiveRoot(leaves, lo + k, hi));
}

struct MemoryTree {
  std::vector<Hash> leaves;
  std::map<std::pair<int, std::uint64_t>, Hash> nodes;
  CompactRange range;
  void Add(ByteView entry) {
    Hash leaf = LeafHash(entry);
    leaves.push_back(leaf);
    range.Append(leaf, [&](int level, std::uint64_t index, const Hash& h) { nodes[{level, index}] = h; });
  }
  SubtreeHashReader Reader() const {
    return [this](int level, std::uint64_t index) -> Result<Hash> {
      auto it = nodes.find({level, index});
      if (it == nodes.end()) return NotFoundError("no node");
      return it->second;
    };
  }
};

MemoryTree TreeOf(int n) {
  MemoryTree t;
  for (int i = 0; i < n; ++i) t.Add(AsBytes("entry " + std::to_string(i)));
  return t;
}

Bytes B64(const nlohmann::json& j) {
  Result<Bytes> b = Base64Decode(j.get<std::string>());
  REQUIRE(b.ok());
  return *b;
}

std::vector<Bytes> B64List(const nlohmann::json& j) {
  std::vector<Bytes> out;
  if (j.is_null()) return out;
  for (const auto& e : j) out.push_back(B64(e));
  return out;
}

std::vector<fs::path> VectorFiles(const std::string& kind) {
  fs::path dir = testing::TestData() / "merkle" / kind;
  REQUIRE_MESSAGE(fs::is_directory(dir), "missing test vectors at " << dir.string());
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("hashes follow RFC 9162: empty tree, leaf and node prefixes") {
  CHECK(HexEncode(EmptyRoot()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // The transparency-dev single-entry vector: the leaf hash of the empty entry.
  CHECK(Base64Encode(LeafHash({})) == "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=");
  Hash a = LeafHash(AsBytes("a")), b = LeafHash(AsBytes("b"));
  Bytes manual = {0x01};
  Append(manual, a);
  Append(manual, b);
  CHECK(NodeHash(a, b) == crypto::Sha256Of(manual));
}

TEST_CASE("every transparency-dev inclusion vector is accepted or rejected as it says") {
  auto files = VectorFiles("inclusion");
  CHECK(files.size() > 80);
  for (const auto& file : files) {
    CAPTURE(file.string());
    nlohmann::json v = nlohmann::json::parse(std::ifstream(file));
    Status s = VerifyInclusion(v["leafIdx"].get<std::uint64_t>(), v["treeSize"].get<std::uint64_t>(),
                               B64(v["leafHash"]), B64List(v["proof"]), B64(v["root"]));
    CHECK(s.ok() == !v["wantErr"].get<bool>());
  }
}

TEST_CASE("every transparency-dev consistency vector is accepted or rejected as it says") {
  auto files = VectorFiles("consistency");
  CHECK(files.size() > 90);
  for (const auto& file : files) {
    CAPTURE(file.string());
    nlohmann::json v = nlohmann::json::parse(std::ifstream(file));
    Status s = VerifyConsistency(v["size1"].get<std::uint64_t>(), v["size2"].get<std::uint64_t>(), B64List(v["proof"]),
                                 B64(v["root1"]), B64(v["root2"]));
    CHECK(s.ok() == !v["wantErr"].get<bool>());
  }
}

TEST_CASE("the compact range root equals the naive root at every size") {
  MemoryTree t;
  CHECK(t.range.Root() == EmptyRoot());
  for (int n = 1; n <= 300; ++n) {
    t.Add(AsBytes("entry " + std::to_string(n - 1)));
    REQUIRE(t.range.Root() == NaiveRoot(t.leaves, 0, n));
  }
  auto rebuilt = CompactRange::FromEdge(t.range.size(), t.range.edge());
  REQUIRE(rebuilt.ok());
  CHECK(rebuilt->Root() == t.range.Root());
  CHECK_FALSE(CompactRange::FromEdge(7, {EmptyRoot()}).ok());
}

TEST_CASE("generated inclusion proofs verify for every leaf of every size up to 70 and fail when altered") {
  MemoryTree t = TreeOf(70);
  for (std::uint64_t size = 1; size <= 70; ++size) {
    Hash root = NaiveRoot(t.leaves, 0, size);
    for (std::uint64_t i = 0; i < size; ++i) {
      auto proof = InclusionProof(i, size, t.Reader());
      REQUIRE(proof.ok());
      auto bytes = ToBytesList(*proof);
      REQUIRE(VerifyInclusion(i, size, t.leaves[i], bytes, root).ok());
      if (!bytes.empty()) {
        bytes[0][5] ^= 1;
        CHECK_FALSE(VerifyInclusion(i, size, t.leaves[i], bytes, root).ok());
      }
      if (size > 1) CHECK_FALSE(VerifyInclusion((i + 1) % size, size, t.leaves[i], ToBytesList(*proof), root).ok());
    }
  }
  CHECK_FALSE(InclusionProof(5, 5, t.Reader()).ok());
}

TEST_CASE("generated consistency proofs verify for every pair of sizes up to 70 and fail when altered") {
  MemoryTree t = TreeOf(70);
  for (std::uint64_t size2 = 1; size2 <= 70; ++size2) {
    Hash root2 = NaiveRoot(t.leaves, 0, size2);
    for (std::uint64_t size1 = 1; size1 <= size2; ++size1) {
      Hash root1 = NaiveRoot(t.leaves, 0, size1);
      auto proof = ConsistencyProof(size1, size2, t.Reader());
      REQUIRE(proof.ok());
      auto bytes = ToBytesList(*proof);
      REQUIRE(VerifyConsistency(size1, size2, bytes, root1, root2).ok());
      if (size1 < size2) {
        Hash wrong = root1;
        wrong[0] ^= 1;
        CHECK_FALSE(VerifyConsistency(size1, size2, bytes, wrong, root2).ok());
        CHECK_FALSE(VerifyConsistency(size1, size2, bytes, root1, wrong).ok());
        bytes.pop_back();
        CHECK_FALSE(VerifyConsistency(size1, size2, bytes, root1, root2).ok());
      }
    }
  }
  CHECK_FALSE(ConsistencyProof(0, 5, t.Reader()).ok());
  CHECK_FALSE(ConsistencyProof(6, 5, t.Reader()).ok());
}

TEST_CASE("a missing stored hash surfaces as the reader's error") {
  MemoryTree t = TreeOf(10);
  SubtreeHashReader failing = [](int, std::uint64_t) -> Result<Hash> { return UnavailableError("disk gone"); };
  CHECK(InclusionProof(3, 10, failing).error().message() == "disk gone");
}

}  // namespace
}  // namespace veche::ledger
