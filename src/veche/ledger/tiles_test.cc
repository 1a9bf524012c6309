// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/base/rng.h"
#include "veche/ledger/tiles.h"

namespace veche::ledger {
namespace {

TEST_CASE("tile paths follow the C2SP encoding") {
  CHECK(TilePath({false, 0, 1234067, 256}) == "tile/0/x001/x234/067");
  CHECK(TilePath({false, 2, 0, 1}) == "tile/2/000.p/1");
  CHECK(TilePath({true, 0, 999, 256}) == "tile/entries/999");
  CHECK(TilePath({true, 0, 1000, 5}) == "tile/entries/x001/000.p/5");
}

TEST_CASE("tile paths parse back and non-canonical forms are refused") {
  for (TileId id : {TileId{false, 0, 0, 256}, TileId{false, 63, 1234067, 17}, TileId{true, 0, 1000, 255},
                    TileId{false, 5, UINT64_MAX / 256, 256}}) {
    CAPTURE(TilePath(id));
    CHECK(ParseTilePath(TilePath(id)).value() == id);
  }
  for (const char* bad : {"tile/0/1", "tile/0/0001", "tile/00/000", "tile/64/000", "tile/0/x000/001", "tile/0/001/002",
                          "tile/0/x001", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/01", "tile/0/000.p/",
                          "tile/0/000/", "tile/entries", "tiles/0/000", "tile/0/x1234/000",
                          "tile/0/x999/x999/x999/x999/x999/x999/x999/999", "tile/-1/000", "tile/entries/00a"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseTilePath(bad).ok());
  }
}

TEST_CASE("the tiles of a tree match the C2SP example of size 70000") {
  // 273 full level-0 tiles, a partial one of width 112, one full level-1 tile, a partial level-1
  // tile of width 17, a partial level-2 tile of width 1; and as many entry bundles as level 0.
  auto tiles = TilesForTree(70000);
  int full0 = 0, full1 = 0, bundles = 0;
  std::vector<TileId> partial;
  for (const TileId& t : tiles) {
    if (t.entries) {
      ++bundles;
    } else if (!t.full()) {
      partial.push_back(t);
    } else if (t.level == 0) {
      ++full0;
    } else if (t.level == 1) {
      ++full1;
    }
  }
  CHECK(full0 == 273);
  CHECK(full1 == 1);
  CHECK(bundles == 274);
  REQUIRE(partial.size() == 3);
  CHECK(partial[0] == TileId{false, 0, 273, 112});
  CHECK(partial[1] == TileId{false, 1, 1, 17});
  CHECK(partial[2] == TileId{false, 2, 0, 1});
  CHECK(TilesForTree(0).empty());
  auto t256 = TilesForTree(256);
  CHECK(t256.size() == 3);  // full level 0, partial level 1 of width 1, full bundle
}

TEST_CASE("entry bundles round-trip and refuse truncation, trailing bytes and oversized entries") {
  std::vector<Bytes> entries = {{}, ToBytes("a"), Bytes(300, 7)};
  Bytes bundle = EncodeEntryBundle(entries).value();
  CHECK(bundle.size() == 2 + 3 + 302);
  CHECK(bundle[2] == 0);
  CHECK(bundle[3] == 1);
  CHECK(ParseEntryBundle(bundle, 3).value() == entries);
  CHECK_FALSE(ParseEntryBundle(bundle, 4).ok());
  CHECK_FALSE(ParseEntryBundle(bundle, 2).ok());
  CHECK_FALSE(ParseEntryBundle(ByteView(bundle).first(bundle.size() - 1), 3).ok());
  CHECK_FALSE(EncodeEntryBundle({Bytes(65536, 0)}).ok());
  CHECK(EncodeEntryBundle({Bytes(65535, 0)}).ok());
}

TEST_CASE("hash tiles must have exactly width * 32 bytes") {
  Bytes tile(5 * 32, 1);
  CHECK(ParseHashTile(tile, 5).value().size() == 5);
  CHECK_FALSE(ParseHashTile(tile, 4).ok());
  CHECK_FALSE(ParseHashTile(ByteView(tile).first(159), 5).ok());
  CHECK_FALSE(ParseHashTile({}, 0).ok());
}

TEST_CASE("parsing random tile paths and bundles never crashes") {
  FakeRng rng(77);
  const char alphabet[] = "tile/entries0123456789x.p";
  for (int i = 0; i < 20000; ++i) {
    std::string path = "tile/";
    size_t n = rng.Uniform(24);
    for (size_t k = 0; k < n; ++k) path += alphabet[rng.Uniform(sizeof alphabet - 1)];
    auto parsed = ParseTilePath(path);
    if (parsed.ok()) CHECK(TilePath(*parsed) == path);  // whatever is accepted is canonical
    Bytes junk = rng.Generate(rng.Uniform(64));
    (void)ParseEntryBundle(junk, static_cast<std::uint32_t>(rng.Uniform(5)));
  }
}

}  // namespace
}  // namespace veche::ledger
