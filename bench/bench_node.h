// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A node in a temporary data directory for benchmarks, with the demo authority's key; submitters
// on many threads. Removed on destruction.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "veche/base/rng.h"
#include "veche/crypto/key_file.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche::node {

namespace fs = std::filesystem;

struct BenchNode {
  fs::path root;
  std::string dir;
  FakeClock clock{1'700'000'000'000'000};
  std::unique_ptr<Node> node;
  std::optional<crypto::SigningKey> authority;
  explicit BenchNode(const core::Charter& charter = {}) {
    std::string templ = (fs::temp_directory_path() / "veche-nodebench-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) std::abort();
    root = templ;
    dir = (root / "node").string();
    FakeRng rng(1);
    GenesisSpec spec;
    spec.charter = charter;
    InitDataDir(dir, spec, rng, clock, store::OpenSqliteStores).value();
    authority.emplace(crypto::ReadPrivateKeyFile(AuthorityKeyPath(dir)).value());
    node = Node::Open(dir, clock, store::OpenSqliteStores).value();
  }
  ~BenchNode() {
    node.reset();
    fs::remove_all(root);
  }
  // Distinct, valid territory_create records, signed in advance (signing is the client's cost).
  std::vector<Bytes> Records(std::uint64_t first, std::uint64_t n) const {
    std::vector<Bytes> out;
    out.reserve(n);
    for (std::uint64_t i = first; i < first + n; ++i) {
      core::TerritoryCreatePayload p{"t" + std::to_string(i), "root", core::TerritoryKind::kRegion, "Region", {}};
      out.push_back(core::SignRecord(node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p),
                                     clock.Now(), *authority)
                        .value()
                        .Encode());
    }
    return out;
  }
  void Ingest(const std::vector<Bytes>& records, int threads) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (size_t i; (i = next.fetch_add(1)) < records.size();) node->Submit(records[i]).value();
      });
    }
    for (auto& t : pool) t.join();
  }
  // As Ingest, through Node::SubmitBatch in batches of `batch`; false if any record was refused.
  bool IngestBatched(const std::vector<Bytes>& records, int threads, size_t batch) {
    std::atomic<size_t> next{0};
    std::atomic<bool> refused{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (size_t first; (first = next.fetch_add(batch)) < records.size();) {
          auto begin = records.begin() + static_cast<std::ptrdiff_t>(first);
          auto end = records.begin() + static_cast<std::ptrdiff_t>(std::min(first + batch, records.size()));
          std::vector<ByteView> views(begin, end);
          for (auto& r : node->SubmitBatch(views)) refused = refused || !r.ok();
        }
      });
    }
    for (auto& t : pool) t.join();
    return !refused;
  }
};

}  // namespace veche::node
