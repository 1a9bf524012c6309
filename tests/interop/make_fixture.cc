// SPDX-License-Identifier: AGPL-3.0-or-later
// Writes a veche transparency log as a fixture directory for the Go interop verifier
// (verify_veche.go; layout documented there). The log is produced by the real sequencer over the
// real SQLite store, and every tile is read back exactly as the HTTP routes serve it.
//   make_fixture FIXTURE_DIR

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/sequencer.h"
#include "veche/ledger/tiles.h"
#include "veche/store/sqlite/sqlite_log_store.h"

namespace fs = std::filesystem;
using namespace veche;
using namespace veche::ledger;

namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "make_fixture: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Die(std::string(what) + ": " + r.error().ToString());
  return std::move(r).value();
}

void WriteFile(const fs::path& path, std::string_view data) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) Die("cannot write " + path.string());
}

// Entries of varied sizes, including empty ones and a maximal one.
Bytes EntryAt(std::uint64_t i) {
  if (i % 97 == 0) return {};
  if (i == 4242) return Bytes(65535, 0x5a);
  Bytes e((i * 7919) % 300);
  for (size_t k = 0; k < e.size(); ++k) e[k] = static_cast<std::uint8_t>(i + k);
  return e;
}

std::string B64(const Hash& h) {
  return Base64Encode(h);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) Die("usage: make_fixture FIXTURE_DIR");
  fs::path out = argv[1];
  fs::create_directories(out);
  std::string tmp_templ = (fs::temp_directory_path() / "veche-interop-XXXXXX").string();
  if (::mkdtemp(tmp_templ.data()) == nullptr) Die("mkdtemp failed");
  fs::path tmp = tmp_templ;

  constexpr std::uint64_t kOlderSize = 1000;
  constexpr std::uint64_t kSize = 70123;
  FakeRng rng(2026);
  NoteSigner signer = Must(NoteSigner::Create("veche.test/interop", crypto::SigningKey::Generate(rng)), "signer");
  std::string vkey = signer.Verifier().ToString();
  auto store = Must(store::SqliteLogStore::Open((tmp / "log.db").string()), "store");
  {
    auto seq = Must(Sequencer::Start(*store, std::move(signer)), "sequencer");
    std::vector<std::future<Result<std::uint64_t>>> pending;
    for (std::uint64_t i = 0; i < kSize; ++i) {
      pending.push_back(seq->Append(EntryAt(i)));
      if (i + 1 == kOlderSize) {  // let the log commit exactly this size once, for older partial tiles
        for (auto& f : pending) Must(f.get(), "append");
        pending.clear();
        for (const TileId& t : TilesForTree(kOlderSize)) {
          if (!t.full()) WriteFile(out / TilePath(t), ToString(Must(ReadTile(*store, t), "older tile")));
        }
      }
    }
    for (auto& f : pending) Must(f.get(), "append");
    WriteFile(out / "checkpoint", seq->checkpoint());
  }
  WriteFile(out / "vkey", vkey + "\n");

  std::vector<Bytes> entries = Must(store->ReadEntries(0, kSize), "entries");
  WriteFile(out / "entries.bin", ToString(Must(EncodeEntryBundle(entries), "entries.bin")));
  for (const TileId& t : TilesForTree(kSize)) WriteFile(out / TilePath(t), ToString(Must(ReadTile(*store, t), "tile")));

  StoreHashReader reader(*store);
  auto root_at = [&](std::uint64_t size) { return Must(RangeHash(0, size, reader.AsFunction()), "root"); };
  std::string inclusion;
  for (std::uint64_t size : std::vector<std::uint64_t>{1, 2, 3, 255, 256, 257, 1000, 65536, kSize}) {
    Hash root = root_at(size);
    for (std::uint64_t index : std::vector<std::uint64_t>{0, 1, size / 2, size - 2, size - 1, 4242}) {
      if (index >= size) continue;
      inclusion += std::to_string(index) + " " + std::to_string(size) + " " + B64(root);
      for (const Hash& h : Must(InclusionProof(index, size, reader.AsFunction()), "inclusion"))
        inclusion += " " + B64(h);
      inclusion += "\n";
    }
  }
  WriteFile(out / "inclusion.txt", inclusion);

  std::string consistency;
  const std::pair<std::uint64_t, std::uint64_t> pairs[] = {
      {1, 2},        {1, 1000},      {255, 256}, {256, 257},     {1000, 1000},
      {1000, kSize}, {65535, 65536}, {3, kSize}, {65536, kSize}, {kSize - 1, kSize}};
  for (auto [m, n] : pairs) {
    consistency += std::to_string(m) + " " + std::to_string(n) + " " + B64(root_at(m)) + " " + B64(root_at(n));
    for (const Hash& h : Must(ConsistencyProof(m, n, reader.AsFunction()), "consistency")) consistency += " " + B64(h);
    consistency += "\n";
  }
  WriteFile(out / "consistency.txt", consistency);
  store.reset();
  fs::remove_all(tmp);
  std::printf("make_fixture: wrote a log of %llu entries to %s\n", static_cast<unsigned long long>(kSize),
              out.string().c_str());
  return 0;
}
