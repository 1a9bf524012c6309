// SPDX-License-Identifier: AGPL-3.0-or-later
// Appends to a SQLite-backed log from several threads until killed, printing "<index> <entry>\n"
// on stdout for every acknowledged append. The crash test kills it with SIGKILL at random moments
// and checks that every acknowledged entry survived.
//   crash_writer DB_PATH RUN_ID

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "veche/base/rng.h"
#include "veche/ledger/sequencer.h"
#include "veche/store/sqlite/sqlite_log_store.h"

using namespace veche;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer DB_PATH RUN_ID\n");
    return 2;
  }
  auto store = store::SqliteLogStore::Open(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "crash_writer: %s\n", store.error().ToString().c_str());
    return 1;
  }
  FakeRng rng(7);  // the same log key on every run
  auto signer = ledger::NoteSigner::Create("veche.test/crash", crypto::SigningKey::Generate(rng)).value();
  auto seq = ledger::Sequencer::Start(**store, std::move(signer));
  if (!seq.ok()) {
    std::fprintf(stderr, "crash_writer: %s\n", seq.error().ToString().c_str());
    return 1;
  }
  std::string run = argv[2];
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::uint64_t n = 0;; ++n) {
        std::string entry = "r" + run + "-t" + std::to_string(t) + "-n" + std::to_string(n);
        Result<std::uint64_t> index = (*seq)->Append(ToBytes(entry)).get();
        if (!index.ok()) {
          std::fprintf(stderr, "crash_writer: %s\n", index.error().ToString().c_str());
          std::_Exit(1);
        }
        // One write(2) per line: lines under PIPE_BUF never interleave.
        std::string line = std::to_string(*index) + " " + entry + "\n";
        if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) std::_Exit(1);
      }
    });
  }
  for (auto& t : threads) t.join();
}
