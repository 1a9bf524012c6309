// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: tile paths (from URLs), entry bundles and hash tiles (from peers).
// Invariants: nothing crashes; an accepted path is canonical (formats back to itself); an accepted
// bundle re-encodes to exactly its input.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "veche/ledger/tiles.h"

using namespace veche;
using namespace veche::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (Result<TileId> id = ParseTilePath(text); id.ok()) {
    if (TilePath(*id) != text) std::abort();
  }
  if (size >= 1) {
    ByteView rest(data + 1, size - 1);
    std::uint32_t count = data[0];
    if (Result<std::vector<Bytes>> entries = ParseEntryBundle(rest, count); entries.ok()) {
      if (entries->size() != count) std::abort();
      Result<Bytes> again = EncodeEntryBundle(*entries);
      if (!again.ok() || !Equal(*again, rest)) std::abort();
    }
    if (Result<std::vector<Hash>> hashes = ParseHashTile(rest, count); hashes.ok()) {
      if (hashes->size() * kHashSize != rest.size()) std::abort();
    }
  }
  return 0;
}
