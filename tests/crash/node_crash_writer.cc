// SPDX-License-Identifier: AGPL-3.0-or-later
// Submits records to a Node from several threads until killed, printing "<index> <record id hex>"
// for every acknowledged submission. The node crash test SIGKILLs it at random moments.
//   node_crash_writer DATA_DIR RUN_ID

#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "veche/base/text_codec.h"
#include "veche/crypto/key_file.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"
#include "veche/store/sqlite/sqlite_stores.h"

using namespace veche;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: node_crash_writer DATA_DIR RUN_ID\n");
    return 2;
  }
  std::string dir = argv[1];
  SystemClock clock;
  auto node = node::Node::Open(dir, clock, store::OpenSqliteStores);
  if (!node.ok()) {
    std::fprintf(stderr, "node_crash_writer: %s\n", node.error().ToString().c_str());
    return 1;
  }
  auto authority = crypto::ReadPrivateKeyFile(node::AuthorityKeyPath(dir));
  if (!authority.ok()) return 1;
  std::string run = argv[2];
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (std::uint64_t n = 0;; ++n) {
        core::TerritoryCreatePayload p{"r" + run + "-t" + std::to_string(t) + "-" + std::to_string(n),
                                       "root",
                                       core::TerritoryKind::kRegion,
                                       "R",
                                       {}};
        auto record = core::SignRecord((*node)->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p),
                                       clock.Now(), *authority)
                          .value();
        Result<node::Receipt> receipt = (*node)->Submit(record.Encode());
        if (!receipt.ok()) {
          std::fprintf(stderr, "node_crash_writer: %s\n", receipt.error().ToString().c_str());
          std::_Exit(1);
        }
        std::string line = std::to_string(receipt->index) + " " + HexEncode(receipt->record_id) + "\n";
        if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) std::_Exit(1);
      }
    });
  }
  for (auto& t : threads) t.join();
}
